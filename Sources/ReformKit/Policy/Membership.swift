import Foundation
import GitKit

extension PlanRepository {
  /// Adds `member` to the policy on `main` in a commit signed by `key`, which must be an admin's
  /// in the policy in force; `allowed_signers` follows.
  @discardableResult
  public func addMember(_ member: Member, signedBy key: any SSHSigner) throws(ReformError) -> OID {
    let roles = member.roles.map(\.rawValue).joined(separator: ",")
    return try changePolicy(signedBy: key, summary: "reform: add member \(member.name) (\(roles))") {
      (policy: inout Policy) throws(PolicyError) in try policy.add(member)
    }
  }

  /// Removes the member called `name` from the policy on `main`, as `addMember` adds one.
  @discardableResult
  public func removeMember(named name: String, signedBy key: any SSHSigner) throws(ReformError) -> OID {
    try changePolicy(signedBy: key, summary: "reform: remove member \(name)") {
      (policy: inout Policy) throws(PolicyError) in try policy.remove(named: name)
    }
  }

  /// `reform member sync`: rewrites `.reform/allowed_signers` from the policy on `main` in an
  /// admin's signed commit, repairing a missing or stale file.
  /// - Returns: the commit, or `nil` when the file was already right.
  @discardableResult
  public func syncAllowedSigners(signedBy key: any SSHSigner) throws(ReformError) -> OID? {
    let policy = try policyOnMain()
    let current = try? snapshot(of: mainTip()).read(Policy.allowedSignersPath)
    if current == Data(policy.allowedSigners.utf8) { return nil }
    return try changePolicy(signedBy: key, summary: "reform: rewrite allowed_signers from the policy") { _ in }
  }

  /// The members of the policy on `main`.
  public func members() throws(ReformError) -> [Member] {
    try policy(at: mainTip()).members
  }

  private func changePolicy(
    signedBy key: any SSHSigner,
    summary: String,
    _ change: (inout Policy) throws(PolicyError) -> Void
  ) throws(ReformError) -> OID {
    let tip = try mainTip()
    var policy = try policy(at: tip)
    let admin = try actor(key, may: Procedure.authority(for: .policy), action: "changing the policy")
    do {
      try change(&policy)
    } catch {
      throw .policy(error)
    }
    let changes: [String: Data?] = [
      Policy.path: Data(policy.yaml.utf8),
      Policy.allowedSignersPath: Data(policy.allowedSigners.utf8),
    ]
    let message = CommitMessage(summary: summary, trailers: ReformTrailers(action: .policy).lines)
    return try commit(
      on: Self.mainBranch, from: tip, changes: changes, message: message, key: key, author: admin.identity)
  }
}
