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

  @Test func trailersAreTheKeyValueLinesOfTheLastParagraph() {
    let text = "草稿\n\n正文：不是尾注\n\nReform-Plan: a-plan\nReform-Action: submit\n"
    #expect(CommitMessage.trailers(in: text).map { "\($0.key)=\($0.value)" } == ["Reform-Plan=a-plan", "Reform-Action=submit"])
    #expect(ReformTrailers(message: "Reform-Plan: a-plan\n").plan == nil)
  }
}
