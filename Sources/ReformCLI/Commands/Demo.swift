import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
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
      print("demo repository: \(report.repository)")
      print("member keys:     \(report.keys)")
      print("")
      print("== status (reform status)")
      for plan in report.plans {
        print(
          "\(Board.light(plan.light)) \(plan.id.padding(toLength: 24, withPad: " ", startingAt: 0)) "
            + "\(plan.stage.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) v\(plan.version)  "
            + "next: \(Board.deadline(plan.nextDeadline))  \(plan.title)")
      }
      for plan in report.plans {
        print("")
        print("== history of \(plan.id)")
        for entry in report.histories[plan.id] ?? [] {
          let mark = entry.verified ? "✓" : "✗"
          print("\(entry.date)  \(entry.commit.prefix(8))  \(entry.action.padding(toLength: 8, withPad: " ", startingAt: 0)) \(entry.stage.padding(toLength: 12, withPad: " ", startingAt: 0)) \(mark) \(entry.signer ?? entry.committer)  \(entry.summary)")
        }
      }
      print("")
      print("== verification")
      print("\(report.commitsChecked) commits checked on every branch: \(report.violations.count) violation(s)")
      for violation in report.violations { print(violation.description) }
      print("")
      print("try: git -C \(report.repository) log --first-parent --format='%h %s' main")
      print("     git -C \(report.repository) verify-commit main")
      print("     git -C \(report.repository) tag -v plans/yingshang-huanjing/v2")
      print("     reform status -C \(report.repository)")
      print("     reform overdue -C \(report.repository)")
      print("     reform diff yingshang-huanjing -C \(report.repository)")
      print("     reform report -C \(report.repository) --format html -o report.html")
      print("     reform verify -C \(report.repository)")
      if syntheticPlans > 0 {
        let progress = ProgressLine(label: "generated", unit: "plans")
        let started = Date()
        let commits = try ReformKit.Demo.appendSyntheticHistory(in: folder, plans: syntheticPlans, progress: progress.update)
        progress.finish()
        print("")
        print(String(format: "appended %d synthetic plans, %d signed commits, in %.0f s", syntheticPlans, commits, Date().timeIntervalSince(started)))
      }
      if !report.violations.isEmpty { throw ExitCode(1) }
    }
  }
}
