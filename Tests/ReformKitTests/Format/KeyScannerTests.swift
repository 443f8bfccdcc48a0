import Foundation
import Testing

@testable import ReformKit

/// The byte scanner that replaced run-time regular expressions must find exactly what they found.
@Suite struct KeyScannerTests {
  /// The patterns `YAMLLoader.unsafeKeyLines` used before, as the specification.
  private func regexLines(_ text: String) -> [Int] {
    var result: [Int] = []
    var blockScalarParentIndent: Int?
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let indent = line.prefix { $0 == " " }.count
      let content = line.dropFirst(indent)
      if let parentIndent = blockScalarParentIndent {
        if content.allSatisfy(\.isWhitespace) || indent > parentIndent { continue }
        blockScalarParentIndent = nil
      }
      guard !content.hasPrefix("#"), content.contains(where: { "?]}*|>&".contains($0) }) else { continue }
      if line.contains(/^\s*(-\s+)*\?(\s|$)/) || line.contains(/[\{\[,]\s*\?\s/)
        || line.contains(/[\]\}]\s*:(\s|$)/)
        || line.contains(/(^\s*(-\s+)*|[\{,]\s*)\*[^\s,\[\]\{\}]+\s*:(\s|$)/)
        || line.contains(/(^|[\s\[\{,])&[^\s,\[\]\{\}]/)
      {
        result.append(index + 1)
      }
      if line.contains(/(^|\s)[|>][-+0-9]*\s*(#.*)?$/) {
        blockScalarParentIndent = indent
      }
    }
    return result
  }

  @Test func findsWhatTheRegularExpressionsFound() {
    let samples = [
      "? key\n", "- ? x\n", "{? a: b}\n", "[a, ? b]\n", "[a, b]: c\n", "{a: b} : c\n", "*alias : x\n",
      "- *a: b\n", "{*a: b}\n", "x, *a: b\n", "&anchor x\n", "a: &b c\n", "[&a x]\n", "text: |\n  *a: b\n? c\n",
      "text: >-2 # note\n  ? no\nx: 1\n", "a: b\n", "url: http://x?y\n", "a: '*b: c'\n", "&\n", "*:\n", "*a:b: c\n",
    ]
    for sample in samples {
      #expect(YAMLLoader.unsafeKeyLines(sample) == regexLines(sample), "\(sample)")
    }
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array(" -?[]{},:*&|>#ab12\t+")
    for _ in 0..<3000 {
      let lines = (0..<Int.random(in: 1...4, using: &generator)).map { _ in
        String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
      }
      let text = lines.joined(separator: "\n")
      #expect(YAMLLoader.unsafeKeyLines(text) == regexLines(text), "\(text.debugDescription)")
    }
  }
}
