import Foundation
import GitKit

/// One commit of a plan's history.
public struct LogEntry: Sendable, Equatable, Encodable {
  /// The commit id.
  public let commit: String
  /// The committer date, `YYYY-MM-DD`.
  public let date: String
  /// The `Reform-Action` trailer, or `edit` for a commit that does not name the plan.
  public let action: String
  /// The `Reform-Stage` trailer, else the stage the plan was at (a plain-git edit).
  public let stage: String
  /// The policy member whose key made the signature; `nil` when it did not verify.
  public let signer: String?
  /// Whether the signature checked out against the policy in force.
  public let verified: Bool
  /// The commit's first line.
  public let summary: String
  /// The name the commit gives its committer: anyone can write any name, so it is shown
  /// only beside a signature that does not verify (not part of the JSON shape).
  public let committer: String
  /// The date the record or decision the commit adds gives itself (not part of SPEC's JSON
  /// shape, which names the commit's date).
  public var recorded: String? = nil
  /// What it records, or why a plan moved back or was amended or withdrawn (not part of the
  /// JSON shape).
  public var details: String? = nil
  /// The verified signer's unit (not part of the JSON shape).
  public var signerUnit: String? = nil
  /// The committer time in seconds since 1970, for ordering (not part of the JSON shape).
  public var time: Int64 = 0

  private enum CodingKeys: String, CodingKey { case commit, date, action, stage, signer, verified, summary }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(commit, forKey: .commit)
    try container.encode(date, forKey: .date)
    try container.encode(action, forKey: .action)
    try container.encode(stage, forKey: .stage)
    try container.encode(signer, forKey: .signer)
    try container.encode(verified, forKey: .verified)
    try container.encode(summary, forKey: .summary)
  }
}

extension PlanRepository {
  /// The commits of plan `id`, oldest first: those on `main` and on the plan's stage branches
  /// that change its folder or name it in their `Reform-Plan` trailer, each with its verified
  /// signer. Found through the plan index.
  public func history(of id: String) throws(ReformError) -> [LogEntry] {
    guard PlanID.isValid(id) else { throw .invalidPlanID(Self.idRule(id)) }
    return try history(of: id, index: try planIndex())
  }

  private func history(of id: String, index: PlanIndex) throws(ReformError) -> [LogEntry] {
    var branchStage: [OID: Stage] = [:]
    let main = try mainTip()
    for stage in Stage.branchStages {
      guard let tip = try gitCall({ try git.referenceTarget(stage.branch(for: id)) }) else { continue }
      for commit in try gitCall({ try git.commitIDs(from: [tip], excluding: main.map { [$0] } ?? []) }) {
        branchStage[commit] = stage
      }
    }
    var policies: [OID: Policy?] = [:]
    var entries: [LogEntry] = []
    for commitID in try index.commits(touching: id) {
      let onMain = try index.isOnMain(commitID)
      guard branchStage[commitID] != nil || onMain else { continue }
      let commit = try gitCall { try git.commit(commitID) }
      // A commit that names no stage (a plain-git edit) is at the stage the plan was at.
      let stage = entries.last?.stage ?? branchStage[commitID]?.rawValue ?? Stage.drafting.rawValue
      entries.append(try entry(commit, plan: id, stage: stage, policies: &policies))
    }
    if entries.isEmpty, try state(of: id) == nil { throw .unknownPlan(id) }
    return entries
  }

