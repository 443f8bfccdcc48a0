internal import Clibgit2
import Foundation

/// How a checkout treats local changes.
public enum CheckoutMode: Sendable {
  /// Only report conflicts, write nothing (`GIT_CHECKOUT_SAFE | GIT_CHECKOUT_DRY_RUN`, and
  /// `GIT_CHECKOUT_DONT_WRITE_INDEX`: libgit2's dry run otherwise writes back the index it read,
  /// which can undo another command's checkout made meanwhile).
  case dryRun
  /// Write, but refuse before writing anything if a local change would be lost (`GIT_CHECKOUT_SAFE`).
  case safe
  /// Write, overwriting local changes (`GIT_CHECKOUT_FORCE`).
  case force
}

extension Repository {
  /// Makes the index and work tree show `tree`, touching only the paths that differ between
  /// `baseline` and `tree` (`git_checkout_tree`). Unless forced, a path whose work tree or
  /// index content differs from `baseline` makes the whole checkout fail before anything is
  /// written (a `GitError` whose `isCheckoutConflict` is true), so local changes are never lost.
  /// - Parameter paths: when given, only these paths (pathspecs: a folder stands for the files
  ///   in it) are looked at, which keeps a checkout of a few files fast in a large work tree.
  public func checkout(tree: OID, baseline: OID, mode: CheckoutMode, paths: [String]? = nil) throws(GitError) {
    var options = git_checkout_options()
    try check(
      git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)),
      "git_checkout_options_init")
    switch mode {
    case .dryRun:
      options.checkout_strategy =
        GIT_CHECKOUT_SAFE.rawValue | GIT_CHECKOUT_DRY_RUN.rawValue | GIT_CHECKOUT_DONT_WRITE_INDEX.rawValue
    case .safe: options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue
    case .force: options.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue
    }
    var baselineTree: OpaquePointer?
    var baselineRaw = baseline.raw
    try check(git_tree_lookup(&baselineTree, pointer, &baselineRaw), "git_tree_lookup")
    defer { git_tree_free(baselineTree) }
    options.baseline = baselineTree
    var raw = tree.raw
    var target: OpaquePointer?
    try check(git_object_lookup(&target, pointer, &raw, GIT_OBJECT_TREE), "git_object_lookup")
    defer { git_object_free(target) }
    guard let paths else {
      try check(git_checkout_tree(pointer, target, &options), "git_checkout_tree")
      return
    }
    let rc = withStringArray(paths) { array in
      options.paths = array
      return git_checkout_tree(pointer, target, &options)
    }
    try check(rc, "git_checkout_tree")
  }
}

/// A path whose blob (or mode) differs between two trees.
public struct TreeDifference: Sendable, Equatable {
  /// The slash-separated path (invalid UTF-8 replaced; see `isUTF8`).
  public let path: String
  /// The blob in the old tree; `nil` when the path is added.
  public let old: OID?
  /// The blob in the new tree; `nil` when the path is deleted.
  public let new: OID?
  /// The new entry's mode as git stores it (`0o100644`, `0o120000`, …); `nil` when deleted.
  public let newMode: UInt32?
  /// Whether every name along the path is valid UTF-8.
  public let isUTF8: Bool

  /// A difference.
  public init(path: String, old: OID?, new: OID?, newMode: UInt32? = nil, isUTF8: Bool = true) {
    self.path = path
    self.old = old
    self.new = new
    self.newMode = newMode
    self.isUTF8 = isUTF8
  }

  /// Whether the new entry is a regular, non-executable file.
  public var isPlainFile: Bool { newMode == FileMode.blob.rawValue }
}

/// A folder whose tree object is not in the form git writes: what `git fsck` reports of it.
public struct MalformedTree: Sendable, Equatable {
  /// What is wrong with a tree object.
  public enum Problem: Sendable, Equatable {
    /// Entries out of git's order, or a name twice.
    case misordered
    /// A mode git does not write.
    case unknownMode
    /// `.`, `..`, `.git` or a name holding a slash.
    case forbiddenName
    /// A mode spelt with leading zeros.
    case paddedMode
  }

