internal import CZlib
import Crypto
import Foundation
import GitKit

/// Writes git objects straight into a pack file (git's pack format, version 2), for building
/// large synthetic histories without loose objects: a history of 200,000 commits over
/// thousands of plans rewrites a large `plans` tree at every commit, tens of gigabytes loose.
/// A tree that differs from the previous version by a few entries is stored as a delta
/// against it (`REF_DELTA`, copy-prefix / insert / copy-suffix), with a full copy every
/// `maximumDepth` versions so that no delta chain grows longer than git's own default.
final class PackFileWriter {
  /// The kinds of object a pack holds, with their pack type numbers.
  enum Kind: UInt8 {
    case commit = 1, tree = 2, blob = 3, tag = 4

    var name: String {
      switch self {
      case .commit: "commit"
      case .tree: "tree"
      case .blob: "blob"
      case .tag: "tag"
      }
    }
  }

  /// The longest delta chain written.
  static let maximumDepth = 50

  private let body: FileHandle
  private let bodyPath: String
  private var buffer: [UInt8] = []
  private(set) var objectCount = 0
  private var written: Set<OID> = []

  /// Starts a pack in `folder` (a temporary file until `finish`).
  init(folder: String) throws {
    bodyPath = folder + "/reform-pack-body-\(getpid())"
    guard FileManager.default.createFile(atPath: bodyPath, contents: nil),
      let handle = FileHandle(forWritingAtPath: bodyPath)
    else {
      throw ReformError.io("cannot write \(bodyPath)")
    }
    body = handle
  }

  /// The id git gives `data` as an object of `kind`.
  static func objectID(_ kind: Kind, _ data: [UInt8]) -> OID {
    var hasher = Insecure.SHA1()
    hasher.update(data: Array("\(kind.name) \(data.count)\0".utf8))
    hasher.update(data: data)
    return OID(bytes: Array(hasher.finalize()))!
  }

  /// Adds `data` as a whole object; returns its id.
  @discardableResult
  func add(_ kind: Kind, _ data: [UInt8]) throws -> OID {
    let id = Self.objectID(kind, data)
    guard written.insert(id).inserted else { return id }
    appendHeader(type: kind.rawValue, size: data.count)
    buffer += Self.deflate(data)
    objectCount += 1
    try flushIfLarge()
    return id
  }

  /// Adds `data` as a delta against `base` (already in this pack), which it shares a long
  /// prefix and suffix with; returns its id.
  @discardableResult
  func add(_ kind: Kind, _ data: [UInt8], deltaFrom base: (id: OID, data: [UInt8])) throws -> OID {
    let id = Self.objectID(kind, data)
    guard written.insert(id).inserted else { return id }
    let delta = Self.delta(from: base.data, to: data)
    appendHeader(type: 7, size: delta.count)
    buffer += base.id.bytes
    buffer += Self.deflate(delta)
    objectCount += 1
    try flushIfLarge()
    return id
  }

  /// Writes the pack file (header, objects, SHA-1 trailer) and returns its path.
  func finish() throws -> String {
    try flush()
    try body.close()
    let packPath = bodyPath + ".pack"
    guard FileManager.default.createFile(atPath: packPath, contents: nil),
      let pack = FileHandle(forWritingAtPath: packPath), let input = FileHandle(forReadingAtPath: bodyPath)
    else {
      throw ReformError.io("cannot write \(packPath)")
    }
    var hasher = Insecure.SHA1()
    let count = UInt32(objectCount)
    let header: [UInt8] =
      Array("PACK".utf8) + [0, 0, 0, 2] + [UInt8(count >> 24), UInt8(count >> 16 & 0xff), UInt8(count >> 8 & 0xff), UInt8(count & 0xff)]
    hasher.update(data: header)
    try pack.write(contentsOf: header)
    while let chunk = try input.read(upToCount: 8 << 20), !chunk.isEmpty {
      hasher.update(data: chunk)
      try pack.write(contentsOf: chunk)
    }
    try pack.write(contentsOf: Array(hasher.finalize()))
    try pack.close()
    try input.close()
    try FileManager.default.removeItem(atPath: bodyPath)
    return packPath
  }

  private func appendHeader(type: UInt8, size: Int) {
    var remaining = size >> 4
    var byte = type << 4 | UInt8(size & 0x0f)
    while remaining > 0 {
      buffer.append(byte | 0x80)
      byte = UInt8(remaining & 0x7f)
      remaining >>= 7
    }
    buffer.append(byte)
  }

  private func flushIfLarge() throws {
    if buffer.count > 4 << 20 { try flush() }
  }

  private func flush() throws {
    try body.write(contentsOf: buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  /// git's delta format: the sizes, then copy instructions for the common prefix and suffix
  /// and an insert of what lies between.
  static func delta(from base: [UInt8], to target: [UInt8]) -> [UInt8] {
    var prefix = 0
    let limit = min(base.count, target.count)
    while prefix < limit && base[prefix] == target[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < limit - prefix && base[base.count - 1 - suffix] == target[target.count - 1 - suffix] { suffix += 1 }
    var delta = varint(base.count) + varint(target.count)
    copy(offset: 0, count: prefix, into: &delta)
    var start = prefix
    let end = target.count - suffix
    while start < end {
      let length = min(127, end - start)
      delta.append(UInt8(length))
      delta += target[start..<start + length]
      start += length
    }
    copy(offset: base.count - suffix, count: suffix, into: &delta)
    return delta
  }

  private static func varint(_ value: Int) -> [UInt8] {
    var bytes: [UInt8] = []
    var remaining = value
    repeat {
      var byte = UInt8(remaining & 0x7f)
      remaining >>= 7
      if remaining > 0 { byte |= 0x80 }
      bytes.append(byte)
    } while remaining > 0
    return bytes
  }

  /// Copy instructions for `count` bytes at `offset` of the base, at most 64 KiB each.
  private static func copy(offset: Int, count: Int, into delta: inout [UInt8]) {
    var start = offset
    var left = count
    while left > 0 {
      let length = min(left, 0x10000 - 1)
      var command: UInt8 = 0x80
      var arguments: [UInt8] = []
      for index in 0..<4 where (start >> (8 * index)) & 0xff != 0 {
        command |= 1 << index
        arguments.append(UInt8((start >> (8 * index)) & 0xff))
      }
      for index in 0..<2 where (length >> (8 * index)) & 0xff != 0 {
        command |= 1 << (4 + index)
        arguments.append(UInt8((length >> (8 * index)) & 0xff))
      }
      delta.append(command)
      delta += arguments
      start += length
      left -= length
    }
  }

  /// `data` compressed with zlib (fast level), as pack entries store it.
  private static func deflate(_ data: [UInt8]) -> [UInt8] {
    var length = compressBound(uLong(data.count))
    var output = [UInt8](repeating: 0, count: Int(length))
    let rc = data.withUnsafeBufferPointer { input in
      compress2(&output, &length, input.baseAddress, uLong(data.count), 1)
    }
    precondition(rc == Z_OK, "zlib compress2 failed with \(rc)")
    return Array(output[0..<Int(length)])
  }
}
