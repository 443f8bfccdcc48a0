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

  /// The value of the trailer `key` in the last paragraph of `text`, if any.
  public static func trailer(_ key: String, in text: String) -> String? {
    trailers(in: text).last { $0.key == key }?.value
  }

  /// The most bytes a commit or tag message may have (the judge refuses more): far above any
  /// message the tool writes, small enough that no hook or query spends long on one.
  public static let maximumSize = 64 * 1024

  /// The `Key: value` lines of the last paragraph of `text`; none for a message longer than
  /// `maximumSize`, which counts for nothing.
  public static func trailers(in text: String) -> [(key: String, value: String)] {
    guard text.utf8.count <= maximumSize else { return [] }
    let paragraphs = text.split(separator: "\n\n", omittingEmptySubsequences: true)
    guard paragraphs.count > 1, let last = paragraphs.last else { return [] }
    return last.split(separator: "\n").compactMap { line in
      guard let colon = line.firstIndex(of: ":"), colon > line.startIndex,
        line[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
      else { return nil }
      return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }
  }

  public static func == (lhs: CommitMessage, rhs: CommitMessage) -> Bool { lhs.text == rhs.text }
}
