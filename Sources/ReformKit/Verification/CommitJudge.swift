import Foundation
import GitKit

/// Where a commit sits in the procedure: on `main`, or in the segment of one version of a plan
/// (from its `reform new` or `reform amend` commit), with the records that count there.
enum Place {
  case main
  case plan(PlanSegment)
}

/// One version of a plan between its opening and its approval or withdrawal, as history
/// shows it at one commit.
struct PlanSegment {
  let id: String
  var stage: Stage
  /// Whether the segment was opened by `amend`: its withdrawal leaves the version in force,
  /// and its `withdrawn/<id>` branch may stand beside a later amendment's.
  let isAmendment: Bool
  /// For an amendment, the bodies that approved the version in force, which its route includes.
  var inForceBodies: [DecisionBody] = []
  /// The lead unit and group from the last `plan.md` of the segment that could be read.
  var knownScope = PlanScope(leadUnit: nil, group: nil)
  /// The records counted in this version so far, in the order they were written: a log the
  /// places of the segment's commits share, each seeing the first `counted` of them, so that a
  /// commit's place costs a few words, not a copy of the records before it.
  private var log = RecordLog()
  private var counted = 0
  /// Where in the log the records since the last change to `plan.md` begin.
  private var sinceChangeStart = 0

  init(id: String, stage: Stage, isAmendment: Bool) {
    self.id = id
    self.stage = stage
    self.isAmendment = isAmendment
  }

  /// The counted records added since the drafting of this version began (the last of each file).
  var versionRecords: [SignedRecord] { latest(in: 0..<counted) }
  /// The counted records added since the last change to `plan.md` (the last of each file).
  var sinceChange: [SignedRecord] { latest(in: sinceChangeStart..<counted) }

  mutating func count(_ record: SignedRecord) {
    if log.records.count != counted {
      // Another commit went on from the same place: this one keeps a log of its own.
      let own = RecordLog()
      own.records = Array(log.records[..<counted])
      log = own
    }
    log.records.append(record)
    counted += 1
  }

  /// `plan.md` changed: the records before no longer count for what follows a change.
  mutating func planChanged() {
    sinceChangeStart = counted
  }

  /// The last record of each file written in `range` of the log, in the order of those writes.
  private func latest(in range: Range<Int>) -> [SignedRecord] {
    var seen: Set<String> = []
    var latest: [SignedRecord] = []
    for record in log.records[range].reversed() where seen.insert(record.record.fileName).inserted {
      latest.append(record)
    }
    return latest.reversed()
  }
}

/// The records a plan segment counted, shared by the places of its commits.
private final class RecordLog {
  var records: [SignedRecord] = []
}

/// A record and the member who signed the commit that last wrote it, as the policy in force
/// there knew them, and that commit's time.
struct SignedRecord {
  let record: Record
  let signer: Member
  let signedAt: Date

  /// Whether the record still counts by `policy` (which may have removed the signer, taken a
  /// role away, or retired the key: a retired key counts for commits dated up to its
  /// retirement, as git verifies them, since a plan branch keeps the policy it started from)
  /// for a plan of `scope`.
  func counts(by policy: Policy, scope: PlanScope) -> Bool {
    guard let member = policy.member(signingWith: signer.key, at: signedAt) else { return false }
    return Procedure.refusal(of: member, toMake: record, plan: scope) == nil
  }
}

extension [SignedRecord] {
  /// The records that count by `policy` for a plan of `scope`.
  func counted(by policy: Policy, scope: PlanScope) -> [Record] {
    filter { $0.counts(by: policy, scope: scope) }.map(\.record)
  }
}

