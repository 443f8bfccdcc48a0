import Foundation
import Yams

/// Loads the plain YAML that plan files may contain into `YAMLNode`s, turning every problem
/// into a diagnostic: syntax errors with line and column, duplicate keys, anchors, aliases,
/// tags, complex keys, several documents and nesting beyond libyaml's limit.
enum YAMLLoader {
  /// Loads `text`, whose first line is line `firstLine` of the file.
  static func load(_ text: String, firstLine: Int, sink: inout DiagnosticSink) -> YAMLNode? {
    flatMapping(text, lineOffset: firstLine - 1) ?? loadWithYams(text, firstLine: firstLine, sink: &sink)
  }

  /// `load` for any text: checked for unsafe keys, then composed by Yams and converted.
  static func loadWithYams(_ text: String, firstLine: Int, sink: inout DiagnosticSink) -> YAMLNode? {
    let lineOffset = firstLine - 1
    let unsafeKeys = unsafeKeyLines(text)
    for line in unsafeKeys {
      sink.report(
        line: line + lineOffset, key: "front matter",
        Language.current.choose("anchors (&name), aliases and complex, list or mapping keys are not allowed: write values out", "不允许锚点（&name）、别名以及复杂、列表或映射形式的键：请直接写出值"))
    }
    guard unsafeKeys.isEmpty else { return nil }
    let root: Node?
    do {
      root = try Parser(yaml: text, resolver: .basic, encoding: .utf8).singleRoot()
    } catch let error as YamlError {
      let (line, column, message) = describe(error)
      sink.report(
        line: line + lineOffset, key: "front matter",
        Language.current.choose("YAML syntax error at column \(column): \(message)", "第 \(column) 列 YAML 语法错误：\(message)"))
      return nil
    } catch {
      sink.report(line: firstLine, key: "front matter", Language.current.choose("YAML could not be read: \(error)", "无法读取 YAML：\(error)"))
      return nil
    }
    guard let root else {
      sink.report(line: firstLine, key: "front matter", Language.current.choose("the front matter is empty", "前置字段为空"))
      return nil
    }
    // A value dropped for an anchor or a tag would show up again as a missing key: stop here.
    let before = sink.diagnostics.count
    let converted = convert(root, lineOffset: lineOffset, sink: &sink)
    return sink.diagnostics.count == before ? converted : nil
  }

  private static func convert(_ node: Node, lineOffset: Int, sink: inout DiagnosticSink) -> YAMLNode? {
    let line = (node.mark?.line ?? 1) + lineOffset
    // Aliases arrive as copies of their anchored node, so stopping at any anchor also keeps
    // an alias bomb from being expanded.
    if node.anchor != nil {
      sink.report(
        line: line, key: "front matter",
        Language.current.choose("anchors and aliases (&name, *name) are not allowed: write the value out", "不允许锚点和别名（&name、*name）：请直接写出值"))
      return nil
    }
    let standardTags: Set<String> = [
      "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
    ]
    guard standardTags.contains(node.tag.description) else {
      sink.report(line: line, key: "front matter", Language.current.choose("tags (\(node.tag)) are not allowed: remove the tag", "不允许标签（\(node.tag)）：请删除标签"))
      return nil
    }
    switch node {
    case .scalar(let scalar):
      let isPlain = scalar.style == .plain || scalar.style == .any
      return YAMLNode(value: .scalar(YAMLScalar(text: scalar.string, isPlain: isPlain)), line: line)
    case .sequence(let sequence):
      let items = sequence.compactMap { convert($0, lineOffset: lineOffset, sink: &sink) }
      return YAMLNode(value: .sequence(items), line: line)
    case .mapping(let mapping):
      var pairs: [YAMLPair] = []
      for (key, value) in mapping {
        let keyLine = (key.mark?.line ?? 1) + lineOffset
        guard case .scalar(let keyScalar) = key, key.anchor == nil else {
          sink.report(line: keyLine, key: "front matter", Language.current.choose("keys must be plain names", "键应为普通名称"))
          continue
        }
        guard let converted = convert(value, lineOffset: lineOffset, sink: &sink) else { continue }
        pairs.append(YAMLPair(key: keyScalar.string, line: keyLine, value: converted))
      }
      return YAMLNode(value: .mapping(pairs), line: line)
    default:
      sink.report(line: line, key: "front matter", Language.current.choose("aliases are not allowed: write the value out", "不允许别名：请直接写出值"))
      return nil
    }
  }

