import Foundation

/// The annual assessment data of article 14, per lead unit or per jurisdiction (articles 17–19).
/// Every figure is defined in the README ("The annual report").
public struct AnnualReport: Sendable, Encodable {
  /// One row's figures: a lead unit's, or a jurisdiction's.
  public struct Unit: Sendable, Encodable {
    /// The lead unit or jurisdiction.
    public let unit: String
    /// What `unit` names: a lead unit or a jurisdiction.
    public let key: SummaryKey
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
    /// Tasks of the year's work plan due so far: with a plan made by their due day, made
    /// later, or still without one.
    public var tasksOnTime = 0
    public var tasksLate = 0
    public var tasksWithoutPlan = 0
    /// Deadlines overdue on the day judged.
    public var overdue = 0
    /// Plans by light on the day judged.
    public var lights: [String: Int] = [:]
    /// Deadlines due in the year up to the day judged, and how many of them were met on time.
    public var deadlinesDue = 0
    public var deadlinesMetOnTime = 0
    /// The unit's plans.
    public var plans: [PlanStatus] = []

    /// The share of deadlines met on time; `nil` when none was due (no rate, not 100 %).
    public var onTimeRate: Double? { deadlinesDue == 0 ? nil : Double(deadlinesMetOnTime) / Double(deadlinesDue) }

    private enum CodingKeys: String, CodingKey {
      case unit, jurisdiction, plansByStage, approvedOnTime, approvedLate, progressOnTime, progressLate, progressMissing
      case inspections, rectificationOnTime, rectificationLate, rectificationOpen, tasksOnTime, tasksLate
      case tasksWithoutPlan, overdue, lights, deadlinesDue, deadlinesMetOnTime, onTimeRate, plans
    }

    public func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(unit, forKey: key == .jurisdiction ? .jurisdiction : .unit)
      try container.encode(plansByStage, forKey: .plansByStage)
      let counts: [(CodingKeys, Int)] = [
        (.approvedOnTime, approvedOnTime), (.approvedLate, approvedLate), (.progressOnTime, progressOnTime),
        (.progressLate, progressLate), (.progressMissing, progressMissing), (.inspections, inspections),
        (.rectificationOnTime, rectificationOnTime), (.rectificationLate, rectificationLate),
        (.rectificationOpen, rectificationOpen), (.tasksOnTime, tasksOnTime), (.tasksLate, tasksLate),
        (.tasksWithoutPlan, tasksWithoutPlan), (.overdue, overdue),
      ]
      for (key, count) in counts { try container.encode(count, forKey: key) }
      try container.encode(lights, forKey: .lights)
      try container.encode(deadlinesDue, forKey: .deadlinesDue)
      try container.encode(deadlinesMetOnTime, forKey: .deadlinesMetOnTime)
      try container.encode(onTimeRate.map { ($0 * 1000).rounded() / 1000 }, forKey: .onTimeRate)
      try container.encode(plans, forKey: .plans)
    }
  }

  public let year: Int
  /// The day judged.
  public let asOf: CalendarDate
  /// What the rows are: lead units or jurisdictions.
  public let groupedBy: SummaryKey
  public let units: [Unit]
  /// Every deadline overdue on the day judged among the report's plans and tasks (the board
  /// lists them; not part of the JSON, whose rows count them).
  public let overdueItems: [Deadline]

  private enum CodingKeys: String, CodingKey { case year, asOf, groupedBy, units }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(year, forKey: .year)
    try container.encode(asOf, forKey: .asOf)
    try container.encode(groupedBy.rawValue, forKey: .groupedBy)
    try container.encode(units, forKey: .units)
  }
}

/// What the annual report covers.
public struct ReportScope: Sendable {
  public var year: Int
  /// The day judged: deadlines due in the year up to this day count, judged by what was
  /// recorded up to it. It may fall after the year (late filings then count as late, not missing).
  public var day: CalendarDate
  public var warnDays = 30
  /// Only these lead units (empty: all).
  public var units: Set<String> = []
  /// Only plans of these jurisdictions (empty: all); work-plan tasks without a plan have none
  /// and are then left out.
  public var jurisdictions: Set<String> = []
  /// Rows per lead unit or per jurisdiction.
  public var groupedBy: SummaryKey = .unit

  public init(year: Int, day: CalendarDate) {
    (self.year, self.day) = (year, day)
  }
}