/// Judges commits against the rules of SPEC section 5, parents before children, carrying
/// each commit's place in the procedure to its children. Every rule comes from `Procedure`;
/// signatures are verified in-process; policies are parsed once per version of `.reform/`.
final class CommitJudge {
  private let repository: PlanRepository
  private var git: Repository { repository.git }
  private var places: [OID: Place] = [:]
  private var history = JudgedHistory()
  private var policies: [OID: Policy?] = [:]
  /// What each version of a `plan.md` (by blob) says about who may act and which measures it has.
  private var plans: [OID: (scope: PlanScope, measures: Set<String>?)] = [:]
  private var validPlans: [OID: Plan?] = [:]
  /// The approval merges judged so far, per plan, in order.
  private(set) var approvals: [String: [OID]] = [:]
  /// The violations found so far.
  private(set) var violations: [Violation] = []
  /// While replaying history to learn a place, violations are not reported again.
  private var replaying = false
  /// Signatures and tree changes worked out ahead, on another core (`verify`).
  private let preparation: CommitPreparation?
  /// The policy on `main` when the commits judged arrive (`pre-receive`: after the push): a
  /// signer must still be a member who may act by it, so that a member removed or stripped of a
  /// role on `main` can do nothing more on a branch opened before (whose own policy still lists
  /// them). `nil` for history (`verify`), judged by the policy in force for each commit alone.
  var authorityNow: Policy?
  /// The latest committer date a commit may have: the clock of whoever judges it (`verify`,
  /// the central repository) with a little tolerance. `nil`: not checked.
  var notDatedAfter: Date?

  init(_ repository: PlanRepository, preparation: CommitPreparation? = nil) {
    self.repository = repository
    self.preparation = preparation
  }

  /// The place of an already-judged commit, or one learnt by replaying its plan segment: the
  /// first-parent walk stops at a commit whose trailers (checked when it was judged) say
  /// where it is, so the cost is the length of one segment, not of the history.
  func place(of id: OID) throws(ReformError) -> Place {
    if let place = places[id] { return place }
    var pending: [OID] = []
    var current: OID? = id
    while let commitID = current, places[commitID] == nil {
      let commit = try repository.gitCall { try git.commit(commitID) }
      let trailers = ReformTrailers(message: commit.message ?? "")
      let action = trailers.action
      let stage = trailers.stage
      if action == ReformAction.new.rawValue || action == ReformAction.amend.rawValue {
        pending.append(commitID)
        if let parent = commit.parentIDs.first { places[parent] = places[parent] ?? .main }
        break
      }
      if commit.parentIDs.isEmpty || action == ReformAction.policy.rawValue || stage == Stage.approved.rawValue {
        places[commitID] = .main
        break
      }
      pending.append(commitID)
      current = commit.parentIDs.first
    }
    let wasReplaying = replaying
    replaying = true
    defer { replaying = wasReplaying }
    for commitID in pending.reversed() where places[commitID] == nil {
      try judge(commitID, ref: "")
    }
    return places[id] ?? .main
  }

  /// Forgets the places, plan versions, approvals and violations learnt so far, keeping the
  /// policies: a caller that judges plan after plan (the queries) holds one plan's history at
  /// a time, not the whole repository's.
  func forgetPlans() {
    places.removeAll()
    history.removeAll()
    plans.removeAll()
    validPlans.removeAll()
    approvals.removeAll()
    violations.removeAll()
  }

  /// Plan `id`'s scope at commit `tip`: its `plan.md` there, with what cannot be read taken
  /// from the last readable version of its segment.
  func scope(of id: String, at tip: OID) throws(ReformError) -> PlanScope {
    let scope = try planScope(in: try knownCommit(tip).tree, id)
    guard scope.leadUnit == nil || scope.group == nil, case .plan(let segment) = try place(of: tip), segment.id == id
    else { return scope }
    return scope.filled(from: segment.knownScope)
  }

  /// The policy in force for a commit whose first parent has the tree `tree`.
  func policy(inTree tree: OID?) throws(ReformError) -> Policy? {
    guard let tree, let folder = try entry(tree, ".reform") else { return nil }
    if let cached = policies[folder.id] { return cached }
    let policy = Validator(snapshot: TreeSnapshot(repository: git, tree: tree)).policy(checkingAllowedSigners: false).policy
    policies[folder.id] = .some(policy)
    return policy
  }

