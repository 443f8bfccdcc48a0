import Foundation
import GitKit

/// The member acting in a command: whoever owns the signing key in the policy in force.
struct Actor {
  let key: SSHSigningKey
  let member: Member
  let identity: Identity
}

extension PlanRepository {
  /// The member owning `key` in the policy of the commit `policyCommit` (the new commit's first
  /// parent), checked for `role` (any role when `nil`) and, when given, for the unit or group.
  func actor(
    _ key: SSHSigningKey,
    policyAt policyCommit: OID?,
    role: Role?,
    action: String,
    unit: String? = nil,
    group: String? = nil
  ) throws(ReformError) -> Actor {
    let policy = try policy(at: policyCommit)
    let member: Member
    if let role {
      member = try signer(key, in: policy, role: role, action: action)
    } else if let owner = policy.member(for: key.publicKey) {
      member = owner
    } else {
      throw .unknownSigner(fingerprint: key.publicKey.fingerprint)
    }
    if let unit, member.unit != unit {
      throw .notPermitted(
        "\(action) needs a \(role?.rawValue ?? "member") of the unit \(unit); \(member.name) is of "
          + "\(member.unit): sign with the key of a member of \(unit)")
    }
    if let group, !member.groups.contains(group) {
      throw .notPermitted(
        "\(action) needs a reviewer of the special group \(group); \(member.name) reviews for "
          + (member.groups.isEmpty ? "no group" : member.groups.joined(separator: ", "))
          + ": sign with such a reviewer's key")
    }
    return Actor(key: key, member: member, identity: try identity(of: member))
  }
}

extension CommitMessage {
  /// A message with the three trailers of SPEC section 2.
  static func reform(
    _ summary: String, body: String = "", plan: String, action: String, stage: Stage
  ) -> CommitMessage {
    CommitMessage(
      summary: summary, body: body,
      trailers: [("Reform-Plan", plan), ("Reform-Action", action), ("Reform-Stage", stage.rawValue)])
  }
}
