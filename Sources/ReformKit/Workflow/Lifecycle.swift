import Foundation
import GitKit

extension PlanRepository {
  /// `reform new`: creates `drafting/<id>` from `main` with the kind's template, its `id`,
  /// `kind`, `title` and `lead_unit` (the drafter's unit) filled in. Says so when the template's
  /// drafting deadline, which the new plan records, is already past.
  @discardableResult
  public func newPlan(
    _ id: String, kind: PlanKind, title: String?, key: any SSHSigner
  ) throws(ReformError) -> OID {
    if let existing = try state(of: id) {
      throw .invalidPlanID(
        Language.current.choose(
          "plan id '\(id)' is taken (\(existing.stage.rawValue)): choose another id",
          "方案编号 '\(id)' 已被使用（\(existing.stage.chineseName)）：请换一个编号"))
    }
    guard let main = try mainTip() else { throw .notAPlanRepository }
    // The new plan's lead unit is the drafter's own unit.
    let unit = try policyOnMain().member(for: key.publicKey)?.unit
    let actor = try actor(
      key, may: Procedure.authority(for: .new), action: "reform new", scope: PlanScope(leadUnit: unit, group: nil))
    let templatePath = "\(BundledFiles.repositoryTemplateFolder)/plans/\(kind.rawValue).md"
    let mainFiles = try snapshot(of: main)
    let stored = try? mainFiles.read(templatePath)
    var text = stored.flatMap { String(data: $0, encoding: .utf8) } ?? BundledFiles.planTemplate(kind)
    text = FrontMatterEditor.setting("id", to: id, in: text)
    text = FrontMatterEditor.setting("kind", to: kind.rawValue, in: text)
    text = FrontMatterEditor.setting("lead_unit", to: YAMLText.quoted(actor.member.unit), in: text)
    if let title { text = FrontMatterEditor.setting("title", to: YAMLText.quoted(title), in: text) }
    let message = CommitMessage.reform(
      .newPlan(id, kind), by: actor, body: title ?? "", plan: id, action: .new, stage: .drafting)
    let (commit, _, _) = try writeCommit(
      from: main, changes: [RepositoryFile.planPath(id): Data(text.utf8)], message: message, key: key,
      author: actor.identity)
    let branch = Stage.drafting.branch(for: id)
    try update([ReferenceEdit(branch, from: nil, to: commit)], headTo: branch, workTree: nil)
    let today = CalendarDate(Date())
    let recorded = FrontMatterEditor.topLevelValue("drafting_deadline", in: text).flatMap(CalendarDate.init)
    if let deadline = recorded, deadline < today {
      let path = RepositoryFile.planPath(id)
      notice(
        Language.current.choose(
          "plan '\(id)' records the drafting deadline \(deadline) of its template, already past "
            + "(\(today.days(since: deadline)) days ago): set drafting_deadline in \(path) to the real one",
          "方案 '\(id)' 记录了模板中的起草期限 \(deadline)，该期限已过（\(today.days(since: deadline)) 天前）："
            + "请在 \(path) 中将 drafting_deadline 改为实际期限"))
    }
    return commit
  }

  /// `reform submit`: moves the plan to the next stage if the gates hold.
  /// - Returns: the stage the plan is at now.
  @discardableResult
  public func submit(_ id: String, key: any SSHSigner) throws(ReformError) -> Stage {
    let state = try existingState(of: id)
    guard let next = Procedure.next(after: state.stage, by: .submit) else {
      throw .wrongStage(
        state.stage == .review
          ? Language.current.choose(
            "plan '\(id)' is in review: it leaves review through 'reform approve' or 'reform return'",
            "方案 '\(id)' 处于审核阶段：审核阶段只能通过 'reform approve' 审定或 'reform return' 退回")
          : Language.current.choose(
            "plan '\(id)' is \(state.stage.rawValue): only a plan in drafting or consultation can be submitted",
            "方案 '\(id)' 处于\(state.stage.chineseName)阶段：只有起草或论证评估阶段的方案可以提交"))
    }
    try requirePlanCommitted(state)
    let history = try PlanHistory(self, state)
    let plan = try validPlan(history)
    let actor = try actor(key, may: Procedure.authority(for: .submit), action: "reform submit", scope: history.scope)
    if state.stage == .drafting {
      try checkResearch(plan, history)
    } else {
      try checkConsultations(plan, history)
    }
    try transition(
      state, to: next, action: .submit, summary: .submit(id, to: next), body: "",
      actor: actor)
    let today = CalendarDate(Date())
    if plan.draftingDeadline < today {
      notice(
        Language.current.choose(
          "plan '\(id)' is submitted after its drafting deadline \(plan.draftingDeadline) (\(today.days(since: plan.draftingDeadline)) days late): the approval will count as late",
          "方案 '\(id)' 已于起草期限 \(plan.draftingDeadline) 之后提交（逾期 \(today.days(since: plan.draftingDeadline)) 天）：审定将计为逾期"))
    }
    return next
  }

