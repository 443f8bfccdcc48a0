import Foundation
import GitKit

extension PlanRepository {
  /// `reform new`: creates `drafting/<id>` from `main` with the kind's template, its `id`,
  /// `kind`, `title` and `lead_unit` (the drafter's unit) filled in.
  @discardableResult
  public func newPlan(
    _ id: String, kind: PlanKind, title: String?, key: SSHSigningKey
  ) throws(ReformError) -> OID {
    if let existing = try state(of: id) {
      throw .invalidPlanID("plan id '\(id)' is taken (\(existing.stage.rawValue)): choose another id")
    }
    guard let main = try mainTip() else { throw .notAPlanRepository }
    let actor = try actor(key, policyAt: main, role: .drafter, action: "reform new")
    let templatePath = "\(BundledFiles.repositoryTemplateFolder)/plans/\(kind.rawValue).md"
    let mainFiles = try snapshot(of: main)
    let stored = try gitCall { try mainFiles.read(templatePath) }
    var text = stored.flatMap { String(data: $0, encoding: .utf8) } ?? BundledFiles.planTemplate(kind)
    text = FrontMatterEditor.setting("id", to: id, in: text)
    text = FrontMatterEditor.setting("kind", to: kind.rawValue, in: text)
    text = FrontMatterEditor.setting("lead_unit", to: YAMLText.quoted(actor.member.unit), in: text)
    if let title { text = FrontMatterEditor.setting("title", to: YAMLText.quoted(title), in: text) }
    let message = CommitMessage.reform(
      "reform: new plan \(id) (\(kind.rawValue))", body: title ?? "", plan: id, action: "new", stage: .drafting)
    let (commit, _, _) = try writeCommit(
      from: main, changes: [RepositoryFile.planPath(id): Data(text.utf8)], message: message, key: key,
      author: actor.identity)
    let branch = Stage.drafting.branch(for: id)
    try update([ReferenceEdit(branch, from: nil, to: commit)], headTo: branch, workTree: nil)
    return commit
  }

  /// `reform submit`: moves the plan to the next stage if the gates hold.
  /// - Returns: the stage the plan is at now.
  @discardableResult
  public func submit(_ id: String, key: SSHSigningKey) throws(ReformError) -> Stage {
    let state = try existingState(of: id)
    let next: Stage
    switch state.stage {
    case .drafting: next = .consultation
    case .consultation: next = .review
    case .review:
      throw .wrongStage("plan '\(id)' is in review: it leaves review through 'reform approve' or 'reform return'")
    case .approved, .withdrawn:
      throw .wrongStage("plan '\(id)' is \(state.stage.rawValue): only a plan in drafting or consultation can be submitted")
    }
    let history = try PlanHistory(self, state)
    let plan = try validPlan(history)
    let actor = try actor(key, policyAt: state.tip, role: .drafter, action: "reform submit", unit: plan.leadUnit)
    if state.stage == .drafting {
      try checkResearch(plan, history)
    } else {
      try checkConsultations(plan, history)
    }
    try transition(
      state, to: next, action: "submit", summary: "reform: submit \(id) to \(next.rawValue)", body: "",
      actor: actor)
    return next
  }

  /// `reform return`: sends a plan in review back to drafting, by a reviewer of its group.
  public func returnToDrafting(_ id: String, reason: String, key: SSHSigningKey) throws(ReformError) {
    let state = try existingState(of: id)
    guard state.stage == .review else {
      throw .wrongStage("plan '\(id)' is \(state.stage.rawValue), not in review: only a plan in review can be returned")
    }
    let plan = try validPlan(PlanHistory(self, state))
    let actor = try actor(key, policyAt: state.tip, role: .reviewer, action: "reform return", group: plan.group)
    try transition(
      state, to: .drafting, action: "return", summary: "reform: return \(id) to drafting", body: reason,
      actor: actor)
  }

  /// `reform amend`: opens version N+1 of an approved plan on `drafting/<id>`; version N stays
  /// in force on `main`.
  @discardableResult
  public func amend(_ id: String, reason: String, key: SSHSigningKey) throws(ReformError) -> Int {
    let state = try existingState(of: id)
    guard state.stage == .approved else {
      throw .wrongStage("plan '\(id)' is \(state.stage.rawValue): only an approved plan can be amended")
    }
    let (plan, diagnostics) = Validator(snapshot: try snapshot(of: state.tip)).plan(id)
    guard let plan else { throw .invalid(diagnostics) }
    let actor = try actor(key, policyAt: state.tip, role: .drafter, action: "reform amend", unit: plan.leadUnit)
    let version = state.approvedVersions + 1
    let message = CommitMessage.reform(
      "reform: amend \(id), version \(version)", body: reason, plan: id, action: "amend", stage: .drafting)
    let (commit, _, _) = try writeCommit(
      from: state.tip, changes: [:], message: message, key: key, author: actor.identity)
    let branch = Stage.drafting.branch(for: id)
    try update([ReferenceEdit(branch, from: nil, to: commit)], headTo: branch, workTree: nil)
    return version
  }

