import Foundation
import GitKit

/// What `reform verify` found.
public struct VerificationReport: Sendable, Equatable, Codable {
  /// How many commits were judged.
  public let commitsChecked: Int
  /// Every violation, commits in history order, then references.
  public let violations: [Violation]
}

extension PlanRepository {
  /// `reform verify`: judges every commit reachable from a branch or tag against SPEC section 5
  /// (by the policy in force for it), then every branch and version tag; `progress` hears how
  /// many commits are judged, of how many.
  /// - Parameter since: a revision; commits reachable from it are not judged again (their
  ///   places in the procedure are learnt from the plan segments they belong to).
  public func verify(since: String? = nil) throws(ReformError) -> VerificationReport {
    // The judge keeps what it needs of each commit; libgit2's cache would only churn.
    try GitLibrary.withoutObjectCache { () throws(ReformError) in try verifyHistory(since: since) }
  }

  private func verifyHistory(since: String?) throws(ReformError) -> VerificationReport {
    let refs = try gitCall { try git.references(matching: "refs/*") }.filter(Self.isJudged)
    var hidden: [OID] = []
    if let since {
      guard let commit = try gitCall({ try git.resolveCommit(since) }) else { throw .unknownRevision(since) }
      hidden = [commit]
    }
    // History is walked from the procedure's references only: any other is a violation of
    // its own, whatever it points at.
    let procedureRefs = refs.filter { ReformReference($0.name) != nil }
    let tips = Set(try procedureRefs.map { reference throws(ReformError) in try peeledCommit(reference.target) }.compactMap { $0 })
    let mainTip = try procedureRefs.first { $0.name == Self.mainBranch }.map { main throws(ReformError) in
      try peeledCommit(main.target)
    } ?? nil
    let starts = [mainTip].compactMap { $0 } + tips.filter { $0 != mainTip }.sorted()
    let onMain: [OID]
    let commits: [OID]
    if hidden.isEmpty {
      // All history: one walk of parent links, main's history first.
      let groups = try gitCall { try git.parentsFirst(from: starts) }
      onMain = mainTip == nil ? [] : groups[0]
      commits = groups.flatMap { $0 }
    } else {
      // Since a commit: libgit2's walks know where to stop; main's history in one, the other
      // tips (most are version tags on it) in a second that hides it.
      onMain = try gitCall { try mainTip.map { try git.commitIDs(from: [$0], excluding: hidden, order: []) } ?? [] }
      let mainHistory = Set(onMain)
      let otherTips = starts.filter { !mainHistory.contains($0) }
      let elsewhere = otherTips.isEmpty ? [] : try gitCall {
        try git.commitIDs(from: otherTips, excluding: hidden + [mainTip].compactMap { $0 }, order: [])
      }
      let toJudge = onMain + elsewhere
      commits = try gitCall { try git.parentsFirst(from: toJudge, among: Set(toJudge)) }.flatMap { $0 }
    }
    let mainSet = Set(onMain)
    let refOf = try referencesReaching(commits, onMain: onMain, refs: procedureRefs)
    let preparation = CommitPreparation(gitDirectory: git.gitDirectory, commits: commits)
    defer { preparation.cancel() }
    let judge = CommitJudge(self, preparation: preparation)
    judge.notDatedAfter = Date().addingTimeInterval(Self.clockTolerance)
    for (index, commit) in commits.enumerated() {
      try judge.judge(commit, ref: refOf[commit] ?? "")
      if index % 256 == 0 { progress(.verifying, index, commits.count) }
    }
    progress(.verifying, commits.count, commits.count)
    var violations = judge.violations
    violations += try checkReferences(refs, all: refs, judge: judge, onMain: since == nil ? mainSet : nil)
    if since == nil { violations += try untaggedApprovals(judge, refs: refs) }
    violations += try branchesPastTheirApproval(judge, refs: refs)
    violations += try rewrittenMain(refs)
    return VerificationReport(commitsChecked: commits.count, violations: violations)
  }

