import Foundation

/// A commit message with git trailers (`Key: value` lines in the last paragraph).
public struct CommitMessage: Sendable, Equatable {
  /// The first line.
  public var summary: String
  /// Free text between the summary and the trailers.
  public var body: String
  /// The trailers in order.
  public var trailers: [(key: String, value: String)]

  /// A message.
  public init(summary: String, body: String = "", trailers: [(key: String, value: String)]) {
    self.summary = summary
    self.body = body
    self.trailers = trailers
  }

  /// The message text as stored in the commit.
  public var text: String {
    var parts = [summary]
    if !body.isEmpty { parts.append(body) }
    if !trailers.isEmpty { parts.append(trailers.map { "\($0.key): \($0.value)" }.joined(separator: "\n")) }
    return parts.joined(separator: "\n\n") + "\n"
  }

  /// The most bytes a commit or tag message may have (the judge refuses more): far above any
  /// message the tool writes, small enough that no hook or query spends long on one.
  public static let maximumSize = 64 * 1024

  /// The `Key: value` lines of the last paragraph of `text`; none for a message longer than
  /// `maximumSize`, which counts for nothing.
  public static func trailers(in text: String) -> [(key: String, value: String)] {
    guard text.utf8.count <= maximumSize, let last = lastParagraph(of: text) else { return [] }
    return asciiKeyValueLines(of: last) ?? keyValueLines(of: last)
  }

  /// The `Key: value` lines of `paragraph`, by Characters.
  static func keyValueLines(of paragraph: Substring) -> [(key: String, value: String)] {
    paragraph.split(separator: "\n").compactMap { line in
      guard let colon = line.firstIndex(of: ":"), colon > line.startIndex,
        line[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
      else { return nil }
      return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }
  }

  /// `keyValueLines` of a paragraph in ASCII without a carriage return, where every byte is a
  /// Character, found in the bytes (the judge reads every commit's trailers); `nil` for any
  /// other paragraph.
  static func asciiKeyValueLines(of paragraph: Substring) -> [(key: String, value: String)]? {
    var paragraph = paragraph
    return paragraph.withUTF8 { bytes -> [(key: String, value: String)]? in
      guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return nil }
      let isKeyByte = { (byte: UInt8) in byte.isASCIIDigit || byte.isASCIILetter || byte == UInt8(ascii: "-") }
      let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
      return bytes.split(separator: 0x0A).compactMap { line in
        guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex, line[..<colon].allSatisfy(isKeyByte)
        else { return nil }
        var value = line[(colon + 1)...]
        while let first = value.first, isBlank(first) { value = value.dropFirst() }
        while let last = value.last, isBlank(last) { value = value.dropLast() }
        return (String(decoding: line[..<colon], as: UTF8.self), String(decoding: value, as: UTF8.self))
      }
    }
  }

  /// The last of the paragraphs that `text` splits into at `"\n\n"` (Characters, matched left to
  /// right, empty paragraphs left out), when there are at least two.
  static func lastParagraph(of text: String) -> Substring? {
    var text = text
    // Without a carriage return every "\n" is a Character of its own, so the Characters' split
    // is found in the bytes: the judge reads every commit's trailers, and a split by Characters
    // was a twentieth of its time.
    let found = text.withUTF8 { bytes -> (count: Int, last: Range<Int>)? in
      guard !bytes.contains(0x0D) else { return nil }
      var (count, last, start, offset) = (0, 0..<0, 0, 0)
      while offset < bytes.count {
        guard bytes[offset] == 0x0A, offset + 1 < bytes.count, bytes[offset + 1] == 0x0A else {
          offset += 1
          continue
        }
        if offset > start { (count, last) = (count + 1, start..<offset) }
        offset += 2
        start = offset
      }
      if bytes.count > start { (count, last) = (count + 1, start..<bytes.count) }
      return (count, last)
    }
    guard let found else {
      let paragraphs = text.split(separator: "\n\n", omittingEmptySubsequences: true)
      return paragraphs.count > 1 ? paragraphs.last : nil
    }
    guard found.count > 1 else { return nil }
    let utf8 = text.utf8
    return text[utf8.index(utf8.startIndex, offsetBy: found.last.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: found.last.upperBound)]
  }

  public static func == (lhs: CommitMessage, rhs: CommitMessage) -> Bool { lhs.text == rhs.text }
}

/// The `Reform-*` trailers of SPEC section 2: the one place their names are spelled, read
/// (the last of each counts) and written.
public struct ReformTrailers: Sendable, Equatable {
  /// The trailer keys, in the order the tool writes them.
  public static let planKey = "Reform-Plan"
  public static let actionKey = "Reform-Action"
  public static let stageKey = "Reform-Stage"
  /// `Reform-Action` values.
  public static let actions = ReformAction.allCases.map(\.rawValue)
  /// `Reform-Stage` values.
  public static let stages = Stage.allCases.map(\.rawValue)

  /// `Reform-Plan`: the plan the commit says it belongs to.
  public var plan: String?
  /// `Reform-Action`, as written (it may name no action).
  public var action: String?
  /// `Reform-Stage`, as written.
  public var stage: String?

  /// The trailers the tool writes.
  public init(plan: String? = nil, action: ReformAction? = nil, stage: Stage? = nil) {
    self.plan = plan
    self.action = action?.rawValue
    self.stage = stage?.rawValue
  }

  /// The trailers of a commit message (none beyond `CommitMessage.maximumSize`).
  public init(message: String) {
    for (key, value) in CommitMessage.trailers(in: message) {
      switch key {
      case Self.planKey: plan = value
      case Self.actionKey: action = value
      case Self.stageKey: stage = value
      default: continue
      }
    }
  }

  /// The action, when `Reform-Action` names one.
  public var knownAction: ReformAction? { action.flatMap(ReformAction.init(rawValue:)) }

  /// Whether the message says it is `action` of plan `id`.
  public func say(_ action: ReformAction, of id: String) -> Bool { plan == id && self.action == action.rawValue }

  /// The trailer lines to write.
  public var lines: [(key: String, value: String)] {
    [(Self.planKey, plan), (Self.actionKey, action), (Self.stageKey, stage)].compactMap { key, value in
      value.map { (key: key, value: $0) }
    }
  }

  /// Problems with the `Reform-*` trailers of a commit message; none for a message without them.
  public static func problems(in message: String, path: String) -> [Diagnostic] {
    let language = Language.current
    let notOneOf = { (value: String, allowed: [String]) in
      language.choose(
        "'\(value)' is not one of: \(allowed.joined(separator: ", "))",
        "'\(value)' 不是以下之一：\(allowed.joined(separator: "、"))")
    }
    var sink = DiagnosticSink(path: path)
    for (key, value) in CommitMessage.trailers(in: message) where key.hasPrefix("Reform-") {
      switch key {
      case planKey where !PlanID.isValid(value):
        sink.report(line: 1, key: key, language.choose("'\(value)' is not a valid plan id", "'\(value)' 不是有效的方案编号"))
      case actionKey where !actions.contains(value):
        sink.report(line: 1, key: key, notOneOf(value, actions))
      case stageKey where !stages.contains(value):
        sink.report(line: 1, key: key, notOneOf(value, stages))
      case planKey, actionKey, stageKey:
        continue
      default:
        sink.report(
          line: 1, key: key,
          language.choose(
            "unknown trailer: reform writes \(planKey), \(actionKey) and \(stageKey)",
            "未知的尾注：reform 只写 \(planKey)、\(actionKey) 和 \(stageKey)"))
      }
    }
    return sink.diagnostics
  }
}
