import Foundation

/// Edits top-level keys of a front matter in place, keeping comments and layout.
enum FrontMatterEditor {
  /// `text` with the top-level `key` set to `yamlValue` (already YAML, on one line): its line
  /// and the lines that continue its old value (a block list, an indented or folded text) are
  /// replaced, or a line is added before the closing `---`.
  static func setting(_ key: String, to yamlValue: String, in text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard lines.first?.hasPrefix("---") == true,
      let closing = lines.indices.dropFirst().first(where: { lines[$0].hasPrefix("---") })
    else { return text }
    let line = "\(key): \(yamlValue)"
    guard let index = lines[1..<closing].firstIndex(where: { $0.hasPrefix(key + ":") }) else {
      lines.insert(line, at: closing)
      return lines.joined(separator: "\n")
    }
    // Blank lines belong to the old value only when more of it follows them.
    var end = index + 1
    var scan = end
    while scan < closing {
      let next = lines[scan]
      if next.allSatisfy(\.isWhitespace) {
        scan += 1
      } else if next.first == " " || next.first == "\t" || next.first == "-" {
        scan += 1
        end = scan
      } else {
        break
      }
    }
    lines.replaceSubrange(index..<end, with: [line])
    return lines.joined(separator: "\n")
  }

  /// The text of a top-level scalar `key`, read leniently (no validation).
  static func topLevelValue(_ key: String, in text: String) -> String? {
    var sink = DiagnosticSink(path: "")
    guard let file = FrontMatterFile.parse(Data(text.utf8), sink: &sink) else { return nil }
    return file.frontMatter[key]?.scalar?.text
  }
}