  /// Whether `verify` judges the local reference `reference`: every one but the remote-tracking
  /// branches (copies of the central repository's, judged there) and `git stash`'s.
  private static func isJudged(_ reference: Reference) -> Bool {
    !reference.name.hasPrefix("refs/remotes/") && reference.name != "refs/stash"
  }

  /// `main` must contain what the central repository's `main` held when last fetched.
  private func rewrittenMain(_ refs: [Reference]) throws(ReformError) -> [Violation] {
    guard let main = refs.first(where: { $0.name == Self.mainBranch }) else { return [] }
    var violations: [Violation] = []
    for remote in try gitCall({ try git.references(matching: "refs/remotes/*/main") })
    where try !gitCall({ try git.isAncestor(remote.target, of: main.target) }) {
      violations.append(
        Violation(
          commit: main.target, ref: Self.mainBranch, rule: .protected,
          .mainRewritten(remote: String(remote.name.dropFirst("refs/remotes/".count)))))
    }
    return violations
  }

  /// For each of `commits` (the commits to judge), a reference it is reached through: `main`
  /// for `onMain` (its history, walked once), then the other references in order, each
  /// claiming the commits no earlier one reached, found by following its own commits back
  /// until one already claimed (or not to be judged): a stage branch costs its own commits,
  /// not a walk of the whole history (one such walk per branch took minutes at 10,000 plans).
  private func referencesReaching(
    _ commits: [OID], onMain: [OID], refs: [Reference]
  ) throws(ReformError) -> [OID: String] {
    let judged = Set(commits)
    var result = Dictionary(uniqueKeysWithValues: onMain.map { ($0, Self.mainBranch) })
    for reference in refs where reference.name != Self.mainBranch {
      guard let tip = try peeledCommit(reference.target) else { continue }
      var pending = [tip]
      while let id = pending.popLast() {
        guard result[id] == nil, judged.contains(id) else { continue }
        result[id] = reference.name
        pending += try gitCall { try git.parentIDs(of: id) }
      }
    }
    return result
  }

  /// The commit an object resolves to (a tag is peeled), or `nil` for any other object or
  /// one the repository does not hold.
  func peeledCommit(_ id: OID) throws(ReformError) -> OID? {
    switch try gitCall({ try git.objectType(id) }) {
    case "commit": return id
    case "tag": return try peeledCommit(try gitCall { try git.annotatedTag(id).target })
    default: return nil
    }
  }

  /// Branch and tag rules for `refs`, judged in the state `all` (every branch and tag after
  /// the push, or now): names, stages, `.reform/` of plan branches, plans on two branches, tags.
  /// - Parameter onMain: every commit in `main`'s history, when known (else asked of git).
  func checkReferences(
    _ refs: [Reference], all: [Reference], judge: CommitJudge, onMain: Set<OID>? = nil
  ) throws(ReformError) -> [Violation] {
    var violations: [Violation] = []
    var tagsByPlan: [String: [Reference]] = [:]
    var branchesByPlan: [String: [String]] = [:]
    for reference in all {
      switch ReformReference(reference.name) {
      case .versionTag(let id, _): tagsByPlan[id, default: []].append(reference)
      case .stage(let stage, let id):
        // A withdrawn amendment stands beside the plan's next draft: the plan itself is approved.
        if stage == .withdrawn, try isWithdrawnAmendment(reference, judge: judge) { continue }
        branchesByPlan[id, default: []].append(reference.name)
      default: break
      }
    }
    for reference in refs {
      let name = reference.name
      let add = { (rule: Rule, finding: Finding) in
        violations.append(Violation(commit: nil, ref: name, rule: rule, finding))
      }
      guard let kind = ReformReference(name) else {
        add(.namespace, .outsideNamespaces)
        continue
      }
      if case .versionTag(let id, let version) = kind {
        if let problem = try versionTagProblem(
          reference, id: id, version: version, tagsByPlan: tagsByPlan, judge: judge, onMain: onMain, all: all)
        {
          add(.tag, problem)
        }
        continue
      }
      guard let tip = try peeledCommit(reference.target) else {
        add(.namespace, .branchNotAtCommit)
        continue
      }
      let place = try judge.place(of: tip)
      guard case .stage(let stage, let id) = kind else {
        if case .plan(let segment) = place {
          add(.main, .mainAtPlanCommit(id: segment.id, segment.stage))
        }
        continue
      }
      if let names = branchesByPlan[id], names.count > 1 {
        add(.namespace, .planOnBranches(id: id, names))
      }
      guard case .plan(let segment) = place, segment.id == id, segment.stage == stage else {
        add(.stage, .branchHistoryStage(id: id, stage))
        continue
      }
      if let main = all.first(where: { $0.name == Self.mainBranch }) {
        let base = try mergeBaseWithMain(main.target, tip, onMain: onMain)
        do {
          if try reformFolder(at: base) != reformFolder(at: tip) {
            add(.policy, .branchPolicyDiffers)
          }
        } catch .git(let error) where error.isMalformedTree {
          // A tree git cannot parse is the `tree` violation of the commit that wrote it.
        }
      }
    }
    return violations
  }

