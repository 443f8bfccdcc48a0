import ArgumentParser
import Foundation
import ReformKit

/// A mistake in the arguments, as one line in the reader's language: ArgumentParser words its
/// own messages in English, so the Chinese interface rewords the ones it makes.
enum UsageMessage {
  /// ArgumentParser's sentences and their Chinese, `$1`, `$2` standing for what they quote.
  private static let chinese: [(pattern: String, template: String)] = [
    (#"^Missing expected argument '(.+)'$"#, "缺少参数 '$1'"),
    (#"^Missing value for '(.+)'$"#, "选项 '$1' 缺少值"),
    (#"^Unknown option '(.+)'$"#, "未知选项 '$1'"),
    (#"^Unexpected argument '(.+)'$"#, "多余的参数 '$1'"),
    (#"^Unexpected arguments (.+)$"#, "多余的参数 $1"),
    (#"^The value '(.*)' is invalid for '(.+)'\. Please provide one of (.+)\.$"#, "值 '$1' 不适用于 '$2'：应为以下之一：$3"),
    (#"^The value '(.*)' is invalid for '(.+)'(.*)$"#, "值 '$1' 不适用于 '$2'$3"),
    (#"^Duplicate exclusive values '(.+)'$"#, "互斥的选项重复：'$1'"),
  ]

  /// `message` (ArgumentParser's, one line) in `language`.
  static func worded(_ message: String, in language: Language = .current) -> String {
    guard language == .chinese else { return message }
    for (pattern, template) in chinese {
      guard let expression = try? NSRegularExpression(pattern: pattern) else { continue }
      let range = NSRange(message.startIndex..., in: message)
      if expression.firstMatch(in: message, range: range) != nil {
        return expression.stringByReplacingMatches(in: message, range: range, withTemplate: template)
          .replacingOccurrences(of: "' or '", with: "'、'").replacingOccurrences(of: "', '", with: "'、'")
      }
    }
    return message
  }

  /// The headings and fixed phrases of ArgumentParser's help, and their Chinese.
  private static let chineseHelp: [(String, String)] = [
    ("OVERVIEW:", "概述："), ("USAGE:", "用法："), ("ARGUMENTS:", "参数："), ("OPTIONS:", "选项："),
    ("SUBCOMMANDS:", "子命令："), ("Show help information.", "显示帮助信息。"), ("Show the version.", "显示版本。"),
    ("See 'reform help <subcommand>' for detailed help.", "详见 'reform help <子命令>'。"), ("(values: ", "（可选值："),
    ("(default: ", "（默认："),
  ]

  /// `help` (ArgumentParser's text) in `language`: its headings and fixed phrases reworded; the
  /// help of each command and option is already in the reader's language.
  static func help(_ help: String, in language: Language = .current) -> String {
    guard language == .chinese else { return help }
    return chineseHelp.reduce(help) { text, pair in text.replacingOccurrences(of: pair.0, with: pair.1) }
  }

  /// The names of the subcommands at the front of `arguments` (`member add`), for the
  /// `--help` a usage error points to.
  static func subcommandPath(of arguments: [String], in command: ParsableCommand.Type) -> [String] {
    guard let name = arguments.first,
      let next = command.configuration.subcommands.first(where: { $0._commandName == name })
    else { return [] }
    return [name] + subcommandPath(of: Array(arguments.dropFirst()), in: next)
  }
}