extension PlanRepository {
  /// The annual report of `scope`. Refuses a day before the year begins, a grouping by special
  /// group, and units or jurisdictions that no plan or task names (listing the known ones).
  public func annualReport(_ scope: ReportScope) throws(ReformError) -> AnnualReport {
    let language = Language.current
    guard scope.day.year >= scope.year else {
      throw .badArgument(
        language.choose(
          "--as-of \(scope.day) is before \(scope.year) begins: nothing of that year can be judged yet",
          "--as-of \(scope.day) 早于 \(scope.year) 年：该年尚无可考核的内容"))
    }
    guard scope.groupedBy != .group else {
      throw .badArgument(language.choose("--by takes unit or jurisdiction", "--by 应为 unit（单位）或 jurisdiction（地区）"))
    }
    let rules = DeadlineRules(day: scope.day, warnDays: scope.warnDays)
    let counted = { (due: CalendarDate) in due.year == scope.year && due <= rules.day }
    let overviews = try overviews()
    let tasks = try workPlans().valid.first { $0.year == scope.year }?.tasks ?? []
    try Self.requireKnown(scope.units, among: Set(overviews.compactMap(\.current.leadUnit) + tasks.map(\.leadUnit)), option: "--unit")
    try Self.requireKnown(scope.jurisdictions, among: Set(overviews.compactMap(\.current.jurisdiction)), option: "--jurisdiction")

    let admitted = overviews.filter { plan in
      (scope.units.isEmpty || scope.units.contains(plan.current.leadUnit ?? ""))
        && (scope.jurisdictions.isEmpty || scope.jurisdictions.contains(plan.current.jurisdiction ?? ""))
    }
    var rows: [String: AnnualReport.Unit] = [:]
    var overdueItems: [Deadline] = []
    for plan in admitted {
      let name = (scope.groupedBy == .unit ? plan.current.leadUnit : plan.current.jurisdiction) ?? ""
      let deadlines = plan.deadlines(rules)
      rows[name, default: AnnualReport.Unit(unit: name, key: scope.groupedBy)].add(
        plan, deadlines: deadlines, rules: rules, counted: counted, year: scope.year)
      overdueItems += deadlines.filter { $0.isOverdue(on: rules.day) }
    }
    // The tasks of the year's work plan: met on the day the first plan naming them was made.
    let implementing = Dictionary(grouping: overviews.filter { $0.stage != .withdrawn }, by: { $0.current.source ?? "" })
    let taskIDs = Set(tasks.map(\.id))
    let madeOn = try creationDays(of: implementing.filter { taskIDs.contains($0.key) }.values.flatMap { $0.map(\.id) })
    for task in tasks where scope.units.isEmpty || scope.units.contains(task.leadUnit) {
      let plans = implementing[task.id] ?? []
      let jurisdiction = plans.first?.current.jurisdiction ?? ""
      guard scope.jurisdictions.isEmpty || scope.jurisdictions.contains(jurisdiction) else { continue }
      let made = plans.compactMap { madeOn[$0.id] }.filter { $0 <= rules.day }.min()
      let name = scope.groupedBy == .unit ? task.leadUnit : jurisdiction
      rows[name, default: AnnualReport.Unit(unit: name, key: scope.groupedBy)].add(task, made: made, rules: rules, counted: counted)
      if made == nil, task.due < rules.day {
        overdueItems += rules.deadlines(of: WorkPlan(year: scope.year, tasks: [task]), sources: [])
      }
    }
    return AnnualReport(
      year: scope.year, asOf: rules.day, groupedBy: scope.groupedBy, units: rows.values.sorted { $0.unit < $1.unit },
      overdueItems: overdueItems.sorted { ($0.due, $0.plan) < ($1.due, $1.plan) })
  }

  /// Refuses `asked` values that are not among `known`, naming the known ones.
  private static func requireKnown(_ asked: Set<String>, among known: Set<String>, option: String) throws(ReformError) {
    let unknown = asked.subtracting(known).sorted()
    guard !unknown.isEmpty else { return }
    let list = known.sorted().joined(separator: Language.current.choose(", ", "、"))
    throw .notFound(
      Language.current.choose(
        "\(option) \(unknown.joined(separator: ", ")): no plan or work-plan task names it; the known ones are: \(list)",
        "\(option) \(unknown.joined(separator: "、"))：没有方案或工作要点任务属于它；已知的有：\(list)"))
  }
}

extension AnnualReport.Unit {
  init(unit: String, key: SummaryKey) {
    self.unit = unit
    self.key = key
  }

  /// Counts `plan` with its `deadlines`; `counted` tells the due days that fall in the report.
  fileprivate mutating func add(
    _ plan: PlanOverview, deadlines: [Deadline], rules: DeadlineRules, counted: (CalendarDate) -> Bool, year: Int
  ) {
    let status = plan.status(rules, deadlines: deadlines)
    plans.append(status)
    plansByStage[plan.stage.rawValue, default: 0] += 1
    lights[status.light.rawValue, default: 0] += 1
    overdue += deadlines.filter { $0.isOverdue(on: rules.day) }.count
    inspections += (plan.inForce?.inspections ?? []).filter { $0.date.year == year && $0.date <= rules.day }.count
    for deadline in deadlines where counted(deadline.due) {
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

  /// Counts a work-plan `task` whose first plan was made on `made` (`nil`: none yet).
  fileprivate mutating func add(
    _ task: WorkPlan.Task, made: CalendarDate?, rules: DeadlineRules, counted: (CalendarDate) -> Bool
  ) {
    if made == nil, task.due < rules.day { overdue += 1 }
    guard counted(task.due) else { return }
    deadlinesDue += 1
    switch made {
    case .some(let day) where day <= task.due:
      tasksOnTime += 1
      deadlinesMetOnTime += 1
    case .some: tasksLate += 1
    case nil: tasksWithoutPlan += 1
    }
  }
}
