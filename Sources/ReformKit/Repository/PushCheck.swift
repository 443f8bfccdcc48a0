import Foundation
import GitKit

/// One reference update of a push, as git's `pre-receive` and `pre-push` hooks receive it.
public struct RefUpdate: Sendable, Equatable {
  /// The full reference name on the receiving side.
  public let name: String
  /// Where it pointed before; zero when it is created.
  public let old: OID
  /// Where it will point; zero when it is deleted.
  public let new: OID

  /// An update.
  public init(name: String, old: OID, new: OID) {
    self.name = name
    self.old = old
    self.new = new
  }
}

/// Which side of a push a hook runs on.
public enum PushSide: Sendable {
  /// `pre-push`, in the pusher's clone: lines `<local ref> <local oid> <remote ref> <remote oid>`.
  case client
  /// `pre-receive`, in the central repository: lines `<old oid> <new oid> <ref>`.
  case server
}

extension PlanRepository {
  /// Checks a push as git describes it to the hook of `side` on standard input. A line that
  /// is not what git writes refuses the whole push (fail closed).
  public func checkPush(hookInput: String, side: PushSide) throws(ReformError) -> [Violation] {
    var updates: [RefUpdate] = []
    for line in hookInput.split(separator: "\n", omittingEmptySubsequences: true) {
      let fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
      guard fields.count == (side == .client ? 4 : 3) else {
        let shown = ControlCharacters.escaped(String(line.prefix(200)))
        throw .io(
          Language.current.choose(
            "the hook's input line '\(shown)' is not what git writes", "钩子的输入行 '\(shown)' 不是 git 写出的格式"))
      }
      let oid = { (text: String) throws(ReformError) -> OID in
        guard let id = OID(hex: text) else {
          let shown = ControlCharacters.escaped(text)
          throw .io(
            Language.current.choose(
              "hook input holds '\(shown)', not an object id", "钩子的输入含有 '\(shown)'，而不是对象编号"))
        }
        return id
      }
      switch side {
      case .client: updates.append(RefUpdate(name: fields[2], old: try oid(fields[3]), new: try oid(fields[1])))
      case .server: updates.append(RefUpdate(name: fields[2], old: try oid(fields[0]), new: try oid(fields[1])))
      }
    }
    let known = try gitCall { try git.references(matching: side == .client ? "refs/remotes/*" : "refs/*") }
    let now = Date()
    var earliest: Date?
    if side == .server {
      let days = (try? policyOnMain())?.commitDateWindowDays ?? Policy.defaultCommitDateWindowDays
      earliest = now.addingTimeInterval(-Double(days) * 86_400)
    }
    return try checkPush(
      updates, known: known.map(\.target), heldBefore: try objectsBeforeThePush(side), notDatedBefore: earliest,
      notDatedAfter: now.addingTimeInterval(Self.clockTolerance))
  }

  /// How far ahead of the judge's clock a commit may be dated: a committer's clock that runs a
  /// little fast. A commit dated further ahead would leave every later commit, which may not be
  /// older than its parent, refused until that day.
  static let clockTolerance: TimeInterval = 3_600

  /// On the receiving side, where git keeps a push's objects in quarantine until its hooks
  /// accept it: the repository without them, which tells what the central repository held
  /// before (even commits no reference reaches any more, such as a deleted branch's).
  private func objectsBeforeThePush(_ side: PushSide) throws(ReformError) -> Repository? {
    guard side == .server, ProcessInfo.processInfo.environment["GIT_QUARANTINE_PATH"] != nil else { return nil }
    return try gitCall { try Repository.open(at: git.gitDirectory, searchParents: false) }
  }

  /// Checks reference updates against every rule of SPEC section 5: names; no deletion or
  /// rewrite of `main`, of a version tag or of a stage branch (unless its plan moves on in the
  /// same push); every new commit judged by the policy in force for it; branches and tags as
  /// they will be after the push. Only the new commits are walked (and the plan segments they
  /// continue), never the whole history.
  /// - Parameters:
  ///   - known: objects the receiving side's references point at (any type).
  ///   - heldBefore: the receiving repository as it was before the push, when known.
  ///   - notDatedBefore: the earliest committer date a new commit may have (the central
  ///     repository's window, which keeps on-time figures honest), when checked.
  ///   - notDatedAfter: the latest committer date a new commit may have (the hook's clock), when
  ///     checked.
  public func checkPush(
    _ updates: [RefUpdate], known: [OID], heldBefore: Repository? = nil, notDatedBefore earliest: Date? = nil,
    notDatedAfter latest: Date? = nil
  ) throws(ReformError) -> [Violation] {
    // What the receiving side has: the commits of its references and of the updated ones.
    var existing: [OID] = []
    for id in known + updates.map(\.old) where !id.isZero {
      if let commit = try peeledCommit(id) { existing.append(commit) }
    }
    var violations: [Violation] = []
    for update in updates {
      violations += try protection(update, in: updates, existing: existing, heldBefore: heldBefore)
    }
    let judge = CommitJudge(self)
    judge.authorityNow = try policyOnMain(after: updates)
    judge.notDatedAfter = latest
    var hidden = existing
    var new: Set<OID> = []
    for update in updates where !update.new.isZero && ReformReference(update.name) != nil {
      guard let tip = try peeledCommit(update.new) else { continue }
      let commits = try gitCall { try git.commitIDs(from: [tip], excluding: hidden, order: [.topological, .reverse]) }
      for commit in commits {
        new.insert(commit)
        try judge.judge(commit, ref: update.name)
        guard let earliest else { continue }
        let committed = try gitCall { try git.commit(commit).committer.time }
        if committed < earliest {
          violations.append(
            Violation(commit: commit, ref: update.name, rule: .time, .datedBeforeWindow(committed)))
        }
      }
      hidden.append(tip)
    }
    violations += judge.violations
    let before = try gitCall { try git.references(matching: "refs/*") }.filter { ReformReference($0.name) != nil }
    let updated = Set(updates.map(\.name))
    let after = before.filter { !updated.contains($0.name) }
      + updates.filter { !$0.new.isZero }.map { Reference(name: $0.name, target: $0.new) }
    violations += try checkReferences(after.filter { updated.contains($0.name) }, all: after, judge: judge)
    for (id, merges) in judge.approvals {
      let tagged = try after.filter { ReformReference($0.name)?.planID == id && $0.name.hasPrefix("refs/tags/") }
        .map { tag throws(ReformError) in try peeledCommit(tag.target) }
      for merge in merges where !tagged.contains(merge) {
        violations.append(
          Violation(commit: merge, ref: Self.mainBranch, rule: .tag, .approvalWithoutTag(id: id)))
      }
      for merge in merges where new.contains(merge) {
        violations += try approvalEndsReview(merge, of: id, updates: updates, after: after)
      }
    }
    return violations
  }

