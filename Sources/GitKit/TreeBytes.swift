import Foundation

/// One entry of a stored tree, as offsets into its bytes: `<mode> <name>\0<20-byte id>`.
struct StoredTreeEntry {
  /// Where the entry starts (its mode).
  let start: Int
  /// Where its name starts and ends (the NUL after it).
  let nameStart: Int
  let nameEnd: Int
  /// The mode as an octal number.
  let mode: UInt32
  /// Whether the mode is spelt as git writes it (one of git's six modes, no leading zero).
  let hasCanonicalMode: Bool

  /// Where the entry ends: after the 20 bytes of its id.
  var end: Int { nameEnd + 21 }
  /// Whether the entry is a folder, read from its mode as libgit2 reads it.
  var isTree: Bool { mode & 0o170000 == 0o040000 }
}

/// Comparisons of trees in git's stored form: entries `<mode> <name>\0<20-byte id>`.
enum TreeBytes {
  /// The modes git writes; any other, or one spelt with a leading zero, is not canonical.
  private static let canonicalModes: Set<UInt32> = [0o40000, 0o100644, 0o100664, 0o100755, 0o120000, 0o160000]

  /// The entry that starts at `start`, or `nil` at the end or in bytes that are not an entry.
  static func entry(_ bytes: UnsafeRawBufferPointer, at start: Int) -> StoredTreeEntry? {
    guard start < bytes.count, let base = bytes.baseAddress, let nul = memchr(base + start, 0, bytes.count - start)
    else { return nil }
    let nameEnd = base.distance(to: UnsafeRawPointer(nul))
    guard nameEnd + 21 <= bytes.count else { return nil }
    var mode: UInt32 = 0
    var index = start
    while index < nameEnd, bytes[index] != 0x20 {
      let digit = bytes[index] &- 0x30
      guard digit < 8, mode < 0o1_000_000 else { return nil }
      mode = mode * 8 + UInt32(digit)
      index += 1
    }
    guard index > start, index < nameEnd else { return nil }
    return StoredTreeEntry(
      start: start, nameStart: index + 1, nameEnd: nameEnd, mode: mode,
      hasCanonicalMode: bytes[start] != 0x30 && canonicalModes.contains(mode))
  }

  /// Where the stored trees `old` and `new` differ: from `start`, an entry boundary of both with
  /// the same bytes before it, to `oldEnd` and `newEnd`, entry boundaries with the same bytes
  /// after them; `previous` is where the entry before `start` begins.
  /// - Parameter oldStarts: where each entry of `old` starts, when known (a binary search then
  ///   finds `start`, instead of a walk over the entries before it).
  static func differingStretch(
    _ old: UnsafeRawBufferPointer, _ new: UnsafeRawBufferPointer, oldStarts: [Int]? = nil
  ) -> (previous: Int?, start: Int, oldEnd: Int, newEnd: Int) {
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
    var previous: Int?
    var start = 0
    if let oldStarts {
      let boundary = { (index: Int) in index < oldStarts.count ? oldStarts[index] : old.count }
      var (low, high) = (0, oldStarts.count)  // the last boundary at or before `prefix`
      while low < high {
        let middle = (low + high + 1) / 2
        if boundary(middle) <= prefix { low = middle } else { high = middle - 1 }
      }
      start = boundary(low)
      previous = low > 0 ? oldStarts[low - 1] : nil
    } else {
      while let entry = entry(old, at: start), entry.end <= prefix {
        previous = start
        start = entry.end
      }
    }
    // The longest tail, within the common suffix, that starts at an entry in both trees.
    var oldEnd = start, newEnd = start
    while old.count - oldEnd != new.count - newEnd || old.count - oldEnd > suffix {
      if old.count - oldEnd >= new.count - newEnd {
        oldEnd = entry(old, at: oldEnd)?.end ?? old.count
      } else {
        newEnd = entry(new, at: newEnd)?.end ?? new.count
      }
    }
    return (previous, start, oldEnd, newEnd)
  }

  /// The names of the entries that differ between the stored trees `old` and `new`.
  static func changedNames(_ old: UnsafeRawBufferPointer, _ new: UnsafeRawBufferPointer) -> [[UInt8]] {
    let stretch = differingStretch(old, new)
    var oldEntries: [[UInt8]: [UInt8]] = [:]
    forEachEntry(old, from: stretch.start, to: stretch.oldEnd) { name, value in oldEntries[name] = value }
    var changed: [[UInt8]] = []
    forEachEntry(new, from: stretch.start, to: stretch.newEnd) { name, value in
      if oldEntries.removeValue(forKey: name) != value { changed.append(name) }
    }
    return changed + oldEntries.keys.sorted { $0.lexicographicallyPrecedes($1) }
  }

  /// Calls `body` with each entry's name and its mode and id bytes, from `start` to `end`.
  private static func forEachEntry(
    _ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, _ body: ([UInt8], [UInt8]) -> Void
  ) {
    var index = start
    while index < end, let entry = entry(bytes, at: index) {
      let mode = Array(bytes[entry.start..<(entry.nameStart - 1)])
      body(Array(bytes[entry.nameStart..<entry.nameEnd]), mode + Array(bytes[(entry.nameEnd + 1)..<entry.end]))
      index = entry.end
    }
  }