  /// The merge base of `main` and the stage branch tip `tip`. With `onMain` (every commit of
  /// `main`'s history, which `verify` knows), the commit of `main` that a walk back from `tip`
  /// meets: a walk of the branch's own commits, not libgit2's walk of `main`'s history for each
  /// branch. Several such commits (a branch that merged `main`) are left to `git_merge_base`.
  private func mergeBaseWithMain(_ main: OID, _ tip: OID, onMain: Set<OID>?) throws(ReformError) -> OID? {
    guard let onMain else { return try gitCall { try git.mergeBase(main, tip) } }
    var met: Set<OID> = []
    var seen: Set<OID> = [tip]
    var pending = [tip]
    while let id = pending.popLast() {
      if onMain.contains(id) {
        met.insert(id)
        continue
      }
      for parent in try gitCall({ try git.commit(id).parentIDs }) where seen.insert(parent).inserted {
        pending.append(parent)
      }
    }
    return met.count > 1 ? try gitCall { try git.mergeBase(main, tip) } : met.first
  }

  /// Why the tag `reference` is not a good version tag, or `nil`: an annotated tag named
  /// `plans/<id>/v<N>`, signed by an approver of the policy in force at the merge it points
  /// at, which is the approval merge of version N of `id`.
  private func versionTagProblem(
    _ reference: Reference, id: String, version: Int, tagsByPlan: [String: [Reference]], judge: CommitJudge,
    onMain: Set<OID>?, all: [Reference]
  ) throws(ReformError) -> Finding? {
    let checked = try checkedVersionTag(reference) { merge throws(ReformError) in
      try judge.policy(inTree: try gitCall { try git.commit(merge.parentIDs[0]).treeID })
    }
    let merge: Commit
    switch checked {
    case .success(let tagged): merge = tagged
    case .failure(let problem): return .versionTag(problem)
    }
    let target = merge.id
    var reachable = onMain?.contains(target) ?? false
    if onMain == nil { reachable = try isOnMain(target, all) }
    guard reachable, try isApprovalMerge(target, of: id, judge: judge)
    else { return .tagNotOnApproval(id: id) }
    // Version N is the approval merge with N - 1 version tags of the plan on earlier approval
    // merges (a tag that is not an annotated tag of its own name on one counts for nothing).
    var earlier = 0
    for other in tagsByPlan[id] ?? [] where other.name != reference.name {
      guard try gitCall({ try git.objectType(other.target) }) == "tag",
        Self.tagNameMatches(try gitCall { try git.annotatedTag(other.target) }, reference: other.name),
        let commit = try peeledCommit(other.target), commit != target,
        try isApprovalMerge(commit, of: id, judge: judge)
      else { continue }
      if try gitCall({ try git.isAncestor(commit, of: target) }) { earlier += 1 }
    }
    if earlier + 1 != version {
      return .tagVersionMismatch(named: version, actual: earlier + 1)
    }
    return nil
  }

