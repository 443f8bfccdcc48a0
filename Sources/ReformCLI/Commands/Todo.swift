import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Todo: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "todo",
      abstract: localized(
        "What waits for a member: reviews, countersignatures, decisions, records and inspections due."))

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var signing: SigningOptions
    @OptionGroup var day: JudgedDayOptions

    @Option(name: .customLong("as"), help: localized("The member (default: the owner of the signing key)."))
    var member: String?

    @Flag(help: localized("Print JSON: [{plan, task, type, due, detail}]."))
    var json = false

    func run() throws {
      let plans = try repository.open()
      let whom =
        try member.map { name throws(ReformError) in try plans.member(named: name) }
        ?? plans.member(owning: signing.key(for: plans))
      let items = try plans.todo(for: whom, rules: day.rules)
      if json { return try Output.json(items) }
      Board.print(
        rows: items.map { item in
          [item.due?.description ?? "-", item.plan, item.task.rawValue, item.type, item.detail].map(
            Output.escaped)
        })
      if items.isEmpty {
        let line = Language.current.choose("nothing waits for \(whom.name)\n", "\(whom.name) 没有待办事项\n")
        FileHandle.standardError.write(Data(line.utf8))
      }
    }
  }
}
