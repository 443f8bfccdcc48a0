import Foundation

/// Writes OpenSSH's wire encoding: big-endian `uint32` and length-prefixed strings.
struct SSHWriter {
  private(set) var bytes: [UInt8] = []

  mutating func appendRaw<S: Sequence>(_ data: S) where S.Element == UInt8 {
    bytes.append(contentsOf: data)
  }

  mutating func appendUInt32(_ value: UInt32) {
    bytes.append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) })
  }

  mutating func appendString<S: Collection>(_ data: S) where S.Element == UInt8 {
    appendUInt32(UInt32(data.count))
    bytes.append(contentsOf: data)
  }

  mutating func appendString(_ text: String) {
    appendString(Array(text.utf8))
  }
}

/// Reads OpenSSH's wire encoding; every read checks the remaining length.
struct SSHReader {
  private let bytes: [UInt8]
  private var offset = 0

  init<S: Sequence>(_ data: S) where S.Element == UInt8 {
    bytes = Array(data)
  }

  var isAtEnd: Bool { offset == bytes.count }
  var remaining: ArraySlice<UInt8> { bytes[offset...] }

  mutating func readRaw(_ count: Int) throws(SignatureError) -> [UInt8] {
    guard count >= 0, bytes.count - offset >= count else { throw .malformed("data ends early") }
    defer { offset += count }
    return Array(bytes[offset..<offset + count])
  }

  mutating func readUInt32() throws(SignatureError) -> UInt32 {
    try readRaw(4).reduce(0) { $0 << 8 | UInt32($1) }
  }

  mutating func readString() throws(SignatureError) -> [UInt8] {
    try readRaw(Int(try readUInt32()))
  }

  mutating func readText() throws(SignatureError) -> String {
    String(decoding: try readString(), as: UTF8.self)
  }
}

/// PEM-like armor of OpenSSH files: base64 between BEGIN and END lines.
enum SSHArmor {
  static func wrap(_ bytes: [UInt8], label: String, width: Int = 70) -> String {
    let encoded = Array(Data(bytes).base64EncodedString().utf8)
    var lines: [String] = ["-----BEGIN \(label)-----"]
    var start = 0
    while start < encoded.count {
      let end = min(start + width, encoded.count)
      lines.append(String(decoding: encoded[start..<end], as: UTF8.self))
      start = end
    }
    lines.append("-----END \(label)-----")
    return lines.joined(separator: "\n")
  }

  static func unwrap(_ text: String, label: String) throws(SignatureError) -> [UInt8] {
    let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0D }
    let lines = text.utf8.split(separator: 0x0A).map { line in
      String(decoding: line.drop(while: isBlank).reversed().drop(while: isBlank).reversed(), as: UTF8.self)
    }
    guard let begin = lines.firstIndex(of: "-----BEGIN \(label)-----"),
      let end = lines.firstIndex(of: "-----END \(label)-----"), begin < end
    else { throw .malformed("no '-----BEGIN \(label)-----' block") }
    let body = lines[(begin + 1)..<end].joined()
    guard let data = Data(base64Encoded: body) else { throw .malformed("invalid base64 in \(label)") }
    return Array(data)
  }
}
