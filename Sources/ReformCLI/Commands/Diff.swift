import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: localized("What changed between two versions of a plan, field by field: targets, deadlines, owners, sections."))

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: localized("The plan id."))
    var id: String

    @Argument(help: localized("The old revision: a version (2 or v2) or 'draft' (default: the version in force, or the one before the last)."))
    var old: PlanRevision?

    @Argument(help: localized("The new revision (default: the draft, or the last version)."))
    var new: PlanRevision?

    @Flag(help: localized("Print JSON: [{path, old, new}]."))
    var json = false

    func validate() throws {
      if old != nil && new == nil { throw ValidationError("name both revisions, or neither") }
    }

    func run() throws {
      let plans = try repository.open()
      let (from, to) = try old.flatMap { old in new.map { (old, $0) } } ?? plans.defaultComparison(of: id)
      let changes = try plans.diff(id, from: from, to: to)
      if json { return try Output.json(changes) }
      print("plan \(id): \(from) → \(to), \(changes.count) change(s)")
      for change in changes {
        let line =
          switch (change.old, change.new) {
          case (nil, let new?): "+ \(change.path): \(new)"
          case (let old?, nil): "- \(change.path): \(old)"
          default: "~ \(change.path): \(change.old?.description ?? "") → \(change.new?.description ?? "")"
          }
        print(Output.escaped(line))
      }
    }
  }
}

extension PlanRevision: ExpressibleByArgument {
  public init?(argument: String) {
    self.init(argument)
  }
}
