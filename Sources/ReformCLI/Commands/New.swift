import ArgumentParser
import ReformKit

extension Reform {
  struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "new",
      abstract: localized("Starts a plan on drafting/<id> from main with the template of its kind."))

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var signing: SigningOptions

    @Argument(help: localized("The plan id: 3 to 64 of a-z, 0-9 and '-'."))
    var id: String

    @Option(help: localized("institutional, implementation or pilot."))
    var kind: PlanKind

    @Option(help: localized("The plan's title."))
    var title: String?

    func run() throws {
      let plans = try repository.open()
      let commit = try plans.newPlan(id, kind: kind, title: title, key: signing.key(for: plans))
      print("drafting/\(id) \(commit.hex)")
      print(Language.current.choose("edit plans/\(id)/plan.md on it: git switch drafting/\(id)", "请在该分支上编辑 plans/\(id)/plan.md：git switch drafting/\(id)"))
    }
  }
}
