import Foundation

/// A YAML value with the line it starts on, limited to what plan files may contain: scalars,
/// sequences and mappings with scalar keys (no anchors, aliases or tags).
public struct YAMLNode: Sendable, Equatable {
  /// The value's shape.
  public enum Value: Sendable, Equatable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode])
    case mapping([YAMLPair])
  }

  /// The value.
  public let value: Value
  /// The 1-based line in the file (not in the front matter) where the value starts.
  public let line: Int

  /// The scalar, when the value is one.
  public var scalar: YAMLScalar? {
    if case .scalar(let scalar) = value { return scalar }
    return nil
  }

  /// The items, when the value is a sequence.
  public var sequence: [YAMLNode]? {
    if case .sequence(let items) = value { return items }
    return nil
  }

  /// The pairs, when the value is a mapping.
  public var mapping: [YAMLPair]? {
    if case .mapping(let pairs) = value { return pairs }
    return nil
  }

  /// The value of `key` when this is a mapping that has it.
  public subscript(key: String) -> YAMLNode? {
    mapping?.first { $0.key == key }?.value
  }

  /// A short name of the value's shape for messages.
  var shapeName: String { shapeName(in: .current) }

  /// What the node is, in `language`: empty, a scalar, a list or a mapping.
  func shapeName(in language: Language) -> String {
    switch value {
    case .scalar(let scalar): scalar.isNull ? language.choose("empty", "空值") : language.choose("a scalar", "单个值")
    case .sequence: language.choose("a list", "列表")
    case .mapping: language.choose("a mapping", "映射")
    }
  }
}

/// A key and its value in a mapping.
public struct YAMLPair: Sendable, Equatable {
  /// The key (keys are scalars).
  public let key: String
  /// The line of the key.
  public let line: Int
  /// The value.
  public let value: YAMLNode
}

/// A scalar as written, typed with YAML 1.2's core schema when it is plain (unquoted).
public struct YAMLScalar: Sendable, Equatable {
  /// The text after YAML's unquoting and folding.
  public let text: String
  /// Whether it was written without quotes (only plain scalars are numbers, bools or null).
  public let isPlain: Bool

  /// A scalar with the text YAML read and whether it was written plainly.
  public init(text: String, isPlain: Bool) {
    self.text = text
    self.isPlain = isPlain
  }

  /// Whether it is YAML's null: empty, `~` or `null` written plainly.
  public var isNull: Bool { isPlain && ["", "~", "null", "Null", "NULL"].contains(text) }

  /// The boolean a plain `true` or `false` stands for.
  public var bool: Bool? {
    guard isPlain else { return nil }
    switch text {
    case "true", "True", "TRUE": return true
    case "false", "False", "FALSE": return false
    default: return nil
    }
  }

  /// The integer a plain decimal integer stands for.
  public var int: Int? {
    guard isPlain else { return nil }
    let digits = text.hasPrefix("+") || text.hasPrefix("-") ? text.utf8.dropFirst() : text.utf8[...]
    guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return nil }
    return Int(text.hasPrefix("+") ? String(text.dropFirst()) : text)
  }

  /// The number a plain integer or decimal (with an optional exponent) stands for.
  public var number: Double? {
    guard isPlain else { return nil }
    var rest = text.utf8[...]
    if rest.first == UInt8(ascii: "+") || rest.first == UInt8(ascii: "-") { rest = rest.dropFirst() }
    let whole = rest.prefix(while: \.isASCIIDigit)
    rest = rest.dropFirst(whole.count)
    var fraction = 0
    if rest.first == UInt8(ascii: ".") {
      fraction = rest.dropFirst().prefix(while: \.isASCIIDigit).count
      rest = rest.dropFirst(1 + fraction)
    }
    guard whole.count + fraction > 0 else { return nil }
    if rest.first == UInt8(ascii: "e") || rest.first == UInt8(ascii: "E") {
      rest = rest.dropFirst()
      if rest.first == UInt8(ascii: "+") || rest.first == UInt8(ascii: "-") { rest = rest.dropFirst() }
      guard !rest.isEmpty, rest.allSatisfy(\.isASCIIDigit) else { return nil }
      rest = rest.dropFirst(rest.count)
    }
    return rest.isEmpty ? Double(text) : nil
  }

  /// The text when it is a string: quoted, or plain and not a null, bool or number.
  public var string: String? {
    if isPlain && (isNull || bool != nil || number != nil) { return nil }
    return text
  }

  /// The calendar date an ISO `YYYY-MM-DD` scalar (quoted or not) names.
  public var date: CalendarDate? { CalendarDate(text) }
}

extension UInt8 {
  /// Whether the byte is an ASCII digit.
  var isASCIIDigit: Bool { (0x30...0x39).contains(self) }
  /// Whether the byte is an ASCII letter.
  var isASCIILetter: Bool { (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) }
}
