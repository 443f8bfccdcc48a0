internal import Clibgit2
import Foundation

/// A tree object as stored (`git_odb_read`), with where each entry starts when the tree is
/// plain: every entry as git writes it, in git's order, no file and folder of one name. A
/// plain tree's entries are found by binary search in its bytes, and a version of it that
/// differs in a stretch is indexed from it, so that a folder of ten thousand plans is never
/// parsed entry by entry as history is walked.
final class StoredTree {
  let id: OID
  let bytes: [UInt8]
  /// Where each entry starts, ascending; `nil` when the tree is not plain (libgit2 reads it).
  let entryStarts: [Int]?

  init(id: OID, bytes: [UInt8], entryStarts: [Int]?) {
    self.id = id
    self.bytes = bytes
    self.entryStarts = entryStarts
  }

  /// A tree read on its own: its entries are parsed once to index it.
  convenience init(id: OID, bytes: [UInt8]) {
    let starts = bytes.withUnsafeBytes { buffer -> [Int]? in
      guard let entries = TreeBytes.plainEntries(buffer, from: 0, to: buffer.count),
        TreeBytes.fitsBetween(buffer, entries, previous: nil, next: nil)
      else { return nil }
      return entries.map(\.start)
    }
    self.init(id: id, bytes: bytes, entryStarts: starts)
  }

  /// The entry named `name` (as bytes), found by binary search; `nil` when there is none.
  /// Only for a plain tree.
  func entry(named name: [UInt8]) -> TreeEntry? {
    guard let starts = entryStarts else { return nil }
    return bytes.withUnsafeBytes { buffer in
      name.withUnsafeBytes { key in
        // The key sorts as a file or, if it names a folder, as a folder: look for both.
        for asFolder in [false, true] {
          var (low, high) = (0, starts.count)
          while low < high {
            let middle = (low + high) / 2
            guard let entry = TreeBytes.entry(buffer, at: starts[middle]) else { return nil }
            let order = TreeBytes.order(buffer, entry, key: key, keyIsTree: asFolder)
            if order == 0 {
              return entry.isTree == asFolder ? TreeEntry(buffer, entry) : nil
            }
            if order < 0 { low = middle + 1 } else { high = middle }
          }
        }
        return nil
      }
    }
  }
}

extension TreeEntry {
  init(_ buffer: UnsafeRawBufferPointer, _ entry: StoredTreeEntry) {
    self.init(
      nameBytes: Array(buffer[entry.nameStart..<entry.nameEnd]),
      id: OID(UnsafeRawBufferPointer(rebasing: buffer[(entry.nameEnd + 1)..<entry.end])),
      mode: FileMode(rawValue: entry.mode))
  }
}

/// A folder of a tree: the tree and the folder's path in it.
struct FolderKey: Hashable {
  let root: OID
  let path: String
}

extension Repository {
  /// How many stored trees are kept: walking history, a commit's trees are read again as its
  /// child's parent's, and a path lookup passes through the same few folders.
  private static let recentTreeCount = 16

  /// Tree `id` as stored, from the last few read; `nil` when `id` names another type of object.
  func storedTree(_ id: OID) throws(GitError) -> StoredTree? {
    if let recent = recentTree(id) { return recent }
    let bytes = try withStoredObject(id) { type, stored in type == "tree" ? Array(stored) : nil }
    guard let bytes else { return nil }
    return remember(StoredTree(id: id, bytes: bytes))
  }

  /// Tree `id` if it is among the last few read.
  func recentTree(_ id: OID) -> StoredTree? {
    recentTrees.last { $0.id == id }
  }

  /// Keeps `tree` among the last few read.
  @discardableResult
  func remember(_ tree: StoredTree) -> StoredTree {
    recentTrees.append(tree)
    if recentTrees.count > Self.recentTreeCount { recentTrees.removeFirst() }
    return tree
  }

