import Foundation

/// The references a plan repository may hold (SPEC section 5): `main`, one stage branch per
/// plan, and the version tags. Every other name (`refs/replace`, `refs/notes`, `refs/pull`,
/// other branches and tags) is outside the procedure.
enum ReformReference: Equatable {
  case main
  /// `refs/heads/<stage>/<id>` for a stage that lives on a branch.
  case stage(Stage, id: String)
  /// `refs/tags/plans/<id>/v<N>`.
  case versionTag(id: String, version: Int)

  /// The kind of the full reference name `name`, or `nil` when it is outside the namespaces.
  init?(_ name: String) {
    if name == PlanRepository.mainBranch {
      self = .main
      return
    }
    // Read in bytes: every push check reads the names of all references, ten thousand tags
    // in a province's repository.
    let parts = name.utf8.split(separator: UInt8(ascii: "/"), maxSplits: 5, omittingEmptySubsequences: false)
      .map(Substring.init)
    if parts.count == 4, parts[0] == "refs", parts[1] == "heads", let stage = Stage(rawValue: String(parts[2])),
      Stage.branchStages.contains(stage), PlanID.isValid(parts[3])
    {
      self = .stage(stage, id: String(parts[3]))
    } else if parts.count == 5, parts[0] == "refs", parts[1] == "tags", parts[2] == "plans", PlanID.isValid(parts[3]),
      let version = PlanState.version(named: parts[4])
    {
      self = .versionTag(id: String(parts[3]), version: version)
    } else {
      return nil
    }
  }

  /// The plan a stage branch or version tag belongs to.
  var planID: String? {
    switch self {
    case .main: nil
    case .stage(_, let id), .versionTag(let id, _): id
    }
  }
}