  /// Whether `commit` is a merge into `main` of plan `id` in review: the one test of an
  /// approval merge's shape (the judge decides whether its gates held).
  func isApprovalMerge(_ commit: OID, of id: String, judge: CommitJudge) throws(ReformError) -> Bool {
    let merge = try gitCall { try git.commit(commit) }
    guard merge.parentIDs.count == 2, case .main = try judge.place(of: commit),
      case .plan(let segment) = try judge.place(of: merge.parentIDs[1])
    else { return false }
    return segment.id == id && segment.stage == .review
  }

  /// Whether `commit` is in the history of `main` among `refs`.
  private func isOnMain(_ commit: OID, _ refs: [Reference]) throws(ReformError) -> Bool {
    guard let main = refs.first(where: { $0.name == Self.mainBranch }) else { return false }
    return try gitCall { try git.isAncestor(commit, of: main.target) }
  }

  /// Whether the stage branch `reference` holds an amendment that was withdrawn (a draft opened
  /// by `reform amend`, whose version in force stayed on `main`).
  private func isWithdrawnAmendment(_ reference: Reference, judge: CommitJudge) throws(ReformError) -> Bool {
    guard let tip = try peeledCommit(reference.target), case .plan(let segment) = try judge.place(of: tip)
    else { return false }
    return segment.stage == .withdrawn && segment.isAmendment
  }

  /// Stage branches that go on from a version `main` approved: every stage branch of an
  /// approved plan starts from `main` after its last approval (`reform amend`); one that does
  /// not contain that merge continues the approved review (a `revise` made after the merged
  /// commit, or a second approval of the same review). A withdrawn amendment started from the
  /// approval before it and may stay behind later ones, so long as none of them merged it.
  private func branchesPastTheirApproval(_ judge: CommitJudge, refs: [Reference]) throws(ReformError) -> [Violation] {
    var violations: [Violation] = []
    for reference in refs {
      guard case .stage(let stage, let id) = ReformReference(reference.name),
        let merges = judge.approvals[id], let tip = try peeledCommit(reference.target)
      else { continue }
      let withdrawnAmendment = stage == .withdrawn ? try isWithdrawnAmendment(reference, judge: judge) : false
      var passed: OID?
      for merge in withdrawnAmendment ? merges : Array(merges.suffix(1)) where passed == nil {
        guard try !gitCall({ try git.isAncestor(merge, of: tip) }) else { continue }
        let reviewed = try gitCall { try git.commit(merge).parentIDs.last }
        let mergedHere = try gitCall { try reviewed.map { try git.isAncestor($0, of: tip) } ?? false }
        if withdrawnAmendment && !mergedHere { continue }
        passed = merge
      }
      guard let last = passed else { continue }
      violations.append(
        Violation(commit: tip, ref: reference.name, rule: .stage, .pastApproval(stage, id: id, merge: last)))
    }
    return violations
  }

  /// Approval merges whose version tag is missing.
  private func untaggedApprovals(_ judge: CommitJudge, refs: [Reference]) throws(ReformError) -> [Violation] {
    let tags = Dictionary(refs.filter { $0.name.hasPrefix("refs/tags/plans/") }.map { ($0.name, $0.target) }) { $1 }
    var violations: [Violation] = []
    for (id, merges) in judge.approvals.sorted(by: { $0.key < $1.key }) {
      for (index, merge) in merges.enumerated() {
        let name = "refs/tags/plans/\(id)/v\(index + 1)"
        let tagged = try tags[name].map { tag throws(ReformError) in try peeledCommit(tag) } ?? nil
        if tagged != merge {
          violations.append(
            Violation(
              commit: merge, ref: Self.mainBranch, rule: .tag,
              .untaggedApproval(id: id, version: index + 1, tag: String(name.dropFirst("refs/tags/".count)))))
        }
      }
    }
    return violations
  }
}
