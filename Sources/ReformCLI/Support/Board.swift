import ArgumentParser
import Foundation
import ReformKit

/// How lights and tables print on a terminal: colour only on a terminal and without `NO_COLOR`.
enum Board {
  static let coloured: Bool = {
    let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    return isatty(STDOUT_FILENO) == 1 && !noColor
  }()

  /// The light as 红/黄/绿, coloured on a terminal.
  static func light(_ light: Light) -> String {
    guard coloured else { return light.chineseName }
    let code = switch light {
    case .red: "31"
    case .yellow: "33"
    case .green: "32"
    }
    return "\u{1b}[\(code)m\(light.chineseName)\u{1b}[0m"
  }

  /// The next deadline for a table cell.
  static func deadline(_ next: PlanStatus.NextDeadline?) -> String {
    next.map { "\($0.deadline.localizedName) \($0.due)" } ?? "-"
  }

  /// A unit, person, group or jurisdiction for a table cell: escaped, "-" when not given.
  static func owner(_ name: String?) -> String {
    guard let name, !name.isEmpty else { return "-" }
    return Output.escaped(name)
  }

  /// Why a light is not green, in a few words.
  static func reason(_ reason: LightReason) -> String { reason.summary() }

  /// Rows of cells in columns two spaces apart, each column as wide as its widest cell in
  /// terminal columns (汉字 count two), written at once; the last column is not padded. The
  /// cells are escaped by the caller.
  static func print(aligned rows: [[String]]) {
    var widths: [Int] = []
    for row in rows {
      for (index, cell) in row.enumerated() {
        if index == widths.count { widths.append(0) }
        widths[index] = max(widths[index], DisplayWidth.of(cell))
      }
    }
    var text = ""
    for row in rows {
      let cells = row.enumerated().map { index, cell in
        let padding = widths[index] - DisplayWidth.of(cell)
        return index == row.count - 1 ? cell : cell + String(repeating: " ", count: padding)
      }
      text += cells.joined(separator: "  ") + "\n"
    }
    Swift.print(text, terminator: "")
  }

  /// Rows of cells separated by tabs, written at once; the cells are escaped by the caller
  /// (a light carries its own colour sequence).
  static func print(rows: [[String]]) {
    var text = ""
    for row in rows {
      text += row.joined(separator: "\t")
      text += "\n"
    }
    Swift.print(text, terminator: "")
  }
}

/// The day the deadline queries judge on.
struct AsOfOption: ParsableArguments {
  @Option(name: .customLong("as-of"), help: localized("Judge deadlines on this day, YYYY-MM-DD (default: today)."))
  var asOf: CalendarDate?

  /// The day given, else today.
  var day: CalendarDate { asOf ?? CalendarDate(Date()) }

  func validate() throws {
    if let asOf, asOf < Procedure.earliestDate {
      throw ValidationError(localized("--as-of must be on or after 1949-10-01"))
    }
  }
}

/// The options of the queries that judge deadlines and lights on a day.
struct JudgedDayOptions: ParsableArguments {
  @OptionGroup var asOf: AsOfOption

  @Option(name: .customLong("warn-days"), parsing: .unconditional, help: localized("A deadline due within this many days makes the light yellow."))
  var warnDays: Int = 30

  func validate() throws {
    if warnDays < 0 || warnDays > 36_500 { throw ValidationError(localized("--warn-days must be from 0 to 36500")) }
  }

  /// The rules of SPEC section 6 on the chosen day.
  var rules: DeadlineRules { DeadlineRules(day: asOf.day, warnDays: warnDays) }
}