  private func entry(
    _ commit: Commit, plan id: String, stage: String, policies: inout [OID: Policy?]
  ) throws(ReformError) -> LogEntry {
    let signer = try verifiedSigner(commit, policies: &policies)
    let trailers = ReformTrailers(message: commit.message ?? "")
    var names = trailers.plan == id
    var record: Record?
    if names, trailers.action != nil {
      guard let action = trailers.knownAction else { return entry(commit, signer: signer, action: "edit", stage: stage) }
      let parentTree = try gitCall { try commit.parentIDs.first.map { try git.commit($0).treeID } }
      let changes = try gitCall { try git.differences(from: parentTree, to: commit.treeID) }
      names = Procedure.commitDoes(action, plan: id, parents: commit.parentIDs.count, changes: changes.map(\.path))
      let folder = RepositoryFile.recordsFolder(id) + "/"
      if names, commit.parentIDs.count == 1,
        let added = changes.first(where: { $0.old == nil && $0.new != nil && $0.path.hasPrefix(folder) })
      {
        record = Validator(snapshot: TreeSnapshot(repository: git, tree: commit.treeID))
          .record(id, String(added.path.dropFirst(folder.count))).record
      }
    }
    let action = names ? trailers.action ?? "edit" : "edit"
    var result = entry(commit, signer: signer, action: action, stage: names ? trailers.stage ?? stage : stage)
    result.recorded = record?.date.description
    result.details = record.map(Self.details) ?? (names ? Self.reason(action, in: commit) : nil)
    return result
  }

  private func entry(_ commit: Commit, signer: Member?, action: String, stage: String) -> LogEntry {
    LogEntry(
      commit: commit.id.hex, date: CalendarDate(commit.committer.time).description, action: action, stage: stage,
      signer: signer?.name, verified: signer != nil, summary: String((commit.message ?? "").prefix { $0 != "\n" }),
      committer: commit.committer.name, signerUnit: signer?.unit,
      time: Int64(commit.committer.time.timeIntervalSince1970))
  }

  /// What a record says that a supervisor looks for: the type and verdict of a review, the body,
  /// meeting and verdict of a decision, the unit and verdict of a countersignature, and so on,
  /// in the reader's language.
  private static func details(of record: Record) -> String {
    let fields: [String] =
      switch record.kind {
      case .review: ["type", "verdict"]
      case .decision: ["body", "verdict", "meeting"]
      case .countersign: ["unit", "verdict"]
      case .consultation: ["type", "opinions_received", "opinions_adopted"]
      case .issuance: ["document_number"]
      case .progress: ["period"]
      case .inspection: ["inspector"]
      case .rectification: ["inspection"]
      case .pilotEvaluation: ["stage"]
      case .adjustment: ["reason"]
      case .research, .filing, .lookback: []
      }
    let language = Language.current
    let named = fields.compactMap { key in
      record.text(key).map { value in
        language == .chinese
          ? "\(chineseFieldNames[key] ?? key)=\(chineseValue(value, of: key, in: record.kind) ?? value)" : "\(key)=\(value)"
      }
    }
    return ([record.kind.localizedName] + named).joined(separator: " ")
  }

  /// The Chinese words of the fields `details(of:)` shows.
  private static let chineseFieldNames = [
    "type": "类型", "verdict": "结论", "body": "决策机构", "meeting": "会议", "unit": "单位", "opinions_received": "收到意见",
    "opinions_adopted": "采纳意见", "document_number": "文号", "period": "期间", "inspector": "督察组",
    "inspection": "督察", "stage": "阶段", "reason": "理由",
  ]

  /// The Chinese name of an enumerated `value` of field `key` in a record of `kind`.
  private static func chineseValue(_ value: String, of key: String, in kind: RecordKind) -> String? {
    switch (kind, key) {
    case (.review, "type"): ReviewType(rawValue: value)?.chineseName
    case (.review, "verdict"): ReviewVerdict(rawValue: value)?.chineseName
    case (.consultation, "type"): ConsultationType(rawValue: value)?.chineseName
    case (.decision, "body"): DecisionBody(rawValue: value)?.chineseName
    case (.decision, "verdict"): DecisionVerdict(rawValue: value)?.chineseName
    case (.countersign, "verdict"): CountersignVerdict(rawValue: value)?.chineseName
    case (.pilotEvaluation, "stage"): PilotEvaluationStage(rawValue: value)?.chineseName
    default: nil
    }
  }

