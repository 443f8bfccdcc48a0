import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Ledger: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
      case csv, xlsx, json
    }

    static let configuration = CommandConfiguration(
      commandName: "ledger",
      abstract: localized(
        "The ledger (台账): one row per measure of every plan in force, and a sheet of overdue items."))

    @OptionGroup var repository: RepositoryOptions

    @Option(help: localized("Judge as of the end of this year, or today while it lasts (default: today)."))
    var year: Int?

    @Option(help: localized("Only the plans this unit leads and the measures it is responsible for."))
    var unit: String?

    @Option(
      help: localized(
        "csv (the measures, UTF-8 with BOM), xlsx (both sheets) or json (default: from -o's extension, else csv)."))
    var format: Format?

    @Flag(help: localized("Print JSON (the same as --format json)."))
    var json = false

    @Option(name: .customShort("o"), help: localized("Write to this file instead of stdout."))
    var output: String?

    @OptionGroup var day: JudgedDayOptions

    func validate() throws {
      if let year, !(1949...9999).contains(year) { throw ValidationError(localized("--year must be from 1949 to 9999")) }
      if year != nil && day.asOf.asOf != nil {
        throw ValidationError(localized("give --year or --as-of, not both"))
      }
      if json, let format, format != .json { throw ValidationError(localized("give --json or --format, not both")) }
    }

    /// The format asked for, else the one `-o`'s extension names, else CSV.
    private var chosenFormat: Format {
      if json { return .json }
      if let format { return format }
      let suffix = output.map { URL(fileURLWithPath: $0).pathExtension.lowercased() } ?? ""
      return Format(rawValue: suffix) ?? .csv
    }

    func run() throws {
      let plans = try repository.open()
      var rules = day.rules
      if let year, let end = CalendarDate(String(format: "%04d-12-31", year)) {
        rules = DeadlineRules(day: min(end, CalendarDate(Date())), warnDays: day.warnDays)
      }
      let ledger = try plans.ledger(rules, unit: unit)
      let data: Data
      switch chosenFormat {
      case .csv: data = ledger.csv
      case .xlsx: data = try ledger.xlsx()
      case .json: data = try Output.jsonData(ledger)
      }
      guard let output else { return FileHandle.standardOutput.write(data) }
      try RegularFile.write(data, to: output)
    }
  }
}
