import Foundation
import GitKit

/// What the judge needs of a commit that does not depend on the procedure: the commit, the key
/// of its good signature, and what its tree changes from its first parent's.
struct PreparedCommit: Sendable {
  let commit: Commit
  /// The first parent's tree; `nil` for a root commit.
  let parentTree: OID?
  /// The key of a good signature; `nil` for none or a bad one.
  let signer: SSHPublicKey?
  /// The changes from the first parent's tree, or what libgit2 said of a tree it cannot read.
  let changes: Result<TreeChanges, GitError>
}

/// Prepares commits for the judge, in the order it judges them, beside it: one thread checks
/// signatures, another reads the commits and compares their trees, each with its own handle on
/// the repository and at most `ahead` commits (and `PreparationStream.heldBytes` of messages
/// and changes) ahead. With the judge that makes three threads, which keep two cores busy
/// whichever of them is the longest.
final class CommitPreparation: Sendable {
  /// Where each commit to prepare stands in the order.
  private let positions: [OID: Int]
  private let signers: PreparationStream<SSHPublicKey?>
  /// A commit read, its first parent's tree, and what its tree changes from that one.
  private typealias ReadCommit = (commit: Commit, parentTree: OID?, changes: Result<TreeChanges, GitError>)
  private let trees: PreparationStream<ReadCommit>

  /// Starts preparing `commits` of the repository at `gitDirectory`.
  init(gitDirectory: String, commits: [OID], ahead: Int = 4_096) {
    positions = Dictionary(commits.enumerated().map { ($0.element, $0.offset) }) { first, _ in first }
    signers = PreparationStream(gitDirectory: gitDirectory, commits: commits, ahead: ahead, weight: { _ in 0 }) { git in
      { id throws(GitError) in
        try git.commitSignature(id).flatMap { signature in
          try? SSHSignature.verify(String(decoding: signature.signature, as: UTF8.self), over: signature.signedData)
        }
      }
    }
    let weight = { @Sendable (prepared: ReadCommit) in
      prepared.commit.messageBytes.count + 128 * ((try? prepared.changes.get().differences.count) ?? 0)
    }
    trees = PreparationStream(gitDirectory: gitDirectory, commits: commits, ahead: ahead, weight: weight) { git in
      // The trees of the commits read lately: a parent was usually read just before.
      var treeOf: [OID: OID] = [:]
      return { id throws(GitError) in
        let commit = try git.commit(id)
        if treeOf.count >= 1 << 16 { treeOf.removeAll(keepingCapacity: true) }
        treeOf[id] = commit.treeID
        var parentTree: OID?
        if let parent = commit.parentIDs.first {
          parentTree = treeOf[parent]
          if parentTree == nil { parentTree = try git.commit(parent).treeID }
        }
        let changes: Result<TreeChanges, GitError>
        do throws(GitError) {
          changes = .success(try git.changes(from: parentTree, to: commit.treeID))
        } catch {
          changes = .failure(error)
        }
        return (commit, parentTree, changes)
      }
    }
  }

  /// The prepared commit `id`, waiting for it; the commits before it that the judge did not
  /// take are dropped. `nil` for a commit not in the order (one the judge replays), one the
  /// repository failed to give, or when the preparation stopped short: the judge reads it.
  func take(_ id: OID) -> PreparedCommit? {
    guard let position = positions[id] else { return nil }
    let (signer, tree) = (signers.take(position), trees.take(position))
    guard case .success(let key)? = signer, case .success(let tree)? = tree else { return nil }
    return PreparedCommit(commit: tree.commit, parentTree: tree.parentTree, signer: key, changes: tree.changes)
  }

  /// Stops the preparing threads once they have delivered what they are working on.
  func cancel() {
    signers.cancel()
    trees.cancel()
  }
}

/// One thread that works out a value for each commit of an order, with a handle of its own on
/// the repository, at most `ahead` values and `heldBytes` of their weight before the one taken
/// last (a hostile history of huge messages that pack small must not fill memory).
private final class PreparationStream<Value: Sendable>: @unchecked Sendable {
  /// How much weight the values not yet taken may hold, beyond the first.
  static var heldBytes: Int { 64 << 20 }
  private let condition = NSCondition()
  /// Values not yet taken, with their positions in the order, from `first`; taken ones are
  /// released at once.
  private var ready: [(position: Int, value: Result<Value, GitError>)?] = []
  private var first = 0
  /// The weight of the values not yet taken.
  private var held = 0
  private let weight: (Value) -> Int
  /// Whether the thread has stopped (all prepared, or the repository failed it).
  private var stopped = false
  /// Whether the judge wants no more.
  private var cancelled = false
  private let ahead: Int

  /// Starts the thread: `makeWork` runs on it once, with its handle, and returns what works
  /// out one commit's value (a function that may keep state between commits).
  init(
    gitDirectory: String, commits: [OID], ahead: Int, weight: @escaping @Sendable (Value) -> Int,
    makeWork: @escaping @Sendable (Repository) -> (OID) throws(GitError) -> Value
  ) {
    self.ahead = ahead
    self.weight = weight
    let thread = Thread { [self] in
      defer { finish() }
      guard let git = try? Repository.open(at: gitDirectory, searchParents: false) else { return }
      let work = makeWork(git)
      for (position, id) in commits.enumerated() {
        let value: Result<Value, GitError>
        do throws(GitError) {
          value = .success(try work(id))
        } catch {
          value = .failure(error)
        }
        guard deliver(value, at: position) else { return }
      }
    }
    thread.stackSize = 8 << 20
    thread.start()
  }

  /// The value at `position`, or what the repository said instead, waiting for it; `nil` when
  /// the thread stopped short of it.
  func take(_ position: Int) -> Result<Value, GitError>? {
    condition.lock()
    defer { condition.unlock() }
    while true {
      while first == ready.count && !stopped { condition.wait() }
      guard first < ready.count, let next = ready[first], next.position <= position else { return nil }
      ready[first] = nil
      if case .success(let value) = next.value { held -= weight(value) }
      first += 1
      if first > ahead {
        ready.removeFirst(first)
        first = 0
      }
      condition.broadcast()
      if next.position == position { return next.value }
    }
  }

  func cancel() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    condition.unlock()
  }

  /// Hands `value` over; `false` when the judge wants no more.
  private func deliver(_ value: Result<Value, GitError>, at position: Int) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while ready.count > first && (ready.count - first >= ahead || held >= Self.heldBytes) && !cancelled {
      condition.wait()
    }
    guard !cancelled else { return false }
    if case .success(let prepared) = value { held += weight(prepared) }
    ready.append((position, value))
    condition.broadcast()
    return true
  }

  private func finish() {
    condition.lock()
    stopped = true
    condition.broadcast()
    condition.unlock()
  }
}
