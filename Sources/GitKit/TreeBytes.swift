import Foundation

extension Repository {
  /// The names of the entries (files or folders) that differ between the trees `old` and `new`
  /// (`nil`: empty), without descending into folders. The trees are compared as stored bytes
  /// (`git_odb_read`): only the stretch between their common prefix and common suffix is
  /// parsed, so comparing two versions of a folder of ten thousand plans that differ in one
  /// costs a scan of their bytes, not a parse of every entry.
  public func changedEntryNames(from old: OID?, to new: OID?) throws(GitError) -> [[UInt8]] {
    let oldBytes = try storedTree(old), newBytes = try storedTree(new)
    return oldBytes.withUnsafeBytes { oldBuffer in
      newBytes.withUnsafeBytes { newBuffer in TreeBytes.changedNames(oldBuffer, newBuffer) }
    }
  }

  /// The bytes of tree `id` as stored (`git_odb_read`; empty for `nil`), from the last few read.
  private func storedTree(_ id: OID?) throws(GitError) -> [UInt8] {
    guard let id else { return [] }
    if let recent = recentTrees.first(where: { $0.id == id }) { return recent.bytes }
    let bytes = try withStoredObject(id) { _, stored in Array(stored) }
    recentTrees.append((id, bytes))
    if recentTrees.count > 4 { recentTrees.removeFirst() }
    return bytes
  }
}

/// Comparisons of trees in git's stored form: entries `<mode> <name>\0<20-byte id>`.
enum TreeBytes {
  /// The names of the entries that differ between the stored trees `old` and `new`.
  static func changedNames(_ old: UnsafeRawBufferPointer, _ new: UnsafeRawBufferPointer) -> [[UInt8]] {
    let shorter = min(old.count, new.count)
    var prefix = 0
    // Whole blocks first (memcmp), then bytes.
    while prefix + 256 <= shorter && memcmp(old.baseAddress! + prefix, new.baseAddress! + prefix, 256) == 0 { prefix += 256 }
    while prefix < shorter && old[prefix] == new[prefix] { prefix += 1 }
    var suffix = 0
    while suffix + 256 <= shorter - prefix
      && memcmp(old.baseAddress! + old.count - suffix - 256, new.baseAddress! + new.count - suffix - 256, 256) == 0
    {
      suffix += 256
    }
    while suffix < shorter - prefix && old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
    // The entries before the first differing byte are the same in both, and so are their ends.
    var start = 0
    while let end = entryEnd(old, from: start), end <= prefix { start = end }
    // The longest tail, within the common suffix, that starts at an entry in both trees.
    let oldTails = tailLengths(old, from: start, within: suffix)
    let tail = tailLengths(new, from: start, within: suffix).filter(oldTails.contains).max() ?? 0
    var oldEntries: [[UInt8]: ArraySlice<UInt8>] = [:]
    forEachEntry(old, from: start, to: old.count - tail) { name, value in oldEntries[name] = value }
    var changed: [[UInt8]] = []
    forEachEntry(new, from: start, to: new.count - tail) { name, value in
      if oldEntries.removeValue(forKey: name) != value { changed.append(name) }
    }
    return changed + oldEntries.keys.sorted { $0.lexicographicallyPrecedes($1) }
  }

  /// Where the entry that starts at `start` ends, or `nil` at the end or in malformed data.
  private static func entryEnd(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
    guard start < bytes.count, let base = bytes.baseAddress, let nul = memchr(base + start, 0, bytes.count - start)
    else { return nil }
    let end = base.distance(to: UnsafeRawPointer(nul)) + 21
    return end <= bytes.count ? end : nil
  }

  /// The lengths of the tails of `bytes` that start at an entry and are at most `limit` long.
  private static func tailLengths(_ bytes: UnsafeRawBufferPointer, from start: Int, within limit: Int) -> Set<Int> {
    var lengths: Set<Int> = [0]
    var index = start
    while let end = entryEnd(bytes, from: index) {
      index = end
      if bytes.count - index <= limit { lengths.insert(bytes.count - index) }
    }
    return lengths
  }

  /// Calls `body` with each entry's name and its mode and id bytes, from `start` to `end`.
  private static func forEachEntry(
    _ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, _ body: ([UInt8], ArraySlice<UInt8>) -> Void
  ) {
    var index = start
    while index < end, let entryEnd = entryEnd(bytes, from: index) {
      var space = index
      while space < entryEnd && bytes[space] != 0x20 { space += 1 }
      let nameEnd = entryEnd - 21
      let mode = Array(bytes[index..<space])
      body(Array(bytes[(space + 1)..<nameEnd]), ArraySlice(mode + Array(bytes[(nameEnd + 1)..<entryEnd])))
      index = entryEnd
    }
  }
}
