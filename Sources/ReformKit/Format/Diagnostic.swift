/// One problem found in a file, printed as `path:line: key: message`.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
  /// The file, relative to the repository's top folder.
  public let path: String
  /// The 1-based line the problem is on (1 when it concerns the whole file).
  public let line: Int
  /// The key or part concerned, e.g. `measures[m1].target.due`, `front matter`, `body`.
  public let key: String
  /// What is wrong and, where it helps, how to fix it.
  public let message: String
  /// Whether the problem is only that a required value is missing or empty: a draft may be
  /// saved so, completeness being a gate of `reform submit`.
  public private(set) var isIncompleteness = false

  /// A diagnostic.
  public init(path: String, line: Int, key: String, message: String, isIncompleteness: Bool = false) {
    self.path = path
    self.line = line
    self.key = key
    self.message = message
    self.isIncompleteness = isIncompleteness
  }

  private enum CodingKeys: String, CodingKey { case path, line, key, message }

  public var description: String { "\(path):\(line): \(key): \(message)" }

  public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
    (lhs.path, lhs.line, lhs.key, lhs.message) < (rhs.path, rhs.line, rhs.key, rhs.message)
  }
}

/// Collects the diagnostics of one file.
struct DiagnosticSink {
  let path: String
  private(set) var diagnostics: [Diagnostic] = []

  init(path: String) {
    self.path = path
  }

  mutating func report(line: Int, key: String, _ message: String, isIncompleteness: Bool = false) {
    diagnostics.append(
      Diagnostic(path: path, line: line, key: key, message: message, isIncompleteness: isIncompleteness))
  }

  mutating func append(_ other: [Diagnostic]) {
    diagnostics.append(contentsOf: other)
  }
}
