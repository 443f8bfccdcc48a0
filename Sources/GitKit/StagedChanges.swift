internal import Clibgit2
import Foundation

extension Index {
  /// The paths whose staged content differs from the tree `base` (HEAD's tree, or `nil` on an
  /// unborn branch), in path order, without looking at the work tree.
  ///
  /// Like `git status`, it skips every folder that the index's cache of trees (its `TREE`
  /// extension, which git and libgit2 keep) shows unchanged from `base`: a commit that stages
  /// one plan among thousands reads three trees, not one per plan. An index without that cache,
  /// or changed since it was read, is compared folder by folder in full.
  public func changes(since base: OID?) throws(GitError) -> [StagedChange] {
    // libgit2 sorts the index of a repository with `core.ignorecase` without regard to case;
    // trees, and the walk, are in byte order.
    let caps = git_index_caps(pointer)
    let ignoringCase = Int32(GIT_INDEX_CAPABILITY_IGNORE_CASE.rawValue)
    if caps & ignoringCase != 0 { try check(git_index_set_caps(pointer, caps & ~ignoringCase), "git_index_set_caps") }
    defer { if caps & ignoringCase != 0 { git_index_set_caps(pointer, caps) } }
    let unchangedFolders = repository.indexHasUnwrittenChanges ? [:] : CacheTree.validFolders(of: self)
    var comparison = StagedComparison(index: self, unchangedFolders: unchangedFolders)
    try comparison.compare(tree: base, folder: [], entries: 0..<count)
    return comparison.changes
  }
}

/// A walk of the index's sorted entries beside the trees of a commit, folder by folder.
private struct StagedComparison {
  let index: Index
  /// Folders (paths without a trailing slash, empty for the root) whose staged tree is known.
  let unchangedFolders: [[UInt8]: OID]
  var changes: [StagedChange] = []

  /// One child of a folder on the index's side: a file (one path, maybe in several conflict
  /// stages) or a folder (every entry below it), with the entries it covers.
  private struct Child {
    let name: [UInt8]
    let isFolder: Bool
    let entries: Range<Int>
  }

  /// Compares the index entries `entries` (those below `folder`, a path ending in `/` or
  /// empty for the root) with `tree`.
  mutating func compare(tree: OID?, folder: [UInt8], entries: Range<Int>) throws(GitError) {
    if let tree, unchangedFolders[folder.isEmpty ? [] : Array(folder.dropLast())] == tree { return }
    let treeEntries = try tree.map { tree throws(GitError) in try index.repository.treeEntries(tree, canonicalModes: true) } ?? []
    var position = entries.lowerBound
    var treePosition = 0
    while position < entries.upperBound || treePosition < treeEntries.count {
      let child = position < entries.upperBound ? self.child(at: position, in: folder, before: entries.upperBound) : nil
      let treeEntry = treePosition < treeEntries.count ? treeEntries[treePosition] : nil
      switch (Self.order(child, treeEntry), child, treeEntry) {
      case (0, let child?, let treeEntry?):
        position = child.entries.upperBound
        treePosition += 1
        if child.isFolder {
          try compare(tree: treeEntry.id, folder: folder + child.name + [0x2F], entries: child.entries)
        } else {
          modified(child, from: treeEntry)
        }
      case (..<0, let child?, _):
        position = child.entries.upperBound
        added(child)
      case (_, _, let treeEntry?):
        treePosition += 1
        try deleted(treeEntry, in: folder)
      default:
        return  // both sides done: not reached, the loop runs while either has entries left
      }
    }
  }

  /// The child of `folder` that the entry at `position` belongs to, with every entry of it
  /// (entries are sorted by path, so a folder's are contiguous).
  private func child(at position: Int, in folder: [UInt8], before end: Int) -> Child {
    let path = entry(position).pointee.path!
    let rest = UnsafeRawBufferPointer(start: path + folder.count, count: strlen(path) - folder.count)
    if let slash = rest.firstIndex(of: 0x2F) {
      let prefixLength = folder.count + slash + 1
      var (low, high) = (position + 1, end)
      while low < high {
        let middle = (low + high) / 2
        if strncmp(entry(middle).pointee.path, path, prefixLength) == 0 { low = middle + 1 } else { high = middle }
      }
      return Child(name: Array(rest[..<slash]), isFolder: true, entries: position..<low)
    }
    var next = position + 1
    while next < end, strcmp(entry(next).pointee.path, path) == 0 { next += 1 }
    return Child(name: Array(rest), isFolder: false, entries: position..<next)
  }

