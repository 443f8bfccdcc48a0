import ArgumentParser
import ReformKit

extension Reform {
  struct Submit: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Moves a plan to the next stage (drafting → consultation → review) if the gates hold.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var signing: SigningOptions

    @Argument(help: "The plan id.")
    var id: String

    func run() throws {
      let plans = try repository.open()
      let stage = try plans.submit(id, key: signing.key(for: plans))
      print("\(id) is now in \(stage.rawValue) (\(stage.rawValue)/\(id))")
    }
  }

  struct Return: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Sends a plan in review back to drafting (a reviewer of its special group).")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var signing: SigningOptions

    @Argument(help: "The plan id.")
    var id: String

    @Option(help: "Why the plan goes back.")
    var reason: String

    func run() throws {
      let plans = try repository.open()
      try plans.returnToDrafting(id, reason: reason, key: signing.key(for: plans))
      print("\(id) is back in drafting (drafting/\(id))")
    }
  }

  struct Amend: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Opens the next version of an approved plan on drafting/<id>; the approved one stays in force.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var signing: SigningOptions

    @Argument(help: "The plan id.")
    var id: String

    @Option(help: "Why the plan is amended.")
    var reason: String

    func run() throws {
      let plans = try repository.open()
      let version = try plans.amend(id, reason: reason, key: signing.key(for: plans))
      print("\(id) version \(version) is in drafting (drafting/\(id))")
    }
  }

  struct Withdraw: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Ends a plan that was never approved; its branch moves to withdrawn/<id>.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var signing: SigningOptions

    @Argument(help: "The plan id.")
    var id: String

    @Option(help: "Why the plan is withdrawn.")
    var reason: String

    func run() throws {
      let plans = try repository.open()
      try plans.withdraw(id, reason: reason, key: signing.key(for: plans))
      print("\(id) is withdrawn (withdrawn/\(id))")
    }
  }
}