  /// The folder's path with a trailing slash; empty for the root.
  public let path: String
  public let problem: Problem
}

/// What differs between two trees, and which of the new tree objects git would not write.
public struct TreeChanges: Sendable {
  public var differences: [TreeDifference] = []
  public var malformedTrees: [MalformedTree] = []
  /// The folders that differ, with what each side has at their paths.
  public var folders: [ChangedFolder] = []
}

/// A folder whose tree differs between two trees, as each side has it.
public struct ChangedFolder: Sendable, Equatable {
  /// What one side has at the folder's path.
  enum Side: Sendable, Equatable {
    case tree(OID)
    /// Nothing at all.
    case absent
    /// No folder, and maybe a file.
    case noFolder
  }

  /// The folder's path, without a trailing slash.
  let path: String
  let old: Side
  let new: Side
}

extension Repository {
  /// The paths whose content differs between the trees `old` (`nil`: none) and `new`, found by
  /// walking both trees side by side in git's order (the shim's `reform_tree_changed_entries`
  /// over `git_tree_entry_byindex` and `git_tree_entry_cmp`) and descending only into folders
  /// whose ids differ. Unchanged entries are compared in C and never copied out, so a commit
  /// that changes one plan among thousands costs little.
  public func differences(from old: OID?, to new: OID) throws(GitError) -> [TreeDifference] {
    var changes = TreeChanges()
    try collectDifferences(old, new, prefix: "", isUTF8: true, checkingForm: false, into: &changes)
    return changes.differences
  }

  /// The `differences` between `old` and `new`, and each tree object the walk meets in `new`
  /// but not in `old` that is not in git's form (`reform_tree_malformation`, given the size
  /// `git_odb_read_header` reads). Trees found unchanged are not looked at again: they were
  /// judged where they first appeared.
  public func changes(from old: OID?, to new: OID) throws(GitError) -> TreeChanges {
    var changes = TreeChanges()
    try collectDifferences(old, new, prefix: "", isUTF8: true, checkingForm: true, into: &changes)
    learnFolders(of: changes, from: old, to: new)
    return changes
  }

  private func collectDifferences(
    _ old: OID?, _ new: OID?, prefix: String, isUTF8: Bool, checkingForm: Bool, into changes: inout TreeChanges
  ) throws(GitError) {
    guard old != new else { return }
    if let compared = try changedStoredEntries(old, new) {
      for (oldEntry, newEntry) in compared.pairs {
        // A plain stretch holds any file of a folder's name on the other side (or the trees
        // would not be plain): a name it lacks is absent there.
        let name = (newEntry ?? oldEntry)?.name ?? []
        try addChange(
          oldEntry, newEntry, prefix: prefix, isUTF8: isUTF8, checkingForm: checkingForm,
          missing: (compared.oldNames.contains(name) ? .noFolder : .absent, compared.newNames.contains(name) ? .noFolder : .absent),
          into: &changes)
      }
      return
    }
    let oldTree = try old.flatMap { id throws(GitError) in try lookupTree(id) }
    let newTree = try new.flatMap { id throws(GitError) in try lookupTree(id) }
    defer {
      git_tree_free(oldTree)
      git_tree_free(newTree)
    }
    if checkingForm, let new, let problem = try malformation(of: newTree, id: new) {
      changes.malformedTrees.append(MalformedTree(path: prefix, problem: problem))
    }
    for (oldEntry, newEntry) in changedEntries(oldTree, newTree) {
      try addChange(
        oldEntry.map(ChangedEntry.init), newEntry.map(ChangedEntry.init), prefix: prefix, isUTF8: isUTF8,
        checkingForm: checkingForm, missing: nil, into: &changes)
    }
  }

