/// A change to one path of a tree.
public enum TreeChange: Sendable, Equatable {
  /// Puts a blob (or a link or submodule entry) at the path, replacing what was there.
  case write(OID, FileMode)
  /// Removes the path; folders left empty disappear, as in git.
  case delete
}

extension Repository {
  /// Writes the tree that results from applying `changes` (keyed by slash-separated paths) to
  /// the tree `base` (or to an empty tree). Only the folders on the changed paths are rewritten.
  /// - Returns: the new tree's id, or `nil` when the result is empty.
  public func tree(_ base: OID?, applying changes: [String: TreeChange]) throws(GitError) -> OID? {
    var direct: [String: TreeChange] = [:]
    var nested: [String: [String: TreeChange]] = [:]
    for (path, change) in changes {
      if let slash = path.firstIndex(of: "/") {
        let head = String(path[..<slash])
        let rest = String(path[path.index(after: slash)...])
        nested[head, default: [:]][rest] = change
      } else {
        direct[path] = change
      }
    }
    var entries: [String: TreeEntry] = [:]
    if let base {
      for entry in try treeEntries(base) { entries[entry.name] = entry }
    }
    for (name, change) in direct {
      switch change {
      case .write(let id, let mode): entries[name] = TreeEntry(name: name, id: id, mode: mode)
      case .delete: entries[name] = nil
      }
    }
    for (name, subchanges) in nested {
      let existing = entries[name].flatMap { $0.mode == .tree ? $0.id : nil }
      if let subtree = try tree(existing, applying: subchanges) {
        entries[name] = TreeEntry(name: name, id: subtree, mode: .tree)
      } else {
        entries[name] = nil
      }
    }
    if entries.isEmpty { return nil }
    return try writeTree(Array(entries.values))
  }

}