  /// `reform withdraw`: ends a plan that was never approved; its branch moves to `withdrawn/<id>`.
  public func withdraw(_ id: String, reason: String, key: SSHSigningKey) throws(ReformError) {
    let state = try existingState(of: id)
    guard [.drafting, .consultation, .review].contains(state.stage), state.approvedVersions == 0 else {
      throw .wrongStage(
        "plan '\(id)' is \(state.stage.rawValue)"
          + (state.approvedVersions > 0 ? " and has an approved version in force" : "")
          + ": only a plan that was never approved can be withdrawn")
    }
    let files = try snapshot(of: state.tip)
    let leadUnit = try gitCall { try files.read(RepositoryFile.planPath(id)) }
      .flatMap { FrontMatterEditor.topLevelValue("lead_unit", in: String(decoding: $0, as: UTF8.self)) }
    let actor = try actor(key, policyAt: state.tip, role: .drafter, action: "reform withdraw", unit: leadUnit)
    try transition(
      state, to: .withdrawn, action: "withdraw", summary: "reform: withdraw \(id)", body: reason, actor: actor)
  }

  /// A signed commit that changes no file and names `action`, moving the plan's branch to the
  /// namespace of `next` in one locked update. With `tip`, the commit goes on top of that
  /// unpublished commit of the branch (a decision recorded in the same step).
  func transition(
    _ state: PlanState, to next: Stage, action: String, summary: String, body: String, actor: Actor,
    from tip: OID? = nil
  ) throws(ReformError) {
    let message = CommitMessage.reform(summary, body: body, plan: state.id, action: action, stage: next)
    let (commit, tree, _) = try writeCommit(
      from: tip ?? state.tip, changes: [:], message: message, key: actor.key, author: actor.identity)
    let previousTree = try gitCall { try git.commit(state.tip).treeID }
    let target = next.branch(for: state.id)
    try update(
      [ReferenceEdit(state.branch, from: state.tip, to: nil), ReferenceEdit(target, from: nil, to: commit)],
      headTo: target, workTree: WorkTreeMove(from: previousTree, to: tree, paths: nil))
  }

  /// The plan and every record of it on the branch, valid; else every problem.
  func validPlan(_ history: PlanHistory) throws(ReformError) -> Plan {
    let validator = Validator(snapshot: try snapshot(of: history.state.tip))
    let files = try gitCall { try validator.snapshot.files(under: "plans/\(history.state.id)") }
    let diagnostics = validator.validate(paths: files).diagnostics
    guard diagnostics.isEmpty else { throw .invalid(diagnostics) }
    return try history.plan()
  }

  private func checkResearch(_ plan: Plan, _ history: PlanHistory) throws(ReformError) {
    guard plan.major, try history.recordsOfThisVersion(.research).isEmpty else { return }
    throw .gate(
      "drafting → consultation needs a research record (major is true): "
        + "reform record \(plan.id) research --field summary=调研情况")
  }

  private func checkConsultations(_ plan: Plan, _ history: PlanHistory) throws(ReformError) {
    let done = Set(try history.recordsOfThisVersion(.consultation).compactMap { $0.text("type") })
    let required: [(ConsultationType, Bool, String)] = [
      (.departmental, plan.impacts.crossDepartment, "impacts.cross_department"),
      (.public, plan.impacts.publicInterest, "impacts.public_interest"),
      (.expert, plan.impacts.technical, "impacts.technical"),
      (.stabilityRisk, plan.impacts.stabilityRisk, "impacts.stability_risk"),
    ]
    let missing = required.filter { $0.1 && !done.contains($0.0.rawValue) }
    guard let first = missing.first else { return }
    let list = missing.map { "\($0.0.rawValue) (\($0.2) is true)" }.joined(separator: ", ")
    throw .gate(
      "consultation → review needs a consultation record of type \(list): reform record \(plan.id) consultation "
        + "--field type=\(first.0.rawValue) --field opinions_received=0 --field opinions_adopted=0")
  }
}
