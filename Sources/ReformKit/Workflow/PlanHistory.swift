import Foundation
import GitKit

/// What the gates of a plan's current version look at: the commit where its drafting began,
/// the last change to its `plan.md`, and the records added since a given commit.
struct PlanHistory {
  let repository: PlanRepository
  let state: PlanState
  /// The commit that opened the current version (`reform new` or `reform amend`).
  let draftingStart: OID
  /// The newest commit that changed `plan.md` since the drafting began (or that start).
  let lastPlanChange: OID

  init(_ repository: PlanRepository, _ state: PlanState) throws(ReformError) {
    self.repository = repository
    self.state = state
    let git = repository.git
    let planPath = RepositoryFile.planPath(state.id)
    var start: OID?
    var lastChange: OID?
    var current: OID? = state.tip
    while let id = current, start == nil {
      let commit = try repository.gitCall { try git.commit(id) }
      let parent = commit.parentIDs.first
      if lastChange == nil {
        let blob = try repository.gitCall { try git.treeEntry(commit.treeID, path: planPath)?.id }
        let parentBlob = try repository.gitCall { () throws -> OID? in
          guard let parent else { return nil }
          return try git.treeEntry(git.commit(parent).treeID, path: planPath)?.id
        }
        if blob != parentBlob { lastChange = id }
      }
      let trailers = CommitMessage.trailers(in: commit.message ?? "")
      if trailers.contains(where: { $0.key == "Reform-Plan" && $0.value == state.id }),
        trailers.contains(where: { $0.key == "Reform-Action" && ["new", "amend"].contains($0.value) })
      {
        start = id
      }
      current = parent
    }
    guard let start else {
      throw .conflict("no 'reform new' or 'reform amend' commit of '\(state.id)' on \(state.branch)")
    }
    draftingStart = start
    lastPlanChange = lastChange ?? start
  }

  /// The plan as the branch holds it, or the diagnostics that make it invalid.
  func plan() throws(ReformError) -> Plan {
    let (plan, diagnostics) = Validator(snapshot: try repository.snapshot(of: state.tip)).plan(state.id)
    guard let plan else { throw .invalid(diagnostics) }
    return plan
  }

  /// The valid records present at the tip but not at `commit`, ordered by file name (date
  /// first); records of kind `kind` only when given.
  func recordsAdded(since commit: OID, kind: RecordKind? = nil) throws(ReformError) -> [Record] {
    let folder = "plans/\(state.id)/records"
    let old = try repository.snapshot(of: commit)
    let new = try repository.snapshot(of: state.tip)
    let validator = Validator(snapshot: new)
    var records: [Record] = []
    for path in try repository.gitCall({ try new.files(under: folder) }) {
      let name = String(path.dropFirst(folder.count + 1))
      if let kind, RecordFileName(name)?.kind != kind { continue }
      let unchanged = try repository.gitCall {
        try old.tree.flatMap { try repository.git.treeEntry($0, path: path)?.id }
          == new.tree.flatMap { try repository.git.treeEntry($0, path: path)?.id }
      }
      if unchanged { continue }
      if let record = validator.record(state.id, name).record { records.append(record) }
    }
    return records.sorted { $0.fileName < $1.fileName }
  }

  /// Records added since the current version's drafting began.
  func recordsOfThisVersion(_ kind: RecordKind) throws(ReformError) -> [Record] {
    try recordsAdded(since: draftingStart, kind: kind)
  }

  /// Records added after the last change to `plan.md`.
  func recordsSinceLastChange(_ kind: RecordKind) throws(ReformError) -> [Record] {
    try recordsAdded(since: lastPlanChange, kind: kind)
  }
}
