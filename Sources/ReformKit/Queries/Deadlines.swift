import Foundation

/// The deadlines of SPEC section 6, in table order.
public enum DeadlineName: String, Sendable, CaseIterable, Codable, Comparable {
  case drafting, filing, progress, inspection, rectification, lookback
  case pilotSummary = "pilot-summary"
  case target
  case workPlan = "work-plan"

  public static func < (lhs: DeadlineName, rhs: DeadlineName) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}

/// One deadline of a plan (or, for `work-plan`, of a task): when it is due and when, if ever,
/// it was met.
public struct Deadline: Sendable, Equatable, Encodable {
  /// The plan id; for a `work-plan` deadline, the task id.
  public let plan: String
  public let deadline: DeadlineName
  public let due: CalendarDate
  /// What is due, kept as parts: a status run of ten thousand plans makes ten times as many
  /// deadlines and shows none of their details.
  let subject: Subject
  /// The day it was met (`nil`: still open on the day judged).
  public let met: CalendarDate?
  /// Who answers for it: the measure's 责任单位 and 责任人 for a target, the plan's for the
  /// others, a task's lead unit for a work-plan task (not part of the JSON shape).
  public var owners = PlanFacts.Owners()

  /// Whether it was open after its due day on `day`.
  public func isOverdue(on day: CalendarDate) -> Bool { met == nil && due < day }

  /// What is due.
  enum Subject: Sendable, Equatable {
    case approval
    case filing(issued: CalendarDate)
    case progress(period: String)
    case inspection, lookback
    case rectification(item: String, inspection: String)
    case pilotSummary(end: CalendarDate)
    case target(measure: String, value: Double)
    case task(WorkPlan.Task, year: Int)
  }

  /// The measure a `target` deadline concerns.
  public var measure: String? {
    if case .target(let measure, _) = subject { return measure }
    return nil
  }

  /// What is due, in one line (English: the JSON's `detail`).
  public var detail: String { detail(in: .english) }

  /// What is due, in one line in `language`.
  public func detail(in language: Language) -> String {
    switch subject {
    case .approval: language.choose("approve the plan", "方案获批")
    case .filing(let issued): language.choose("file the plan issued on \(issued) for the record", "\(issued) 印发的方案报备")
    case .progress(let period): language.choose("report progress for \(period)", "报送 \(period) 进展")
    case .inspection:
      language.choose("inspect the plan at least once within a year of issuance", "印发后一年内至少督察一次")
    case .lookback: language.choose("look back on the plan one year after issuance", "印发一年后开展“回头看”")
    case .rectification(let item, let inspection):
      language.choose("close item '\(item)' of \(inspection)", "完成 \(inspection) 的整改事项“\(item)”")
    case .pilotSummary(let end):
      language.choose(
        "evaluate the pilot (final) within two months of its end on \(end)", "试点 \(end) 结束后两个月内完成总结评估")
    case .target(let measure, let value):
      language.choose(
        "measure '\(measure)': reach \(DeadlineRules.number(value))", "举措 \(measure)：达到 \(DeadlineRules.number(value))")
    case .task(let task, let year):
      language.choose(
        "\(WorkPlan.path(year)): no plan names task '\(task.id)' (\(task.text)) as its source",
        "\(WorkPlan.path(year))：任务“\(task.id)”（\(task.text)）尚无方案")
    }
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(plan, forKey: .plan)
    try container.encode(deadline, forKey: .deadline)
    try container.encode(due, forKey: .due)
    try container.encode(detail, forKey: .detail)
  }

  private enum CodingKeys: String, CodingKey { case plan, deadline, due, detail }
}

