import Foundation
import GitKit

extension PlanRepository {
  /// Adds `member` to the policy on `main` in a commit signed by `key`, which must be an admin's
  /// in the policy in force; `allowed_signers` follows.
  @discardableResult
  public func addMember(_ member: Member, signedBy key: any SSHSigner) throws(ReformError) -> OID {
    try changePolicy(signedBy: key) { (policy: inout Policy, _) throws(PolicyError) in
      try policy.add(member)
      return .addMember(member.name, roles: member.roles)
    }
  }

  /// Changes the member called `name` as `change` says, as `addMember` adds one; a new key
  /// retires the current one as of this commit's time (`Policy.update`).
  /// - Returns: the commit and the fields it changed, or `nil` when the member already was so
  ///   (nothing is committed).
  @discardableResult
  public func updateMember(
    named name: String, _ change: MemberChange, signedBy key: any SSHSigner
  ) throws(ReformError) -> MemberUpdate? {
    var changed: [MemberField] = []
    do {
      let commit = try changePolicy(signedBy: key) {
        (policy: inout Policy, time) throws(PolicyError) in
        changed = try policy.update(named: name, change, at: time)
        if changed.isEmpty { throw .unchanged(name) }
        return .updateMember(name, fields: changed.map(\.rawValue))
      }
      return MemberUpdate(commit: commit, changed: changed)
    } catch .policy(.unchanged) {
      return nil
    }
  }

  /// Removes the member called `name` from the policy on `main`, as `addMember` adds one.
  @discardableResult
  public func removeMember(named name: String, signedBy key: any SSHSigner) throws(ReformError) -> OID {
    try changePolicy(signedBy: key) { (policy: inout Policy, _) throws(PolicyError) in
      try policy.remove(named: name)
      return .removeMember(name)
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
    return try changePolicy(signedBy: key) { _, _ in
      .rewriteSigners
    }
  }

  /// The members of the policy on `main`.
  public func members() throws(ReformError) -> [Member] {
    try policy(at: mainTip()).members
  }

  /// Commits the policy `change` makes of the one on `main`, and `allowed_signers` generated
  /// from it, signed by an admin; the judge is asked before `main` moves.
  /// - Parameter change: changes the policy at the commit's time, returning the commit's summary.
  private func changePolicy(
    signedBy key: any SSHSigner,
    _ change: (inout Policy, _ time: Date) throws(PolicyError) -> CommitSummary
  ) throws(ReformError) -> OID {
    let tip = try mainTip()
    var policy = try policy(at: tip)
    let admin = try actor(key, may: Procedure.authority(for: .policy), action: "changing the policy")
    let summary: CommitSummary
    do {
      // The commit carries the admin's identity and its time: a retired key is valid up to it.
      summary = try change(&policy, admin.identity.time)
    } catch {
      throw .policy(error)
    }
    let changes: [String: Data?] = [
      Policy.path: Data(policy.yaml.utf8),
      Policy.allowedSignersPath: Data(policy.allowedSigners.utf8),
    ]
    let message = CommitMessage(
      summary: summary.text(in: policy.messageLanguage), trailers: ReformTrailers(action: .policy).lines)
    return try commit(
      on: Self.mainBranch, from: tip, changes: changes, message: message, key: key, author: admin.identity)
  }
}

/// What `reform member update` committed.
public struct MemberUpdate: Sendable {
  /// The policy commit on `main`.
  public let commit: OID
  /// The fields that changed.
  public let changed: [MemberField]
}
