import Foundation
import TestSupport
import Testing

@testable import ReformKit

@Suite struct CommitMessageTests {
  /// The split found in the bytes is the split by Characters it stands for, on messages of
  /// blank lines, runs of newlines, Chinese text, combining marks and carriage returns.
  @Test func theLastParagraphIsTheCharactersSplit() {
    let pieces = ["\n", "\n\n", "\n\n\n", "\r\n", "\r", "a", "方案", ":", "Reform-Plan: x", "e\u{301}", " ", "\u{301}"]
    var generator = SplitMix64(seed: 20_261_205)
    for _ in 0..<20_000 {
      let text = (0..<Int.random(in: 0...9, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
      let paragraphs = text.split(separator: "\n\n", omittingEmptySubsequences: true)
      let expected = paragraphs.count > 1 ? paragraphs.last.map(String.init) : nil
      #expect(CommitMessage.lastParagraph(of: text).map(String.init) == expected, "\(text.debugDescription)")
    }
  }

  /// The key-value lines found in the bytes of an ASCII paragraph are those found by Characters.
  @Test func asciiKeyValueLinesAreTheCharactersOnes() {
    let pieces = ["\n", "\n\n", "Reform-Plan", ": ", ":", " ", "\t", "x", "a-b", "9", "_", "\u{B}", "\u{C}", "v a l", "方案", "\r"]
    var generator = SplitMix64(seed: 20_261_206)
    var taken = 0
    for _ in 0..<20_000 {
      let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
      guard let found = CommitMessage.asciiKeyValueLines(of: text[...]) else { continue }
      taken += 1
      let expected = CommitMessage.keyValueLines(of: text[...])
      #expect(found.map { "\($0.key)=\($0.value)" } == expected.map { "\($0.key)=\($0.value)" }, "\(text.debugDescription)")
    }
    #expect(taken > 5_000 && taken < 19_000, "\(taken)")
  }

  @Test func trailersAreTheKeyValueLinesOfTheLastParagraph() {
    let text = "草稿\n\n正文：不是尾注\n\nReform-Plan: a-plan\nReform-Action: submit\n"
    #expect(CommitMessage.trailers(in: text).map { "\($0.key)=\($0.value)" } == ["Reform-Plan=a-plan", "Reform-Action=submit"])
    #expect(ReformTrailers(message: "Reform-Plan: a-plan\n").plan == nil)
  }
}
