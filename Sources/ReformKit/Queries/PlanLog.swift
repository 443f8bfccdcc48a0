import Foundation
import GitKit

/// One commit of a plan's history.
public struct LogEntry: Sendable, Equatable, Codable {
  /// The commit id.
  public let commit: String
  /// The committer date, `YYYY-MM-DD`.
  public let date: String
  /// The `Reform-Action` trailer, or `edit` for a commit without one.
  public let action: String
  /// The `Reform-Stage` trailer.
  public let stage: String
  /// The policy member whose key made the signature, or the committer's name when unverified.
  public let signer: String
  /// Whether the signature checked out against the policy in force.
  public let verified: Bool
  /// The commit's first line.
  public let summary: String
}

extension PlanRepository {
  /// The commits that name plan `id` in their `Reform-Plan` trailer, oldest first, on `main`,
  /// the plan's stage branches and its version tags, each with its verified signer.
  public func history(of id: String) throws(ReformError) -> [LogEntry] {
    var tips: [OID] = []
    if let main = try mainTip() { tips.append(main) }
    for stage in Stage.branchStages {
      if let tip = try gitCall({ try git.referenceTarget(stage.branch(for: id)) }) { tips.append(tip) }
    }
    let commits = try gitCall { try git.commitIDs(from: tips, order: [.topological, .time, .reverse]) }
    var policies: [OID: Policy?] = [:]
    var entries: [LogEntry] = []
    for commitID in commits {
      let commit = try gitCall { try git.commit(commitID) }
      let trailers = CommitMessage.trailers(in: commit.message ?? "")
      guard trailers.contains(where: { $0.key == "Reform-Plan" && $0.value == id }) else { continue }
      entries.append(try entry(commit, trailers: trailers, policies: &policies))
    }
    return entries
  }

  private func entry(
    _ commit: Commit, trailers: [(key: String, value: String)], policies: inout [OID: Policy?]
  ) throws(ReformError) -> LogEntry {
    let signer = try verifiedSigner(commit, policies: &policies)
    let value = { (key: String) in trailers.last { $0.key == key }?.value }
    return LogEntry(
      commit: commit.id.hex, date: CalendarDate(commit.committer.time).description,
      action: value("Reform-Action") ?? "edit", stage: value("Reform-Stage") ?? "",
      signer: signer?.name ?? commit.committer.name, verified: signer != nil,
      summary: String((commit.message ?? "").prefix { $0 != "\n" }))
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
