import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Overdue: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: localized("Every deadline that has passed: drafting, filing, progress, inspection, rectification, look-back, pilot summary, targets, work plan."))

    @OptionGroup var repository: RepositoryOptions

    @OptionGroup var asOf: AsOfOption

    @Option(help: localized("Only the plans of this lead unit."))
    var unit: String?

    @Option(help: localized("Only plans of this special group."))
    var group: String?

    @Option(help: localized("Only this deadline: drafting, filing, progress, inspection, rectification, lookback, pilot-summary, target or work-plan."))
    var deadline: DeadlineName?

    @Option(help: localized("Only this plan."))
    var plan: String?

    @Flag(help: localized("Print JSON: [{plan, deadline, due, detail}]."))
    var json = false

    func validate() throws {
      if let plan, !PlanID.isValid(plan) { throw ValidationError(localized("--plan takes a plan id") + ": \(plan)") }
    }

    func run() throws {
      let plans = try repository.open()
      let filter = OverdueFilter(unit: unit, group: group, deadline: deadline, plan: plan)
      let (overdue, unjudged) = try plans.overdue(DeadlineRules(day: asOf.day), filter: filter)
      Output.diagnostics(unjudged)
      if json {
        try Output.json(overdue)
      } else {
        let day = asOf.day
        Board.print(
          rows: overdue.map {
            [
              $0.plan, $0.deadline.localizedName, $0.due.description,
              Language.current.choose("\(day.days(since: $0.due))d late", "逾期 \(day.days(since: $0.due)) 天"),
              Output.escaped($0.detail),
            ]
          })
        if overdue.isEmpty {
          let line = Language.current.choose("nothing is overdue on \(day)\n", "截至 \(day) 没有逾期事项\n")
          FileHandle.standardError.write(Data(line.utf8))
        }
      }
    }
  }
}
