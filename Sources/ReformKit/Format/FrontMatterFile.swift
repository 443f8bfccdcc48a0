import Foundation

/// A Markdown file with YAML front matter, as plans and records are written.
public struct FrontMatterFile: Sendable {
  /// Files above this size are refused without being parsed.
  public static let sizeLimit = 1 << 20

  /// The front matter's root value.
  public let frontMatter: YAMLNode
  /// The Markdown after the closing `---`, with LF line endings.
  public let body: String
  /// The 1-based line of the file on which the body starts.
  public let bodyLine: Int

  /// Reads `data`, reporting everything that keeps it from being a front-matter file: size,
  /// binary content, invalid UTF-8, a missing or unterminated front matter, YAML errors.
  /// A byte-order mark and CRLF line endings are accepted.
  static func parse(_ data: Data, sink: inout DiagnosticSink) -> FrontMatterFile? {
    guard let text = decodeText(data, sink: &sink) else { return nil }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard let first = lines.first, isFence(first) else {
      sink.report(
        line: 1, key: "front matter",
        Language.current.choose("missing: the file must begin with a line '---', the YAML fields, and a closing '---'", "缺少：文件应以一行 '---' 开头，接着是 YAML 字段，再以 '---' 结束"))
      return nil
    }
    guard let closing = lines.indices.dropFirst().first(where: { isFence(lines[$0]) || lines[$0] == "..." })
    else {
      sink.report(line: 1, key: "front matter", Language.current.choose("not closed: add a line '---' after the YAML fields", "未结束：请在 YAML 字段后加一行 '---'"))
      return nil
    }
    let yaml = lines[1..<closing].joined(separator: "\n")
    guard let root = YAMLLoader.load(yaml, firstLine: 2, sink: &sink) else { return nil }
    guard root.mapping != nil else {
      sink.report(line: 2, key: "front matter", Language.current.choose("must be a mapping of keys to values, not \(root.shapeName)", "应为键值映射，而不是\(root.shapeName)"))
      return nil
    }
    let body = lines[(closing + 1)...].joined(separator: "\n")
    return FrontMatterFile(frontMatter: root, body: body, bodyLine: closing + 2)
  }

  /// The file's text: size-checked, free of NUL bytes, valid UTF-8, without a byte-order mark
  /// and with LF line endings.
  static func decodeText(_ data: Data, sink: inout DiagnosticSink) -> String? {
    guard checkSize(data.count, sink: &sink) else { return nil }
    let bytes = [UInt8](data)
    if let nul = bytes.firstIndex(of: 0) {
      sink.report(
        line: lineNumber(of: nul, in: bytes), key: "file",
        Language.current.choose("binary data (a NUL byte): plans and records are UTF-8 text", "二进制数据（NUL 字节）：方案和记录应为 UTF-8 文本"))
      return nil
    }
    if let invalid = firstInvalidUTF8Offset(bytes) {
      sink.report(
        line: lineNumber(of: invalid, in: bytes), key: "file",
        Language.current.choose("invalid UTF-8 at byte \(invalid): save the file as UTF-8", "第 \(invalid) 字节处不是有效的 UTF-8：请以 UTF-8 保存文件"))
      return nil
    }
    // A byte-order mark goes; "\r" goes on the byte level ("\r\n" is one Character in Swift).
    let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    let kept = bytes.contains(0x0D) ? bytes[start...].filter { $0 != 0x0D } : Array(bytes[start...])
    return String(decoding: kept, as: UTF8.self)
  }

  /// Reports a file over the size limit; whether the size is within it.
  static func checkSize(_ size: Int, sink: inout DiagnosticSink) -> Bool {
    guard size > sizeLimit else { return true }
    sink.report(
      line: 1, key: "file", Language.current.choose("\(size) bytes is over the limit of 1 MiB (\(sizeLimit) bytes): split the file", "\(size) 字节，超过 1 MiB（\(sizeLimit) 字节）的上限：请拆分文件"))
    return false
  }

  private static func isFence(_ line: Substring) -> Bool {
    line.hasPrefix("---") && line.dropFirst(3).allSatisfy { $0 == " " || $0 == "\t" }
  }

  private static func lineNumber(of offset: Int, in bytes: [UInt8]) -> Int {
    bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
  }

  private static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let scalar): offset += scalar.count
      case .emptyInput: return nil
      case .error: return offset
      }
    }
  }
}
