internal import Clibgit2

/// A git object id (SHA-1), copied out of libgit2's `git_oid`. Its 20 bytes are held inline
/// (no allocation), so that sets and dictionaries of hundreds of thousands of commits stay
/// cheap to build and to search.
public struct OID: Hashable, Sendable, CustomStringConvertible, Comparable {
  /// The 20 raw bytes in memory order: 8, 8 and 4.
  private let words: Words

  private struct Words: Hashable {
    var first: UInt64 = 0
    var second: UInt64 = 0
    var last: UInt32 = 0
  }

  /// The 20 raw bytes.
  public var bytes: [UInt8] { withUnsafeBytes(of: words) { Array($0.prefix(20)) } }

  /// An id from exactly 20 bytes of memory.
  init(_ buffer: UnsafeRawBufferPointer) {
    precondition(buffer.count == 20, "an object id has 20 bytes")
    var words = Words()
    withUnsafeMutableBytes(of: &words) { $0.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: 20) }
    self.words = words
  }

  init(_ oid: git_oid) {
    var copy = oid
    self = withUnsafeBytes(of: &copy.id) { OID(UnsafeRawBufferPointer(rebasing: $0.prefix(20))) }
  }

  init(_ pointer: UnsafePointer<git_oid>) {
    self.init(pointer.pointee)
  }

  /// Parses a 40-digit hexadecimal id (`git_oid_fromstrn`); `nil` when `hex` is not one.
  public init?(hex: String) {
    let utf8 = Array(hex.utf8)
    guard utf8.count == 40, utf8.allSatisfy({ $0.isHexDigit }) else { return nil }
    GitLibrary.ensureInitialised()
    var oid = git_oid()
    let rc = utf8.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { git_oid_fromstrn(&oid, $0.baseAddress, 40) }
    }
    guard rc == 0 else { return nil }
    self.init(oid)
  }

  private init(rawBytes: [UInt8]) {
    self = rawBytes.withUnsafeBytes { OID($0) }
  }

  /// An id from its 20 raw bytes; `nil` for any other count.
  public init?(bytes: [UInt8]) {
    guard bytes.count == 20 else { return nil }
    self.init(rawBytes: bytes)
  }

  /// The id of the empty tree, which libgit2 reads without it being stored: for baselines and
  /// comparisons. A commit of an empty tree must store it with `Repository.writeTree([])`.
  public static let emptyTree = OID(rawBytes: [
    0x4b, 0x82, 0x5d, 0xc6, 0x42, 0xcb, 0x6e, 0xb9, 0xa0, 0x60,
    0xe5, 0x4b, 0xf8, 0xd6, 0x92, 0x88, 0xfb, 0xee, 0x49, 0x04,
  ])

  /// The all-zero id git uses for "no object" (for example in hook input).
  public static let zero = OID(git_oid())

  /// Whether this is the all-zero id.
  public var isZero: Bool { words == Words() }

  /// The 40-digit lowercase hexadecimal form.
  public var hex: String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(40)
    for byte in withUnsafeBytes(of: words, { Array($0.prefix(20)) }) {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  public var description: String { hex }

  public static func < (lhs: OID, rhs: OID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

  var raw: git_oid {
    var oid = git_oid()
    withUnsafeMutableBytes(of: &oid.id) { target in
      withUnsafeBytes(of: words) { target.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: 20) }
    }
    return oid
  }
}

extension UInt8 {
  var isHexDigit: Bool {
    (0x30...0x39).contains(self) || (0x61...0x66).contains(self) || (0x41...0x46).contains(self)
  }
}