  /// The bytes of object `id` as stored, a tree's from the last few read when there; `nil`
  /// for an object of another type when `onlyOfATree`.
  func storedBytes(_ id: OID, onlyOfATree: Bool) throws(GitError) -> [UInt8]? {
    if let recent = recentTree(id) { return recent.bytes }
    return try withStoredObject(id) { type, stored in !onlyOfATree || type == "tree" ? Array(stored) : nil }
  }

  /// Remembers the folders `changes` (from the tree `old` to `new`) found on each side, so
  /// that a path below one of them is looked up from it, not from the root: walking history,
  /// the paths a commit's judge reads are those it changed, and the folder of ten thousand plans
  /// above them need not be read again.
  public func learnFolders(of changes: TreeChanges, from old: OID?, to new: OID) {
    if knownFolders.count > 200_000 { knownFolders.removeAll(keepingCapacity: true) }
    for folder in changes.folders {
      if let old, folder.old != .noFolder { knownFolders[FolderKey(root: old, path: folder.path)] = folder.old }
      if folder.new != .noFolder { knownFolders[FolderKey(root: new, path: folder.path)] = folder.new }
    }
  }

  /// The entry at `path` (slash-separated) below the tree `root`, or `nil` when there is none.
  /// Plain trees are searched in their stored bytes, from the deepest folder on the way whose
  /// tree is known (`learnFolders`); any other path or tree is left to libgit2
  /// (`git_tree_entry_bypath`), which says what is wrong with it.
  public func treeEntry(_ root: OID, path: String) throws(GitError) -> TreeEntry? {
    let components = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
    guard !components.contains(where: \.isEmpty) else { return try parsedTreeEntry(root, path: path) }
    var tree = root
    var first = 0
    known: for depth in stride(from: components.count, to: 0, by: -1) where !knownFolders.isEmpty {
      let folder = String(path[..<components[depth - 1].endIndex])
      switch knownFolders[FolderKey(root: root, path: folder)] {
      case .tree(let id)?:
        if depth == components.count { return TreeEntry(nameBytes: Array(components[depth - 1]), id: id, mode: .tree) }
        (tree, first) = (id, depth)
        break known
      case .absent?: return nil
      case .noFolder?, nil: continue
      }
    }
    for (index, component) in components.enumerated().dropFirst(first) {
      guard let stored = try storedTree(tree), stored.entryStarts != nil else {
        return try parsedTreeEntry(root, path: path)
      }
      guard let entry = stored.entry(named: Array(component)) else { return nil }
      if index == components.count - 1 { return entry }
      guard entry.mode == .tree else { return nil }
      tree = entry.id
    }
    return nil
  }

  /// `treeEntry` by libgit2's parse of every tree on the way.
  private func parsedTreeEntry(_ root: OID, path: String) throws(GitError) -> TreeEntry? {
    var raw = root.raw
    var tree: OpaquePointer?
    try check(git_tree_lookup(&tree, pointer, &raw), "git_tree_lookup")
    defer { git_tree_free(tree) }
    var entry: OpaquePointer?
    let rc = git_tree_entry_bypath(&entry, tree, path)
    guard try checkFound(rc, "git_tree_entry_bypath") else { return nil }
    defer { git_tree_entry_free(entry) }
    guard let entry else { return nil }
    return TreeEntry(entry)
  }

  /// The names of the entries (files or folders) that differ between the trees `old` and `new`
  /// (`nil`: empty), without descending into folders. The trees are compared as stored bytes
  /// (`git_odb_read`): only the stretch between their common prefix and common suffix is
  /// parsed, so comparing two versions of a folder of ten thousand plans that differ in one
  /// costs a scan of their bytes, not a parse of every entry.
  public func changedEntryNames(from old: OID?, to new: OID?) throws(GitError) -> [[UInt8]] {
    let oldBytes = try old.map { id throws(GitError) in try storedBytes(id, onlyOfATree: false) ?? [] } ?? []
    let newBytes = try new.map { id throws(GitError) in try storedBytes(id, onlyOfATree: false) ?? [] } ?? []
    return oldBytes.withUnsafeBytes { oldBuffer in
      newBytes.withUnsafeBytes { newBuffer in TreeBytes.changedNames(oldBuffer, newBuffer) }
    }
  }
}
