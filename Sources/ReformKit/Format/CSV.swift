import Foundation

/// CSV as spreadsheets read it: UTF-8 with a byte-order mark (so that Excel and WPS show
/// Chinese), CRLF line ends, every cell quoted.
enum CSV {
  /// A header row and `rows` as CSV.
  static func data(header: [String], rows: [[String]]) -> Data {
    let lines = ([header] + rows).map { $0.map(cell).joined(separator: ",") }
    return Data([0xEF, 0xBB, 0xBF]) + Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
  }

  /// One quoted cell; a leading `=`, `+`, `-` or `@`, which a spreadsheet would take for a
  /// formula, is kept as text by a leading apostrophe.
  static func cell(_ text: String) -> String {
    let safe = text.first.map { "=+-@".contains($0) } == true ? "'" + text : text
    return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
