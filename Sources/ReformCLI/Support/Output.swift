import Foundation
import Synchronization
import ReformKit

/// Writing to stdout and stderr: data on stdout, diagnostics and errors on stderr.
enum Output {
  /// Prints one error line to stderr, prefixed `reform: `, control characters escaped.
  static func error(_ message: String) {
    ProgressLine.terminal.clear()
    FileHandle.standardError.write(Data(("reform: " + escaped(message) + "\n").utf8))
  }

  /// Prints lines to stderr, one each, control characters escaped.
  static func diagnostics(_ lines: [String]) {
    guard !lines.isEmpty else { return }
    ProgressLine.terminal.clear()
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

/// The progress line on stderr, shown only on a terminal and only once the command has run for
/// more than a second; an error or a diagnostic clears it before it is printed.
final class ProgressLine: Sendable {
  /// The process's one line.
  static let terminal = ProgressLine()

  private let started = Date()
  private let enabled = isatty(STDERR_FILENO) == 1
  private let shown = Mutex(false)

  /// Shows how far `work` has come, and clears the line once it is done.
  func show(_ work: LongWork, _ done: Int, _ total: Int) {
    let language = Language.current
    let commits = language.choose("commits", "个提交")
    switch work {
    case .indexing: show(language.choose("indexed", "已索引"), commits, done, total)
    case .judging: show(language.choose("checked", "已核查"), language.choose("plans", "个方案"), done, total)
    case .verifying: show(language.choose("verified", "已校验"), commits, done, total)
    }
    if done == total { clear() }
  }

  /// Shows `label`, then `done` of `total` `unit`.
  func show(_ label: String, _ unit: String, _ done: Int, _ total: Int) {
    guard enabled, Date().timeIntervalSince(started) > 1 else { return }
    shown.withLock { $0 = true }
    let text = Language.current.choose("\(label) \(done) of \(total) \(unit)", "\(label) \(done) / \(total) \(unit)")
    FileHandle.standardError.write(Data(("\r" + text).utf8))
  }

  /// Clears the line, if it is shown.
  func clear() {
    guard shown.withLock({ shown in defer { shown = false }; return shown }) else { return }
    FileHandle.standardError.write(Data("\r\u{1b}[K".utf8))
  }
}
