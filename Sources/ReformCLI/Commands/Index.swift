import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "index",
      abstract: localized("Rebuilds the plan index under .git/ (a cache for log and status; reform verify never reads it)."))

    @OptionGroup var repository: RepositoryOptions

    @Flag(help: localized("Delete the index and build it afresh."))
    var rebuild = false

    func validate() throws {
      if !rebuild { throw ValidationError(localized("say what to do: reform index --rebuild")) }
    }

    func run() throws {
      let plans = try repository.open()
      let started = Date()
      try plans.rebuildIndex()
      print(String(format: localized("plan index rebuilt in %.1f s"), Date().timeIntervalSince(started)))
    }
  }
}
