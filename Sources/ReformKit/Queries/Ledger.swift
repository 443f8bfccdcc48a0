import Foundation
import GitKit
import SpreadsheetKit

/// The 台账 of a supervision office: one row per measure of every plan in force, and the
/// overdue items (`reform ledger`).
public struct Ledger: Sendable, Encodable {
  /// One measure of a plan in force.
  public struct Row: Sendable, Encodable {
    public let plan: String
    public let title: String
    /// The version in force.
    public let version: Int
    public let measure: String
    public let text: String
    public let metric: String
    public let baseline: Double
    public let target: Double
    public let unit: String
    public let due: CalendarDate
    /// The latest value a `progress` record reports, and its period.
    public let achieved: Double?
    public let period: String?
    public let leader: String
    public let responsibleUnit: String
    public let person: String
    /// The plan's light, and the reasons that concern this measure or the whole plan.
    public let light: Light
    public let reasons: [LightReason]
    public let nextDeadline: PlanStatus.NextDeadline?

    public func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(plan, forKey: .plan)
      try container.encode(title, forKey: .title)
      try container.encode(version, forKey: .version)
      try container.encode(measure, forKey: .measure)
      try container.encode(text, forKey: .text)
      try container.encode(metric, forKey: .metric)
      try container.encode(baseline, forKey: .baseline)
      try container.encode(target, forKey: .target)
      try container.encode(unit, forKey: .unit)
      try container.encode(due, forKey: .due)
      try container.encode(achieved, forKey: .achieved)
      try container.encode(period, forKey: .period)
      try container.encode(leader, forKey: .leader)
      try container.encode(responsibleUnit, forKey: .responsibleUnit)
      try container.encode(person, forKey: .person)
      try container.encode(light, forKey: .light)
      try container.encode(reasons, forKey: .reasons)
      try container.encode(nextDeadline, forKey: .nextDeadline)
    }

    private enum CodingKeys: String, CodingKey {
      case plan, title, version, measure, text, metric, baseline, target, unit, due, achieved, period, leader
      case responsibleUnit, person, light, reasons, nextDeadline
    }
  }

  /// One deadline that has passed.
  public struct OverdueItem: Sendable, Encodable {
    public let plan: String
    public let deadline: DeadlineName
    public let due: CalendarDate
    public let daysOverdue: Int
    public let detail: String
  }

  public let measures: [Row]
  public let overdue: [OverdueItem]

  /// The measures as CSV, UTF-8 with a byte-order mark so that spreadsheets show Chinese.
  public var csv: Data {
    CSV.data(header: Self.measureColumns(.current), rows: measures.map { Self.cells(of: $0).map(\.csvText) })
  }

  /// The ledger as an `.xlsx` workbook: the measures, then the overdue items, each with a frozen
  /// header row, columns as wide as their widest cell, dates as dates and numbers as numbers.
  public func xlsx() throws(ReformError) -> Data {
    let language = Language.current
    let sheets = [
      Self.sheet(language.choose("measures", "台账"), Self.measureColumns(language), measures.map(Self.cells)),
      Self.sheet(
        language.choose("overdue", "逾期事项"), Self.overdueColumns(language),
        overdue.map { item in
          [
            .text(item.plan), .text(item.deadline.localizedName), Self.day(item.due),
            .number(Double(item.daysOverdue)),
            .text(item.detail),
          ]
        }),
    ]
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "reform-ledger-\(UUID().uuidString).xlsx"
    ).path
    defer { try? FileManager.default.removeItem(atPath: path) }
    do {
      try Workbook.write(sheets, to: path)
    } catch {
      throw .io("cannot write the workbook: \(error)")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .io("cannot read the workbook back")
    }
    return data
  }

  private static func measureColumns(_ language: Language) -> [String] {
    language == .chinese
      ? [
        "方案编号", "方案名称", "版本", "举措", "举措内容", "指标", "基数", "目标值", "单位", "完成时限", "最新完成值", "报告期",
        "责任领导", "责任单位", "责任人", "预警", "原因", "下一个时限",
      ]
      : [
        "plan", "title", "version", "measure", "text", "metric", "baseline", "target", "unit", "due",
        "achieved",
        "period", "leader", "responsible unit", "person", "light", "reasons", "next deadline",
      ]
  }

  private static func overdueColumns(_ language: Language) -> [String] {
    language == .chinese
      ? ["方案编号", "时限", "应完成日期", "逾期天数", "说明"] : ["plan", "deadline", "due", "days overdue", "detail"]
  }

  private static func cells(of row: Row) -> [Cell] {
    [
      .text(row.plan), .text(row.title), .number(Double(row.version)), .text(row.measure), .text(row.text),
      .text(row.metric), .number(row.baseline), .number(row.target), .text(row.unit), day(row.due),
      row.achieved.map(Cell.number) ?? .empty, row.period.map(Cell.text) ?? .empty, .text(row.leader),
      .text(row.responsibleUnit), .text(row.person), .text(row.light.localizedName),
      .text(row.reasons.map(\.detail).joined(separator: "; ")),
      .text(row.nextDeadline.map { "\($0.deadline.localizedName) \($0.due)" } ?? ""),
    ]
  }

  private static func sheet(_ name: String, _ header: [String], _ rows: [[Cell]]) -> Sheet {
    var widths = header.map { Double(DisplayWidth.of($0)) }
    for row in rows {
      for (column, cell) in row.enumerated() {
        widths[column] = max(widths[column], Double(min(60, DisplayWidth.of(cell.csvText))))
      }
    }
    return Sheet(name: name, header: header, rows: rows, widths: widths.map { $0 + 2 })
  }

  private static func day(_ date: CalendarDate) -> Cell {
    .date(year: date.year, month: date.month, day: date.day)
  }
}

