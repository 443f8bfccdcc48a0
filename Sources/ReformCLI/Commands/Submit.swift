import ArgumentParser
import ReformKit

extension Reform {
  struct Submit: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "submit",
      abstract: localized("Moves a plan to the next stage (drafting → consultation → review) if the gates hold."))

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var signing: SigningOptions

    @Argument(help: localized("The plan id."))
    var id: String

    @OptionGroup var publishing: SyncOption

    func run() throws {
      let plans = try repository.open()
      try publishing.prepare(plans, id)
      let stage = try plans.submit(id, key: signing.key(for: plans))
      print(Language.current.choose("\(id) is now in \(stage.rawValue) (\(stage.rawValue)/\(id))", "\(id) 已进入\(stage.chineseName)阶段（\(stage.rawValue)/\(id)）"))
      try publishing.publish(plans, id)
    }
  }

  struct Return: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "return",
      abstract: localized("Sends a plan in review back to drafting (a reviewer of its special group)."))

    @OptionGroup var plan: ReasonedPlanArguments
    @OptionGroup var publishing: SyncOption

    func run() throws {
      let (plans, key, id, reason) = try plan.resolve()
      try publishing.prepare(plans, id)
      try plans.returnToDrafting(id, reason: reason, key: key)
      print(Language.current.choose("\(id) is back in drafting (drafting/\(id))", "\(id) 已退回起草（drafting/\(id)）"))
      try publishing.publish(plans, id)
    }
  }

  struct Amend: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "amend",
      abstract: localized("Opens the next version of an approved plan on drafting/<id>; the approved one stays in force."))

    @OptionGroup var plan: ReasonedPlanArguments

    func run() throws {
      let (plans, key, id, reason) = try plan.resolve()
      let version = try plans.amend(id, reason: reason, key: key)
      print(Language.current.choose("\(id) version \(version) is in drafting (drafting/\(id))", "\(id) 第 \(version) 版进入起草（drafting/\(id)）"))
    }
  }

  struct Withdraw: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "withdraw",
      abstract: localized(
        "Ends a plan's draft (a new plan, or an amendment: the approved version stays in force); "
          + "its branch moves to withdrawn/<id>."))

    @OptionGroup var plan: ReasonedPlanArguments

    func run() throws {
      let (plans, key, id, reason) = try plan.resolve()
      let inForce = try plans.withdraw(id, reason: reason, key: key)
      print(
        inForce == 0
          ? Language.current.choose("\(id) is withdrawn (withdrawn/\(id))", "\(id) 已撤回（withdrawn/\(id)）")
          : Language.current.choose(
            "the draft of \(id) is withdrawn (withdrawn/\(id)); version \(inForce) stays in force",
            "\(id) 的草稿已撤回（withdrawn/\(id)）；第 \(inForce) 版继续有效"))
    }
  }
}

/// The arguments of the commands that move a plan for a stated reason: the repository, the
/// signing key, the plan id and `--reason`.
struct ReasonedPlanArguments: ParsableArguments {
  @OptionGroup var repository: RepositoryOptions
  @OptionGroup var signing: SigningOptions

  @Argument(help: localized("The plan id."))
  var id: String

  @Option(help: localized("Why; it goes into the commit message."))
  var reason: String

  /// The opened repository, the signing key, the id and the reason.
  func resolve() throws -> (PlanRepository, any SSHSigner, String, String) {
    let plans = try repository.open()
    return (plans, try signing.key(for: plans), id, reason)
  }
}
