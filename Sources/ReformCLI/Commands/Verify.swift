import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "verify",
      abstract: localized("Checks every commit and version tag on every branch against the policy; lists each violation."))

    @OptionGroup var repository: RepositoryOptions

    @Flag(help: localized("Print JSON: {commits_checked, violations: [{commit, ref, rule, detail}]}."))
    var json = false

    @Option(help: localized("Check only the commits not reachable from this revision (for daily runs)."))
    var since: String?

    func run() throws {
      let plans = try repository.open()
      let language = Language.current
      let report = try plans.verify(since: since)
      if json {
        try Output.json(report)
      } else {
        for violation in report.violations { print(Output.escaped(violation.description)) }
        let (commits, violations) = (report.commitsChecked, report.violations.count)
        print(language.choose("\(commits) commit(s) checked: \(violations) violation(s)", "已检查 \(commits) 个提交：\(violations) 处违规"))
      }
      if !report.violations.isEmpty { throw ExitCode(1) }
    }
  }
}