extension Cell {
  /// The cell as CSV and width measurement read it.
  fileprivate var csvText: String {
    switch self {
    case .text(let text): text
    case .number(let number): DeadlineRules.number(number)
    case .date(let year, let month, let day): CalendarDate(year: year, month: month, day: day).description
    case .empty: ""
    }
  }
}

extension PlanRepository {
  /// The ledger on the day `rules` judge: every measure of every plan with a version in force
  /// (as approved), with its latest progress, owners, the plan's light and the reasons that
  /// concern the measure; and every deadline that has passed. `unit` keeps the plans led by it
  /// and the measures it is responsible for.
  public func ledger(_ rules: DeadlineRules, unit: String? = nil) throws(ReformError) -> Ledger {
    var rows: [Ledger.Row] = []
    var ids: Set<String> = []
    // One snapshot of main for every plan's validation (related plans are looked up in it).
    let main = try snapshot(of: mainTip())
    let overviews = try overviews()
    let index = try planIndex()
    try index.reading { () throws(ReformError) in
    for overview in overviews {
      guard let facts = overview.inForce, overview.stage != .withdrawn, let approved = facts.approvalDay else { continue }
      let current = overview.stage == .approved ? overview.version : overview.version - 1
      // On a day before the current version's approval, the version in force then (if any).
      let version =
        approved <= rules.day ? current : current > 1 ? try? self.version(of: overview.id, inForceOn: rules.day).number : nil
      // The version in force is read at its approval merge, which the overview holds; an
      // earlier one through its tag.
      let merge = version == current ? overview.inForceMerge : nil
      guard let version, version > 0,
        let plan = try approvedPlan(overview.id, version: version, merge: merge, main: main, index: index)
      else { continue }
      let status = overview.status(rules)
      let ledUnit = plan.leadUnit == unit
      for measure in plan.measures where unit == nil || ledUnit || measure.responsible.unit == unit {
        let latest = facts.progress.filter { $0.achieved[measure.id] != nil && $0.date <= rules.day }
          .max { $0.date < $1.date }
        rows.append(
          Ledger.Row(
            plan: overview.id, title: plan.title, version: version, measure: measure.id, text: measure.text,
            metric: measure.target.metric, baseline: measure.target.baseline, target: measure.target.value,
            unit: measure.target.unit, due: measure.target.due, achieved: latest?.achieved[measure.id],
            period: latest?.period, leader: measure.responsible.leader,
            responsibleUnit: measure.responsible.unit,
            person: measure.responsible.person, light: status.light,
            reasons: status.reasons.filter { $0.measure == nil || $0.measure == measure.id },
            nextDeadline: status.nextDeadline))
        ids.insert(overview.id)
      }
    }
    }
    let overdue = try self.overdue(rules, among: overviews).deadlines.filter { unit == nil || ids.contains($0.plan) }.map {
      deadline in
      Ledger.OverdueItem(
        plan: deadline.plan, deadline: deadline.deadline, due: deadline.due,
        daysOverdue: rules.day.days(since: deadline.due), detail: deadline.detail)
    }
    return Ledger(measures: rows, overdue: overdue)
  }

  /// Version `version` of plan `id` as approved (at `merge`, its approval merge, when known),
  /// or `nil` when it does not read.
  /// The blob of `plan.md` at an approval merge is kept in `index`: finding it reads the
  /// merge's whole `plans` tree.
  private func approvedPlan(
    _ id: String, version: Int, merge: OID?, main: any RepositorySnapshot, index: PlanIndex
  ) throws(ReformError) -> Plan? {
    let path = RepositoryFile.planPath(id)
    let blob = try merge.map { merge throws(ReformError) in
      try index.cached(.approvedPlanBlob, merge, qualifier: id) { () throws(ReformError) -> OID? in
        try gitCall { try git.treeEntry(git.commit(merge).treeID, path: path).flatMap { $0.mode == .blob ? $0.id : nil } }
      }
    }
    let text = try blob?.map { blob throws(ReformError) in try gitCall { try git.readBlob(blob) } }
      ?? (try? planText(id, version: version, inForceOn: nil))
    guard let text else { return nil }
    let files = OverlaySnapshot(base: main, files: [path: text])
    return Validator(snapshot: files).plan(id).plan
  }
}
