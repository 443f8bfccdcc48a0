internal import Clibgit2
import Foundation

/// A change to one path of a tree.
public enum TreeChange: Sendable, Equatable {
  /// Puts a blob (or a link or submodule entry) at the path, replacing what was there.
  case write(OID, FileMode)
  /// Removes the path; folders left empty disappear, as in git.
  case delete
}

extension Repository {
  /// Writes the tree that results from applying `changes` (keyed by slash-separated paths) to
  /// the tree `base` (or to an empty tree) with `git_tree_create_updated`: only the entries on
  /// the changed paths are touched, every other entry of every tree is kept byte for byte.
  /// - Returns: the new tree's id (the empty tree when nothing is left).
  public func tree(_ base: OID?, applying changes: [String: TreeChange]) throws(GitError) -> OID {
    let baseline: OID
    if let base { baseline = base } else { baseline = try writeTree([]) }
    var raw = baseline.raw
    var tree: OpaquePointer?
    try check(git_tree_lookup(&tree, pointer, &raw), "git_tree_lookup")
    defer { git_tree_free(tree) }
    let paths = changes.keys.sorted()
    let copies = paths.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    var updates = zip(paths, copies).map { path, copy -> git_tree_update in
      var update = git_tree_update()
      update.path = UnsafePointer(copy)
      switch changes[path] {
      case .write(let id, let mode):
        update.action = GIT_TREE_UPDATE_UPSERT
        update.id = id.raw
        update.filemode = git_filemode_t(rawValue: mode.rawValue)
      case .delete, nil:
        update.action = GIT_TREE_UPDATE_REMOVE
      }
      return update
    }
    var oid = git_oid()
    try check(
      git_tree_create_updated(&oid, pointer, tree, updates.count, &updates), "git_tree_create_updated")
    return OID(oid)
  }
}
