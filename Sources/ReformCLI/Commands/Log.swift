import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: localized("A plan's history across all its versions, oldest first: date, action, stage, verified signer, summary."))

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: localized("The plan id."))
    var id: String

    @Flag(help: localized("Print JSON: [{commit, date, action, stage, signer, verified, summary}]."))
    var json = false

    func run() throws {
      let plans = try repository.open()
      let progress = ProgressLine(label: "indexed")
      let entries = try plans.history(of: id, progress: progress.update)
      progress.finish()
      if json { return try Output.json(entries) }
      Board.print(
        rows: entries.map { entry in
          let signer = entry.signer ?? "✗ signature not verified (committer: \(entry.committer))"
          return [String(entry.commit.prefix(10)), entry.date, entry.action, entry.stage, signer, entry.summary].map {
            Output.escaped($0)
          }
        })
    }
  }
}
