import Foundation

/// What `--summary` groups plans or overdue items by.
public enum SummaryKey: String, Sendable, CaseIterable, NamedInChinese {
  /// The lead unit (牵头单位).
  case unit
  /// The special group (专项小组).
  case group
  /// The jurisdiction (province, city or county).
  case jurisdiction

  public var chineseNames: [String] {
    switch self {
    case .unit: ["牵头单位", "单位"]
    case .group: ["专项小组", "小组"]
    case .jurisdiction: ["地区", "行政区域"]
    }
  }

  /// The value of this key for a status line.
  public func value(of line: PlanStatus) -> String {
    switch self {
    case .unit: line.leadUnit
    case .group: line.group
    case .jurisdiction: line.jurisdiction
    }
  }
}

/// The plans of one unit, group or jurisdiction counted by light (`reform status --summary`).
public struct LightSummary: Sendable, Encodable, Equatable {
  /// The unit, group or jurisdiction ("" when the plans do not say).
  public let name: String
  public let plans: Int
  public let red: Int
  public let yellow: Int
  public let green: Int
  /// Deadlines overdue among the plans' reasons.
  public let overdue: Int

  /// One summary per value of `key` among `lines`, the most red first, then the most yellow,
  /// then by name.
  public static func of(_ lines: [PlanStatus], by key: SummaryKey) -> [LightSummary] {
    Dictionary(grouping: lines, by: key.value).map { name, lines in
      let count = { (light: Light) in lines.filter { $0.light == light }.count }
      return LightSummary(
        name: name, plans: lines.count, red: count(.red), yellow: count(.yellow), green: count(.green),
        overdue: lines.reduce(0) { $0 + $1.reasons.filter { $0.daysOverdue > 0 }.count })
    }.sorted { ($1.red, $1.yellow, $0.name) < ($0.red, $0.yellow, $1.name) }
  }
}

/// The overdue items of one unit, group or jurisdiction (`reform overdue --summary`).
public struct OverdueSummary: Sendable, Encodable, Equatable {
  /// The unit, group or jurisdiction ("" when the plans do not say).
  public let name: String
  /// Overdue deadlines.
  public let items: Int
  /// Plans (and work-plan tasks) with at least one.
  public let plans: Int
  /// Days the longest-overdue item is late on the day judged.
  public let longestDelay: Int

  /// One summary per value of `key` among the owners of `deadlines` (a plan as `lines` show it,
  /// a work-plan task by its own unit and group), the most items first.
  public static func of(
    _ deadlines: [Deadline], plans lines: [PlanStatus], by key: SummaryKey, on day: CalendarDate
  ) -> [OverdueSummary] {
    let lineOf = Dictionary(lines.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let name = { (deadline: Deadline) -> String in
      if case .task(let task, _) = deadline.subject {
        return switch key {
        case .unit: task.leadUnit
        case .group: task.group
        case .jurisdiction: ""
        }
      }
      return lineOf[deadline.plan].map(key.value) ?? ""
    }
    return Dictionary(grouping: deadlines, by: name).map { name, deadlines in
      OverdueSummary(
        name: name, items: deadlines.count, plans: Set(deadlines.map(\.plan)).count,
        longestDelay: deadlines.map { day.days(since: $0.due) }.max() ?? 0)
    }.sorted { ($1.items, $0.name) < ($0.items, $1.name) }
  }
}
