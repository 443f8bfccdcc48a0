import ArgumentParser
import Foundation
import ReformKit

/// The `-C <path>` option every command accepts.
struct RepositoryOptions: ParsableArguments {
  @Option(name: .customShort("C"), help: localized("The repository to work in (default: the current one)."))
  var directory: String?

  /// Opens the plan repository at or above `-C` (or the current folder), first finishing or
  /// undoing the commands that a crash interrupted (and saying so on stderr).
  func open() throws(ReformError) -> PlanRepository {
    let plans = try PlanRepository.open(at: directory ?? FileManager.default.currentDirectoryPath)
    for recovery in try plans.recoverInterruptedCommands() { Output.error(recovery.description) }
    plans.notice = { Output.error($0) }
    plans.progress = ProgressLine.terminal.show
    return plans
  }

  /// Opens the repository as a hook must: from git's environment, after moving into `-C`.
  func openForHook() throws(ReformError) -> PlanRepository {
    if let directory, !FileManager.default.changeCurrentDirectoryPath(directory) {
      throw .notARepository(directory)
    }
    return try PlanRepository.openFromEnvironment()
  }
}

/// The path of the running `reform` binary, which installed hooks run first.
enum RunningBinary {
  static var path: String {
    if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
      return resolved
    }
    let argument = CommandLine.arguments.first ?? "reform"
    return URL(fileURLWithPath: argument).standardizedFileURL.path
  }
}

/// An option naming the private key a command signs with.
protocol KeyOption {
  /// The key file given on the command line, if any.
  var keyPath: String? { get }
}

extension KeyOption {
  /// The signing key for `repository`: the option, else `$REFORM_SIGNING_KEY`, else git's
  /// `user.signingkey`.
  func key(for repository: PlanRepository) throws(ReformError) -> any SSHSigner {
    try repository.signingKey(explicit: keyPath, environment: ProcessInfo.processInfo.environment)
  }
}

/// The `--key` option of the commands that sign.
struct SigningOptions: ParsableArguments, KeyOption {
  @Option(
    name: .customLong("key"),
    help: localized("The private key to sign with (default: $REFORM_SIGNING_KEY, else git's user.signingkey)."))
  var keyPath: String?
}

extension CalendarDate: ExpressibleByArgument {
  public init?(argument: String) {
    self.init(argument)
  }
}
