import Foundation
import GitKit

/// One commit of a plan's history.
public struct LogEntry: Sendable, Equatable, Encodable {
  /// The commit id.
  public let commit: String
  /// The committer date, `YYYY-MM-DD`.
  public let date: String
  /// The `Reform-Action` trailer, or `edit` for a commit that does not name the plan.
  public let action: String
  /// The `Reform-Stage` trailer, else the stage the plan was at (a plain-git edit).
  public let stage: String
  /// The policy member whose key made the signature; `nil` when it did not verify.
  public let signer: String?
  /// Whether the signature checked out against the policy in force.
  public let verified: Bool
  /// The commit's first line.
  public let summary: String
  /// The name the commit gives its committer: anyone can write any name, so it is shown
  /// only beside a signature that does not verify (not part of the JSON shape).
  public let committer: String

  private enum CodingKeys: String, CodingKey { case commit, date, action, stage, signer, verified, summary }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(commit, forKey: .commit)
    try container.encode(date, forKey: .date)
    try container.encode(action, forKey: .action)
    try container.encode(stage, forKey: .stage)
    try container.encode(signer, forKey: .signer)
    try container.encode(verified, forKey: .verified)
    try container.encode(summary, forKey: .summary)
  }
}

extension PlanRepository {
  /// The commits of plan `id`, oldest first: those on `main` and on the plan's stage branches
  /// that change its folder or name it in their `Reform-Plan` trailer, each with its verified
  /// signer. Found through the plan index; `progress` hears about a first, cold build of it.
  public func history(of id: String, progress: (Int, Int) -> Void = { _, _ in }) throws(ReformError) -> [LogEntry] {
    guard PlanID.isValid(id) else { throw .invalidPlanID(Self.idRule(id)) }
    let index = try planIndex(progress: progress)
    var branchStage: [OID: Stage] = [:]
    let main = try mainTip()
    for stage in Stage.branchStages {
      guard let tip = try gitCall({ try git.referenceTarget(stage.branch(for: id)) }) else { continue }
      for commit in try gitCall({ try git.commitIDs(from: [tip], excluding: main.map { [$0] } ?? []) }) {
        branchStage[commit] = stage
      }
    }
    var policies: [OID: Policy?] = [:]
    var entries: [LogEntry] = []
    for commitID in try index.commits(touching: id) {
      let onMain = try index.isOnMain(commitID)
      guard branchStage[commitID] != nil || onMain else { continue }
      let commit = try gitCall { try git.commit(commitID) }
      // A commit that names no stage (a plain-git edit) is at the stage the plan was at.
      let stage = entries.last?.stage ?? branchStage[commitID]?.rawValue ?? Stage.drafting.rawValue
      entries.append(try entry(commit, plan: id, stage: stage, policies: &policies))
    }
    if entries.isEmpty, try state(of: id) == nil { throw .unknownPlan(id) }
    return entries
  }

  private func entry(
    _ commit: Commit, plan id: String, stage: String, policies: inout [OID: Policy?]
  ) throws(ReformError) -> LogEntry {
    let signer = try verifiedSigner(commit, policies: &policies)
    let trailers = ReformTrailers(message: commit.message ?? "")
    var names = trailers.plan == id
    if names, trailers.action != nil {
      guard let action = trailers.knownAction else { return entry(commit, signer: signer, action: "edit", stage: stage) }
      let parentTree = try gitCall { try commit.parentIDs.first.map { try git.commit($0).treeID } }
      let changes = try gitCall { try git.differences(from: parentTree, to: commit.treeID) }.map(\.path)
      names = Procedure.commitDoes(action, plan: id, parents: commit.parentIDs.count, changes: changes)
    }
    return entry(
      commit, signer: signer, action: names ? trailers.action ?? "edit" : "edit",
      stage: names ? trailers.stage ?? stage : stage)
  }

  private func entry(_ commit: Commit, signer: Member?, action: String, stage: String) -> LogEntry {
    LogEntry(
      commit: commit.id.hex, date: CalendarDate(commit.committer.time).description, action: action, stage: stage,
      signer: signer?.name, verified: signer != nil, summary: String((commit.message ?? "").prefix { $0 != "\n" }),
      committer: commit.committer.name)
  }

  /// The member of the policy in force (its first parent's tree) whose key signed `commit`.
  func verifiedSigner(_ commit: Commit, policies: inout [OID: Policy?]) throws(ReformError) -> Member? {
    let policyTree = try gitCall { try commit.parentIDs.first.map { try git.commit($0).treeID } ?? commit.treeID }
    if policies[policyTree] == nil {
      policies[policyTree] = .some(Validator(snapshot: TreeSnapshot(repository: git, tree: policyTree)).policy().policy)
    }
    guard let policy = policies[policyTree] ?? nil else { return nil }
    return try signer(of: commit.id, in: policy)
  }
}
