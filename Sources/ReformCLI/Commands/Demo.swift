import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "demo",
      abstract: localized("Builds a demonstration repository, walks three sample plans through the procedure and prints status, history and verification."))

    @Argument(help: localized("The folder to build in; must not exist or be empty (default: ./reform-demo)."))
    var directory = "reform-demo"

    @Option(help: localized("Walk this many more plans through the whole procedure (twenty commits each), for benchmarks."))
    var plans = 0

    @Option(
      name: .customLong("synthetic-plans"),
      help: localized("Then append this many generated plans (twenty-one signed commits each, written straight into a pack), for benchmarks at a province's scale."))
    var syntheticPlans = 0

    func run() throws {
      let folder = URL(fileURLWithPath: directory).standardizedFileURL
      let report = try ReformKit.Demo.build(at: folder, binary: RunningBinary.path, extraPlans: plans)
      print(localized("demo repository:") + " \(report.repository)")
      print(localized("member keys:") + " \(report.keys)")
      print("")
      print("== " + localized("status") + " (reform status)")
      Board.print(
        aligned: report.plans.map { plan in
          [
            Board.light(plan.light), plan.id, plan.stage.localizedName, "v\(plan.version)",
            localized("next:") + " " + Board.deadline(plan.nextDeadline), Output.escaped(plan.title),
          ]
        })
      for plan in report.plans {
        print("")
        print("== " + localized("history of") + " \(plan.id) (reform log \(plan.id))")
        LogTable.print((report.histories[plan.id] ?? []).map { ($0, nil) })
      }
      print("")
      print("== " + localized("verification") + " (reform verify)")
      print(
        Language.current.choose(
          "\(report.commitsChecked) commits checked on every branch: \(report.violations.count) violation(s)",
          "已检查所有分支上的 \(report.commitsChecked) 个提交：\(report.violations.count) 处违规"))
      for violation in report.violations { print(violation.description) }
      print("")
      print(localized("try:") + " git -C \(report.repository) log --first-parent --format='%h %s' main")
      for command in [
        "git -C \(report.repository) verify-commit main", "git -C \(report.repository) tag -v plans/yingshang-huanjing/v2",
        "reform status -C \(report.repository)", "reform overdue -C \(report.repository)",
        "reform diff yingshang-huanjing -C \(report.repository)",
        "reform report -C \(report.repository) --format html -o report.html", "reform verify -C \(report.repository)",
      ] {
        print("     " + command)
      }
      if syntheticPlans > 0 {
        let label: String = localized("generated")
        let unit: String = localized("plans")
        let started = Date()
        let commits = try ReformKit.Demo.appendSyntheticHistory(in: folder, plans: syntheticPlans) { done, total in
          ProgressLine.terminal.show(label, unit, done, total)
        }
        ProgressLine.terminal.clear()
        print("")
        let seconds = Int(Date().timeIntervalSince(started).rounded())
        print(
          Language.current.choose(
            "appended \(syntheticPlans) synthetic plans, \(commits) signed commits, in \(seconds) s",
            "追加了 \(syntheticPlans) 个生成的方案、\(commits) 个签名提交，用时 \(seconds) 秒"))
      }
      if !report.violations.isEmpty { throw ExitCode(1) }
    }
  }
}