  /// Judges commit `id`, reached through `ref`, whose parents have been judged or can be placed.
  /// A tree git cannot parse, in the commit or its first parent, is a violation of the commit
  /// that stops its judgement, not of the whole run.
  func judge(_ id: OID, ref: String) throws(ReformError) {
    let prepared = replaying ? nil : preparation?.take(id)
    let commit: Commit
    if let prepared {
      commit = prepared.commit
    } else {
      commit = try repository.gitCall { try git.commit(id) }
    }
    var base = Place.main
    if let parent = commit.parentIDs.first { base = try self.place(of: parent) }
    // After the parent's place, which may replay (and so remember) the commits before.
    history.remember(commit)
    var report = Report(commit: id, ref: ref)
    defer { if !replaying { violations += report.violations } }
    do {
      try judge(commit, prepared: prepared, base: base, report: &report)
    } catch .git(let error) where error.isMalformedTree {
      report.add(.tree, .unreadableTree(error.message))
      places[id] = base
    }
  }

  private func judge(_ commit: Commit, prepared: PreparedCommit?, base: Place, report: inout Report) throws(ReformError) {
    let id = commit.id
    var parentTree = prepared?.parentTree
    if prepared == nil, let parent = commit.parentIDs.first { parentTree = try knownCommit(parent).tree }
    var inForce = try policy(inTree: parentTree)
    if inForce == nil { inForce = try policy(inTree: commit.treeID) }
    guard let policy = inForce else {
      places[id] = .main  // history from before the repository became a plan repository
      return
    }
    let signer: Member?
    if let prepared {
      signer = prepared.signer.flatMap(policy.member(for:))
    } else {
      signer = try repository.signer(of: id, in: policy)
    }
    if signer == nil {
      report.add(.signature, try signatureProblem(id, policy))
    }
    let trailers = ReformTrailers(message: commit.message ?? "")
    let action = trailers.knownAction
    let changes: TreeChanges
    if let prepared {
      changes = try repository.gitCall { try prepared.changes.get() }
      git.learnFolders(of: changes, from: parentTree, to: commit.treeID)
    } else {
      changes = try repository.gitCall { try git.changes(from: parentTree, to: commit.treeID) }
    }
    var facts = Facts(
      commit: commit, parentTree: parentTree, policy: policy, signer: signer, action: action,
      changes: changes.differences, malformedTrees: changes.malformedTrees)
    try checkShape(&facts, report: &report)

    let place: Place
    if commit.parentIDs.count > 1 {
      place = try judgeMerge(facts, base: base, report: &report)
    } else if let action, ReformAction.transitions.contains(action) {
      place = try judgeTransition(facts, action, base: base, report: &report)
    } else {
      place = try judgeChanges(facts, base: base, report: &report)
    }
    places[id] = place
    checkTrailers(trailers, place: place, report: &report)
  }

  // MARK: Kinds of commits

  /// What every rule looks at.
  private struct Facts {
    let commit: Commit
    let parentTree: OID?
    let policy: Policy
    let signer: Member?
    let action: ReformAction?
    /// The changed paths; after `checkShape`, only the plain ones.
    var changes: [TreeDifference]
    /// The folders new in this commit whose tree objects git would not write.
    let malformedTrees: [MalformedTree]
  }

  // MARK: Rules of every commit