  /// -1 when the index's child comes first in git's order (a folder sorts as its name and a
  /// slash), 1 when the tree's entry does, 0 when they are the same file or folder.
  private static func order(_ child: Child?, _ entry: TreeEntry?) -> Int {
    guard let child else { return 1 }
    guard let entry else { return -1 }
    let (a, b) = (child.name, entry.nameBytes)
    let common = min(a.count, b.count)
    for offset in 0..<common where a[offset] != b[offset] { return a[offset] < b[offset] ? -1 : 1 }
    // One name starts the other: compare the next byte, a folder's slash, or the end (-1).
    let nextOfChild = a.count > common ? Int(a[common]) : (child.isFolder ? 0x2F : -1)
    let nextOfEntry = b.count > common ? Int(b[common]) : (entry.mode == .tree ? 0x2F : -1)
    return nextOfChild == nextOfEntry ? 0 : (nextOfChild < nextOfEntry ? -1 : 1)
  }

  private mutating func added(_ child: Child) {
    // One change per path, whatever the number of conflict stages.
    var previous: UnsafePointer<CChar>?
    for position in child.entries {
      let entry = self.entry(position)
      if let previous, strcmp(previous, entry.pointee.path) == 0 { continue }
      previous = entry.pointee.path
      if Self.isIntentToAdd(entry) { continue }
      changes.append(StagedChange(path: String(cString: entry.pointee.path), kind: .added, stagedID: OID(entry.pointee.id)))
    }
  }

  private mutating func modified(_ child: Child, from treeEntry: TreeEntry) {
    let entry = self.entry(child.entries.lowerBound)
    if child.entries.count == 1, Self.isIntentToAdd(entry) {
      changes.append(StagedChange(path: String(cString: entry.pointee.path), kind: .deleted, stagedID: nil))
      return
    }
    let stage = (entry.pointee.flags >> 12) & 3
    let unchanged =
      child.entries.count == 1 && stage == 0 && OID(entry.pointee.id) == treeEntry.id
      && treeEntry.mode?.rawValue == entry.pointee.mode
    guard !unchanged else { return }
    changes.append(StagedChange(path: String(cString: entry.pointee.path), kind: .modified, stagedID: OID(entry.pointee.id)))
  }

  /// Every file at or below `treeEntry`, which the index no longer holds.
  private mutating func deleted(_ treeEntry: TreeEntry, in folder: [UInt8]) throws(GitError) {
    let path = folder + treeEntry.nameBytes
    guard treeEntry.mode == .tree else {
      changes.append(StagedChange(path: String(decoding: path, as: UTF8.self), kind: .deleted, stagedID: nil))
      return
    }
    for child in try index.repository.treeEntries(treeEntry.id, canonicalModes: true) { try deleted(child, in: path + [0x2F]) }
  }

  /// Whether `entry` only says that its path is meant to be added (`git add -N`): not staged,
  /// as `git diff --cached` sees it.
  private static func isIntentToAdd(_ entry: UnsafePointer<git_index_entry>) -> Bool {
    entry.pointee.flags_extended & UInt16(GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue) != 0
  }

  private func entry(_ position: Int) -> UnsafePointer<git_index_entry> {
    git_index_get_byindex(index.pointer, position)!
  }
}