  /// The entries from `start` to `end`, when each is an entry as git writes it (mode, a name
  /// git allows) and they follow git's order; `nil` otherwise.
  static func plainEntries(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> [StoredTreeEntry]? {
    var entries: [StoredTreeEntry] = []
    var index = start
    while index < end {
      guard let entry = entry(bytes, at: index), entry.hasCanonicalMode, hasAllowedName(bytes, entry) else { return nil }
      if let last = entries.last, order(bytes, last, bytes, entry) >= 0 { return nil }
      entries.append(entry)
      index = entry.end
    }
    return index == end ? entries : nil
  }

  /// Whether `entries`, the stretch of `bytes` between the entries that start at `previous` and
  /// `next`, keep git's order with them and hold no file and folder of one name; `false` when
  /// that would need entries beyond those two.
  static func fitsBetween(
    _ bytes: UnsafeRawBufferPointer, _ entries: [StoredTreeEntry], previous: Int?, next: Int?
  ) -> Bool {
    let before = previous.flatMap { entry(bytes, at: $0) }
    let after = next.flatMap { entry(bytes, at: $0) }
    if let before, let first = entries.first, order(bytes, before, bytes, first) >= 0 { return false }
    if let after, let last = entries.last, order(bytes, last, bytes, after) >= 0 { return false }
    // Between file `x` and folder `x` lie only names that continue `x` with a byte below '/':
    // from a folder, look back over them for the file; from a file, ahead for the folder.
    for (index, entry) in entries.enumerated() {
      let step = entry.isTree ? -1 : 1
      var other = index + step
      while true {
        let isBeyond = !entries.indices.contains(other)
        guard let neighbour = isBeyond ? (entry.isTree ? before : after) : entries[other] else { break }
        let relation = relation(bytes, of: neighbour, to: entry)
        if relation == .unrelated { break }
        // The same name, or a name that may hide one beyond what this stretch shows.
        if relation == .sameName || isBeyond { return false }
        other += step
      }
    }
    return true
  }

  /// How one entry's name stands to another's in the search for a file and a folder of one name.
  private enum NameRelation {
    case sameName
    /// The name continues the other with a byte below '/': it sorts between file and folder.
    case continuesBelowSlash
    case unrelated
  }

  private static func relation(
    _ bytes: UnsafeRawBufferPointer, of other: StoredTreeEntry, to entry: StoredTreeEntry
  ) -> NameRelation {
    let length = entry.nameEnd - entry.nameStart
    let otherLength = other.nameEnd - other.nameStart
    guard otherLength >= length, memcmp(bytes.baseAddress! + entry.nameStart, bytes.baseAddress! + other.nameStart, length) == 0
    else { return .unrelated }
    if otherLength == length { return .sameName }
    return bytes[other.nameStart + length] < 0x2F ? .continuesBelowSlash : .unrelated
  }

  /// git's order of tree entries: names compared as bytes, a folder's as if a slash followed it.
  static func order(
    _ left: UnsafeRawBufferPointer, _ a: StoredTreeEntry, _ right: UnsafeRawBufferPointer, _ b: StoredTreeEntry
  ) -> Int {
    let aLength = a.nameEnd - a.nameStart, bLength = b.nameEnd - b.nameStart
    let common = min(aLength, bLength)
    let compared = memcmp(left.baseAddress! + a.nameStart, right.baseAddress! + b.nameStart, common)
    if compared != 0 { return Int(compared) }
    let aNext: UInt8 = aLength > common ? left[a.nameStart + common] : (a.isTree ? 0x2F : 0)
    let bNext: UInt8 = bLength > common ? right[b.nameStart + common] : (b.isTree ? 0x2F : 0)
    return Int(aNext) - Int(bNext)
  }

  /// git's order of the entry `a` of `bytes` against the name `key`, as a folder's or a file's.
  static func order(_ bytes: UnsafeRawBufferPointer, _ a: StoredTreeEntry, key: UnsafeRawBufferPointer, keyIsTree: Bool) -> Int {
    let aLength = a.nameEnd - a.nameStart
    let common = min(aLength, key.count)
    let compared = common == 0 ? 0 : memcmp(bytes.baseAddress! + a.nameStart, key.baseAddress!, common)
    if compared != 0 { return Int(compared) }
    let aNext: UInt8 = aLength > common ? bytes[a.nameStart + common] : (a.isTree ? 0x2F : 0)
    let keyNext: UInt8 = key.count > common ? key[common] : (keyIsTree ? 0x2F : 0)
    return Int(aNext) - Int(keyNext)
  }

  /// Whether git allows the entry's name (not empty, no slash, not `.`, `..` or `.git` in any
  /// case) and libgit2 reads it (at most 65,535 bytes).
  private static func hasAllowedName(_ bytes: UnsafeRawBufferPointer, _ entry: StoredTreeEntry) -> Bool {
    let name = UnsafeRawBufferPointer(rebasing: bytes[entry.nameStart..<entry.nameEnd])
    guard !name.isEmpty, name.count <= 0xFFFF, !name.contains(0x2F) else { return false }
    if name.elementsEqual([0x2E]) || name.elementsEqual([0x2E, 0x2E]) { return false }
    return !(name.count == 4 && name.map { $0 | 0x20 }.elementsEqual(Array(".git".utf8)))
  }
}