  /// The rules every commit keeps whatever it does: a bounded message, a committer date not
  /// before its parents', a merge that adds nothing of its own, a plain tree. Entries that are
  /// not plain are reported and left out of `facts.changes`, so no other rule reads them.
  private func checkShape(_ facts: inout Facts, report: inout Report) throws(ReformError) {
    let commit = facts.commit
    let size = commit.message?.utf8.count ?? 0
    if size > CommitMessage.maximumSize {
      report.add(.content, .messageTooLong(size: size))
    }
    if let latest = notDatedAfter, commit.committer.time > latest {
      report.add(.time, .datedAfterClock(commit.committer.time))
    }
    for parentID in commit.parentIDs {
      let parentTime = try knownCommit(parentID).time
      if commit.committer.time < parentTime {
        report.add(.time, .datedBeforeParent(commit.committer.time, parent: parentID, parentTime: parentTime))
      }
    }
    if commit.parentIDs.count > 1 { try checkMergeContent(commit, report: &report) }
    for malformed in facts.malformedTrees {
      report.add(.tree, .malformedTree(path: malformed.path, malformed.problem))
    }
    var plain: [TreeDifference] = []
    for change in facts.changes where try checkLayout(change, facts, report: &report) {
      plain.append(change)
    }
    facts.changes = plain
  }

  /// A merge adds, changes and deletes nothing itself: its tree is the clean three-way merge
  /// of its two parents from their merge base: the folders each side alone changed are
  /// compared first, and `git_merge_trees` runs only where that cannot tell.
  private func checkMergeContent(_ commit: Commit, report: inout Report) throws(ReformError) {
    guard commit.parentIDs.count == 2 else {
      report.add(.merge, .mergeParents(commit.parentIDs.count))
      return
    }
    let (ours, theirs) = (commit.parentIDs[0], commit.parentIDs[1])
    let baseTree = try mergeBase(ours, theirs).map { base throws(ReformError) in try knownCommit(base).tree }
    let (ourTree, theirTree) = (try knownCommit(ours).tree, try knownCommit(theirs).tree)
    let clean = try repository.gitCall { () throws -> OID? in
      if try git.isOneSidedMerge(base: baseTree, ours: ourTree, theirs: theirTree, merged: commit.treeID) {
        return commit.treeID
      }
      return try git.mergeTrees(ancestor: baseTree, ours: ourTree, theirs: theirTree)
    }
    guard let clean else {
      report.add(.merge, .mergeConflict)
      return
    }
    guard clean != commit.treeID else { return }
    let own = try repository.gitCall { try git.differences(from: clean, to: commit.treeID) }.map(\.path)
    report.add(.merge, .mergeChanges(own))
  }

  /// Whether a changed entry is plain (SPEC section 5); reports it when not.
  private func checkLayout(_ change: TreeDifference, _ facts: Facts, report: inout Report) throws(ReformError) -> Bool {
    let path = ControlCharacters.escaped(change.path)
    guard change.isUTF8 else {
      report.add(.tree, .nameNotUTF8(path))
      return false
    }
    let parts = change.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    if parts.count == 1, Procedure.gitPresentationFiles.contains(change.path.lowercased()) {
      permit(facts, Procedure.presentationEditing, scope: PlanScope(leadUnit: nil, group: nil), .change(path), &report)
      return true
    }
    guard let mode = change.newMode else { return true }
    if let problem = Procedure.layoutProblem(parts, mode: mode) {
      report.add(.tree, .layout(path, problem))
      return false
    }
    if change.old == nil, parts.first == "plans", let twin = try twin(of: parts, in: facts.commit.treeID) {
      report.add(.tree, .caseTwins(path, ControlCharacters.escaped(twin)))
      return false
    }
    return true
  }

  /// Another entry of the folder of `parts` in `tree` whose name folds to the same.
  private func twin(of parts: [String], in tree: OID) throws(ReformError) -> String? {
    let folder = parts.dropLast().joined(separator: "/")
    guard let name = parts.last, let entry = try entry(tree, folder), entry.mode == .tree else { return nil }
    let folded = Procedure.foldedName(name)
    let bytes = Array(name.utf8)
    let other = try repository.gitCall { try git.treeEntries(entry.id) }
      .first { $0.nameBytes != bytes && $0.name.map(Procedure.foldedName) == folded }
    return other?.name.map { folder + "/" + $0 }
  }

