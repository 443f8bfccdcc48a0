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

/// A rule a push breaks.
public struct PushViolation: Sendable, Equatable, CustomStringConvertible {
  /// The commit concerned, when the rule is about one.
  public let commit: OID?
  /// The reference being updated.
  public let ref: String
  /// The rule's short name.
  public let rule: String
  /// What is wrong.
  public let detail: String

  public var description: String {
    (commit.map { "\($0.hex.prefix(12)) " } ?? "") + "\(ref): \(rule): \(detail)"
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
  /// Checks a push as git describes it to the hook of `side` on standard input.
  public func checkPush(hookInput: String, side: PushSide) throws(ReformError) -> [PushViolation] {
    var updates: [RefUpdate] = []
    for line in hookInput.split(separator: "\n") {
      let fields = line.split(separator: " ").map(String.init)
      guard fields.count >= (side == .client ? 4 : 3) else { continue }
      let oid = { (text: String) throws(ReformError) -> OID in
        guard let id = OID(hex: text) else { throw .io("hook input holds '\(text)', not an object id") }
        return id
      }
      switch side {
      case .client: updates.append(RefUpdate(name: fields[2], old: try oid(fields[3]), new: try oid(fields[1])))
      case .server: updates.append(RefUpdate(name: fields[2], old: try oid(fields[0]), new: try oid(fields[1])))
      }
    }
    let known = try gitCall { try git.references(matching: side == .client ? "refs/remotes/*" : "refs/*") }
    return try checkPush(updates, known: known.map(\.target))
  }

  /// The stage namespaces a branch may live in (SPEC section 5).
  public static let stageNamespaces = ["drafting", "consultation", "review", "withdrawn"]

  /// Checks reference updates against the rules that concern names, history and signatures:
  /// only stage branches, `main` and version tags; no deletion or rewrite of `main` or of a
  /// version tag; every new commit signed by a member of the policy in force (the policy in
  /// its first parent's tree).
  /// - Parameter known: commits the receiving side already has; their history is not rechecked.
  public func checkPush(_ updates: [RefUpdate], known: [OID]) throws(ReformError) -> [PushViolation] {
    var violations: [PushViolation] = []
    var policies: [OID: Policy?] = [:]
    for update in updates {
      violations += checkName(update)
      if update.new.isZero { continue }
      let newCommits = try gitCall {
        try git.commitIDs(from: [update.new], excluding: (known + [update.old]).filter { !$0.isZero && (try? git.objectExists($0)) == true })
      }
      for commit in newCommits {
        if let problem = try signatureProblem(commit, policies: &policies) {
          violations.append(PushViolation(commit: commit, ref: update.name, rule: "signature", detail: problem))
        }
      }
    }
    return violations
  }

  private func checkName(_ update: RefUpdate) -> [PushViolation] {
    func violation(_ rule: String, _ detail: String) -> [PushViolation] {
      [PushViolation(commit: nil, ref: update.name, rule: rule, detail: detail)]
    }
    let name = update.name
    if name == Self.mainBranch {
      if update.new.isZero { return violation("protected", "main may not be deleted") }
      if !update.old.isZero,
        (try? git.isAncestor(update.old, of: update.new)) != true
      {
        return violation("protected", "main may only move forward (no force push)")
      }
      return []
    }
    if name.hasPrefix("refs/tags/") {
      let tag = name.dropFirst("refs/tags/".count).split(separator: "/", omittingEmptySubsequences: false)
      guard tag.count == 3, tag[0] == "plans", PlanID.isValid(String(tag[1])), PlanState.version(inTag: name) != nil
      else {
        return violation("namespace", "tags are plans/<id>/v<N>")
      }
      if !update.old.isZero { return violation("protected", "a version tag may not be moved or deleted") }
      return []
    }
    let parts = name.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 4, parts[0] == "refs", parts[1] == "heads",
      Self.stageNamespaces.contains(String(parts[2])), PlanID.isValid(String(parts[3]))
    else {
      return violation(
        "namespace", "branches are main or drafting/, consultation/, review/, withdrawn/ followed by a plan id")
    }
    return []
  }

  /// Why commit `id` is not properly signed, or `nil` when it is.
  private func signatureProblem(_ id: OID, policies: inout [OID: Policy?]) throws(ReformError) -> String? {
    let commit = try gitCall { try git.commit(id) }
    if try verifiedSigner(commit, policies: &policies) != nil { return nil }
    let policyTree = try gitCall { try commit.parentIDs.first.map { try git.commit($0).treeID } ?? commit.treeID }
    guard let policy = policies[policyTree] ?? nil else {
      return "no valid .reform/policy.yaml in force (in the first parent's tree)"
    }
    guard let signature = try gitCall({ try git.commitSignature(id) }) else {
      return SignatureError.missingSignature.localizedDescription
    }
    do {
      let text = String(decoding: signature.signature, as: UTF8.self)
      _ = try SSHSignature.verify(text, over: signature.signedData, allowedKeys: policy.keys)
      return "the signing key belongs to no member of the policy in force"
    } catch {
      return error.localizedDescription
    }
  }
}