/// The index file's cache of trees (its `TREE` extension, git's `index-format.txt`): for each
/// folder whose entries have not changed since a tree was written of them, that tree's id.
enum CacheTree {
  /// The folders the cache of `index` holds valid, by path; empty when the file on disk is
  /// not the one `index` was read from, or has no cache, or one this reader does not follow.
  static func validFolders(of index: Index) -> [[UInt8]: OID] {
    guard let path = git_index_path(index.pointer), let checksum = git_index_checksum(index.pointer),
      let file = FileManager.default.contents(atPath: String(cString: path)), file.count > 32
    else { return [:] }
    return file.withUnsafeBytes { bytes -> [[UInt8]: OID] in
      // The file ends with the checksum libgit2 read: the same file.
      guard OID(UnsafeRawBufferPointer(rebasing: bytes[(bytes.count - 20)...])) == OID(checksum.pointee),
        let extensions = extensionsStart(bytes), let tree = extensionData(named: "TREE", in: bytes, from: extensions)
      else { return [:] }
      var folders: [[UInt8]: OID] = [:]
      var reader = Reader(bytes: tree)
      return reader.readFolder(parent: nil, into: &folders) && reader.atEnd ? folders : [:]
    }
  }

  /// Where the extensions start: after the header and every entry (versions 2 to 4).
  private static func extensionsStart(_ bytes: UnsafeRawBufferPointer) -> Int? {
    guard bytes.starts(with: Array("DIRC".utf8)) else { return nil }
    let version = bigEndian(bytes, at: 4)
    let count = bigEndian(bytes, at: 8)
    guard (2...4).contains(version) else { return nil }
    var offset = 12
    let end = bytes.count - 20
    for _ in 0..<count {
      // ctime, mtime, dev, ino, mode, uid, gid, size, id: 60 bytes; then the flags.
      guard offset + 62 <= end else { return nil }
      let flags = UInt16(bytes[offset + 60]) << 8 | UInt16(bytes[offset + 61])
      var name = offset + 62
      if version >= 3, flags & 0x4000 != 0 { name += 2 }
      if version == 4 {
        // A varint (how much of the previous path to drop), then the rest of the path.
        while name < end, bytes[name] & 0x80 != 0 { name += 1 }
        name += 1
      }
      guard name < end, let nul = bytes[name..<end].firstIndex(of: 0) else { return nil }
      offset = version == 4 ? nul + 1 : offset + ((nul - offset + 8) & ~7)
    }
    return offset <= end ? offset : nil
  }

  private static func extensionData(named name: String, in bytes: UnsafeRawBufferPointer, from start: Int) -> UnsafeRawBufferPointer? {
    var offset = start
    let end = bytes.count - 20
    while offset + 8 <= end {
      let size = Int(bigEndian(bytes, at: offset + 4))
      guard size <= end - offset - 8 else { return nil }
      if bytes[offset..<(offset + 4)].elementsEqual(name.utf8) {
        return UnsafeRawBufferPointer(rebasing: bytes[(offset + 8)..<(offset + 8 + size)])
      }
      offset += 8 + size
    }
    return nil
  }

  private static func bigEndian(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
    bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
  }

  /// Reads the extension's folders in order: `<name>\0<entries> <subfolders>\n`, then the
  /// tree id when the entry count is not -1, then each subfolder the same way.
  private struct Reader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0
    var atEnd: Bool { offset == bytes.count }

    init(bytes: UnsafeRawBufferPointer) {
      self.bytes = bytes
    }

    mutating func readFolder(parent: [UInt8]?, into folders: inout [[UInt8]: OID]) -> Bool {
      guard let nul = bytes[offset...].firstIndex(of: 0) else { return false }
      let name = Array(bytes[offset..<nul])
      let path = parent.map { $0.isEmpty ? name : $0 + [0x2F] + name } ?? []
      offset = nul + 1
      guard let entries = number(until: 0x20), let subfolders = number(until: 0x0A), subfolders >= 0 else { return false }
      if entries >= 0 {
        guard offset + 20 <= bytes.count else { return false }
        folders[path] = OID(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 20)]))
        offset += 20
      }
      for _ in 0..<subfolders where !readFolder(parent: path, into: &folders) { return false }
      return true
    }

    private mutating func number(until terminator: UInt8) -> Int? {
      guard let end = bytes[offset...].firstIndex(of: terminator), end - offset <= 10,
        let number = Int(String(decoding: bytes[offset..<end], as: UTF8.self))
      else { return nil }
      offset = end + 1
      return number
    }
  }
}
