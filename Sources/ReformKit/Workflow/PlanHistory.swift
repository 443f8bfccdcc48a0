import Foundation
import GitKit

/// What the gates of a plan's current version look at: the commit where its drafting began,
/// the last change to its `plan.md`, the records added since, and the commit that last wrote
/// each of them, judged against the policy on `main`.
struct PlanHistory {
  let repository: PlanRepository
  let state: PlanState
  /// The policy on `main`: the authority that decides which records count.
  let policy: Policy
  /// The plan's lead unit and group as its branch holds them.
  let scope: PlanScope
  /// The commit that opened the current version (`reform new` or `reform amend`).
  let draftingStart: OID
  /// Whether `reform amend` opened it: an approved version is in force.
  let isAmendment: Bool
  /// The newest commit that changed `plan.md` since the drafting began (or that start).
  let lastPlanChange: OID
  /// For each record file changed since the drafting began, the newest commit that wrote it.
  private let writers: [String: OID]

  init(_ repository: PlanRepository, _ state: PlanState) throws(ReformError) {
    self.repository = repository
    self.state = state
    policy = try repository.policyOnMain()
    scope = try repository.planScope(state.id, at: state.tip)
    let git = repository.git
    let planPath = RepositoryFile.planPath(state.id)
    let recordsPath = RepositoryFile.recordsFolder(state.id)
    var start: OID?
    var amended = false
    var lastChange: OID?
    var writers: [String: OID] = [:]
    var current: OID? = state.tip
    while let id = current, start == nil {
      let commit = try repository.gitCall { try git.commit(id) }
      let parentTree = try repository.gitCall { try commit.parentIDs.first.map { try git.commit($0).treeID } }
      let entry = { (tree: OID?, path: String) throws(ReformError) -> TreeEntry? in
        try repository.gitCall { try tree.flatMap { try git.treeEntry($0, path: path) } }
      }
      if lastChange == nil, try entry(commit.treeID, planPath)?.id != entry(parentTree, planPath)?.id {
        lastChange = id
      }
      let records = try entry(commit.treeID, recordsPath)
      let parentRecords = try entry(parentTree, recordsPath)
      // A merge writes no record: what it brings in was written elsewhere, and counts nowhere.
      if commit.parentIDs.count == 1, let records, records.mode == .tree, records.id != parentRecords?.id {
        let old = try repository.gitCall { () throws -> [[UInt8]: OID] in
          guard let parentRecords, parentRecords.mode == .tree else { return [:] }
          return Dictionary(try git.treeEntries(parentRecords.id).map { ($0.nameBytes, $0.id) }) { $1 }
        }
        for changed in try repository.gitCall({ try git.treeEntries(records.id) })
        where old[changed.nameBytes] != changed.id {
          if let name = changed.name, writers[name] == nil { writers[name] = id }
        }
      }
      let trailers = ReformTrailers(message: commit.message ?? "")
      if trailers.say(.new, of: state.id) || trailers.say(.amend, of: state.id) {
        start = id
        amended = trailers.say(.amend, of: state.id)
      }
      current = commit.parentIDs.first
    }
    guard let start else {
      throw .conflict("no 'reform new' or 'reform amend' commit of '\(state.id)' on \(state.branch)")
    }
    draftingStart = start
    isAmendment = amended
    lastPlanChange = lastChange ?? start
    self.writers = writers
  }

  /// The bodies that approved the version in force when `reform amend` opened this one, which
  /// its route includes (article 10); none for a plan's first version.
  func bodiesInForce() throws(ReformError) -> [DecisionBody] {
    guard isAmendment,
      let parent = try repository.gitCall({ try repository.git.commit(draftingStart).parentIDs.first })
    else { return [] }
    return try repository.bodiesInForce(of: state.id, at: parent)
  }

  /// The plan as the branch holds it, or the diagnostics that make it invalid.
  func plan() throws(ReformError) -> Plan {
    let (plan, diagnostics) = Validator(snapshot: try repository.snapshot(of: state.tip)).plan(state.id)
    guard let plan else { throw .invalid(diagnostics) }
    return plan
  }

