import Foundation
import GitKit

/// A decision `reform approve` records.
public struct Decision: Sendable {
  /// The body that decided.
  public var body: DecisionBody
  /// The meeting (or countersigning round).
  public var meeting: String
  /// The day of the decision.
  public var date: CalendarDate
  /// `approved`, `rejected` or `deferred`.
  public var verdict: String

  /// A decision.
  public init(body: DecisionBody, meeting: String, date: CalendarDate, verdict: String) {
    self.body = body
    self.meeting = meeting
    self.date = date
    self.verdict = verdict
  }
}

/// What an approve did.
public enum ApprovalOutcome: Sendable, Equatable {
  /// The decision was recorded; the route goes on with `next`.
  case recorded(next: DecisionBody)
  /// The decision was deferred; the plan stays in review.
  case deferred
  /// The decision rejected the plan; it is back in drafting.
  case rejected
  /// The last decision of the route: merged into `main` and tagged `plans/<id>/v<version>`.
  case approved(version: Int, merge: OID)
}

extension PlanRepository {
  /// `reform approve`: records one decision of the plan's route (article 9) and, when it is the
  /// last, merges `review/<id>` into `main` (never fast-forward, signed by the approver) and tags
  /// the version, all in one locked update.
  @discardableResult
  public func approve(_ id: String, _ decision: Decision, key: SSHSigningKey) throws(ReformError) -> ApprovalOutcome {
    let state = try existingState(of: id)
    guard state.stage == .review else {
      throw .wrongStage("plan '\(id)' is \(state.stage.rawValue), not in review: submit it first")
    }
    guard ["approved", "rejected", "deferred"].contains(decision.verdict) else {
      throw .gate("the verdict '\(decision.verdict)' is not one of approved, rejected, deferred")
    }
    let history = try PlanHistory(self, state)
    let plan = try validPlan(history)
    let actor = try actor(key, policyAt: state.tip, role: .approver, action: "reform approve")
    let earlier = try decisionsSinceLastChange(history)
    guard let route = DecisionRoute.route(for: plan, chosen: earlier.first?.body ?? decision.body) else {
      throw .gate(
        "plan '\(id)' is neither major nor a party-committee document: its decision is taken by one of "
          + DecisionRoute.choices.map(\.rawValue).joined(separator: ", ") + " (--body)")
    }
    try checkReviews(plan, route: route, history)
    let approvedSoFar = earlier.filter { $0.verdict == "approved" }.map(\.body)
    let expected = route[approvedSoFar.count]
    guard decision.body == expected else {
      throw .gate(
        "the route of '\(id)' is \(DecisionRoute.describe(route)); the next decision is \(expected.rawValue), "
          + "not \(decision.body.rawValue): reform approve \(id) --body \(expected.rawValue) ...")
    }
    if let last = earlier.last?.date, decision.date < last {
      throw .gate("the decision date \(decision.date) is before the last decision's (\(last))")
    }
    if decision.body == .countersign && decision.verdict == "approved" { try checkCountersigns(plan, history) }

    let today = CalendarDate(Date())
    guard decision.date <= today else { throw .gate("the decision date \(decision.date) is in the future") }
    let files = try snapshot(of: state.tip)
    let name = try freeFileName(
      for: RecordFileName(date: decision.date, kind: .decision, sequence: nil), id: id, in: files)
    let text = """
      ---
      kind: decision
      date: \(decision.date)
      body: \(decision.body.rawValue)
      meeting: \(YAMLText.quoted(decision.meeting))
      verdict: \(decision.verdict)
      ---

      """
    let message = CommitMessage.reform(
      "reform: \(decision.body.rawValue) \(decision.verdict) \(id)", body: decision.meeting, plan: id,
      action: "approve", stage: .review)
    let (recorded, recordedTree, _) = try writeCommit(
      from: state.tip, changes: [RepositoryFile.recordPath(id, name): Data(text.utf8)], message: message,
      key: key, author: actor.identity)

    switch decision.verdict {
    case "rejected":
      try transition(
        state, to: .drafting, action: "return", summary: "reform: return \(id) to drafting (rejected)",
        body: "\(decision.body.rawValue): \(decision.meeting)", actor: actor, from: recorded)
      return .rejected
    case "approved" where approvedSoFar.count + 1 == route.count:
      let merge = try mergeIntoMain(
        state, plan: plan, decisionCommit: recorded, decisionTree: recordedTree, route: route, actor: actor)
      return .approved(version: state.approvedVersions + 1, merge: merge)
    default:
      try update(
        [ReferenceEdit(state.branch, from: state.tip, to: recorded)], headTo: state.branch,
        workTree: WorkTreeMove(
          from: try gitCall { try git.commit(state.tip).treeID }, to: recordedTree,
          paths: [RepositoryFile.recordPath(id, name)]))
      return decision.verdict == "deferred" ? .deferred : .recorded(next: route[approvedSoFar.count + 1])
    }
  }

