import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Report: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
      case md, json, csv, html
    }

    static let configuration = CommandConfiguration(
      commandName: "report",
      abstract: localized("The annual assessment data (article 14) per lead unit, as Markdown, JSON, CSV or HTML."))

    @OptionGroup var repository: RepositoryOptions

    @Option(help: localized("The year (default: this year)."))
    var year: Int?

    @Option(help: localized("Only this lead unit (repeat for several)."))
    var unit: [String] = []

    @Option(help: localized("Only plans of this jurisdiction (repeat for several)."))
    var jurisdiction: [String] = []

    @Option(help: localized("One row per lead unit (unit) or per jurisdiction (jurisdiction)."))
    var by: SummaryKey = .unit

    @Option(help: localized("md, json, csv (UTF-8 with BOM) or html (one self-contained page)."))
    var format: Format = .md

    @Option(name: .customShort("o"), help: localized("Write to this file instead of stdout."))
    var output: String?

    @Option(
      name: .customLong("as-of"),
      help: localized("Judge on this day, YYYY-MM-DD (default: today, or the year's last day for a past year)."))
    var asOf: CalendarDate?

    func validate() throws {
      if let year, !(1949...9999).contains(year) { throw ValidationError(localized("--year must be from 1949 to 9999")) }
      if let asOf, asOf < Procedure.earliestDate { throw ValidationError(localized("--as-of must be on or after 1949-10-01")) }
    }

    func run() throws {
      let plans = try repository.open()
      let today = CalendarDate(Date())
      let year = year ?? (asOf ?? today).year
      var scope = ReportScope(year: year, day: asOf ?? min(today, CalendarDate(year: year, month: 12, day: 31)))
      (scope.units, scope.jurisdictions, scope.groupedBy) = (Set(unit), Set(jurisdiction), by)
      let report = try plans.annualReport(scope)
      let data: Data
      switch format {
      case .md: data = Data(report.markdown.utf8)
      case .csv: data = report.csv
      case .html: data = Data(report.html.utf8)
      case .json: data = try Output.jsonData(report)
      }
      guard let output else { return Output.write(data) }
      try RegularFile.write(data, to: output)
    }
  }
}