/// Why a plan's light is not green (SPEC section 4's `reasons`).
public struct LightReason: Sendable, Equatable, Encodable {
  public let deadline: DeadlineName
  public let due: CalendarDate
  /// Days past `due` on the day judged; 0 when it is not yet due.
  public let daysOverdue: Int
  /// The measure concerned, for a target (`null` in JSON otherwise).
  public let measure: String?
  /// What is due or behind, in one line.
  public let detail: String
  /// Whether the reason is a measure behind its linear schedule rather than a deadline (not
  /// part of the JSON shape: `detail` says it).
  public var isBehindSchedule = false

  /// The reason in a few words in `language`: what is overdue and by how long, what falls due,
  /// which measure is behind.
  public func summary(in language: Language = .current) -> String {
    let name = language == .chinese ? deadline.chineseName : deadline.rawValue
    let what = measure.map { "\(name) \($0)" } ?? name
    if daysOverdue > 0 { return what + language.choose(" overdue \(daysOverdue)d", " 逾期 \(daysOverdue) 天") }
    return what
      + (isBehindSchedule
        ? language.choose(" behind schedule", " 落后于进度") : language.choose(" due \(due)", " \(due) 到期"))
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(deadline, forKey: .deadline)
    try container.encode(due, forKey: .due)
    try container.encode(daysOverdue, forKey: .daysOverdue)
    try container.encode(measure, forKey: .measure)
    try container.encode(detail, forKey: .detail)
  }

  private enum CodingKeys: String, CodingKey { case deadline, due, daysOverdue, measure, detail }
}

/// The traffic light of a plan (三色预警).
public enum Light: String, Sendable, CaseIterable, Codable {
  case green, yellow, red
}

/// Computes the deadlines of SPEC section 6 and the light they give. The rules for the edge
/// cases (README, "Deadlines"):
/// - progress: one report per half year (H1 due 30 June, H2 due 31 December), starting with the
///   half year of the first issuance when the plan was issued at least three months before that
///   half year ends, else with the next one; periods are listed up to the one that contains the
///   day judged;
/// - rectification: an item stays open until a `rectification` record of its inspection lists it
///   `done: true`; done after its `due`, it is no longer overdue but counts as closed late;
/// - target: open until a `progress` record shows `achieved` at or past `value` (at or below it
///   when the target decreases); without any progress record it is simply open, and overdue
///   after `due`. A target is behind its linear schedule (yellow) when the latest achieved value
///   is short of the straight line from `baseline` on the approval day to `value` on `due`; a
///   target that no progress record mentions yet is not judged behind.
public struct DeadlineRules: Sendable {
  /// The day judged: records dated later are ignored.
  public let day: CalendarDate
  /// How many days ahead a deadline makes the light yellow.
  public let warnDays: Int

  public init(day: CalendarDate, warnDays: Int = 30) {
    self.day = day
    self.warnDays = warnDays
  }

  /// The deadlines of plan `id`: `draft` is the version being worked on (nil when none),
  /// `inForce` the approved version on `main` (nil before the first approval).
  public func deadlines(of id: String, draft: PlanFacts?, inForce: PlanFacts?) -> [Deadline] {
    var found: [Deadline] = []
    if let draft = draft.map(known), let due = draft.draftingDeadline {
      found.append(Deadline(plan: id, deadline: .drafting, due: due, subject: .approval, met: nil, owners: draft.owners))
    }
    guard let facts = inForce.map(known) else { return found }
    if let due = facts.draftingDeadline, let approved = facts.approvalDay {
      found.append(
        Deadline(plan: id, deadline: .drafting, due: due, subject: .approval, met: approved, owners: facts.owners))
    }
    found += implementationDeadlines(of: id, facts)
    return found.sorted { ($0.deadline, $0.due) < ($1.deadline, $1.due) }
  }

  /// `work-plan` deadlines: each task of `plan` with no plan whose `source` names it.
  public func deadlines(of plan: WorkPlan, sources: Set<String>) -> [Deadline] {
    plan.tasks.filter { !sources.contains($0.id) }.map { task in
      Deadline(
        plan: task.id, deadline: .workPlan, due: task.due,
        subject: .task(task, year: plan.year),
        met: nil, owners: PlanFacts.Owners(unit: task.leadUnit))
    }
  }

