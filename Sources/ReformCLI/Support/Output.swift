import Foundation
import ReformKit

/// Writing to stdout and stderr: data on stdout, diagnostics and errors on stderr.
enum Output {
  /// Prints one error line to stderr, prefixed `reform: `, control characters escaped.
  static func error(_ message: String) {
    FileHandle.standardError.write(Data(("reform: " + escaped(message) + "\n").utf8))
  }

  /// Prints lines to stderr, one each, control characters escaped.
  static func diagnostics(_ lines: [String]) {
    guard !lines.isEmpty else { return }
    FileHandle.standardError.write(Data((lines.map(escaped).joined(separator: "\n") + "\n").utf8))
  }

  /// `text` with every control character written as `\u{…}` (`ControlCharacters.escaped`).
  static func escaped(_ text: String) -> String {
    ControlCharacters.escaped(text)
  }

  /// Prints `value` as one JSON document on stdout: UTF-8 unescaped, snake_case keys.
  static func json<T: Encodable>(_ value: T) throws {
    write(try jsonData(value))
  }

  /// Writes UTF-8 `data` to stdout through `print`'s buffer, so that the two keep their order;
  /// a failed write is reported when the command ends (`checkStandardOutput`).
  static func write(_ data: Data) {
    print(String(decoding: data, as: UTF8.self), terminator: "")
  }

  /// Flushes the output streams; throws when what was written could not all be (a full disk,
  /// a closed pipe).
  static func checkStandardOutput() throws(ReformError) {
    if fflush(nil) != 0 {
      throw .io("cannot write to standard output: \(String(cString: strerror(errno))); the output is incomplete")
    }
  }

  /// `value` as one JSON document and a newline: UTF-8 unescaped, snake_case keys.
  static func jsonData<T: Encodable>(_ value: T) throws -> Data {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(value) + Data("\n".utf8)
  }
}

/// A progress line on stderr, shown only on a terminal and only once the work has taken more
/// than a second.
final class ProgressLine {
  private let label: String
  private let unit: String
  private let started = Date()
  private var shown = false
  private let enabled = isatty(STDERR_FILENO) == 1

  init(label: String, unit: String = Language.current.choose("commits", "个提交")) {
    self.label = label
    self.unit = unit
  }

  /// Shows `done` of `total`.
  func update(_ done: Int, _ total: Int) {
    guard enabled, Date().timeIntervalSince(started) > 1 else { return }
    shown = true
    FileHandle.standardError.write(Data(("\r" + Language.current.choose("\(label) \(done) of \(total) \(unit)", "\(label) \(done) / \(total) \(unit)")).utf8))
  }

  /// Clears the line, if it was shown.
  func finish() {
    if shown { FileHandle.standardError.write(Data("\r\u{1b}[K".utf8)) }
  }
}
