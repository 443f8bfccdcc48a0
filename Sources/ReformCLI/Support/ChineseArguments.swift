import ArgumentParser
import ReformKit

/// An option value of the procedure, given as SPEC's word or as its Chinese name.
protocol ChineseArgument: ExpressibleByArgument, NamedInChinese {}

extension ChineseArgument {
  public init?(argument: String) { self.init(word: argument) }

  /// The values help and errors list: SPEC's words, or the Chinese names for a Chinese reader.
  public static var allValueStrings: [String] {
    Language.current == .chinese ? allCases.map(\.chineseName) : allCases.map(\.rawValue)
  }
}

extension PlanKind: ChineseArgument {}
extension Stage: ChineseArgument {}
extension Light: ChineseArgument {}
extension RecordKind: ChineseArgument {}
extension DecisionBody: ChineseArgument {}
extension DecisionVerdict: ChineseArgument {}
extension DeadlineName: ChineseArgument {}
extension SummaryKey: ChineseArgument {}
