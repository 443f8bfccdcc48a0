import Foundation

/// The annual assessment data of article 14, per lead unit.
public struct AnnualReport: Sendable, Encodable {
  /// One lead unit's figures.
  public struct Unit: Sendable, Encodable {
    public let unit: String
    /// How many plans are at each stage now.
    public var plansByStage: [String: Int] = [:]
    /// Plans whose version in force was approved in the year, by their drafting deadline.
    public var approvedOnTime = 0
    public var approvedLate = 0
    /// Progress reports due in the year: filed by their due day, filed later, not filed.
    public var progressOnTime = 0
    public var progressLate = 0
    public var progressMissing = 0
    /// Inspection records dated in the year.
    public var inspections = 0
    /// Rectification items due in the year: closed by their due day, closed later, open.
    public var rectificationOnTime = 0
    public var rectificationLate = 0
    public var rectificationOpen = 0
    /// Deadlines overdue on the day judged.
    public var overdue = 0
    /// Plans by light on the day judged.
    public var lights: [String: Int] = [:]
    /// Deadlines due in the year up to the day judged, and how many of them were met on time.
    public var deadlinesDue = 0
    public var deadlinesMetOnTime = 0
    /// The unit's plans.
    public var plans: [PlanStatus] = []

    /// The share of deadlines met on time (1 when none was due).
    public var onTimeRate: Double { deadlinesDue == 0 ? 1 : Double(deadlinesMetOnTime) / Double(deadlinesDue) }

    private enum CodingKeys: String, CodingKey {
      case unit, plansByStage, approvedOnTime, approvedLate, progressOnTime, progressLate, progressMissing
      case inspections, rectificationOnTime, rectificationLate, rectificationOpen, overdue, lights
      case deadlinesDue, deadlinesMetOnTime, onTimeRate, plans
    }

    public func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(unit, forKey: .unit)
      try container.encode(plansByStage, forKey: .plansByStage)
      try container.encode(approvedOnTime, forKey: .approvedOnTime)
      try container.encode(approvedLate, forKey: .approvedLate)
      try container.encode(progressOnTime, forKey: .progressOnTime)
      try container.encode(progressLate, forKey: .progressLate)
      try container.encode(progressMissing, forKey: .progressMissing)
      try container.encode(inspections, forKey: .inspections)
      try container.encode(rectificationOnTime, forKey: .rectificationOnTime)
      try container.encode(rectificationLate, forKey: .rectificationLate)
      try container.encode(rectificationOpen, forKey: .rectificationOpen)
      try container.encode(overdue, forKey: .overdue)
      try container.encode(lights, forKey: .lights)
      try container.encode(deadlinesDue, forKey: .deadlinesDue)
      try container.encode(deadlinesMetOnTime, forKey: .deadlinesMetOnTime)
      try container.encode((onTimeRate * 1000).rounded() / 1000, forKey: .onTimeRate)
      try container.encode(plans, forKey: .plans)
    }
  }

  public let year: Int
  /// The day judged: the year's last day, or the given day within the year.
  public let asOf: CalendarDate
  public let units: [Unit]
}

extension PlanRepository {
  /// The annual report of `year`, judged on `day` (no later than the year's last day), for
  /// the lead units `units` (empty: all).
  public func annualReport(year: Int, day: CalendarDate, warnDays: Int, units: Set<String>) throws(ReformError) -> AnnualReport {
    let lastDay = CalendarDate("\(String(format: "%04d", year))-12-31") ?? day
    let rules = DeadlineRules(day: min(day, lastDay), warnDays: warnDays)
    var byUnit: [String: AnnualReport.Unit] = [:]
    for plan in try overviews() {
      let unit = plan.current.leadUnit ?? ""
      guard units.isEmpty || units.contains(unit) else { continue }
      var figures = byUnit[unit] ?? AnnualReport.Unit(unit: unit)
      figures.add(plan, rules: rules, year: year)
      byUnit[unit] = figures
    }
    return AnnualReport(year: year, asOf: rules.day, units: byUnit.values.sorted { $0.unit < $1.unit })
  }
}

extension AnnualReport.Unit {
  fileprivate init(unit: String) {
    self.unit = unit
  }

  fileprivate mutating func add(_ plan: PlanOverview, rules: DeadlineRules, year: Int) {
    let deadlines = plan.deadlines(rules)
    let status = plan.status(rules, deadlines: deadlines)
    plans.append(status)
    plansByStage[plan.stage.rawValue, default: 0] += 1
    lights[status.light.rawValue, default: 0] += 1
    overdue += deadlines.filter { $0.isOverdue(on: rules.day) }.count
    inspections += (plan.inForce?.inspections ?? []).filter { $0.date.year == year && $0.date <= rules.day }.count
    for deadline in deadlines where deadline.due.year == year && deadline.due <= rules.day {
      let onTime = deadline.met.map { $0 <= deadline.due } ?? false
      deadlinesDue += 1
      if onTime { deadlinesMetOnTime += 1 }
      switch deadline.deadline {
      case .progress:
        if onTime { progressOnTime += 1 } else if deadline.met != nil { progressLate += 1 } else { progressMissing += 1 }
      case .rectification:
        if onTime { rectificationOnTime += 1 } else if deadline.met != nil { rectificationLate += 1 } else { rectificationOpen += 1 }
      default: break
      }
    }
    // Approvals count in the year they happened, whenever their deadline fell.
    for deadline in deadlines where deadline.deadline == .drafting {
      guard let met = deadline.met, met.year == year, met <= rules.day else { continue }
      if met <= deadline.due { approvedOnTime += 1 } else { approvedLate += 1 }
    }
  }
}
