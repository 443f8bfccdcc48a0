/// The order of decisions that approve a plan (article 9, SPEC section 2).
public enum DecisionRoute {
  /// The bodies that must decide, in order. A plan that is neither major nor a party-committee
  /// document is decided by one body of the drafter's choice: `chosen` when it is one of them.
  /// - Returns: `nil` when the route needs a choice that `chosen` does not make.
  public static func route(for plan: Plan, chosen: DecisionBody?) -> [DecisionBody]? {
    if plan.issuance == .partyCommittee {
      return (plan.impacts.governmentDuties ? [.governmentExecutive] : []) + [.leadingGroup, .standingCommittee]
    }
    if plan.major { return [.leadingGroup] }
    guard let chosen, choices.contains(chosen) else { return nil }
    return [chosen]
  }

  /// The bodies a plan that is neither major nor a party-committee document may choose from.
  public static let choices: [DecisionBody] = [.governmentExecutive, .groupMeeting, .countersign]

  /// `a → b → c`, for messages.
  static func describe(_ route: [DecisionBody]) -> String {
    route.map(\.rawValue).joined(separator: " → ")
  }
}
