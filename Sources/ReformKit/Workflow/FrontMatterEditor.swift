import Foundation

/// Edits top-level keys of a front matter in place, keeping comments and layout.
enum FrontMatterEditor {
  /// `text` with the top-level `key` set to `yamlValue` (already YAML): its line is replaced,
  /// or a line is added before the closing `---`.
  static func setting(_ key: String, to yamlValue: String, in text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard lines.first?.hasPrefix("---") == true,
      let closing = lines.indices.dropFirst().first(where: { lines[$0].hasPrefix("---") })
    else { return text }
    let line = "\(key): \(yamlValue)"
    if let index = lines[1..<closing].firstIndex(where: { $0.hasPrefix(key + ":") }) {
      lines[index] = line
    } else {
      lines.insert(line, at: closing)
    }
    return lines.joined(separator: "\n")
  }

  /// The text of a top-level scalar `key`, read leniently (no validation).
  static func topLevelValue(_ key: String, in text: String) -> String? {
    var sink = DiagnosticSink(path: "")
    guard let file = FrontMatterFile.parse(Data(text.utf8), sink: &sink) else { return nil }
    return file.frontMatter[key]?.scalar?.text
  }
}