  /// The pairs of entries that differ between the trees `old` and `new`, from their stored
  /// bytes: only the stretch between their common prefix and suffix is parsed, so a folder of
  /// ten thousand plans that changes in one costs a scan of its bytes. `nil` when an entry of
  /// either stretch is not as git writes it, or its order or names cannot be told from the
  /// stretch alone: then libgit2 parses the trees and says what is wrong with them.
  private func changedStoredEntries(
    _ old: OID?, _ new: OID?
  ) throws(GitError) -> (pairs: [(ChangedEntry?, ChangedEntry?)], oldNames: Set<[UInt8]>, newNames: Set<[UInt8]>)? {
    var oldTree = StoredTree(id: .emptyTree, bytes: [], entryStarts: [])
    if let old {
      // Only a plain old tree vouches for the bytes the new one keeps from it.
      guard let stored = try storedTree(old), stored.entryStarts != nil else { return nil }
      oldTree = stored
    }
    let isKnown = new.flatMap(recentTree) != nil
    var newBytes: [UInt8] = []
    if let new {
      guard let bytes = try storedBytes(new, onlyOfATree: true) else { return nil }
      newBytes = bytes
    }
    let compared = oldTree.bytes.withUnsafeBytes { oldBuffer in
      newBytes.withUnsafeBytes { newBuffer -> (pairs: [(ChangedEntry?, ChangedEntry?)], names: [Set<[UInt8]>], newStarts: [Int])? in
        let stretch = TreeBytes.differingStretch(oldBuffer, newBuffer, oldStarts: oldTree.entryStarts)
        guard let oldEntries = TreeBytes.plainEntries(oldBuffer, from: stretch.start, to: stretch.oldEnd),
          let newEntries = TreeBytes.plainEntries(newBuffer, from: stretch.start, to: stretch.newEnd),
          TreeBytes.fitsBetween(
            newBuffer, newEntries, previous: stretch.previous, next: stretch.newEnd < newBuffer.count ? stretch.newEnd : nil)
        else { return nil }
        let changed = { (buffer: UnsafeRawBufferPointer, entry: StoredTreeEntry) in ChangedEntry(buffer, entry) }
        var pairs: [(ChangedEntry?, ChangedEntry?)] = []
        var (o, n) = (0, 0)
        while o < oldEntries.count || n < newEntries.count {
          let order = o == oldEntries.count ? 1 : n == newEntries.count ? -1
            : TreeBytes.order(oldBuffer, oldEntries[o], newBuffer, newEntries[n])
          if order < 0 {
            pairs.append((changed(oldBuffer, oldEntries[o]), nil))
            o += 1
          } else if order > 0 {
            pairs.append((nil, changed(newBuffer, newEntries[n])))
            n += 1
          } else {
            let (before, after) = (changed(oldBuffer, oldEntries[o]), changed(newBuffer, newEntries[n]))
            if before.mode != after.mode || before.id != after.id { pairs.append((before, after)) }
            o += 1
            n += 1
          }
        }
        // A plain tree that differs in a plain stretch that fits is plain: index it from the old.
        let starts = oldTree.entryStarts ?? []
        let head = starts.prefix { $0 < stretch.start }
        let tail = starts.suffix(from: head.count + oldEntries.count)
        let newStarts = Array(head) + newEntries.map(\.start) + tail.map { $0 + stretch.newEnd - stretch.oldEnd }
        let names = [(oldBuffer, oldEntries), (newBuffer, newEntries)].map { buffer, entries in
          Set(entries.map { Array(buffer[$0.nameStart..<$0.nameEnd]) })
        }
        return (pairs, names, newStarts)
      }
    }
    guard let compared else { return nil }
    if let new, !isKnown { remember(StoredTree(id: new, bytes: newBytes, entryStarts: compared.newStarts)) }
    return (compared.pairs, compared.names[0], compared.names[1])
  }

  /// What keeps the parsed tree `tree` (object `id`) from being in git's form, if anything.
  private func malformation(of tree: OpaquePointer?, id: OID) throws(GitError) -> MalformedTree.Problem? {
    switch reform_tree_malformation(tree, try objectHeader(id).size) {
    case 0: return nil
    case 1: return .misordered
    case 2: return .unknownMode
    case 3: return .forbiddenName
    default: return .paddedMode
    }
  }

