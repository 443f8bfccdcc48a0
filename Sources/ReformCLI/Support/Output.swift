import Foundation
import ReformKit

/// Writing to stdout and stderr: data on stdout, diagnostics and errors on stderr.
enum Output {
  /// Prints one error line to stderr, prefixed `reform: `.
  static func error(_ message: String) {
    FileHandle.standardError.write(Data(("reform: " + message + "\n").utf8))
  }

  /// Prints lines to stderr as they are.
  static func diagnostics(_ lines: [String]) {
    guard !lines.isEmpty else { return }
    FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
  }

  /// Prints `value` as one JSON document on stdout: UTF-8 unescaped, snake_case keys.
  static func json<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    FileHandle.standardOutput.write(data + Data("\n".utf8))
  }
}
