import Foundation
import GitKit

/// What the judge needs of a commit that does not depend on the procedure: the key of its good
/// signature, and what its tree changes from its first parent's.
struct PreparedCommit: Sendable {
  let id: OID
  /// The key of a good signature; `nil` for none or a bad one.
  let signer: SSHPublicKey?
  /// The changes from the first parent's tree, or what libgit2 said of a tree it cannot read.
  let changes: Result<TreeChanges, GitError>
}

/// Prepares commits for the judge, in the order it judges them, on a thread of its own with its
/// own handle on the repository and at most `ahead` commits ahead: signature checks and tree
/// comparisons take a core beside the judge's, and memory holds a bounded stretch of them.
final class CommitPreparation: @unchecked Sendable {
  private let condition = NSCondition()
  /// Prepared commits not yet taken, oldest first from `first`.
  private var ready: [PreparedCommit] = []
  private var first = 0
  /// Whether the preparing thread has stopped (all prepared, or the repository failed it).
  private var stopped = false
  /// Whether the judge wants no more.
  private var cancelled = false
  private let ahead: Int
  /// Where each commit to prepare stands in the order.
  private let positions: [OID: Int]

  /// Starts preparing `commits` of the repository at `gitDirectory`.
  init(gitDirectory: String, commits: [OID], ahead: Int = 4_096) {
    self.ahead = ahead
    positions = Dictionary(commits.enumerated().map { ($0.element, $0.offset) }) { first, _ in first }
    let thread = Thread { [self] in
      defer { finish() }
      guard let git = try? Repository.open(at: gitDirectory, searchParents: false) else { return }
      for id in commits {
        guard let prepared = try? Self.prepare(id, in: git), deliver(prepared) else { return }
      }
    }
    thread.stackSize = 8 << 20
    thread.start()
  }

  /// The prepared commit `id`, waiting for it; the commits before it that the judge did not
  /// take are dropped. `nil` for a commit not in the order (one the judge replays) or when the
  /// preparation stopped short.
  func take(_ id: OID) -> PreparedCommit? {
    guard let position = positions[id] else { return nil }
    condition.lock()
    defer { condition.unlock() }
    while true {
      while first == ready.count && !stopped { condition.wait() }
      guard first < ready.count, let next = positions[ready[first].id], next <= position else { return nil }
      let prepared = ready[first]
      first += 1
      if first > ahead {
        ready.removeFirst(first)
        first = 0
      }
      condition.broadcast()
      if next == position { return prepared }
    }
  }

  /// Stops the preparing thread once it has delivered what it is working on.
  func cancel() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    condition.unlock()
  }

  /// Hands `prepared` to the judge; `false` when the judge wants no more.
  private func deliver(_ prepared: PreparedCommit) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while ready.count - first >= ahead && !cancelled { condition.wait() }
    guard !cancelled else { return false }
    ready.append(prepared)
    condition.broadcast()
    return true
  }

  private func finish() {
    condition.lock()
    stopped = true
    condition.broadcast()
    condition.unlock()
  }

  private static func prepare(_ id: OID, in git: Repository) throws(GitError) -> PreparedCommit {
    let commit = try git.commit(id)
    let parentTree = try commit.parentIDs.first.map { parent throws(GitError) in try git.commit(parent).treeID }
    let changes: Result<TreeChanges, GitError>
    do {
      changes = .success(try git.changes(from: parentTree, to: commit.treeID))
    } catch {
      changes = .failure(error)
    }
    let signer = try git.commitSignature(id).flatMap { signature in
      try? SSHSignature.verify(String(decoding: signature.signature, as: UTF8.self), over: signature.signedData)
    }
    return PreparedCommit(id: id, signer: signer, changes: changes)
  }
}
