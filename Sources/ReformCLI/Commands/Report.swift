import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Report: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
      case md, json, csv, html
    }

    static let configuration = CommandConfiguration(
      abstract: localized("The annual assessment data (article 14) per lead unit, as Markdown, JSON, CSV or HTML."))

    @OptionGroup var repository: RepositoryOptions

    @Option(help: localized("The year (default: this year)."))
    var year: Int?

    @Option(help: localized("Only this lead unit (repeat for several)."))
    var unit: [String] = []

    @Option(help: localized("md, json, csv (UTF-8 with BOM) or html (one self-contained page)."))
    var format: Format = .md

    @Option(name: .customShort("o"), help: localized("Write to this file instead of stdout."))
    var output: String?

    @OptionGroup var asOf: AsOfOption

    func validate() throws {
      if let year, !(1949...9999).contains(year) { throw ValidationError("--year must be from 1949 to 9999") }
    }

    func run() throws {
      let plans = try repository.open()
      let today = asOf.day
      let report = try plans.annualReport(
        year: year ?? today.year, day: today, warnDays: 30, units: Set(unit))
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
