import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "diff",
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
      if old != nil && new == nil { throw ValidationError(localized("name both revisions, or neither")) }
    }

    func run() throws {
      let plans = try repository.open()
      let (from, to) = try old.flatMap { old in new.map { (old, $0) } } ?? plans.defaultComparison(of: id)
      let changes = try plans.diff(id, from: from, to: to)
      if json { return try Output.json(changes) }
      let language = Language.current
      print(
        language.choose(
          "plan \(id): \(from) → \(to), \(changes.count) change(s)", "方案 \(id)：\(from) → \(to)，\(changes.count) 处改动"))
      let colon = language.choose(": ", "：")
      for change in changes {
        let (old, new) = (change.old?.description, change.new?.description)
        let multiline = (old ?? "").contains("\n") || (new ?? "").contains("\n")
        if multiline {
          print(Output.escaped("~ \(change.label)" + colon.trimmingCharacters(in: .whitespaces)))
          for line in LineDiff.lines(from: old ?? "", to: new ?? "") {
            switch line {
            case .kept(let text): print(Output.escaped("    " + text))
            case .removed(let text): print(Output.escaped("  - " + text))
            case .added(let text): print(Output.escaped("  + " + text))
            }
          }
          continue
        }
        let line =
          switch (old, new) {
          case (nil, let new?): "+ \(change.label)\(colon)\(new)"
          case (let old?, nil): "- \(change.label)\(colon)\(old)"
          default: "~ \(change.label)\(colon)\(old ?? "") → \(new ?? "")"
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
