import Foundation
import GitKit

/// How the checked-out work tree follows a reference update.
struct WorkTreeMove {
  /// The tree the work tree shows now (the moved branch's old tree).
  let from: OID?
  /// The tree it must show afterwards.
  let to: OID
  /// The paths (pathspecs) that differ; `nil` when unknown (the whole tree is compared).
  let paths: [String]?
}

extension PlanRepository {
  /// Commits `changes` (path → new content, `nil` to delete) on `branch` as one atomic step:
  /// objects first, then the branch moves only if it still points at `tip`, the commit the
  /// caller read its state from (compare-and-swap; `nil`: the branch must not exist yet).
  /// When the branch is checked out, index and work tree follow it, and the commit is refused,
  /// with nothing changed, if that would overwrite uncommitted changes.
  /// - Returns: the new commit.
  @discardableResult
  public func commit(
    on branch: String,
    from tip: OID?,
    changes: [String: Data?],
    message: CommitMessage,
    key: SSHSigningKey,
    author: Identity
  ) throws(ReformError) -> OID {
    let (commit, tree, baseTree) = try writeCommit(
      from: tip, changes: changes, message: message, key: key, author: author)
    try update(
      [ReferenceEdit(branch, from: tip, to: commit)], headTo: branch,
      workTree: WorkTreeMove(from: baseTree, to: tree, paths: Array(changes.keys)))
    return commit
  }

  /// Writes a signed commit on top of `tip` (or a root commit) with `changes` applied to its
  /// tree, moving no reference.
  /// - Returns: the commit, its tree and the parent's tree.
  func writeCommit(
    from tip: OID?,
    changes: [String: Data?],
    message: CommitMessage,
    key: SSHSigningKey,
    author: Identity,
    extraParents: [OID] = [],
    tree explicitTree: OID? = nil
  ) throws(ReformError) -> (commit: OID, tree: OID, baseTree: OID?) {
    let baseTree = try gitCall { try tip.map { try git.commit($0).treeID } }
    let newTree = try gitCall { () throws -> OID in
      if let explicitTree { return explicitTree }
      var treeChanges: [String: TreeChange] = [:]
      for (path, content) in changes {
        if let content {
          treeChanges[path] = .write(try git.writeBlob(content), .blob)
        } else {
          treeChanges[path] = .delete
        }
      }
      return try git.tree(baseTree, applying: treeChanges) ?? git.writeTree([])
    }
    do {
      let commit = try git.createSignedCommit(
        tree: newTree, parents: (tip.map { [$0] } ?? []) + extraParents, author: author,
        committer: author, message: message.text, sign: { try SSHSignature.sign($0, with: key) })
      return (commit, newTree, baseTree)
    } catch let error as GitError {
      throw .git(error)
    } catch {
      throw .io("could not sign the commit: \(error.localizedDescription)")
    }
  }

  /// Applies `edits` in one locked transaction (compare-and-swap on every old value). When
  /// HEAD names one of the edited branches, HEAD moves to `headTo` and the index and work tree
  /// follow `workTree`; the update is refused before anything is written if that would lose a
  /// local change, or, when HEAD changes branch, if the work tree has any uncommitted change.
  func update(_ edits: [ReferenceEdit], headTo: String, workTree: WorkTreeMove?) throws(ReformError) {
    let head = try gitCall { try git.headBranch() }
    let followsHead = !git.isBare && edits.contains { $0.name == head }
    if followsHead {
      if head != headTo, try gitCall({ try git.hasUncommittedChanges() }) {
        throw .uncommittedChanges("the work tree of \(head ?? "HEAD")")
      }
      if let workTree { try checkout(workTree, mode: .dryRun) }
    }
    do throws(GitError) {
      try git.updateReferences(edits, logMessage: "reform")
    } catch where error.isConcurrentUpdate {
      let names = edits.map { $0.name.replacingOccurrences(of: "refs/heads/", with: "") }
      throw .concurrentUpdate(branch: names.joined(separator: ", "))
    } catch {
      throw .git(error)
    }
    guard followsHead else { return }
    if head != headTo { try gitCall { try git.setHead(to: headTo) } }
    if let workTree { try checkout(workTree, mode: .safe) }
  }

  private func checkout(_ move: WorkTreeMove, mode: CheckoutMode) throws(ReformError) {
    guard move.from != move.to else { return }
    do throws(GitError) {
      try git.checkout(tree: move.to, baseline: move.from ?? OID.emptyTree, mode: mode, paths: move.paths)
    } catch where error.isCheckoutConflict {
      throw .uncommittedChanges((move.paths ?? ["the work tree"]).sorted().joined(separator: ", "))
    } catch {
      throw .git(error)
    }
  }
}