  /// `text` read without Yams when every line is `key: value` with a distinct key and a value of
  /// letters, digits, spaces within and a few punctuation marks that mean nothing to YAML,
  /// plain or in quotes (the form of most records the tool writes): what Yams would read, a
  /// fifth of the time `verify` spends on a record. `nil` for anything else, which Yams reads.
  static func flatMapping(_ text: String, lineOffset: Int) -> YAMLNode? {
    var text = text
    return text.withUTF8 { bytes -> YAMLNode? in
      var pairs: [YAMLPair] = []
      var start = 0
      while start < bytes.count {
        let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
        guard let (key, scalar) = flatPair(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<end]))),
          !pairs.contains(where: { $0.key == key })
        else { return nil }
        let line = pairs.count + 1 + lineOffset
        pairs.append(YAMLPair(key: key, line: line, value: YAMLNode(value: .scalar(scalar), line: line)))
        start = end + 1
      }
      // An empty text, or one that ends in a line break, is Yams's to read.
      guard !pairs.isEmpty, bytes.last != 0x0A else { return nil }
      return YAMLNode(value: .mapping(pairs), line: 1 + lineOffset)
    }
  }

  /// The key and value of one line `key: value` as `flatMapping` takes it.
  private static func flatPair(_ line: UnsafeRawBufferPointer) -> (String, YAMLScalar)? {
    // libyaml takes a key of at most 1,024 characters on one line.
    guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon <= 1_024, colon + 2 < line.count,
      line[colon + 1] == 0x20
    else { return nil }
    let keyBytes = line[..<colon]
    guard isLetterOrUnderscore(keyBytes[0]),
      keyBytes.allSatisfy({ isLetterOrUnderscore($0) || $0.isASCIIDigit || $0 == UInt8(ascii: "-") })
    else { return nil }
    let key = String(decoding: keyBytes, as: UTF8.self)
    let value = UnsafeRawBufferPointer(rebasing: line[(colon + 2)...])
    let (first, last) = (value[0], value[value.count - 1])
    if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
      // Quoted, with neither quote nor backslash within: no escape, nothing to fold.
      let inner = UnsafeRawBufferPointer(rebasing: value.dropFirst().dropLast())
      guard value.count >= 2, last == first, isInertText(inner) else { return nil }
      return (key, YAMLScalar(text: String(decoding: inner, as: UTF8.self), isPlain: false))
    }
    guard isLetterOrUnderscore(first) || first.isASCIIDigit || first >= 0x80, last != 0x20, isInertText(value) else { return nil }
    return (key, YAMLScalar(text: String(decoding: value, as: UTF8.self), isPlain: true))
  }

  private static func isLetterOrUnderscore(_ byte: UInt8) -> Bool {
    byte.isASCIILetter || byte == UInt8(ascii: "_")
  }

  /// ASCII punctuation that is never an indicator inside a plain scalar, nor one the checks
  /// before Yams look for.
  private static let inertPunctuation: Set<UInt8> = Set(" -._/()+=~;$^".utf8)

  /// Whether `value` (valid UTF-8) holds only letters, digits, `inertPunctuation` and
  /// characters beyond ASCII that libyaml reads as text: no control character, line or
  /// paragraph separator, byte-order mark or non-character.
  private static func isInertText(_ value: UnsafeRawBufferPointer) -> Bool {
    for scalar in String(decoding: value, as: UTF8.self).unicodeScalars {
      switch scalar.value {
      case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: continue
      case 0..<0x80: if !inertPunctuation.contains(UInt8(scalar.value)) { return false }
      case 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF:
        if scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF { return false }
      default: return false
      }
    }
    return true
  }

  private static func describe(_ error: YamlError) -> (line: Int, column: Int, message: String) {
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let detail = context.map { "\(problem) (\($0.text))" } ?? problem
      return (mark.line, mark.column, detail)
    case .duplicatedKeysInMapping(let duplicates, let context):
      let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
      return (context.mark.line, context.mark.column, "duplicate key \(names): each key appears once")
    case .reader(let problem, _, _, _):
      return (1, 1, problem)
    default:
      return (1, 1, "\(error)")
    }
  }

  /// The 1-based lines (outside block scalars) that hold a complex key (`? `), an alias used as
  /// a key, or a list or mapping used as a key. They are refused before Yams composes the
  /// document, because Yams hashes keys to find duplicates and an aliased key can be made
  /// exponentially large.
  static func unsafeKeyLines(_ text: String) -> [Int] {
    var result: [Int] = []
    var blockScalarParentIndent: Int?
    for (index, line) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
      let bytes = Array(line)
      let indent = bytes.prefix { $0 == UInt8(ascii: " ") }.count
      let content = bytes.dropFirst(indent)
      if let parentIndent = blockScalarParentIndent {
        if content.allSatisfy(KeyScanner.isSpace) || indent > parentIndent { continue }
        blockScalarParentIndent = nil
      }
      // Most lines hold none of the indicators: skip the scan for them.
      guard content.first != UInt8(ascii: "#"), content.contains(where: KeyScanner.indicators.contains) else { continue }
      let scanner = KeyScanner(bytes)
      if scanner.hasUnsafeKey { result.append(index + 1) }
      if scanner.opensBlockScalar { blockScalarParentIndent = indent }
    }
    return result
  }
}

