import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Setup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "setup",
      abstract: localized("Sets up a clone for the member who owns a key: hooks, signing, user.name/email, local stage branches."))

    @OptionGroup var repository: RepositoryOptions

    @Option(name: .customLong("key"), help: localized("Your private Ed25519 key, whose public half is in the policy on main."))
    var keyPath: String?

    @Flag(help: localized("Only report whether git here signs as the member who commits (exit 1 on a mismatch)."))
    var check = false

    func validate() throws {
      if check == (keyPath != nil) { throw ValidationError(localized("give --key YOUR_KEY to set up, or --check to check")) }
    }

    func run() throws {
      let plans = try repository.open()
      if check {
        let problems = try plans.setupProblems()
        Output.diagnostics(problems)
        if !problems.isEmpty { throw ExitCode(1) }
        print(localized("git here signs as the member who commits") as String)
        return
      }
      let report = try plans.setUp(keyPath: keyPath ?? "", binary: RunningBinary.path)
      Setup.describe(report)
    }

    /// Tells the member what was set up.
    static func describe(_ report: SetupReport) {
      print(Output.escaped(localized("you are") + " \(report.member.summary)"))
      for hook in report.hooks { print(localized("hook") + " \(hook)") }
      print(localized("git signs your commits with your key and checks signatures with .reform/allowed_signers") as String)
      if !report.branches.isEmpty { print(localized("local stage branches:") + " \(report.branches.joined(separator: ", "))") }
    }
  }
}
