import ArgumentParser
import Foundation
import ReformKit

/// The `reform` command: keeps reform plans in a git repository and enforces their procedure.
public struct Reform: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "reform",
    abstract: localized("Keeps government reform plans in a git repository and enforces how they are made."),
    version: ReformVersion.current,
    subcommands: [
      Init.self, Member.self, Keys.self, New.self, Record.self, Submit.self, Return.self, Approve.self,
      Amend.self, Withdraw.self, Validate.self, Status.self, Log.self, Show.self, Diff.self, Overdue.self,
      Report.self, Ledger.self, Todo.self, Verify.self, Index.self, Clone.self, Setup.self, Sync.self, Hook.self, Demo.self,
    ]
  )

  public init() {}

  /// Parses the arguments, runs the command and exits with SPEC section 4's codes:
  /// 0 success, 1 a check found problems, 2 usage error, 3 repository or I/O error.
  public static func runAndExit(arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
    var arguments = arguments
    do {
      arguments = try enteringLeadingDirectories(arguments)
      var command = try parseAsRoot(arguments)
      try command.run()
      try Output.checkStandardOutput()
      Foundation.exit(0)
    } catch ReformError.invalid(let diagnostics) {
      Output.diagnostics(diagnostics.map(\.description))
      Output.error(
        Language.current.choose(
          "\(diagnostics.count) problem(s) above: fix them and run the command again",
          "以上 \(diagnostics.count) 个问题：请修正后重新运行命令"))
      Foundation.exit(1)
    } catch let error as ReformError {
      Output.error(error.localizedDescription)
      Foundation.exit(exitCode(for: error.kind))
    } catch let code as ExitCode {
      Foundation.exit(code.rawValue)
    } catch {
      exitForOtherError(error, arguments: arguments)
    }
  }

  /// Consumes each `-C <path>` before the subcommand, as git does: the command then runs as if
  /// started in that folder (several compose, each relative to the one before).
  /// - Returns: the arguments that follow them.
  static func enteringLeadingDirectories(_ arguments: [String]) throws(ReformError) -> [String] {
    var rest = arguments[...]
    while rest.first == "-C" {
      guard rest.count > 1 else { throw .badArgument("-C needs a folder: reform -C REPOSITORY COMMAND …") }
      let path = rest[rest.startIndex + 1]
      guard FileManager.default.changeCurrentDirectoryPath(path) else { throw .notARepository(path) }
      rest = rest.dropFirst(2)
    }
    return Array(rest)
  }

  static func exitCode(for kind: FailureKind) -> Int32 {
    switch kind {
    case .check: 1
    case .usage: 2
    case .repository: 3
    }
  }

  /// Help and version requests exit 0; argument mistakes exit 2 with one line that points to
  /// `--help`; anything else is an I/O failure.
  private static func exitForOtherError(_ error: Error, arguments: [String]) -> Never {
    switch exitCode(for: error) {
    case .success:
      print(UsageMessage.help(fullMessage(for: error)))
      Foundation.exit(0)
    case .validationFailure:
      let subcommand = UsageMessage.subcommandPath(of: arguments, in: Reform.self).joined(separator: " ")
      let help = subcommand.isEmpty ? "reform --help" : "reform \(subcommand) --help"
      // A value with a newline would cut the message short: parse again with the values
      // escaped, so that the first line says everything.
      var shown = error
      let escaped = arguments.map(Output.escaped)
      if escaped != arguments {
        do { _ = try parseAsRoot(escaped) } catch { shown = error }
      }
      // One line: a list of allowed values that ArgumentParser puts on lines of their own joins it.
      let lines = message(for: shown).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
      let message =
        lines.isEmpty
        ? localized("invalid arguments") : UsageMessage.worded(lines.filter { !$0.isEmpty }.joined(separator: " "))
      Output.error(Language.current.choose("\(message) (see '\(help)')", "\(message)（参见 '\(help)'）"))
      Foundation.exit(2)
    default:
      Output.error(error.localizedDescription)
      Foundation.exit(3)
    }
  }
}