  /// Refuses when the work tree, checked out on the plan's branch, holds a `plan.md` other than
  /// the committed one: `submit` judges what is committed and would pass over the edit unsaid.
  private func requirePlanCommitted(_ state: PlanState) throws(ReformError) {
    guard !git.isBare, try gitCall({ try git.headBranch() }) == state.branch else { return }
    let path = RepositoryFile.planPath(state.id)
    let committed = try gitCall { try snapshot(of: state.tip).read(path) }
    let onDisk = try? RegularFile.read(try workTree().appendingPathComponent(path).path, limit: FrontMatterFile.sizeLimit)
    if onDisk != committed { throw .uncommittedPlan(path) }
  }

  /// `reform return`: sends a plan in review back to drafting, by a reviewer of its group.
  public func returnToDrafting(_ id: String, reason: String, key: any SSHSigner) throws(ReformError) {
    try requireText(reason, option: "--reason")
    let state = try existingState(of: id)
    guard let next = Procedure.next(after: state.stage, by: .return) else {
      throw .wrongStage(
        Language.current.choose(
          "plan '\(id)' is \(state.stage.rawValue), not in review: only a plan in review can be returned",
          "方案 '\(id)' 处于\(state.stage.chineseName)阶段，不在审核阶段：只有审核阶段的方案可以退回"))
    }
    let history = try PlanHistory(self, state)
    let actor = try actor(key, may: Procedure.authority(for: .return), action: "reform return", scope: history.scope)
    try transition(
      state, to: next, action: .return, summary: .returnToDrafting(id, rejected: false), body: reason, actor: actor)
  }

  /// `reform amend`: opens version N+1 of an approved plan on `drafting/<id>`; version N stays
  /// in force on `main`.
  @discardableResult
  public func amend(_ id: String, reason: String, key: any SSHSigner) throws(ReformError) -> Int {
    try requireText(reason, option: "--reason")
    let state = try existingState(of: id)
    guard let next = Procedure.next(after: state.stage, by: .amend) else {
      throw .wrongStage(
        Language.current.choose(
          "plan '\(id)' is \(state.stage.rawValue): only an approved plan can be amended",
          "方案 '\(id)' 处于\(state.stage.chineseName)阶段：只有已批准的方案可以修订"))
    }
    let approved = try approvedVersions(of: state)
    guard approved < PlanState.maximumVersion else {
      throw .wrongStage(Self.tooManyVersions(id, approved))
    }
    let (plan, diagnostics) = Validator(snapshot: try snapshot(of: state.tip)).plan(id)
    guard let plan else { throw .invalid(diagnostics) }
    let actor = try actor(
      key, may: Procedure.authority(for: .amend), action: "reform amend",
      scope: PlanScope(leadUnit: plan.leadUnit, group: plan.group))
    let version = approved + 1
    let message = CommitMessage.reform(
      .amend(id, version: version), by: actor, body: reason, plan: id, action: .amend, stage: next)
    let (commit, _, _) = try writeCommit(
      from: state.tip, changes: [:], message: message, key: key, author: actor.identity)
    let branch = next.branch(for: id)
    try update([ReferenceEdit(branch, from: nil, to: commit)], headTo: branch, workTree: nil)
    return version
  }