  /// An approval merge ends its plan's review: it contains the tip of `review/<id>` that the
  /// push deletes, so that no review made after the merged commit (a legal office's `revise`
  /// at the tip) is passed over, and no review branch is left for a second approval.
  private func approvalEndsReview(
    _ merge: OID, of id: String, updates: [RefUpdate], after: [Reference]
  ) throws(ReformError) -> [Violation] {
    let review = Stage.review.branch(for: id)
    let violation = { (finding: Finding) in [Violation(commit: merge, ref: Self.mainBranch, rule: .main, finding)] }
    if after.contains(where: { $0.name == review }) {
      return violation(.reviewLeftInPlace(id: id))
    }
    guard let deletion = updates.first(where: { $0.name == review && $0.new.isZero }),
      let tip = try peeledCommit(deletion.old)
    else { return [] }
    let merged = try gitCall { try git.commit(merge).parentIDs }
    guard merged.count == 2, try gitCall({ try git.isAncestor(tip, of: merged[1]) }) else {
      return violation(.reviewTipNotMerged(id: id, tip: tip))
    }
    return []
  }

  /// The policy on `main` as `updates` leave it.
  private func policyOnMain(after updates: [RefUpdate]) throws(ReformError) -> Policy {
    guard let main = updates.first(where: { $0.name == Self.mainBranch && !$0.new.isZero }) else {
      return try policyOnMain()
    }
    return try policy(at: try peeledCommit(main.new))
  }

  /// The rules of a reference's move itself: `main` and version tags are never deleted or
  /// rewritten; a stage branch only moves forward, is created only at a new commit, and is
  /// deleted only when the same push moves its plan on (another of its stage branches, or
  /// `main`, then contains the old tip).
  private func protection(
    _ update: RefUpdate, in updates: [RefUpdate], existing: [OID], heldBefore: Repository?
  ) throws(ReformError) -> [Violation] {
    let violation = { (finding: Finding) in [Violation(commit: nil, ref: update.name, rule: .protected, finding)] }
    let forward = { () throws(ReformError) -> Bool in
      guard let old = try self.peeledCommit(update.old), let new = try self.peeledCommit(update.new) else { return false }
      return try self.gitCall { try self.git.isAncestor(old, of: new) }
    }
    switch ReformReference(update.name) {
    case .main:
      if update.new.isZero { return violation(.mainDeleted) }
      if !update.old.isZero, try !forward() { return violation(.mainRewound) }
    case .versionTag:
      if !update.old.isZero { return violation(.versionTagMoved) }
    case .stage(let stage, let id):
      if update.old.isZero, !update.new.isZero, let tip = try peeledCommit(update.new),
        try gitCall({
          try heldBefore?.objectExists(tip) == true || git.commitIDs(from: [tip], excluding: existing, order: []).isEmpty
        })
      {
        return violation(.stageBranchAtOldCommit)
      }
      if !update.old.isZero, !update.new.isZero, try !forward() {
        return violation(.stageBranchRewound(stage, id: id))
      }
      if update.new.isZero, !update.old.isZero, try !movesOn(update, id: id, in: updates) {
        return violation(.stageBranchDeleted(stage, id: id))
      }
    case nil:
      break  // judged with the references after the push; deleting one is always allowed
    }
    return []
  }

  /// Whether another update of `updates` (a stage branch of plan `id`, or `main`) contains the
  /// old tip of the deleted branch `deletion`.
  private func movesOn(_ deletion: RefUpdate, id: String, in updates: [RefUpdate]) throws(ReformError) -> Bool {
    guard let old = try peeledCommit(deletion.old) else { return true }
    for update in updates where update.name != deletion.name && !update.new.isZero {
      switch ReformReference(update.name) {
      case .main, .stage(_, id):
        if let new = try peeledCommit(update.new), try gitCall({ try git.isAncestor(old, of: new) }) { return true }
      default: continue
      }
    }
    return false
  }
}