/// Finds, in one line of YAML, the indicators `unsafeKeyLines` refuses, byte by byte (the
/// same patterns as the regular expressions in its tests, without compiling any at run time).
private struct KeyScanner {
  static let indicators: Set<UInt8> = Set("?]}*|>&".utf8)
  private static let flow: Set<UInt8> = Set(",[]{}".utf8)
  private let bytes: [UInt8]

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
  }

  static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0B || byte == 0x0C
  }

  /// A complex key (`? `), a flow collection used as a key, an alias used as a key, or an anchor.
  var hasUnsafeKey: Bool {
    let start = afterSequenceIndicators
    if at(start, "?"), endsOrSpace(start + 1) { return true }
    if alias(at: start) { return true }
    for index in bytes.indices {
      switch bytes[index] {
      case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: ","):
        let next = skippingSpaces(index + 1)
        if at(next, "?"), next + 1 < bytes.count, Self.isSpace(bytes[next + 1]) { return true }
        if bytes[index] != UInt8(ascii: "["), alias(at: next) { return true }
      case UInt8(ascii: "]"), UInt8(ascii: "}"):
        let next = skippingSpaces(index + 1)
        if at(next, ":"), endsOrSpace(next + 1) { return true }
      case UInt8(ascii: "&"):
        let before = index == 0 || Self.isSpace(bytes[index - 1]) || "[{,".utf8.contains(bytes[index - 1])
        if before, index + 1 < bytes.count, isNameByte(bytes[index + 1]) { return true }
      default: continue
      }
    }
    return false
  }

  /// `|` or `>` after a space or at the start, with only indicators and a comment after it.
  var opensBlockScalar: Bool {
    for index in bytes.indices where bytes[index] == UInt8(ascii: "|") || bytes[index] == UInt8(ascii: ">") {
      guard index == 0 || Self.isSpace(bytes[index - 1]) else { continue }
      var next = index + 1
      while next < bytes.count, "-+0123456789".utf8.contains(bytes[next]) { next += 1 }
      next = skippingSpaces(next)
      if next == bytes.count || bytes[next] == UInt8(ascii: "#") { return true }
    }
    return false
  }

  /// `*name` followed by `:` and a space or the end: an alias used as a key.
  private func alias(at start: Int) -> Bool {
    guard at(start, "*") else { return false }
    var index = start + 1
    while index < bytes.count, isNameByte(bytes[index]) {
      if bytes[index] == UInt8(ascii: ":"), index > start + 1, endsOrSpace(index + 1) { return true }
      index += 1
    }
    guard index > start + 1 else { return false }
    let colon = skippingSpaces(index)
    return at(colon, ":") && endsOrSpace(colon + 1)
  }

  /// The index after leading spaces and any `- ` sequence entries.
  private var afterSequenceIndicators: Int {
    var index = skippingSpaces(0)
    while at(index, "-"), index + 1 < bytes.count, Self.isSpace(bytes[index + 1]) {
      index = skippingSpaces(index + 1)
    }
    return index
  }

  private func isNameByte(_ byte: UInt8) -> Bool { !Self.isSpace(byte) && !Self.flow.contains(byte) }

  private func at(_ index: Int, _ character: Unicode.Scalar) -> Bool {
    index < bytes.count && bytes[index] == UInt8(ascii: character)
  }

  private func endsOrSpace(_ index: Int) -> Bool { index >= bytes.count || Self.isSpace(bytes[index]) }

  private func skippingSpaces(_ start: Int) -> Int {
    var index = start
    while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
    return index
  }
}