  /// The reason a transition's message gives (its body's first line): why a plan was returned,
  /// amended or withdrawn, or the meeting that rejected it.
  private static func reason(_ action: String, in commit: Commit) -> String? {
    guard ["return", "amend", "withdraw"].contains(action) else { return nil }
    let lines = (commit.message ?? "").split(separator: "\n", omittingEmptySubsequences: true)
    return lines.dropFirst().first { !$0.hasPrefix("Reform-") }.map(String.init)
  }

  /// `reform log` without an id: the history of every plan (or of those `filter` names),
  /// newest first, each entry with its plan, kept when `filter` admits it.
  public func activity(_ filter: ActivityFilter) throws(ReformError) -> [PlanActivity] {
    let index = try planIndex()
    var found: [(activity: PlanActivity, position: Int)] = []
    if let plan = filter.plan, !PlanID.isValid(plan) { throw .invalidPlanID(Self.idRule(plan)) }
    var ids = [String]()
    if let plan = filter.plan { ids = [plan] } else { ids = try index.plans() }
    for id in ids where PlanID.isValid(id) {
      // A plan the index names but no branch or main reaches any more has no history to show.
      guard let entries = try? history(of: id, index: index) else { continue }
      for (position, entry) in entries.enumerated() where filter.admits(entry) {
        found.append((PlanActivity(plan: id, entry: entry), position))
      }
    }
    // Newest first; a plan's entries of the same second in reverse order of its history.
    return found.sorted {
      ($0.activity.entry.time, $0.activity.plan, $0.position) > ($1.activity.entry.time, $1.activity.plan, $1.position)
    }.map(\.activity)
  }

  /// The member of the policy in force (its first parent's tree) whose key signed `commit`.
  func verifiedSigner(_ commit: Commit, policies: inout [OID: Policy?]) throws(ReformError) -> Member? {
    let policyTree = try gitCall { try commit.parentIDs.first.map { try git.commit($0).treeID } ?? commit.treeID }
    if policies[policyTree] == nil {
      policies[policyTree] = .some(Validator(snapshot: TreeSnapshot(repository: git, tree: policyTree)).policy().policy)
    }
    guard let policy = policies[policyTree] ?? nil else { return nil }
    return try signer(of: commit.id, in: policy)
  }
}

/// Which entries `reform log` without an id keeps.
public struct ActivityFilter: Sendable {
  /// Entries on or after this day.
  public var since: CalendarDate?
  /// Entries on or before this day.
  public var until: CalendarDate?
  /// Only this action (`new`, `submit`, `record`, …, or `edit`).
  public var action: String?
  /// Only entries signed by a member of this unit.
  public var unit: String?
  /// Only entries signed by this member.
  public var signer: String?
  /// Only this plan.
  public var plan: String?

  /// A filter; every criterion left `nil` admits everything.
  public init(
    since: CalendarDate? = nil, until: CalendarDate? = nil, action: String? = nil, unit: String? = nil,
    signer: String? = nil, plan: String? = nil
  ) {
    (self.since, self.until, self.action, self.unit, self.signer, self.plan) = (since, until, action, unit, signer, plan)
  }

  /// Whether `entry` passes every criterion (the plan is chosen before).
  public func admits(_ entry: LogEntry) -> Bool {
    let day = CalendarDate(entry.date)
    return (since.map { since in day.map { $0 >= since } ?? false } ?? true)
      && (until.map { until in day.map { $0 <= until } ?? false } ?? true)
      && (action.map { $0 == entry.action } ?? true) && (unit.map { $0 == entry.signerUnit } ?? true)
      && (signer.map { $0 == entry.signer } ?? true)
  }
}

/// One entry of every plan's history: the plan and the entry (`{plan, commit, date, action,
/// stage, signer, verified, summary}` in JSON).
public struct PlanActivity: Sendable, Equatable, Encodable {
  public let plan: String
  public let entry: LogEntry

  private enum CodingKeys: String, CodingKey { case plan }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(plan, forKey: .plan)
    try entry.encode(to: encoder)
  }
}
