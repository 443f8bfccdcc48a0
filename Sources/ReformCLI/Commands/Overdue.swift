import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Overdue: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: localized("Every deadline that has passed: drafting, filing, progress, inspection, rectification, look-back, pilot summary, targets, work plan."))

    @OptionGroup var repository: RepositoryOptions

    @OptionGroup var asOf: AsOfOption

    @Flag(help: localized("Print JSON: [{plan, deadline, due, detail}]."))
    var json = false

    func run() throws {
      let plans = try repository.open()
      let (overdue, unjudged) = try plans.overdue(DeadlineRules(day: asOf.day))
      Output.diagnostics(unjudged)
      if json {
        try Output.json(overdue)
      } else {
        Board.print(rows: overdue.map { [$0.plan, $0.deadline.rawValue, $0.due.description, Output.escaped($0.detail)] })
      }
    }
  }
}
