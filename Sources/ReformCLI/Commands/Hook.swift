import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Hook: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Runs or installs the git hooks.",
      subcommands: [PreCommit.self, CommitMsg.self, PrePush.self, PreReceive.self, Install.self])
  }
}

extension Reform.Hook {
  struct PreCommit: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "pre-commit", abstract: "Validates what is staged; refuses the commit on any problem.")

    @OptionGroup var repository: RepositoryOptions

    func run() throws {
      let report = try repository.openForHook().validateStaged()
      if !report.warnings.isEmpty {
        Output.diagnostics(report.warnings.map { "warning: \($0)" })
        Output.error("the draft is saved incomplete: 'reform submit' needs the \(report.warnings.count) value(s) above")
      }
      guard !report.diagnostics.isEmpty else { return }
      Output.diagnostics(report.diagnostics.map(\.description))
      Output.error("commit refused: fix the \(report.diagnostics.count) problem(s) above, stage the files and commit again")
      throw ExitCode(1)
    }
  }

  struct CommitMsg: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "commit-msg", abstract: "Checks the Reform-* trailers of a commit message.")

    @Argument(help: "The file holding the commit message.")
    var messageFile: String

    func run() throws {
      guard let data = FileManager.default.contents(atPath: messageFile) else {
        throw ReformError.io("cannot read the commit message file \(messageFile)")
      }
      let message = String(decoding: data, as: UTF8.self)
        .split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.hasPrefix("#") }
        .joined(separator: "\n")
      let problems = ReformTrailers.problems(in: message, path: "commit message")
      guard !problems.isEmpty else { return }
      Output.diagnostics(problems.map(\.description))
      throw ExitCode(1)
    }
  }

  struct PrePush: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "pre-push", abstract: "Checks the branches, tags and signatures about to be pushed.")

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The remote's name and URL, as git passes them.")
    var remote: [String] = []

    func run() throws {
      let violations = try repository.openForHook().checkPush(hookInput: readStandardInput(), side: .client)
      try report(violations, refusal: "push refused")
    }
  }

  struct PreReceive: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "pre-receive", abstract: "Checks every pushed commit against the policy (server side).")

    @OptionGroup var repository: RepositoryOptions

    func run() throws {
      let violations = try repository.openForHook().checkPush(hookInput: readStandardInput(), side: .server)
      try report(violations, refusal: "push rejected")
    }
  }

  struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Installs the client hooks into a repository, or with --server the pre-receive hook into a bare one.")

    @Flag(help: "Install the server's pre-receive hook.")
    var server = false

    @Argument(help: "The repository to install into.")
    var repository: String

    func run() throws {
      for path in try HookInstaller.install(server: server, inRepositoryAt: repository, binary: RunningBinary.path) {
        print("installed \(path)")
      }
      if !server { print("to sign as yourself in this clone: reform setup --key YOUR_KEY") }
    }
  }
}

/// All of standard input, as git feeds a hook its updates.
private func readStandardInput() -> String {
  String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
}

private func report(_ violations: [Violation], refusal: String) throws {
  guard !violations.isEmpty else { return }
  Output.diagnostics(violations.map(\.description))
  Output.error("\(refusal): \(violations.count) violation(s) of the policy above")
  throw ExitCode(1)
}