  /// The valid records (of `kind`, when given) present at the tip but not (or otherwise) at
  /// `commit`, ordered by file name (date first).
  private func recordsAdded(since commit: OID, kind: RecordKind?) throws(ReformError) -> [Record] {
    let folder = RepositoryFile.recordsFolder(state.id)
    let old = try repository.snapshot(of: commit)
    let new = try repository.snapshot(of: state.tip)
    let validator = Validator(snapshot: new)
    let git = repository.git
    var records: [Record] = []
    for path in try repository.gitCall({ try new.files(under: folder) }) {
      let name = String(path.dropFirst(folder.count + 1))
      guard let parsed = RecordFileName(name), kind == nil || parsed.kind == kind else { continue }
      let unchanged = try repository.gitCall {
        try old.tree.flatMap { try git.treeEntry($0, path: path)?.id }
          == new.tree.flatMap { try git.treeEntry($0, path: path)?.id }
      }
      if unchanged { continue }
      if let record = validator.record(state.id, name).record { records.append(record) }
    }
    return records.sorted { RecordFileName.precedes($0.fileName, $1.fileName) }
  }

  /// The records (of `kind`, when given) added since `commit` that count, and why each other
  /// one does not: a record counts only when the commit that last wrote it (not a merge) is
  /// signed by a member who, in the policy on `main`, may make it (SPEC section 5), and is not
  /// dated after that commit.
  func countedRecords(_ kind: RecordKind?, since commit: OID) throws(ReformError) -> CountedRecords {
    var result = CountedRecords()
    for record in try recordsAdded(since: commit, kind: kind) {
      guard let writer = writers[record.fileName],
        let member = try repository.signer(of: writer, in: policy, retiredKeys: true)
      else {
        result.refuse(record, Language.current.choose("is not signed by a member of the policy on main", "不是 main 上策略中的成员签名的"))
        continue
      }
      let committed = try repository.gitCall { try repository.git.commit(writer).committer }
      if record.date > CalendarDate(committed.time, in: committed.timeZone) {
        result.refuse(record, Language.current.choose("is dated after the commit that made it", "记录日期晚于提交它的提交"))
        continue
      }
      if Procedure.refusal(of: member, toMake: record, plan: scope) != nil {
        result.refuse(
          record,
          Language.current.choose(
            "was committed by \(member.name) (\(member.roles.map(\.rawValue).joined(separator: ", "))), "
              + "who may not make \(record.article) \(record.description)",
            "由 \(member.name)（\(member.roles.map(\.chineseName).joined(separator: "、"))）提交，其无权作出\(record.chineseDescription)"))
        continue
      }
      result.records.append(record)
    }
    return result
  }

  /// Counted records (of `kind`, when given) added since the current version's drafting began.
  func recordsOfThisVersion(_ kind: RecordKind?) throws(ReformError) -> CountedRecords {
    try countedRecords(kind, since: draftingStart)
  }

  /// Counted records (of `kind`, when given) added after the last change to `plan.md`.
  func recordsSinceLastChange(_ kind: RecordKind?) throws(ReformError) -> CountedRecords {
    try countedRecords(kind, since: lastPlanChange)
  }
}

/// The records a gate counts, and one line for each it does not.
struct CountedRecords {
  var records: [Record] = []
  /// The records that do not count, each with why.
  private(set) var refusals: [(record: Record, reason: String)] = []

  mutating func refuse(_ record: Record, _ reason: String) {
    refusals.append((record, reason))
  }

  /// Only the records of `kind`, counted or not.
  func only(_ kind: RecordKind) -> CountedRecords {
    CountedRecords(records: records.filter { $0.kind == kind }, refusals: refusals.filter { $0.record.kind == kind })
  }

  /// " (not counted: …)" for a gate's message, or nothing.
  var note: String {
    let language = Language.current
    return refusals.isEmpty
      ? ""
      : language.choose("; not counted: ", "；不计入：")
        + refusals.map { "\($0.record.fileName) \($0.reason)" }.joined(separator: language.choose("; ", "；"))
  }
}

extension Record {
  /// "legal review", "decision", "countersign", for messages.
  var description: String {
    kind == .review ? "\(text("type") ?? "") review" : kind.rawValue
  }

  /// "合法合规性审查", "决策", "会签", for Chinese messages: a review by its type's name, which
  /// already says what it is ("内容审核").
  var chineseDescription: String {
    kind == .review ? text("type").flatMap(ReviewType.init(word:))?.chineseName ?? "审核" : kind.chineseName
  }

  /// "a" or "an" before `description`.
  var article: String {
    description.first.map { "aeiou".contains($0) } == true ? "an" : "a"
  }
}
