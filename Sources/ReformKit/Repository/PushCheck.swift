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
  /// Checks a push as git describes it to the hook of `side` on standard input.
  public func checkPush(hookInput: String, side: PushSide) throws(ReformError) -> [Violation] {
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

  /// Checks reference updates against every rule of SPEC section 5: names; no deletion or
  /// rewrite of `main` or of a version tag; every new commit judged by the policy in force
  /// for it; branches and tags as they will be after the push. Only the new commits are
  /// walked (and the plan segments they continue), never the whole history.
  /// - Parameter known: commits the receiving side already has.
  public func checkPush(_ updates: [RefUpdate], known: [OID]) throws(ReformError) -> [Violation] {
    var violations = updates.flatMap(protection)
    // What the receiving side has: its references, and the old values of the updated ones.
    let existing = try gitCall { try (known + updates.map(\.old)).filter { try !$0.isZero && git.objectExists($0) } }
    let judge = CommitJudge(self)
    var hidden = existing
    for update in updates where !update.new.isZero {
      guard let tip = try peeledCommit(update.new) else { continue }
      let commits = try gitCall { try git.commitIDs(from: [tip], excluding: hidden, order: [.topological, .reverse]) }
      for commit in commits { try judge.judge(commit, ref: update.name) }
      hidden.append(tip)
    }
    violations += judge.violations
    let before = try gitCall { try git.references(matching: "refs/heads/*") + git.references(matching: "refs/tags/*") }
    let updated = Set(updates.map(\.name))
    let after = before.filter { !updated.contains($0.name) }
      + updates.filter { !$0.new.isZero }.map { Reference(name: $0.name, target: $0.new) }
      .filter { $0.name.hasPrefix("refs/heads/") || $0.name.hasPrefix("refs/tags/") }
    violations += try checkReferences(
      after.filter { updated.contains($0.name) }, all: after, judge: judge)
    for (id, merges) in judge.approvals {
      let tagged = try after.filter { $0.name.hasPrefix("refs/tags/plans/\(id)/") }
        .map { tag throws(ReformError) in try peeledCommit(tag.target) }
      for merge in merges where !tagged.contains(merge) {
        violations.append(
          Violation(
            commit: merge, ref: Self.mainBranch, rule: .tag,
            detail: "the approval merge of \(id) comes without its version tag in the same push"))
      }
    }
    return violations
  }

  /// `main` and version tags are never deleted or rewritten.
  private func protection(_ update: RefUpdate) -> [Violation] {
    let violation = { (detail: String) in [Violation(commit: nil, ref: update.name, rule: .protected, detail: detail)] }
    if update.name == Self.mainBranch {
      if update.new.isZero { return violation("main may not be deleted") }
      if !update.old.isZero, (try? git.isAncestor(update.old, of: update.new)) != true {
        return violation("main may only move forward (no force push)")
      }
    }
    if update.name.hasPrefix("refs/tags/plans/"), !update.old.isZero {
      return violation("a version tag may not be moved or deleted")
    }
    return []
  }
}
