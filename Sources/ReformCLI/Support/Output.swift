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

  /// `text` with every control character (newlines, escape sequences, …) written as `\u{…}`,
  /// so that input echoed in a message can neither break its line nor drive the terminal.
  static func escaped(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      if scalar.properties.generalCategory == .control {
        result += "\\u{" + String(scalar.value, radix: 16) + "}"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
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
