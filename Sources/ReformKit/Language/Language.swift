import Foundation

/// The language of what `reform` says to people: Chinese when the locale asks for it, English
/// otherwise. Files, JSON keys and SPEC's values stay as SPEC writes them in both.
public enum Language: Sendable, Equatable {
  case english, chinese

  /// The language the environment asks for, read as POSIX does (the first of `LC_ALL`,
  /// `LC_MESSAGES`, `LANG` that is set and not empty decides), from the variables alone, so that
  /// it works where the glibc locale is not installed: Chinese when it starts with `zh`.
  public static func from(environment: [String: String]) -> Language {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
    return locale?.hasPrefix("zh") == true ? .chinese : .english
  }

  /// The language of this process's environment.
  public static let current = from(environment: ProcessInfo.processInfo.environment)

  /// `english` or `chinese`, whichever this language is.
  public func choose(_ english: String, _ chinese: String) -> String {
    self == .chinese ? chinese : english
  }
}

/// The problems validation reports most, worded in each language in one place.
enum Phrase {
  case requiredButMissing
  case mustNotBeEmpty
  case mustBeText(found: YAMLNode)
  case mustBeBool
  case mustBeWholeNumber
  case mustBeNumber
  case mustBeDate(earliest: CalendarDate)
  case mustBeOneOf([String])
  case mustBeList
  case mustListOneItem
  case mustBeMapping(found: YAMLNode)
  case unknownKey(allowed: [String])

  /// The problem in `language`.
  func text(in language: Language = .current) -> String {
    switch self {
    case .requiredButMissing: language.choose("required but missing", "必填，但缺少")
    case .mustNotBeEmpty: language.choose("must not be empty", "不能为空")
    case .mustBeText(let found):
      language.choose(
        "must be text, not \(found.shapeName(in: language))", "应为文本，而不是\(found.shapeName(in: language))")
    case .mustBeBool: language.choose("must be true or false", "应为 true 或 false")
    case .mustBeWholeNumber: language.choose("must be a whole number, 0 or more", "应为不小于 0 的整数")
    case .mustBeNumber: language.choose("must be a number, written without quotes", "应为数字（不加引号）")
    case .mustBeDate(let earliest):
      language.choose(
        "must be a date written YYYY-MM-DD, not before \(earliest)", "应为日期，写作 YYYY-MM-DD，不早于 \(earliest)")
    case .mustBeOneOf(let allowed):
      language.choose(
        "must be one of: \(allowed.joined(separator: ", "))", "应为以下之一：\(allowed.joined(separator: "、"))")
    case .mustBeList: language.choose("must be a list (lines starting with '- ')", "应为列表（以“- ”开头的行）")
    case .mustListOneItem: language.choose("must list at least one item", "至少应有一项")
    case .mustBeMapping(let found):
      language.choose(
        "must be a mapping of keys to values, not \(found.shapeName(in: language))",
        "应为键值映射，而不是\(found.shapeName(in: language))")
    case .unknownKey(let allowed):
      language.choose(
        "unknown key; the keys here are: \(allowed.joined(separator: ", "))",
        "未知的键；此处可用的键为：\(allowed.joined(separator: "、"))")
    }
  }
}