  private func judgeMerge(_ facts: Facts, base: Place, report: inout Report) throws(ReformError) -> Place {
    let second = try place(of: facts.commit.parentIDs[1])
    guard case .main = base else {
      // A merge into a plan branch is judged by what it changes there; the records it brings
      // in were written elsewhere and count nowhere.
      return try judgeChanges(facts, base: base, counting: false, report: &report)
    }
    guard case .plan(let segment) = second, segment.stage == .review, facts.action == .approve else {
      report.add(.main, .notAnApprovalMerge)
      return .main
    }
    permit(facts, Procedure.authority(for: .approve), scope: PlanScope(leadUnit: nil, group: nil), .approvalMerge, &report)
    let outside = facts.changes.map(\.path).filter { !$0.hasPrefix("plans/\(segment.id)/") }
    if !outside.isEmpty {
      report.add(.scope, .approvalChangesOutside(id: segment.id, paths: outside))
    }
    let planTree = try knownCommit(facts.commit.parentIDs[1]).tree
    if let plan = try validPlan(in: planTree, segment.id) {
      // Counted by the policy in the merge's first parent, `main`'s: a member removed there no
      // longer counts, exactly as for `reform approve`.
      let counted = segment.sinceChange.counted(by: facts.policy, scope: try planScope(in: planTree, segment.id))
      if let failure = Procedure.approvalGateFailure(
        plan, recordsSinceChange: counted, inForce: segment.inForceBodies)
      {
        report.add(.gate, .approvalGate(id: segment.id, failure))
      }
    } else {
      report.add(.gate, .approvalOfInvalidPlan(id: segment.id))
    }
    approvals[segment.id, default: []].append(facts.commit.id)
    return .main
  }

  private func judgeTransition(
    _ facts: Facts, _ action: ReformAction, base: Place, report: inout Report
  ) throws(ReformError) -> Place {
    let opening = action == .new || action == .amend
    let touched = facts.changes.map(\.path)
    switch base {
    case .main where opening:
      guard let id = planID(of: facts.commit) else {
        report.add(.trailer, .noPlanTrailer(action))
        return .main
      }
      let planPath = RepositoryFile.planPath(id)
      let expected = action == .new ? [planPath] : []
      if touched != expected {
        report.add(.stage, .openingChanges(action, only: expected.first))
      }
      let approved = try entry(facts.parentTree, planPath) != nil
      if approved != (action == .amend) {
        report.add(.stage, action == .new ? .planExists(id: id) : .planNotApproved(id: id))
      }
      let scope = try planScope(in: action == .new ? facts.commit.treeID : facts.parentTree, id)
      permit(facts, Procedure.authority(for: action), scope: scope, .action(action), &report)
      var segment = PlanSegment(id: id, stage: .drafting, isAmendment: action == .amend)
      segment.knownScope = scope
      if action == .amend, let parent = facts.commit.parentIDs.first {
        segment.inForceBodies = try repository.bodiesInForce(of: id, at: parent)
      }
      return .plan(segment)
    case .plan(var segment) where !opening:
      if !touched.isEmpty { report.add(.stage, .transitionChangesFiles(action)) }
      guard let next = Procedure.next(after: segment.stage, by: action) else {
        report.add(.stage, .notATransition(action, from: segment.stage))
        return .plan(segment)
      }
      let scope = try planScope(in: facts.commit.treeID, segment.id).filled(from: segment.knownScope)
      let authority = action == .return && lastDecisionRejected(segment)
        ? Procedure.returnAfterRejection : Procedure.authority(for: action)
      permit(facts, authority, scope: scope, .action(action), &report)
      if action == .submit { try checkSubmitGate(facts, segment, &report) }
      segment.stage = next
      return .plan(segment)
    default:
      report.add(.stage, .transitionMisplaced(action, onPlanBranch: opening))
      return base
    }
  }

  private func judgeChanges(
    _ facts: Facts, base: Place, counting: Bool = true, report: inout Report
  ) throws(ReformError) -> Place {
    var place = base
    for change in facts.changes {
      try judge(change, facts, place: &place, counting: counting, report: &report)
    }
    return place
  }

