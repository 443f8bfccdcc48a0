import Foundation
import GitKit

/// The member acting in a command: whoever owns the signing key in the policy on `main`.
struct Actor {
  let key: any SSHSigner
  let member: Member
  let identity: Identity
  /// The language of the messages the actor's commits carry: the policy's.
  let language: Language
}

extension Policy {
  /// The member whose current key is `key`, who may sign.
  /// - Throws: `ReformError.retiredSigner` for a key a member retired, else
  ///   `ReformError.unknownSigner` for a key of nobody.
  func owner(of key: SSHPublicKey) throws(ReformError) -> Member {
    if let member = member(for: key) { return member }
    if let (member, _) = retirement(of: key) {
      throw .retiredSigner(fingerprint: key.fingerprint, member: member.name)
    }
    throw .unknownSigner(fingerprint: key.fingerprint)
  }
}

extension Member {
  /// "李明 (drafter, 省发展改革委)", for messages, in the reader's language.
  public var summary: String { summary(in: .current) }

  /// "李明 (drafter, 省发展改革委)" or "李明（起草人，省发展改革委）", for messages in `language`.
  public func summary(in language: Language) -> String {
    language.choose(
      "\(name) (\(roles.map(\.rawValue).joined(separator: ", ")), \(unit))",
      "\(name)（\(roles.map(\.chineseName).joined(separator: "、"))，\(unit)）")
  }
}

extension PlanRepository {
  /// The policy on `main`'s tip: the only source of authority for a command (SPEC section 5).
  func policyOnMain() throws(ReformError) -> Policy {
    try policy(at: mainTip())
  }

  /// The member named `name` in the policy on `main`.
  public func member(named name: String) throws(ReformError) -> Member {
    guard let member = try policyOnMain().member(named: name) else { throw .policy(.unknownMember(name)) }
    return member
  }

  /// The member owning `key` in the policy on `main`.
  public func member(owning key: any SSHSigner) throws(ReformError) -> Member {
    try policyOnMain().owner(of: key.publicKey)
  }

  /// The member owning `key` in the policy on `main`, checked against `authority` for a plan
  /// of `scope` (and, for a countersign record, the unit it names).
  func actor(
    _ key: any SSHSigner, may authority: Authority, action: String,
    scope: PlanScope = PlanScope(leadUnit: nil, group: nil), recordUnit: String? = nil
  ) throws(ReformError) -> Actor {
    let policy = try policyOnMain()
    let member = try policy.owner(of: key.publicKey)
    if let refusal = Procedure.refusal(of: member, for: authority, plan: scope, recordUnit: recordUnit) {
      throw .notPermitted(action: action, signer: member.summary, refusal)
    }
    return Actor(key: key, member: member, identity: identity(of: member), language: policy.messageLanguage)
  }

  /// The member of `policy` whose key made the signature of commit `id`, or `nil` when the
  /// commit is unsigned, the signature does not verify, or the key is not in `policy`.
  /// - Parameter retiredKeys: whether a key `policy` retired counts for a commit dated up to
  ///   its retirement (what a record written in the past needs); else only current keys do.
  func signer(
    of id: OID, in policy: Policy, retiredKeys: Bool = false
  ) throws(ReformError) -> Member? {
    guard let signature = try gitCall({ try git.commitSignature(id) }),
      let key = try? SSHSignature.verify(
        String(decoding: signature.signature, as: UTF8.self), over: signature.signedData,
        allowedKeys: retiredKeys ? policy.keysEverHeld : policy.keys)
    else { return nil }
    guard retiredKeys else { return policy.member(for: key) }
    let committed = try gitCall { try git.commit(id).committer.time }
    return policy.member(signingWith: key, at: committed)
  }
}

extension PlanRepository {
  /// Who may act on plan `id` at commit `tip` (its lead unit and group), as the judge reads
  /// them: from `plan.md` there, and what it cannot read from the last version that could be
  /// read in the plan's segment, so a lead unit can always repair or withdraw a broken draft.
  func planScope(_ id: String, at tip: OID) throws(ReformError) -> PlanScope {
    try CommitJudge(self).scope(of: id, at: tip)
  }
}

extension CommitMessage {
  /// A message with the three trailers of SPEC section 2.
  static func reform(
    _ summary: CommitSummary, by actor: Actor, body: String = "", plan: String, action: ReformAction, stage: Stage
  ) -> CommitMessage {
    CommitMessage(
      summary: summary.text(in: actor.language), body: body,
      trailers: ReformTrailers(plan: plan, action: action, stage: stage).lines)
  }
}
