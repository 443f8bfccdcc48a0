/// The kinds of plan of SPEC section 1, each with the `##` headings its body keeps in order.
public enum PlanKind: String, Sendable, CaseIterable, Codable {
  /// 制度性文件
  case institutional
  /// 实施方案
  case implementation
  /// 试点方案
  case pilot

  /// The level-2 headings the body must keep, in this order.
  public var requiredHeadings: [String] {
    switch self {
    case .institutional: ["总则", "主要内容", "附则"]
    case .implementation: ["总体要求", "主要任务", "保障措施"]
    case .pilot: ["总体要求", "试点任务", "试点范围和期限", "评估推广", "保障措施"]
    }
  }
}

/// How an approved plan is issued (出台形式); it decides part of the decision route.
public enum Issuance: String, Sendable, CaseIterable, Codable {
  case partyCommittee = "party-committee"
  case government
  case group
  case other
}

/// The impact flags of a plan; they decide which consultations are required.
public struct Impacts: Sendable, Equatable, Codable {
  public var publicInterest: Bool
  public var technical: Bool
  public var crossDepartment: Bool
  public var stabilityRisk: Bool
  public var governmentDuties: Bool

  /// The YAML keys, in the order the templates list them.
  static let keys = ["public_interest", "technical", "cross_department", "stability_risk", "government_duties"]
}

/// The three owners of a plan or measure (article 4): 责任领导, 责任单位, 责任人.
public struct Responsibility: Sendable, Equatable, Codable {
  public var leader: String
  public var unit: String
  public var person: String
}

/// A measure's quantified target (可量化、可考核).
public struct Target: Sendable, Equatable, Codable {
  public var metric: String
  public var baseline: Double
  public var value: Double
  public var unit: String
  public var due: CalendarDate
}

/// One measure of a plan.
public struct Measure: Sendable, Equatable, Codable {
  public var id: String
  public var text: String
  public var target: Target
  public var responsible: Responsibility
}

/// A pilot's period and areas.
public struct PilotScope: Sendable, Equatable, Codable {
  public var start: CalendarDate
  public var end: CalendarDate
  public var areas: [String]
}

/// A valid `plan.md`: its front matter as typed values, and its Markdown body.
public struct Plan: Sendable, Equatable {
  public var id: String
  public var title: String
  public var kind: PlanKind
  public var jurisdiction: String
  public var source: String
  public var group: String
  public var leadUnit: String
  public var units: [String]
  public var responsible: Responsibility
  public var major: Bool
  public var issuance: Issuance
  public var impacts: Impacts
  public var legalBasis: [String]
  public var related: [String]
  public var draftingDeadline: CalendarDate
  public var pilot: PilotScope?
  public var problems: [String]
  public var measures: [Measure]
  public var body: String
}

/// The plan id rule of SPEC section 1.
public enum PlanID {
  /// Whether `text` is a valid plan id: `^[a-z0-9][a-z0-9-]{2,63}$`.
  public static func isValid(_ text: some StringProtocol) -> Bool {
    let bytes = text.utf8
    let allowed = { (byte: UInt8) in byte.isASCIIDigit || (0x61...0x7A).contains(byte) }
    guard (3...64).contains(bytes.count), let first = bytes.first, allowed(first) else { return false }
    return bytes.allSatisfy { allowed($0) || $0 == UInt8(ascii: "-") }
  }
}