  /// The pairs of entries that differ, found in C; `nil` for the side where an entry is absent.
  private func changedEntries(_ oldTree: OpaquePointer?, _ newTree: OpaquePointer?) -> [(OpaquePointer?, OpaquePointer?)] {
    var capacity = 16
    var pairs: [Int32] = []
    var found: Int32 = -1
    while found < 0 {
      pairs = [Int32](repeating: -1, count: 2 * capacity)
      found = reform_tree_changed_entries(oldTree, newTree, &pairs, Int32(capacity))
      capacity *= 8
    }
    return (0..<Int(found)).map { pair in
      (
        pairs[2 * pair] >= 0 ? git_tree_entry_byindex(oldTree, Int(pairs[2 * pair])) : nil,
        pairs[2 * pair + 1] >= 0 ? git_tree_entry_byindex(newTree, Int(pairs[2 * pair + 1])) : nil
      )
    }
  }

  /// One entry that differs: its blobs, or the differences inside it when a folder is involved.
  /// - Parameter missing: what a side without the entry has at its path, when the trees are
  ///   plain; `nil` for trees libgit2 parsed, whose folders are not recorded (a mode such as
  ///   `40755` is a folder to libgit2's walk but not to a lookup).
  private func addChange(
    _ old: ChangedEntry?, _ new: ChangedEntry?, prefix: String, isUTF8 parentIsUTF8: Bool, checkingForm: Bool,
    missing: (old: ChangedFolder.Side, new: ChangedFolder.Side)?, into changes: inout TreeChanges
  ) throws(GitError) {
    guard let named = new ?? old else { return }
    let isUTF8 = parentIsUTF8 && String(validating: named.name, as: UTF8.self) != nil
    let path = prefix + String(decoding: named.name, as: UTF8.self)
    let oldIsTree = old?.isTree ?? false, newIsTree = new?.isTree ?? false
    if oldIsTree || newIsTree {
      let side = { (entry: ChangedEntry?, missing: ChangedFolder.Side) -> ChangedFolder.Side in
        guard let entry else { return missing }
        return entry.isTree ? .tree(entry.id) : .noFolder
      }
      if let missing {
        changes.folders.append(ChangedFolder(path: path, old: side(old, missing.old), new: side(new, missing.new)))
      }
      try collectDifferences(
        oldIsTree ? old?.id : nil, newIsTree ? new?.id : nil, prefix: path + "/", isUTF8: isUTF8,
        checkingForm: checkingForm, into: &changes)
    }
    let oldBlob = oldIsTree ? nil : old?.id
    let newBlob = newIsTree ? nil : new?.id
    if oldBlob != nil || newBlob != nil {
      changes.differences.append(
        TreeDifference(path: path, old: oldBlob, new: newBlob, newMode: newBlob == nil ? nil : new?.mode, isUTF8: isUTF8))
    }
  }

  private func lookupTree(_ id: OID) throws(GitError) -> OpaquePointer? {
    var raw = id.raw
    var tree: OpaquePointer?
    try check(git_tree_lookup(&tree, pointer, &raw), "git_tree_lookup")
    return tree
  }
}

/// An entry of one side of a tree comparison.
private struct ChangedEntry {
  let name: [UInt8]
  /// The mode as stored.
  let mode: UInt32
  let id: OID

  /// A folder, by its mode as libgit2 reads it (`git_tree_entry_type`).
  var isTree: Bool { mode & 0o170000 == 0o040000 }

  init(_ entry: OpaquePointer) {
    name = Array(UnsafeRawBufferPointer(start: git_tree_entry_name(entry), count: strlen(git_tree_entry_name(entry))))
    mode = UInt32(git_tree_entry_filemode_raw(entry).rawValue)
    id = OID(git_tree_entry_id(entry))
  }

  init(_ bytes: UnsafeRawBufferPointer, _ entry: StoredTreeEntry) {
    name = Array(bytes[entry.nameStart..<entry.nameEnd])
    mode = entry.mode
    id = OID(UnsafeRawBufferPointer(rebasing: bytes[(entry.nameEnd + 1)..<entry.end]))
  }
}
