import TestSupport
import Testing

@testable import ReformKit

@Suite struct FlatMappingTests {
  /// The lines a random front matter is made of: record fields, and everything near them that
  /// YAML reads otherwise (indicators, quotes, comments, odd spacing, characters libyaml
  /// refuses or breaks lines at).
  private static let keys = ["kind", "date", "body", "verdict", "lead_unit", "x-y", "_k", "K9", "null", "9k", "-k", "a b", "", "ключ", "日期"]
  private static let separators = [": ", ": ", ": ", ":", ":  ", ": \t", " : ", ":\t"]
  private static let fragments = [
    "decision", "2026-12-04", "省政府第3次常务会议", "approved", "42", "-3", "4.5", "true", "~", "null", " ", "  ",
    "a b", "x.y", "(1)", "a/b", "+", "=", ";", "$", "^", "_", "-", "#", " #c", ":", ": ", "a:b", ",", "[", "]", "{", "}",
    "&a", " &a", "*a", "!", "!!str ", "|", ">", "'", "\"", "%", "@", "`", "?", "? ", "\\", "\t", "\u{85}", "\u{2028}",
    "\u{FEFF}", "\u{A0}", "\u{7F}", "\u{1}", "é", "e\u{301}", "😀", "\u{FFFE}", "。", "：", "---", "...",
    "\"2027-H1\"", "'2027-H1'", "\"\"", "''", "\" a \"", "\"a\\\"b\"", "\"a\\nb\"", "'a''b'", "\"a'b\"",
  ]

  /// On random texts, the reading without Yams either declines or gives exactly what Yams gives
  /// (values, lines, and no diagnostic).
  @Test func theFlatReadingIsYamsReadingOrNone() {
    var random = SplitMix64(seed: 42_2026)
    var taken = 0
    for _ in 0..<20_000 {
      var lines: [String] = []
      for _ in 0..<Int.random(in: 1...5, using: &random) {
        let key = Self.keys[Int.random(in: 0..<(Bool.random(using: &random) ? 5 : Self.keys.count), using: &random)]
        let separator = Bool.random(using: &random)
          ? ": " : Self.separators[Int.random(in: 0..<Self.separators.count, using: &random)]
        var value = ""
        for _ in 0..<Int.random(in: 1...3, using: &random) {
          // Mostly plain words, so that many texts are taken.
          value += Int.random(in: 0..<8, using: &random) == 0
            ? Self.fragments[Int.random(in: 0..<Self.fragments.count, using: &random)]
            : Self.fragments[Int.random(in: 0..<4, using: &random)]
        }
        let indent = Int.random(in: 0..<12, using: &random) == 0 ? "  " : ""
        lines.append(indent + key + separator + value)
      }
      if Int.random(in: 0..<20, using: &random) == 0 { lines.append("") }
      let text = lines.joined(separator: "\n")
      guard let flat = YAMLLoader.flatMapping(text, lineOffset: 1) else { continue }
      taken += 1
      var sink = DiagnosticSink(path: "r.md")
      let composed = YAMLLoader.loadWithYams(text, firstLine: 2, sink: &sink)
      #expect(flat == composed, "\(text.debugDescription)")
      #expect(sink.diagnostics.isEmpty, "\(text.debugDescription): \(sink.diagnostics)")
    }
    // Both ways are exercised.
    #expect(taken > 2_000 && taken < 18_000, "\(taken)")
  }

  @Test func aRecordIsReadWithoutYams() {
    let text = "kind: decision\ndate: 2026-12-04\nbody: government-executive\nmeeting: 省政府第3次常务会议\nverdict: approved"
    let node = YAMLLoader.flatMapping(text, lineOffset: 1)
    #expect(node?["meeting"]?.scalar?.text == "省政府第3次常务会议")
    #expect(node?["verdict"]?.line == 6)
    #expect(YAMLLoader.flatMapping(text + "\nkind: again", lineOffset: 1) == nil)
    #expect(YAMLLoader.flatMapping("kind: x # comment", lineOffset: 1) == nil)
    let quoted = "period: \"2027-H1\"\nunit: '省发展改革委'"
    var sink = DiagnosticSink(path: "r.md")
    #expect(YAMLLoader.flatMapping(quoted, lineOffset: 1) == YAMLLoader.loadWithYams(quoted, firstLine: 2, sink: &sink))
    #expect(YAMLLoader.flatMapping(quoted, lineOffset: 1)?["period"]?.scalar == YAMLScalar(text: "2027-H1", isPlain: false))
    // libyaml refuses a key longer than 1,024 characters: Yams reports it.
    for length in [1_024, 1_025] {
      let long = String(repeating: "k", count: length) + ": v"
      var sink = DiagnosticSink(path: "r.md")
      let composed = YAMLLoader.loadWithYams(long, firstLine: 2, sink: &sink)
      #expect(YAMLLoader.flatMapping(long, lineOffset: 1) == composed, "\(length)")
    }
  }
}
