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
  /// Approved, rejected or deferred.
  public var verdict: DecisionVerdict

  /// A decision.
  public init(body: DecisionBody, meeting: String, date: CalendarDate, verdict: DecisionVerdict) {
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
  /// the version, all in one locked update. When counted decisions already complete the route,
  /// the last of them is not recorded again: the plan is merged.
  @discardableResult
  public func approve(_ id: String, _ decision: Decision, key: any SSHSigner) throws(ReformError) -> ApprovalOutcome {
    try requireText(decision.meeting, option: "--meeting")
    let state = try existingState(of: id)
    guard Procedure.next(after: state.stage, by: .approve) != nil else {
      throw .wrongStage(
        Language.current.choose(
          "plan '\(id)' is \(state.stage.rawValue), not in review: submit it first",
          "方案 '\(id)' 处于\(state.stage.chineseName)阶段，不在审核阶段：请先提交"))
    }
    let approved = try approvedVersions(of: state)
    guard approved < PlanState.maximumVersion else {
      throw .wrongStage(Self.tooManyVersions(id, approved))
    }
    let history = try PlanHistory(self, state)
    let plan = try validPlan(history)
    let actor = try actor(key, may: Procedure.authority(for: .approve), action: "reform approve", scope: history.scope)
    // One pass over the records since the last change: reading and verifying them is the work.
    let counted = try history.recordsSinceLastChange(nil)
    let earlier = Procedure.decisionsInForce(counted.records)
    let inForce = try history.bodiesInForce()
    guard
      let route = Procedure.route(for: plan, chosen: earlier.first?.body ?? decision.body, inForce: inForce)
    else {
      throw .gate(
        Language.current.choose(
          "plan '\(id)' is neither major nor a party-committee document: its decision is taken by one of "
            + Procedure.chosenBodies.map(\.rawValue).joined(separator: ", ") + " (--body)",
          "方案 '\(id)' 既非重大改革也非以省委文件印发：由以下机构之一决策（--body）："
            + Procedure.chosenBodies.map(\.chineseName).joined(separator: "、"))
          + Self.amendmentNote(inForce, version: approved))
    }
    try checkReviews(plan, route: route, counted.only(.review))
    let approvedSoFar = earlier.filter { $0.verdict == .approved }.map(\.body)
    let complete = approvedSoFar.count >= route.count
    let expected = complete ? route[route.count - 1] : route[approvedSoFar.count]
    guard decision.body == expected, !complete || decision.verdict == .approved else {
      let language = Language.current
      throw .gate(
        language.choose(
          "the route of '\(id)' is \(Procedure.describe(route))",
          "方案 '\(id)' 的决策路径为 " + route.map(\.chineseName).joined(separator: " → "))
          + Self.amendmentNote(inForce, version: approved)
          + language.choose(
            "; the next decision is \(expected.rawValue), not \(decision.body.rawValue): ",
            "；下一项决策应由\(expected.chineseName)作出，而不是\(decision.body.chineseName)：")
          + "reform approve \(id) --body \(expected.rawValue) ..." + counted.note)
    }
    let newestCounted = ([Procedure.newestGround(counted.records)] + earlier.map(\.date)).compactMap { $0 }.max()
    if let newestCounted, decision.date < newestCounted {
      throw .gate(
        Language.current.choose(
          "the decision date \(decision.date) is before the newest record the approval counts (\(newestCounted)): "
            + "give the real date of the decision",
          "决策日期 \(decision.date) 早于审定所依据的最新记录（\(newestCounted)）：请给出决策的实际日期"))
    }
    if decision.body == .countersign && decision.verdict == .approved {
      try checkCountersigns(plan, counted.only(.countersign))
    }
    _ = try checkedDate(decision.date)
    if complete {
      let tipTree = try gitCall { try git.commit(state.tip).treeID }
      let merge = try mergeIntoMain(
        state, plan: plan, decisionCommit: state.tip, decisionTree: tipTree, route: route, actor: actor)
      return .approved(version: approved + 1, merge: merge)
    }

    let files = try snapshot(of: state.tip)
    try requireFolders(RepositoryFile.recordsFolder(id), in: files)
    let name = try freeFileName(
      for: RecordFileName(date: decision.date, kind: .decision, sequence: nil), id: id, in: files)
    let text = """
      ---
      kind: decision
      date: \(decision.date)
      body: \(decision.body.rawValue)
      meeting: \(YAMLText.quoted(decision.meeting))
      verdict: \(decision.verdict.rawValue)
      ---

      """
    let message = CommitMessage.reform(
      .decision(decision.body, decision.verdict, of: id), by: actor, body: decision.meeting, plan: id,
      action: .approve, stage: .review)
    let (recorded, recordedTree, _) = try writeCommit(
      from: state.tip, changes: [RepositoryFile.recordPath(id, name): Data(text.utf8)], message: message,
      key: key, author: actor.identity)

    switch decision.verdict {
    case .rejected:
      try transition(
        state, to: .drafting, action: .return, summary: .returnToDrafting(id, rejected: true),
        body: "\(decision.body.rawValue): \(decision.meeting)", actor: actor, from: recorded)
      return .rejected
    case .approved where approvedSoFar.count + 1 == route.count:
      let merge = try mergeIntoMain(
        state, plan: plan, decisionCommit: recorded, decisionTree: recordedTree, route: route, actor: actor)
      return .approved(version: approved + 1, merge: merge)
    case .approved, .deferred:
      try update(
        [ReferenceEdit(state.branch, from: state.tip, to: recorded)], headTo: state.branch,
        workTree: WorkTreeMove(
          from: try gitCall { try git.commit(state.tip).treeID }, to: recordedTree,
          paths: [RepositoryFile.recordPath(id, name)]))
      return decision.verdict == .deferred ? .deferred : .recorded(next: route[approvedSoFar.count + 1])
    }
  }

  /// " (… article 10 …)" for a gate's message about the route of an amendment whose version in
  /// force `version` was approved by `bodies`, or nothing for a first version.
  static func amendmentNote(_ bodies: [DecisionBody], version: Int) -> String {
    guard !bodies.isEmpty else { return "" }
    return Language.current.choose(
      " (an amendment goes back to the bodies that approved version \(version), article 10: "
        + Procedure.describe(bodies) + ")",
      "（修订须回到审定第 \(version) 版的机构，第十条：" + bodies.map(\.chineseName).joined(separator: "、") + "）")
  }

  /// The bodies that approved the version of plan `id` in force at the `main` commit `commit`
  /// (article 10: an amendment goes back to them): the approved decisions in force among the
  /// records its approval merge brought to `main`, the merge found along first parents (the
  /// newest that changes the plan's folder and names itself its approval). Empty before the
  /// first approval. The commands and the judge both ask this, at the commit `reform amend`
  /// started from.
  func bodiesInForce(of id: String, at commit: OID) throws(ReformError) -> [DecisionBody] {
    let folder = "plans/\(id)"
    var current = commit
    while true {
      let candidate = try gitCall { try git.commit(current) }
      // A plan reaches main through its first approval: without its folder, none came before.
      guard let parent = candidate.parentIDs.first,
        let here = try gitCall({ try git.treeEntry(candidate.treeID, path: folder)?.id })
      else { return [] }
      let parentTree = try gitCall { try git.commit(parent).treeID }
      let before = try gitCall { try git.treeEntry(parentTree, path: folder)?.id }
      if candidate.parentIDs.count == 2, before != here,
        ReformTrailers(message: candidate.message ?? "").say(.approve, of: id)
      {
        let records = try recordsAdded(to: id, from: parentTree, to: candidate.treeID)
        return Procedure.approvingBodies(records)
      }
      current = parent
    }
  }

  /// The valid records of plan `id` that the tree `new` holds and `old` does not (or otherwise).
  private func recordsAdded(to id: String, from old: OID, to new: OID) throws(ReformError) -> [Record] {
    let folder = RepositoryFile.recordsFolder(id)
    let entries = { (tree: OID) throws(ReformError) -> [TreeEntry] in
      try self.gitCall {
        guard let records = try self.git.treeEntry(tree, path: folder), records.mode == .tree else {
          return []
        }
        return try self.git.treeEntries(records.id)
      }
    }
    let before = Dictionary(try entries(old).map { ($0.nameBytes, $0.id) }) { $1 }
    let validator = Validator(snapshot: TreeSnapshot(repository: git, tree: new))
    return try entries(new).filter { before[$0.nameBytes] != $0.id }.compactMap(\.name)
      .compactMap { validator.record(id, $0).record }
  }

  /// Checks the reviews the route needs.
  private func checkReviews(_ plan: Plan, route: [DecisionBody], _ reviews: CountedRecords) throws(ReformError) {
    let missing = Procedure.missingReviews(on: route, recordsSinceChange: reviews.records)
    guard let first = missing.first else { return }
    let language = Language.current
    throw .gate(
      language.choose(
        "review → approved needs review records with verdict pass, newer than the last change to plan.md, of "
          + "type \(missing.map(\.rawValue).joined(separator: ", ")): ",
        "审核 → 已批准 需要晚于 plan.md 最近一次修改、结论为通过的审核记录，类型为："
          + missing.map(\.chineseName).joined(separator: "、") + "：")
        + "reform record \(plan.id) review --field type=\(first.rawValue) --field verdict=pass"
        + (first == .content ? language.choose(" --file REVIEW.md (with standards)", " --file REVIEW.md（含各项标准）") : "")
        + reviews.note)
  }

  private func checkCountersigns(_ plan: Plan, _ countersigns: CountedRecords) throws(ReformError) {
    guard !plan.units.isEmpty else {
      throw .gate(
        Language.current.choose(
          "countersigning needs participating units: list them in units of plan.md",
          "会签需要参与单位：请在 plan.md 的 units 中列出"))
    }
    let missing = Procedure.missingCountersigns(plan, recordsSinceChange: countersigns.records)
    guard let first = missing.first else { return }
    throw .gate(
      Language.current.choose(
        "countersign needs an approving countersign record from every unit in units; missing: "
          + missing.joined(separator: ", "),
        "会签需要 units 中每个单位的同意会签记录；缺少：" + missing.joined(separator: "、"))
        + ": reform record \(plan.id) countersign --field unit=\(first) --field verdict=approved" + countersigns.note)
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
    let outside = try pathsChangedOutsidePlan(state.id, from: baseTree, to: decisionTree)
    guard outside.isEmpty else {
      throw .changesOutsidePlan(branch: "review/\(state.id)", paths: outside)
    }
    guard let merged = try gitCall({ try git.mergeTrees(ancestor: baseTree, ours: mainTree, theirs: decisionTree) })
    else {
      throw .conflict(
        Language.current.choose(
          "review/\(state.id) and main change the same file differently: resolve it on review/\(state.id) first",
          "review/\(state.id) 与 main 对同一文件的修改不同：请先在 review/\(state.id) 上解决"))
    }
    let version = try approvedVersions(of: state) + 1
    let message = CommitMessage.reform(
      .approve(state.id, version: version), by: actor,
      body: "\(plan.title)\n\n" + actor.language.choose("Decided by ", "审定：") + Procedure.describe(route) + ".",
      plan: state.id,
      action: .approve, stage: .approved)
    let (merge, _, _) = try writeCommit(
      from: main, changes: [:], message: message, key: actor.key, author: actor.identity,
      extraParents: [decisionCommit], tree: merged)
    let tagName = "plans/\(state.id)/v\(version)"
    let tag = try gitCall {
      try git.createSignedTagObject(
        named: tagName, target: merge, tagger: actor.identity,
        message: "\(plan.title) v\(version)\n\n" + actor.language.choose("Approved by ", "审定：")
          + Procedure.describe(route) + ".\n",
        sign: { try SSHSignature.sign($0, with: actor.key) })
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

  /// The top-level paths, and the `plans/<name>` folders other than `plans/<id>`, that differ
  /// between the trees `old` and `new`, compared as bytes.
  private func pathsChangedOutsidePlan(_ id: String, from old: OID?, to new: OID) throws(ReformError) -> [String] {
    let entries = { (tree: OID?) throws(ReformError) -> [[UInt8]: TreeEntry] in
      try self.gitCall {
        Dictionary(try tree.map { try self.git.treeEntries($0) }?.map { ($0.nameBytes, $0) } ?? []) { $1 }
      }
    }
    let describe = { (name: [UInt8]) in String(decoding: name, as: UTF8.self) }
    let oldTop = try entries(old)
    let newTop = try entries(new)
    let plans = Array("plans".utf8)
    var changed = Set(oldTop.keys).union(newTop.keys)
      .filter { $0 != plans && oldTop[$0] != newTop[$0] }
      .map(describe)
    let plansTree = { (top: [[UInt8]: TreeEntry]) in top[plans].flatMap { $0.mode == .tree ? $0.id : nil } }
    if oldTop[plans] != newTop[plans] {
      let oldPlans = try entries(plansTree(oldTop))
      let newPlans = try entries(plansTree(newTop))
      changed += Set(oldPlans.keys).union(newPlans.keys)
        .filter { $0 != Array(id.utf8) && oldPlans[$0] != newPlans[$0] }
        .map { "plans/" + describe($0) }
    }
    return changed.sorted()
  }
}
