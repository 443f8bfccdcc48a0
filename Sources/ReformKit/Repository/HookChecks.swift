import Foundation
import GitKit

/// The values the `Reform-*` trailers may take (SPEC section 2).
public enum ReformTrailers {
  /// `Reform-Action` values.
  public static let actions = ["new", "submit", "return", "approve", "amend", "record", "withdraw", "policy"]
  /// `Reform-Stage` values.
  public static let stages = ["drafting", "consultation", "review", "approved", "withdrawn"]

  /// Problems with the `Reform-*` trailers of a commit message; none for a message without them.
  public static func problems(in message: String, path: String) -> [Diagnostic] {
    var sink = DiagnosticSink(path: path)
    for (key, value) in CommitMessage.trailers(in: message) where key.hasPrefix("Reform-") {
      switch key {
      case "Reform-Plan" where !PlanID.isValid(value):
        sink.report(line: 1, key: key, "'\(value)' is not a valid plan id")
      case "Reform-Action" where !actions.contains(value):
        sink.report(line: 1, key: key, "'\(value)' is not one of: \(actions.joined(separator: ", "))")
      case "Reform-Stage" where !stages.contains(value):
        sink.report(line: 1, key: key, "'\(value)' is not one of: \(stages.joined(separator: ", "))")
      case "Reform-Plan", "Reform-Action", "Reform-Stage":
        continue
      default:
        sink.report(line: 1, key: key, "unknown trailer: reform writes Reform-Plan, Reform-Action and Reform-Stage")
      }
    }
    return sink.diagnostics
  }
}

extension PlanRepository {
  /// Validates what is staged for the next commit: the plans, records and policy whose staged
  /// content differs from HEAD. Reads only the index, the changed blobs and what their rules
  /// need, so it stays fast on large repositories.
  public func validateStaged() throws(ReformError) -> ValidationReport {
    let index = try gitCall { try git.index() }
    let headTree = try gitCall { try git.headCommitID().map { try git.commit($0).treeID } }
    let changed = try gitCall { try index.changes(since: headTree) }
      .filter { $0.kind != .deleted }
      .map(\.path)
    return Validator(snapshot: IndexSnapshot(repository: git, index: index)).validate(paths: changed)
  }
}
