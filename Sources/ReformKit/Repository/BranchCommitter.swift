import Foundation
import GitKit

extension PlanRepository {
  /// Commits `changes` (path → new content, `nil` to delete) on `branch` as one atomic step:
  /// objects first, then the branch moves only if it still points at `tip`, the commit the
  /// caller read its state from (compare-and-swap; `nil`: the branch must not exist yet). When the branch is checked out, index and work tree follow it, and the commit is
  /// refused, with nothing changed, if that would overwrite uncommitted changes.
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
    let baseTree = try gitCall { try tip.map { try git.commit($0).treeID } }
    let newTree = try gitCall { () throws -> OID in
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
    let commit: OID
    do {
      commit = try git.createSignedCommit(
        tree: newTree, parents: tip.map { [$0] } ?? [], author: author, committer: author,
        message: message.text, sign: { try SSHSignature.sign($0, with: key) })
    } catch let error as GitError {
      throw .git(error)
    } catch {
      throw .io("could not sign the commit: \(error.localizedDescription)")
    }
    try move(branch, from: tip, to: commit, tree: newTree, previousTree: baseTree, paths: changes.keys)
    return commit
  }

  /// Moves `branch` from `tip` to `commit` and, if the branch is checked out, the index and
  /// work tree from `previousTree` to `tree`.
  func move(
    _ branch: String, from tip: OID?, to commit: OID, tree: OID, previousTree: OID?,
    paths: some Collection<String>
  ) throws(ReformError) {
    let head = try gitCall { try git.headBranch() }
    let checkedOut = !git.isBare && head == branch
    let baseline = previousTree ?? OID.emptyTree
    if checkedOut {
      do throws(GitError) {
        try git.checkout(tree: tree, baseline: baseline, mode: .dryRun, paths: Array(paths))
      } catch where error.isCheckoutConflict {
        throw .uncommittedChanges(paths.sorted().joined(separator: ", "))
      } catch {
        throw .git(error)
      }
    }
    do throws(GitError) {
      try git.updateReference(branch, to: commit, expecting: tip, logMessage: "reform: commit")
    } catch where error.isConcurrentUpdate {
      throw .concurrentUpdate(branch: branch)
    } catch {
      throw .git(error)
    }
    guard checkedOut else { return }
    do throws(GitError) {
      try git.checkout(tree: tree, baseline: baseline, mode: .safe, paths: Array(paths))
    } catch {
      // The work tree changed between the dry run and now: put the branch back.
      try? git.updateReference(branch, to: tip ?? commit, expecting: commit, logMessage: "reform: undo")
      if tip == nil { try? git.deleteReference(branch, expecting: commit) }
      throw error.isCheckoutConflict ? .uncommittedChanges(paths.sorted().joined(separator: ", ")) : .git(error)
    }
  }
}