  /// The light of a plan with `deadlines` and in-force `facts`: red when one is overdue, yellow
  /// when one falls due within `warnDays` or a target is behind schedule, green otherwise.
  public func light(_ deadlines: [Deadline], inForce facts: PlanFacts?) -> Light {
    Self.light(of: reasons(deadlines, inForce: facts))
  }

  /// The light `reasons` give: red when one is overdue, yellow when there is any, else green.
  public static func light(of reasons: [LightReason]) -> Light {
    reasons.isEmpty ? .green : reasons.contains { $0.daysOverdue > 0 } ? .red : .yellow
  }

  /// Why the light of a plan with `deadlines` and in-force `facts` is not green, overdue ones
  /// first: each deadline passed (red), each open one due within `warnDays` and each target
  /// behind its linear schedule (yellow). Empty when green.
  public func reasons(_ deadlines: [Deadline], inForce facts: PlanFacts?) -> [LightReason] {
    let horizon = day.adding(days: warnDays)
    var reasons = deadlines.filter { $0.met == nil && $0.due <= horizon }.map { deadline in
      LightReason(
        deadline: deadline.deadline, due: deadline.due, daysOverdue: max(0, day.days(since: deadline.due)),
        measure: deadline.measure, detail: deadline.detail)
    }.sorted { ($1.daysOverdue, $0.due) < ($0.daysOverdue, $1.due) }
    guard let facts = facts.map(known) else { return reasons }
    for behind in targetsBehindSchedule(facts) where !reasons.contains(where: { $0.measure == behind.measure }) {
      reasons.append(
        LightReason(
          deadline: .target, due: behind.due, daysOverdue: 0, measure: behind.measure,
          detail: "measure '\(behind.measure)': \(Self.number(behind.achieved)) achieved, "
            + "\(Self.number(behind.expected)) expected by now on the way to \(Self.number(behind.value)) by \(behind.due)",
          isBehindSchedule: true))
    }
    return reasons
  }

  /// The next deadline: the open one due first (an overdue one when there is one).
  public func next(_ deadlines: [Deadline]) -> Deadline? {
    deadlines.filter { $0.met == nil }.min { ($0.due, $0.deadline) < ($1.due, $1.deadline) }
  }

  /// A target whose latest achieved value is short of its linear schedule.
  public struct TargetBehind: Sendable, Equatable {
    public let measure: String
    public let achieved: Double
    /// Where the straight line from the baseline to the target stands on the day judged.
    public let expected: Double
    public let value: Double
    public let due: CalendarDate
  }

  /// The targets whose latest achieved value is short of their linear schedule.
  public func targetsBehindSchedule(_ facts: PlanFacts) -> [TargetBehind] {
    guard let start = facts.approvalDay ?? facts.issuances.min() else { return [] }
    return facts.targets.compactMap { target in
      guard target.due > start, day < target.due, targetMet(target, facts) == nil,
        let latest = facts.progress.filter({ $0.achieved[target.measure] != nil }).max(by: { $0.date < $1.date }),
        let achieved = latest.achieved[target.measure]
      else { return nil }
      let share = Double(max(0, day.days(since: start))) / Double(target.due.days(since: start))
      let expected = target.baseline + (target.value - target.baseline) * share
      let behind = target.value >= target.baseline ? achieved < expected : achieved > expected
      guard behind else { return nil }
      return TargetBehind(
        measure: target.measure, achieved: achieved, expected: expected, value: target.value, due: target.due)
    }
  }