  /// One changed path of a commit at `place`.
  private func judge(
    _ change: TreeDifference, _ facts: Facts, place: inout Place, counting: Bool, report: inout Report
  ) throws(ReformError) {
    let path = change.path
    if path.hasPrefix(".reform/") {
      try judgePolicyChange(facts, place: place, report: &report)
      return
    }
    let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    let planID = parts.count >= 3 && parts[0] == "plans" ? parts[1] : nil
    switch place {
    case .main:
      guard let planID else { return }  // other files on main: any member
      if parts.count == 3 && parts[2] == "plan.md" {
        report.add(.main, .planChangedOnMain(path: path))
        return
      }
      try judgeFileInPlan(
        change, parts: parts, planID: planID, stage: .approved, known: PlanScope(leadUnit: nil, group: nil), facts,
        report: &report)
    case .plan(var segment):
      guard planID == segment.id else {
        report.add(.scope, .outsidePlanFolder(path: path, id: segment.id))
        return
      }
      if parts.count == 3 && parts[2] == "plan.md" {
        guard change.new != nil else {
          report.add(.content, .planDeleted(path: path))
          return
        }
        guard [.drafting, .consultation].contains(segment.stage) else {
          report.add(.stage, .planChangedAtStage(segment.stage))
          return
        }
        let scope = try planScope(in: facts.parentTree, segment.id).filled(from: segment.knownScope)
        permit(facts, Procedure.planEditing, scope: scope, .change("plan.md"), &report)
        let changed = try planScope(in: facts.commit.treeID, segment.id)
        if let before = scope.leadUnit, let after = changed.leadUnit, before != after {
          report.add(.scope, .leadUnitChanged(from: before, to: after))
        }
        segment.knownScope = changed.filled(from: segment.knownScope)
        segment.planChanged()
      } else if let record = try judgeFileInPlan(
        change, parts: parts, planID: segment.id, stage: segment.stage, known: segment.knownScope, facts,
        report: &report), counting
      {
        segment.count(record)
      }
      place = .plan(segment)
    }
  }

  /// A record or attachment of plan `planID` at `stage`; returns the record when it counts.
  @discardableResult
  private func judgeFileInPlan(
    _ change: TreeDifference, parts: [String], planID: String, stage: Stage, known: PlanScope, _ facts: Facts,
    report: inout Report
  ) throws(ReformError) -> SignedRecord? {
    let path = change.path
    let scope = try planScope(in: stage == .approved ? facts.parentTree : facts.commit.treeID, planID).filled(from: known)
    guard parts.count == 4, parts[2] == "records" else {
      // An attachment beside plan.md: the lead unit's drafters, while the plan is drafted (on
      // main it changes only with plan.md, through an approval merge).
      if stage == .review || stage == .withdrawn || stage == .approved {
        report.add(.stage, .fileChangedAtStage(path: path, stage))
      }
      permit(facts, Procedure.planEditing, scope: scope, .change(path), &report)
      return nil
    }
    guard change.new != nil else {
      report.add(.content, .recordDeleted(path: path))
      return nil
    }
    let (record, diagnostics) = Validator(snapshot: TreeSnapshot(repository: git, tree: facts.commit.treeID))
      .record(planID, parts[3], measureIDs: try planFacts(in: facts.commit.treeID, planID).measures)
    guard let record else {
      report.add(.content, .invalidRecord(path: path, diagnostics.first))
      return nil
    }
    if !Procedure.stages(for: record.kind).contains(stage) {
      report.add(.stage, .recordAtStage(record.kind, stage))
      return nil
    }
    let committed = CalendarDate(facts.commit.committer.time, in: facts.commit.committer.timeZone)
    if record.date > committed {
      report.add(.recordDate, .recordDatedAfterCommit(path: path, date: record.date, committed: committed))
      return nil
    }
    let authority = Procedure.authority(for: record.kind, reviewType: record.text("type").flatMap(ReviewType.init))
    guard let signer = facts.signer,
      permit(facts, authority, scope: scope, .record(record), &report, recordUnit: record.text("unit"))
    else { return nil }
    return SignedRecord(record: record, signer: signer, signedAt: facts.commit.committer.time)
  }

