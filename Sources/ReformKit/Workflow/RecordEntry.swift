import Foundation
import GitKit

/// What `reform record` writes: a record's kind, date and fields, or a whole file.
public struct RecordRequest: Sendable {
  /// The record's kind.
  public var kind: RecordKind
  /// Its date; today when `nil`.
  public var date: CalendarDate?
  /// Top-level fields, each value read as YAML reads a plain scalar.
  public var fields: [(key: String, value: String)]
  /// A whole record file (front matter and body) to start from.
  public var file: String?

  /// A request.
  public init(kind: RecordKind, date: CalendarDate?, fields: [(key: String, value: String)], file: String?) {
    self.kind = kind
    self.date = date
    self.fields = fields
    self.file = file
  }
}

extension RecordKind {
  /// Records made after approval, committed on `main`.
  public var isImplementation: Bool {
    [.issuance, .filing, .progress, .inspection, .rectification, .lookback, .pilotEvaluation, .adjustment]
      .contains(self)
  }
}

extension PlanRepository {
  /// `reform record`: adds a record on the plan's current branch (on `main` for the records of
  /// implementation), signed by a member whose role may make it (SPEC section 5).
  /// - Returns: the record's path.
  @discardableResult
  public func record(_ id: String, _ request: RecordRequest, key: SSHSigningKey) throws(ReformError) -> String {
    let state = try existingState(of: id)
    let kind = request.kind
    let (branch, tip, stage) = try target(for: kind, state)
    let files = try snapshot(of: tip)
    let planText = try gitCall { try files.read(RepositoryFile.planPath(id)) }
      .map { String(decoding: $0, as: UTF8.self) } ?? ""
    let leadUnit = FrontMatterEditor.topLevelValue("lead_unit", in: planText)
    let group = FrontMatterEditor.topLevelValue("group", in: planText)
    let today = CalendarDate(Date())
    let date = request.date ?? today
    guard date <= today else {
      throw .gate("the date \(date) is in the future: a record is made on or after the day it records")
    }
    var text = request.file ?? "---\nkind: \(kind.rawValue)\n---\n"
    text = FrontMatterEditor.setting("kind", to: kind.rawValue, in: text)
    text = FrontMatterEditor.setting("date", to: date.description, in: text)
    for (field, value) in request.fields {
      guard field.wholeMatch(of: /[a-z_]+/) != nil else {
        throw .gate("'\(field)' is not a field name: fields are lowercase words joined by '_'")
      }
      text = FrontMatterEditor.setting(field, to: Self.plainScalar(value), in: text)
    }
    let actor = try recordActor(
      kind, reviewType: FrontMatterEditor.topLevelValue("type", in: text),
      unit: FrontMatterEditor.topLevelValue("unit", in: text), leadUnit: leadUnit,
      group: group, key: key, policyAt: tip)
    let name = try freeFileName(for: RecordFileName(date: date, kind: kind, sequence: nil), id: id, in: files)
    let path = RepositoryFile.recordPath(id, name)
    let data = Data(text.utf8)
    let (record, diagnostics) = Validator(snapshot: OverlaySnapshot(base: files, files: [path: data]))
      .record(id, name)
    guard record != nil else { throw .invalid(diagnostics) }
    let message = CommitMessage.reform(
      "reform: record \(kind.rawValue) of \(id)", plan: id, action: "record", stage: stage)
    try commit(on: branch, from: tip, changes: [path: data], message: message, key: key, author: actor.identity)
    return path
  }

  /// The branch a record of `kind` goes to, its tip, and the stage the commit names.
  private func target(
    for kind: RecordKind, _ state: PlanState
  ) throws(ReformError) -> (branch: String, tip: OID, stage: Stage) {
    if kind == .decision {
      throw .gate("decisions are recorded with 'reform approve \(state.id) --body B --meeting M --date D'")
    }
    if kind.isImplementation {
      guard state.approvedVersions > 0 || state.stage == .approved, let main = try mainTip() else {
        throw .wrongStage(
          "plan '\(state.id)' was never approved: \(kind.rawValue) records are made on main after approval")
      }
      return (Self.mainBranch, main, .approved)
    }
    let allowed: [Stage] = [.research, .consultation].contains(kind) ? [.drafting, .consultation] : [.review]
    guard allowed.contains(state.stage) else {
      throw .wrongStage(
        "plan '\(state.id)' is \(state.stage.rawValue): \(kind.rawValue) records are made in "
          + allowed.map(\.rawValue).joined(separator: " or "))
    }
    return (state.branch, state.tip, state.stage)
  }

  private func recordActor(
    _ kind: RecordKind, reviewType: String?, unit: String?, leadUnit: String?, group: String?,
    key: SSHSigningKey, policyAt tip: OID
  ) throws(ReformError) -> Actor {
    let action = "a \(kind.rawValue) record"
    switch kind {
    case .review:
      switch ReviewType(rawValue: reviewType ?? "") {
      case .legal: return try actor(key, policyAt: tip, role: .legal, action: "a legal review")
      case .reformOffice: return try actor(key, policyAt: tip, role: .reformOffice, action: "a reform-office review")
      default: return try actor(key, policyAt: tip, role: .reviewer, action: action, group: group)
      }
    case .countersign: return try actor(key, policyAt: tip, role: nil, action: action, unit: unit)
    case .inspection: return try actor(key, policyAt: tip, role: .inspector, action: action)
    case .issuance, .decision: return try actor(key, policyAt: tip, role: .approver, action: action)
    default: return try actor(key, policyAt: tip, role: .drafter, action: action, unit: leadUnit)
    }
  }

  /// `name`, or the same with `-2`, `-3`, … when a record of that name exists.
  func freeFileName(
    for name: RecordFileName, id: String, in files: TreeSnapshot
  ) throws(ReformError) -> String {
    var candidate = name
    while files.exists(RepositoryFile.recordPath(id, candidate.fileName)) {
      candidate = RecordFileName(date: name.date, kind: name.kind, sequence: (candidate.sequence ?? 1) + 1)
    }
    return candidate.fileName
  }

  /// `value` as YAML text that YAML reads back as the same plain scalar: numbers, booleans,
  /// dates and null stay plain; anything else becomes a quoted string.
  static func plainScalar(_ value: String) -> String {
    let scalar = YAMLScalar(text: value, isPlain: true)
    let typed = scalar.bool != nil || scalar.number != nil || scalar.date != nil
    return typed && !value.isEmpty ? value : YAMLText.quoted(value)
  }
}