  /// `facts` without the records dated after the day judged.
  private func known(_ facts: PlanFacts) -> PlanFacts {
    if facts.latestRecord.map({ $0 <= day }) ?? true { return facts }
    var known = facts
    known.approvals.removeAll { $0 > day }
    known.issuances.removeAll { $0 > day }
    known.filings.removeAll { $0 > day }
    known.progress.removeAll { $0.date > day }
    known.inspections.removeAll { $0.date > day }
    known.rectifications.removeAll { $0.date > day }
    known.lookbacks.removeAll { $0 > day }
    known.finalPilotEvaluations.removeAll { $0 > day }
    return known
  }

  private func implementationDeadlines(of id: String, _ facts: PlanFacts) -> [Deadline] {
    var found: [Deadline] = []
    let deadline = {
      (name: DeadlineName, due: CalendarDate, subject: Deadline.Subject, met: CalendarDate?, owners: PlanFacts.Owners?) in
      found.append(Deadline(plan: id, deadline: name, due: due, subject: subject, met: met, owners: owners ?? facts.owners))
    }
    for issued in facts.issuances.sorted() {
      deadline(
        .filing, issued.adding(months: 1), .filing(issued: issued),
        facts.filings.filter { $0 >= issued }.min(), nil)
    }
    if let issued = facts.issuances.min() {
      for (period, due) in progressPeriods(after: issued) {
        deadline(
          .progress, due, .progress(period: period),
          facts.progress.filter { $0.period == period }.map(\.date).min(), nil)
      }
      deadline(
        .inspection, issued.adding(months: 12), .inspection,
        facts.inspections.map(\.date).filter { $0 >= issued }.min(), nil)
      deadline(
        .lookback, issued.adding(months: 12), .lookback,
        facts.lookbacks.filter { $0 >= issued }.min(), nil)
    }
    for inspection in facts.inspections {
      for item in inspection.items {
        let closed = facts.rectifications.filter { $0.inspection == inspection.file && $0.done.contains(item.id) }
        deadline(
          .rectification, item.due, .rectification(item: item.id, inspection: inspection.file), closed.map(\.date).min(), nil)
      }
    }
    if facts.kind == PlanKind.pilot.rawValue, let end = facts.pilotEnd, facts.approvalDay != nil {
      deadline(
        .pilotSummary, end.adding(months: 2), .pilotSummary(end: end),
        facts.finalPilotEvaluations.min(), nil)
    }
    if facts.approvalDay != nil {
      for target in facts.targets {
        deadline(
          .target, target.due, .target(measure: target.measure, value: target.value),
          targetMet(target, facts),
          PlanFacts.Owners(
            unit: target.owners.unit ?? facts.owners.unit, person: target.owners.person ?? facts.owners.person))
      }
    }
    return found
  }

  /// The half years that need a progress report, with their due days.
  private func progressPeriods(after issued: CalendarDate) -> [(String, CalendarDate)] {
    var year = issued.year
    var half = issued.month <= 6 ? 1 : 2
    // Issued in the last three months of a half year: the first report is the next one.
    if issued.month % 6 > 3 || issued.month % 6 == 0 { (year, half) = half == 1 ? (year, 2) : (year + 1, 1) }
    var periods: [(String, CalendarDate)] = []
    while true {
      let due = CalendarDate(year: year, month: half == 1 ? 6 : 12, day: half == 1 ? 30 : 31)
      periods.append(("\(year)-H\(half)", due))
      if due >= day || periods.count > 400 { return periods }
      (year, half) = half == 1 ? (year, 2) : (year + 1, 1)
    }
  }

  /// The first day a progress record shows `target` reached.
  private func targetMet(_ target: PlanFacts.TargetFacts, _ facts: PlanFacts) -> CalendarDate? {
    facts.progress.filter { progress in
      guard let achieved = progress.achieved[target.measure] else { return false }
      return target.value >= target.baseline ? achieved >= target.value : achieved <= target.value
    }.map(\.date).min()
  }

  static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }
}

extension PlanFacts {
  /// The day of the last `approved` decision: the day the version in force was approved.
  public var approvalDay: CalendarDate? {
    approvals.max()
  }
}