  /// The decisions recorded since the last change to `plan.md` and after the last rejection.
  private func decisionsSinceLastChange(_ history: PlanHistory) throws(ReformError) -> [Decision] {
    let decisions = try history.recordsSinceLastChange(.decision).compactMap { record -> Decision? in
      guard let body = record.text("body").flatMap(DecisionBody.init), let verdict = record.text("verdict") else {
        return nil
      }
      return Decision(body: body, meeting: record.text("meeting") ?? "", date: record.date, verdict: verdict)
    }
    guard let rejection = decisions.lastIndex(where: { $0.verdict == "rejected" }) else { return decisions }
    return Array(decisions[(rejection + 1)...])
  }

  private func checkReviews(_ plan: Plan, route: [DecisionBody], _ history: PlanHistory) throws(ReformError) {
    var latest: [String: String] = [:]
    for record in try history.recordsSinceLastChange(.review) {
      if let type = record.text("type") { latest[type] = record.text("verdict") }
    }
    var needed: [ReviewType] = [.content, .legal, .procedure]
    if route.contains(.leadingGroup) { needed.append(.reformOffice) }
    let missing = needed.filter { latest[$0.rawValue] != "pass" }
    guard let first = missing.first else { return }
    let list = missing.map(\.rawValue).joined(separator: ", ")
    throw .gate(
      "review → approved needs review records with verdict pass, newer than the last change to plan.md, of "
        + "type \(list): reform record \(plan.id) review --field type=\(first.rawValue) --field verdict=pass"
        + (first == .content ? " --file REVIEW.md (with standards)" : ""))
  }

  private func checkCountersigns(_ plan: Plan, _ history: PlanHistory) throws(ReformError) {
    guard !plan.units.isEmpty else {
      throw .gate("countersigning needs participating units: list them in units of plan.md")
    }
    var latest: [String: String] = [:]
    for record in try history.recordsSinceLastChange(.countersign) {
      if let unit = record.text("unit") { latest[unit] = record.text("verdict") }
    }
    let missing = plan.units.filter { latest[$0] != "approved" }
    guard let first = missing.first else { return }
    throw .gate(
      "countersign needs an approving countersign record from every unit in units; missing: "
        + missing.joined(separator: ", ")
        + ": reform record \(plan.id) countersign --field unit=\(first) --field verdict=approved")
  }

  /// The approval merge: `main` and the decision commit merged three-way (never fast-forward),
  /// the version tag on it, `review/<id>` deleted; one locked update.
  private func mergeIntoMain(
    _ state: PlanState, plan: Plan, decisionCommit: OID, decisionTree: OID, route: [DecisionBody], actor: Actor
  ) throws(ReformError) -> OID {
    guard let main = try mainTip() else { throw .notAPlanRepository }
    let mainTree = try gitCall { try git.commit(main).treeID }
    let base = try gitCall { try git.mergeBase(main, decisionCommit) }
    let baseTree = try gitCall { try base.map { try git.commit($0).treeID } }
    guard let merged = try gitCall({ try git.mergeTrees(ancestor: baseTree, ours: mainTree, theirs: decisionTree) })
    else {
      throw .conflict(
        "review/\(state.id) and main change the same file differently: resolve it on review/\(state.id) first")
    }
    let version = state.approvedVersions + 1
    let message = CommitMessage.reform(
      "reform: approve \(state.id) v\(version)",
      body: "\(plan.title)\n\n" + "Decided by \(DecisionRoute.describe(route)).", plan: state.id,
      action: "approve", stage: .approved)
    let (merge, _, _) = try writeCommit(
      from: main, changes: [:], message: message, key: actor.key, author: actor.identity,
      extraParents: [decisionCommit], tree: merged)
    let tagName = "plans/\(state.id)/v\(version)"
    let tag = try gitCall {
      try git.createTagObject(
        named: tagName, target: merge, tagger: actor.identity,
        message: "\(plan.title) v\(version)\n\nApproved by \(DecisionRoute.describe(route)).\n")
    }
    try update(
      [
        ReferenceEdit(Self.mainBranch, from: main, to: merge),
        ReferenceEdit(state.branch, from: state.tip, to: nil),
        ReferenceEdit("refs/tags/" + tagName, from: nil, to: tag),
      ],
      headTo: Self.mainBranch,
      workTree: try headWorkTreeMove(state: state, main: mainTree, merged: merged))
    return merge
  }

  /// How the work tree moves in the approval: from the review branch's or main's tree,
  /// whichever is checked out, to the merged tree.
  private func headWorkTreeMove(state: PlanState, main mainTree: OID, merged: OID) throws(ReformError) -> WorkTreeMove {
    let head = try gitCall { try git.headBranch() }
    let from = head == state.branch ? try gitCall { try git.commit(state.tip).treeID } : mainTree
    return WorkTreeMove(from: from, to: merged, paths: head == state.branch ? nil : ["plans/\(state.id)"])
  }
}