  private func judgePolicyChange(_ facts: Facts, place: Place, report: inout Report) throws(ReformError) {
    guard !report.judgedPolicy else { return }
    report.judgedPolicy = true
    guard case .main = place else {
      report.add(.policy, .policyOffMain)
      return
    }
    permit(facts, Procedure.authority(for: .policy), scope: PlanScope(leadUnit: nil, group: nil), .change(".reform/"), &report)
    let (policy, diagnostics) = Validator(snapshot: TreeSnapshot(repository: git, tree: facts.commit.treeID)).policy()
    guard let policy else {
      report.add(.policy, .invalidPolicy(diagnostics.first))
      return
    }
    if !policy.members.contains(where: { $0.has(.admin) }) {
      report.add(.policy, .policyWithoutAdmin)
    }
  }

  // MARK: Commits

  /// What the judge knows of commit `id`: what it kept when judging it, else the commit read.
  private func knownCommit(_ id: OID) throws(ReformError) -> JudgedHistory.Commit {
    if let known = history[id] { return known }
    let commit = try repository.gitCall { try git.commit(id) }
    return JudgedHistory.Commit(tree: commit.treeID, parents: commit.parentIDs, time: commit.committer.time, generation: nil)
  }

  /// The merge base of `ours` and `theirs`: found among the judged commits when they decide
  /// it, else libgit2's (`git_merge_base`), which walks the repository.
  private func mergeBase(_ ours: OID, _ theirs: OID) throws(ReformError) -> OID? {
    if let decided = history.mergeBase(ours, theirs) { return decided }
    return try repository.gitCall { try git.mergeBase(ours, theirs) }
  }

  // MARK: Rules shared by the kinds

  /// Whether the signer may act with `authority`; reports a role violation when not.
  @discardableResult
  private func permit(
    _ facts: Facts, _ authority: Authority, scope: PlanScope, _ act: Finding.Act, _ report: inout Report,
    recordUnit: String? = nil
  ) -> Bool {
    guard let signer = facts.signer else { return false }
    if let refusal = Procedure.refusal(of: signer, for: authority, plan: scope, recordUnit: recordUnit) {
      report.add(.role, .refused(act, refusal, signer: signer, now: false))
      return false
    }
    guard let now = authorityNow else { return true }
    guard let current = now.member(named: signer.name) else {
      report.add(.role, .signerRemoved(act, name: signer.name))
      return false
    }
    if let refusal = Procedure.refusal(of: current, for: authority, plan: scope, recordUnit: recordUnit) {
      report.add(.role, .refused(act, refusal, signer: current, now: true))
      return false
    }
    return true
  }

  private func checkSubmitGate(_ facts: Facts, _ segment: PlanSegment, _ report: inout Report) throws(ReformError) {
    guard let plan = try validPlan(in: facts.commit.treeID, segment.id) else {
      report.add(.gate, .submitOfInvalidPlan(id: segment.id))
      return
    }
    let counted = segment.versionRecords.counted(by: facts.policy, scope: try planScope(in: facts.commit.treeID, segment.id))
    if segment.stage == .drafting, !Procedure.researchGateHolds(plan, versionRecords: counted) {
      report.add(.gate, .noResearch(id: segment.id))
    }
    if segment.stage == .consultation {
      let missing = Procedure.missingConsultations(plan, versionRecords: counted)
      if !missing.isEmpty {
        report.add(.gate, .missingConsultations(id: segment.id, missing.map(\.type)))
      }
    }
  }

