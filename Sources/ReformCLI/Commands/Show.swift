import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: localized("Prints a plan as it was: version N, or the version in force on a day (by its final decision)."))

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: localized("The plan id."))
    var id: String

    @Option(help: localized("The approved version to print."))
    var version: Int?

    @Option(help: localized("Print the version in force on this day, YYYY-MM-DD."))
    var at: CalendarDate?

    func validate() throws {
      if version != nil && at != nil { throw ValidationError(localized("give either --version or --at, not both")) }
    }

    func run() throws {
      let plans = try repository.open()
      Output.write(try plans.planText(id, version: version, inForceOn: at))
    }
  }
}
