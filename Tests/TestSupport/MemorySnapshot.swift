import Foundation
import ReformKit

/// A repository snapshot held in memory, for validation tests.
public struct MemorySnapshot: RepositorySnapshot {
  /// File contents keyed by path.
  public var files: [String: Data]

  /// A snapshot of `files`, given as text.
  public init(_ files: [String: String] = [:]) {
    self.files = files.mapValues { Data($0.utf8) }
  }

  public func read(_ path: String) throws -> Data? { files[path] }

  public func size(_ path: String) throws -> Int? { files[path]?.count }

  public func files(under folder: String) throws -> [String] {
    files.keys.filter { $0.hasPrefix(folder + "/") }.sorted()
  }

  /// Validates the plan `plans/<id>/plan.md` holding `data`, alone or beside `others`.
  public static func validatePlan(_ data: Data, id: String = "sample-plan", others: [String: String] = [:]) -> [Diagnostic] {
    var snapshot = MemorySnapshot(others)
    snapshot.files["plans/\(id)/plan.md"] = data
    return Validator(snapshot: snapshot).validate(paths: ["plans/\(id)/plan.md"]).diagnostics
  }

  /// Validates `text` as the plan `plans/<id>/plan.md`.
  public static func validatePlan(_ text: String, id: String = "sample-plan", others: [String: String] = [:]) -> [Diagnostic] {
    validatePlan(Data(text.utf8), id: id, others: others)
  }
}