  private func lastDecisionRejected(_ segment: PlanSegment) -> Bool {
    segment.sinceChange.last { $0.record.kind == .decision }?.record.text("verdict") == DecisionVerdict.rejected.rawValue
  }

  /// `Reform-Plan` and `Reform-Stage`, when present, must say where the commit is.
  private func checkTrailers(_ trailers: ReformTrailers, place: Place, report: inout Report) {
    let stage = trailers.stage
    let plan = trailers.plan
    switch place {
    case .main:
      if let stage, stage != Stage.approved.rawValue {
        report.add(.trailer, .stageTrailerOnMain(stage))
      }
    case .plan(let segment):
      if let stage, stage != segment.stage.rawValue {
        report.add(.trailer, .stageTrailerMismatch(stage, id: segment.id, actual: segment.stage))
      }
      if let plan, plan != segment.id {
        report.add(.trailer, .planTrailerMismatch(plan, id: segment.id))
      }
    }
  }

  private func signatureProblem(_ id: OID, _ policy: Policy) throws(ReformError) -> Finding {
    guard let signature = try repository.gitCall({ try git.commitSignature(id) }) else {
      return .signature(.missingSignature)
    }
    do {
      let key = try SSHSignature.verify(
        String(decoding: signature.signature, as: UTF8.self), over: signature.signedData)
      if let (member, retired) = policy.retirement(of: key) {
        return .retiredKey(fingerprint: key.fingerprint, member: member.name, retired: retired.timestamp)
      }
      if policy.keys.contains(key) { return .keyOfNoMemberInForce }
      return .signature(.unknownKey(fingerprint: key.fingerprint))
    } catch {
      return .signature(error)
    }
  }

  private func planID(of commit: Commit) -> String? {
    guard let id = ReformTrailers(message: commit.message ?? "").plan,
      PlanID.isValid(id)
    else { return nil }
    return id
  }

  private func planScope(in tree: OID?, _ id: String) throws(ReformError) -> PlanScope {
    try planFacts(in: tree, id).scope
  }

  /// The scope and measures of plan `id` in `tree`, read once per version of its `plan.md`.
  private func planFacts(in tree: OID?, _ id: String) throws(ReformError) -> (scope: PlanScope, measures: Set<String>?) {
    let path = RepositoryFile.planPath(id)
    guard let blob = try entry(tree, path), blob.isRegularFile else {
      return (PlanScope(leadUnit: nil, group: nil), nil)
    }
    if let known = plans[blob.id] { return known }
    var sink = DiagnosticSink(path: path)
    let file = try FrontMatterFile.parse(repository.gitCall { try git.readBlob(blob.id) }, sink: &sink)
    let front = file?.frontMatter
    let facts = (
      scope: PlanScope(leadUnit: front?["lead_unit"]?.scalar?.text, group: front?["group"]?.scalar?.text),
      measures: front?["measures"]?.sequence.map { Set($0.compactMap { $0["id"]?.scalar?.text }) }
    )
    plans[blob.id] = facts
    return facts
  }

  /// Plan `id` as `tree` holds it, validated once per version of its `plan.md`.
  private func validPlan(in tree: OID, _ id: String) throws(ReformError) -> Plan? {
    guard let blob = try entry(tree, RepositoryFile.planPath(id)) else { return nil }
    if let known = validPlans[blob.id] { return known }
    let plan = Validator(snapshot: TreeSnapshot(repository: git, tree: tree)).plan(id).plan
    validPlans[blob.id] = .some(plan)
    return plan
  }

  private func entry(_ tree: OID?, _ path: String) throws(ReformError) -> TreeEntry? {
    try repository.gitCall { try tree.flatMap { try git.treeEntry($0, path: path) } }
  }
}

/// The violations of one commit.
private struct Report {
  let commit: OID
  let ref: String
  var violations: [Violation] = []
  var judgedPolicy = false

  mutating func add(_ rule: Rule, _ finding: Finding) {
    violations.append(Violation(commit: commit, ref: ref, rule: rule, finding))
  }
}
