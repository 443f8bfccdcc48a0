import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Overdue: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "overdue",
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

    @Option(help: localized("Count the overdue items per unit, group or jurisdiction instead of listing them."))
    var summary: SummaryKey?

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
      let day = asOf.day
      let language = Language.current
      if let summary {
        let summaries = OverdueSummary.of(overdue, plans: try plans.status(DeadlineRules(day: day)), by: summary, on: day)
        if json { return try Output.json(summaries) }
        let header =
          language == .chinese
          ? [summary.chineseName, "逾期事项", "方案", "最长逾期天数"] : [summary.rawValue, "overdue", "plans", "longest delay (days)"]
        Board.print(
          aligned: [header] + summaries.map { [Board.owner($0.name), String($0.items), String($0.plans), String($0.longestDelay)] })
      } else if json {
        try Output.json(overdue)
      } else if !overdue.isEmpty {
        let header =
          language == .chinese
          ? ["编号", "时限", "到期日", "逾期", "责任单位", "责任人", "事项"]
          : ["id", "deadline", "due", "late", "responsible unit", "person", "what is due"]
        Board.print(
          aligned: [header]
            + overdue.map {
              [
                $0.plan, $0.deadline.localizedName, $0.due.description,
                language.choose("\(day.days(since: $0.due))d", "\(day.days(since: $0.due)) 天"),
                Board.owner($0.owners.unit), Board.owner($0.owners.person), Output.escaped($0.detail(in: language)),
              ]
            })
        print(language.choose("total \(overdue.count) overdue", "合计逾期事项 \(overdue.count) 项"))
      }
      if overdue.isEmpty && !json {
        let line = language.choose("nothing is overdue on \(day)\n", "截至 \(day) 没有逾期事项\n")
        FileHandle.standardError.write(Data(line.utf8))
      }
    }
  }
}