  /// `reform withdraw`: ends the draft of a plan: a plan that was never approved, or the
  /// amendment of an approved one, whose version in force stays on `main` with its tag. The
  /// draft's branch moves to `withdrawn/<id>`; an approved version is never withdrawn.
  /// - Returns: the version that stays in force (0: none).
  @discardableResult
  public func withdraw(_ id: String, reason: String, key: any SSHSigner) throws(ReformError) -> Int {
    try requireText(reason, option: "--reason")
    let state = try existingState(of: id)
    let approved = try approvedVersions(of: state)
    guard let next = Procedure.next(after: state.stage, by: .withdraw) else {
      throw .wrongStage(
        state.stage == .approved
          ? Language.current.choose(
            "plan '\(id)' is approved (version \(approved) in force): an approved version is "
              + "not withdrawn; only a draft (a new plan, or an amendment opened with reform amend) can be",
            "方案 '\(id)' 已审定（现行第 \(approved) 版）：已审定的版本不能撤回；"
              + "只能撤回草稿（新方案，或用 reform amend 开始的修订）")
          : Language.current.choose(
            "plan '\(id)' is \(state.stage.rawValue): only a plan in drafting, consultation or review "
              + "can be withdrawn",
            "方案 '\(id)' 处于\(state.stage.chineseName)阶段：只能撤回起草、论证评估或审核阶段的方案"))
    }
    if approved > 0, try gitCall({ try git.referenceTarget(next.branch(for: id)) }) != nil {
      throw .wrongStage(
        Language.current.choose(
          "plan '\(id)' keeps an earlier withdrawn amendment on withdrawn/\(id), and a plan has one "
            + "withdrawn branch: this draft cannot be withdrawn; revise it, or leave it unsubmitted",
          "方案 '\(id)' 已有一份撤回的修订稿保存在 withdrawn/\(id)，每个方案只有一个撤回分支："
            + "此草稿不能再撤回；请修改它，或不再提交"))
    }
    let scope = try planScope(id, at: state.tip)
    let actor = try actor(key, may: Procedure.authority(for: .withdraw), action: "reform withdraw", scope: scope)
    try transition(
      state, to: next, action: .withdraw, summary: .withdraw(id), body: reason, actor: actor)
    return approved
  }

  /// A signed commit that changes no file and names `action`, moving the plan's branch to the
  /// namespace of `next` in one locked update. With `tip`, the commit goes on top of that
  /// unpublished commit of the branch (a decision recorded in the same step).
  func transition(
    _ state: PlanState, to next: Stage, action: ReformAction, summary: CommitSummary, body: String, actor: Actor,
    from tip: OID? = nil
  ) throws(ReformError) {
    let message = CommitMessage.reform(summary, by: actor, body: body, plan: state.id, action: action, stage: next)
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

  /// Refuses text for `option` that shows nothing: empty, or only spaces, control characters
  /// and invisible format characters (zero-width spaces, byte-order marks).
  func requireText(_ text: String, option: String) throws(ReformError) {
    let visible = text.unicodeScalars.contains { scalar in
      !scalar.properties.isWhitespace && ![.control, .format].contains(scalar.properties.generalCategory)
    }
    guard visible else { throw .emptyText(option) }
  }

  private func checkResearch(_ plan: Plan, _ history: PlanHistory) throws(ReformError) {
    let research = try history.recordsOfThisVersion(.research)
    guard !Procedure.researchGateHolds(plan, versionRecords: research.records) else { return }
    throw .gate(
      Language.current.choose(
        "drafting → consultation needs a research record (major is true): ",
        "起草 → 论证评估 需要一份调研记录（重大改革 major 为 true）：")
        + "reform record \(plan.id) research --field summary=调研情况" + research.note)
  }

  private func checkConsultations(_ plan: Plan, _ history: PlanHistory) throws(ReformError) {
    let consultations = try history.recordsOfThisVersion(.consultation)
    let missing = Procedure.missingConsultations(plan, versionRecords: consultations.records)
    guard let first = missing.first else { return }
    let language = Language.current
    let list = missing.map {
      language.choose("\($0.type.rawValue) (\($0.flag) is true)", "\($0.type.chineseName)（\($0.flag) 为 true）")
    }.joined(separator: language.choose(", ", "、"))
    throw .gate(
      language.choose(
        "consultation → review needs a consultation record of type \(list): ",
        "论证评估 → 审核 需要以下类型的论证评估记录：\(list)：")
        + "reform record \(plan.id) consultation "
        + "--field type=\(first.type.rawValue) --field opinions_received=0 --field opinions_adopted=0"
        + consultations.note)
  }
}
