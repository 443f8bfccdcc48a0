import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Builds a demonstration repository, walks three sample plans through the procedure and prints status, history and verification.")

    @Argument(help: "The folder to build in; must not exist or be empty (default: ./reform-demo).")
    var directory = "reform-demo"

    @Option(help: "Walk this many more plans through the whole procedure (twenty commits each), for benchmarks.")
    var plans = 0

    func run() throws {
      let folder = URL(fileURLWithPath: directory).standardizedFileURL
      let report = try ReformKit.Demo.build(at: folder, binary: RunningBinary.path, extraPlans: plans)
      print("demo repository: \(report.repository)")
      print("member keys:     \(report.keys)")
      print("")
      print("== stages")
      for plan in report.plans {
        print("\(plan.id.padding(toLength: 24, withPad: " ", startingAt: 0)) \(plan.stage.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) v\(plan.version)  \(plan.title)")
      }
      for plan in report.plans {
        print("")
        print("== history of \(plan.id)")
        for entry in report.histories[plan.id] ?? [] {
          let mark = entry.verified ? "✓" : "✗"
          print("\(entry.date)  \(entry.commit.prefix(8))  \(entry.action.padding(toLength: 8, withPad: " ", startingAt: 0)) \(entry.stage.padding(toLength: 12, withPad: " ", startingAt: 0)) \(mark) \(entry.signer)  \(entry.summary)")
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
      print("     reform -C \(report.repository) verify")
      if !report.violations.isEmpty { throw ExitCode(1) }
    }
  }
}
