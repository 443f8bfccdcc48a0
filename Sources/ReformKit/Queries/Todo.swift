import Foundation

/// One thing that waits for a member (`reform todo`).
public struct TodoItem: Sendable, Equatable, Encodable {
  /// What is to be done.
  public enum Task: String, Sendable, Encodable {
    /// A review of the type `type` names.
    case review
    /// A countersign record for the member's unit.
    case countersign
    /// The next decision of the route, by the body `type` names.
    case decision
    /// A record due by a deadline (`type`: the deadline's name).
    case record
    /// An inspection due within twelve months of issuance.
    case inspection
  }

  public let plan: String
  public let task: Task
  /// The review type, decision body or deadline name the task concerns.
  public let type: String
  /// When it is due, where a deadline says so.
  public let due: CalendarDate?
  /// What to do, in one line.
  public let detail: String

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(plan, forKey: .plan)
    try container.encode(task, forKey: .task)
    try container.encode(type, forKey: .type)
    try container.encode(due, forKey: .due)
    try container.encode(detail, forKey: .detail)
  }

  private enum CodingKeys: String, CodingKey { case plan, task, type, due, detail }
}

extension PlanRepository {
  /// What waits for `member` on the day `rules` judge: for reviewers, the legal office and the
  /// reform office, the plans in review (of their groups, for reviewers) that lack a passing
  /// review of their type since the last change to `plan.md`; for members of a unit that must
  /// countersign, the countersign record; for approvers, the plans whose reviews all pass, with
  /// the body of the next decision; for drafters, the records their unit's plans owe (filing,
  /// progress, rectification, look-back, pilot summary) due within the warning or late, and
  /// drafts in drafting or consultation whose drafting deadline comes; for inspectors, the
  /// inspections due.
  public func todo(for member: Member, rules: DeadlineRules) throws(ReformError) -> [TodoItem] {
    var items: [TodoItem] = []
    let overviews = try overviews()
    for overview in overviews where overview.stage == .review {
      items += try reviewTasks(overview.id, for: member)
    }
    let horizon = rules.day.adding(days: rules.warnDays)
    for overview in overviews {
      for deadline in overview.deadlines(rules) where deadline.met == nil && deadline.due <= horizon {
        if let item = deadlineTask(deadline, of: overview, for: member) { items.append(item) }
      }
    }
    return items.sorted { ($0.due ?? rules.day, $0.plan, $0.type) < ($1.due ?? rules.day, $1.plan, $1.type) }
  }

  /// The reviews, countersignatures and decision that plan `id`, in review, waits for from `member`.
  private func reviewTasks(_ id: String, for member: Member) throws(ReformError) -> [TodoItem] {
    // A plan whose history cannot be read (a branch made by hand) waits for nobody's review:
    // `reform verify` reports it. A query reads the branches as they are (no merge base with
    // `main`, which would walk the whole history once per plan).
    guard let state = try? state(of: id), let history = try? PlanHistory(self, state),
      let plan = try? history.plan()
    else { return [] }
    let counted = try history.recordsSinceLastChange(nil).records
    let earlier = Procedure.decisionsInForce(counted)
    let route = Procedure.route(for: plan, chosen: earlier.first?.body, inForce: try history.bodiesInForce())
    let missing = Procedure.missingReviews(
      on: route ?? [Procedure.chosenBodies[0]], recordsSinceChange: counted)
    var items: [TodoItem] = []
    for type in missing
    where Procedure.refusal(
      of: member, for: Procedure.authority(for: .review, reviewType: type), plan: history.scope) == nil
    {
      items.append(
        TodoItem(
          plan: id, task: .review, type: type.rawValue, due: plan.draftingDeadline,
          detail: type == .content
            ? "reform record \(id) review --template > review.md; fill in the verdict and the five standards; "
              + "reform record \(id) review --file review.md"
            : "reform record \(id) review --field type=\(type.rawValue) --field verdict=pass (or revise)"))
    }
    // Before the first decision the route may still be countersigning, when the plan's body
    // is chosen and it has participating units.
    let countersigning = route?.contains(.countersign) ?? !plan.units.isEmpty
    if countersigning, Procedure.missingCountersigns(plan, recordsSinceChange: counted).contains(member.unit)
    {
      items.append(
        TodoItem(
          plan: id, task: .countersign, type: member.unit, due: plan.draftingDeadline,
          detail:
            "reform record \(id) countersign --field unit=\(member.unit) --field verdict=approved (or rejected)"))
    }
    let approvedSoFar = earlier.filter { $0.verdict == .approved }.count
    if missing.isEmpty, member.has(.approver), route.map({ approvedSoFar < $0.count }) ?? true {
      let next = route.map { [$0[approvedSoFar]] } ?? Procedure.chosenBodies
      items.append(
        TodoItem(
          plan: id, task: .decision, type: next.map(\.rawValue).joined(separator: "|"),
          due: plan.draftingDeadline,
          detail:
            "reform approve \(id) --body \(next.count == 1 ? next[0].rawValue : "B") --meeting M --date D"
            + (next.count == 1 ? "" : " (B: " + next.map(\.rawValue).joined(separator: ", ") + ")"))
      )
    }
    return items
  }

  /// The task an open `deadline` of `overview` gives `member`, if any.
  private func deadlineTask(_ deadline: Deadline, of overview: PlanOverview, for member: Member) -> TodoItem?
  {
    let leadUnit = overview.current.leadUnit
    switch deadline.deadline {
    case .drafting:
      guard member.has(.drafter), leadUnit == member.unit,
        [.drafting, .consultation].contains(overview.stage)
      else { return nil }
      return TodoItem(
        plan: overview.id, task: .record, type: deadline.deadline.rawValue, due: deadline.due,
        detail: "the drafting deadline comes: complete the plan and reform submit \(overview.id)")
    case .filing, .progress, .rectification, .lookback, .pilotSummary:
      guard member.has(.drafter), leadUnit == member.unit else { return nil }
      return TodoItem(
        plan: overview.id, task: .record, type: deadline.deadline.rawValue, due: deadline.due,
        detail: deadline.detail)
    case .inspection:
      guard member.has(.inspector) else { return nil }
      return TodoItem(
        plan: overview.id, task: .inspection, type: deadline.deadline.rawValue, due: deadline.due,
        detail: deadline.detail)
    case .target, .workPlan:
      return nil
    }
  }
}
