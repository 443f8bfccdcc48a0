import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "log",
      abstract: localized(
        "A plan's history across all its versions, oldest first; without an id, every plan's activity, newest first."
      ))

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: localized("The plan id (default: every plan)."))
    var id: String?

    @Option(help: localized("Only entries on or after this day, YYYY-MM-DD."))
    var since: CalendarDate?

    @Option(help: localized("Only entries on or before this day, YYYY-MM-DD."))
    var until: CalendarDate?

    @Option(
      help: localized(
        "Only this action: new, submit, return, approve, amend, record, withdraw or edit."))
    var action: String?

    @Option(help: localized("Only entries signed by a member of this unit."))
    var unit: String?

    @Option(help: localized("Only entries signed by this member."))
    var signer: String?

    @Option(help: localized("Only this plan."))
    var plan: String?

    @Flag(
      help: localized(
        "Print JSON: [{commit, date, action, stage, signer, verified, summary}], with plan when listing every plan."
      ))
    var json = false

    /// `--action` as SPEC names it, whichever language it was given in.
    private var actionName: String? { action.map { $0 == "编辑" ? "edit" : ReformAction(word: $0)?.rawValue ?? $0 } }

    func validate() throws {
      if id != nil && plan != nil {
        throw ValidationError(localized("give the plan as the argument or as --plan, not both"))
      }
      if let plan, !PlanID.isValid(plan) { throw ValidationError(localized("--plan takes a plan id") + ": \(plan)") }
      if let since, let until, since > until {
        throw ValidationError(localized("--since must not be after --until"))
      }
      // Policy commits concern no plan, so no plan's history holds them.
      let known = ReformAction.allCases.filter { $0 != .policy }.map(\.rawValue) + ["edit"]
      if let name = actionName, !known.contains(name) {
        throw ValidationError(localized("--action takes one of: ") + known.joined(separator: ", "))
      }
    }

    func run() throws {
      let plans = try repository.open()
      let filter = ActivityFilter(
        since: since, until: until, action: actionName, unit: unit, signer: signer, plan: plan)
      if let id {
        let entries = try plans.history(of: id).filter(filter.admits)
        if json { return try Output.json(entries) }
        LogTable.print(entries.map { ($0, nil) })
      } else {
        let activity = try plans.activity(filter)
        if json { return try Output.json(activity) }
        LogTable.print(activity.map { ($0.entry, $0.plan) })
      }
    }
  }
}
