import ArgumentParser
import Foundation
import ReformKit

/// The `reform` command: keeps reform plans in a git repository and enforces their procedure.
public struct Reform: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "reform",
    abstract: "Keeps government reform plans in a git repository and enforces how they are made.",
    subcommands: [Init.self, Member.self, Keys.self, Validate.self, Hook.self]
  )

  public init() {}

  /// Parses the arguments, runs the command and exits with SPEC section 4's codes:
  /// 0 success, 1 a check found problems, 2 usage error, 3 repository or I/O error.
  public static func runAndExit(arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
    let command: ParsableCommand
    do {
      command = try parseAsRoot(arguments)
    } catch {
      exitForParseError(error, arguments: arguments)
    }
    do {
      var runnable = command
      try runnable.run()
      Foundation.exit(0)
    } catch let error as ReformError {
      Output.error(error.localizedDescription)
      Foundation.exit(exitCode(for: error.kind))
    } catch let code as ExitCode {
      Foundation.exit(code.rawValue)
    } catch let error as ValidationError {
      Output.error(error.message)
      Foundation.exit(2)
    } catch {
      Output.error(error.localizedDescription)
      Foundation.exit(3)
    }
  }

  static func exitCode(for kind: FailureKind) -> Int32 {
    switch kind {
    case .check: 1
    case .usage: 2
    case .repository: 3
    }
  }

  private static func exitForParseError(_ error: Error, arguments: [String]) -> Never {
    if exitCode(for: error) == .success {
      print(fullMessage(for: error))
      Foundation.exit(0)
    }
    let subcommand = arguments.prefix { !$0.hasPrefix("-") }.prefix(2).joined(separator: " ")
    let help = subcommand.isEmpty ? "reform --help" : "reform \(subcommand) --help"
    let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
    Output.error("\(message) (see '\(help)')")
    Foundation.exit(2)
  }
}
