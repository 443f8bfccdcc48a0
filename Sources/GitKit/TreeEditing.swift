internal import Clibgit2

/// A change to one path of a tree.
public enum TreeChange: Sendable, Equatable {
  /// Puts a blob (or a link or submodule entry) at the path, replacing what was there.
  case write(OID, FileMode)
  /// Removes the path; folders left empty disappear, as in git.
  case delete
}

extension Repository {
  /// Writes the tree that results from applying `changes` (keyed by slash-separated paths) to
  /// the tree `base` (or to an empty tree). Each folder on a changed path is rebuilt with a
  /// tree builder seeded from the existing folder (`git_treebuilder_new`,
  /// `git_treebuilder_insert`, `git_treebuilder_remove`, `git_treebuilder_write`), so only the
  /// changed entries are touched and every other entry of every tree is kept byte for byte
  /// (names are never decoded, so NFC and NFD spellings or non-UTF-8 names stay apart).
  /// - Returns: the new tree's id (the empty tree when nothing is left).
  public func tree(_ base: OID?, applying changes: [String: TreeChange]) throws(GitError) -> OID {
    let edits = changes.map { path, change in
      (path: Array(path.utf8).split(separator: UInt8(ascii: "/")).map { Array($0) }, change: change)
    }
    if let tree = try tree(base, applying: edits) { return tree }
    return try writeTree([])
  }

  /// `tree(_:applying:)` over paths split into byte components; `nil` when the result is empty.
  private func tree(_ base: OID?, applying edits: [(path: [[UInt8]], change: TreeChange)]) throws(GitError) -> OID? {
    var baseTree: OpaquePointer?
    if let base {
      var raw = base.raw
      try check(git_tree_lookup(&baseTree, pointer, &raw), "git_tree_lookup")
    }
    defer { git_tree_free(baseTree) }
    var builder: OpaquePointer?
    try check(git_treebuilder_new(&builder, pointer, baseTree), "git_treebuilder_new")
    defer { git_treebuilder_free(builder) }

    var nested: [[UInt8]: [(path: [[UInt8]], change: TreeChange)]] = [:]
    for edit in edits {
      guard let name = edit.path.first else { continue }
      if edit.path.count > 1 {
        nested[name, default: []].append((Array(edit.path.dropFirst()), edit.change))
        continue
      }
      switch edit.change {
      case .write(let id, let mode): try insert(name, id, mode, into: builder)
      case .delete: try remove(name, from: builder)
      }
    }
    for (name, subedits) in nested {
      let existing = (name + [0]).withUnsafeBufferPointer { bytes in
        bytes.withMemoryRebound(to: CChar.self) { git_treebuilder_get(builder, $0.baseAddress) }
      }
      let folder = existing.flatMap { git_tree_entry_type($0) == GIT_OBJECT_TREE ? OID(git_tree_entry_id($0)) : nil }
      if let subtree = try tree(folder, applying: subedits) {
        try insert(name, subtree, .tree, into: builder)
      } else {
        try remove(name, from: builder)
      }
    }
    guard git_treebuilder_entrycount(builder) > 0 else { return nil }
    var oid = git_oid()
    try check(git_treebuilder_write(&oid, builder), "git_treebuilder_write")
    return OID(oid)
  }

  func insert(_ name: [UInt8], _ id: OID, _ mode: FileMode, into builder: OpaquePointer?) throws(GitError) {
    var raw = id.raw
    let rc = (name + [0]).withUnsafeBufferPointer { bytes in
      bytes.withMemoryRebound(to: CChar.self) {
        git_treebuilder_insert(nil, builder, $0.baseAddress, &raw, git_filemode_t(rawValue: mode.rawValue))
      }
    }
    try check(rc, "git_treebuilder_insert")
  }

  private func remove(_ name: [UInt8], from builder: OpaquePointer?) throws(GitError) {
    let rc = (name + [0]).withUnsafeBufferPointer { bytes in
      bytes.withMemoryRebound(to: CChar.self) { git_treebuilder_remove(builder, $0.baseAddress) }
    }
    _ = try checkFound(rc, "git_treebuilder_remove")
  }
}
