import Foundation
import GitKit

/// An approved version of a plan: its number, its approval merge and the day of its final
/// decision.
public struct PlanVersion: Sendable, Equatable {
  public let number: Int
  public let merge: OID
  /// The date of the last `approved` decision the merge carries (`nil`: none readable).
  public let decided: CalendarDate?
}

/// Which text of a plan to read: an approved version or the draft on its stage branch.
public enum PlanRevision: Sendable, Equatable, CustomStringConvertible {
  case version(Int)
  case draft

  /// Parses `3`, `v3` or `draft`.
  public init?(_ text: String) {
    if text == "draft" {
      self = .draft
    } else if let number = PlanState.version(inTag: text.hasPrefix("v") ? text : "v" + text) {
      self = .version(number)
    } else {
      return nil
    }
  }

  public var description: String {
    switch self {
    case .version(let number): "v\(number)"
    case .draft: "draft"
    }
  }
}

/// A value of a plan's front matter as YAML typed it: a number, a boolean or text.
public enum PlanValue: Sendable, Equatable, Encodable, CustomStringConvertible {
  case number(Double)
  case bool(Bool)
  case text(String)

  /// The scalar as YAML's core schema reads it: unquoted numbers and booleans are typed.
  init(_ scalar: YAMLScalar) {
    if scalar.isPlain, let bool = scalar.bool {
      self = .bool(bool)
    } else if scalar.isPlain, let number = scalar.number {
      self = .number(number)
    } else {
      self = .text(scalar.text)
    }
  }

  public var description: String {
    switch self {
    case .number(let number): DeadlineRules.number(number)
    case .bool(let bool): String(bool)
    case .text(let text): text
    }
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .number(let number) where number == number.rounded() && abs(number) < 1e15: try container.encode(Int(number))
    case .number(let number): try container.encode(number)
    case .bool(let bool): try container.encode(bool)
    case .text(let text): try container.encode(text)
    }
  }
}

/// One difference between two versions of a plan (SPEC section 4's `diff` shape).
public struct FieldChange: Sendable, Equatable, Encodable {
  /// Where, e.g. `measures[m1].target.value` or `sections[主要任务]`.
  public let path: String
  /// The old value (`nil`: added).
  public let old: PlanValue?
  /// The new value (`nil`: removed).
  public let new: PlanValue?
  /// `path` as a person reads it, in the reader's language, with a target's metric and unit
  /// (not part of the JSON shape).
  public let label: String

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(path, forKey: .path)
    try container.encode(old, forKey: .old)
    try container.encode(new, forKey: .new)
  }

  private enum CodingKeys: String, CodingKey { case path, old, new }
}

extension PlanRepository {
  /// The approved versions of plan `id`, oldest first: version tags that are annotated tags on
  /// an approval merge of the plan in `main`'s history.
  public func versions(of id: String) throws(ReformError) -> [PlanVersion] {
    guard PlanID.isValid(id) else { throw .invalidPlanID(Self.idRule(id)) }
    guard let main = try mainTip() else { return [] }
    var found: [PlanVersion] = []
    for tag in try gitCall({ try git.references(matching: "refs/tags/plans/\(id)/v*") }) {
      guard let number = PlanState.version(inTag: tag.name), let merge = try approvalMerge(taggedBy: tag, of: id),
        try gitCall({ try git.isAncestor(merge.id, of: main) })
      else { continue }
      let facts = PlanFacts.read(id, from: try snapshot(of: merge.id))
      found.append(PlanVersion(number: number, merge: merge.id, decided: facts.approvalDay))
    }
    return found.sorted { $0.number < $1.number }
  }

  /// The version of plan `id` in force on `day`: the one whose final decision came last on or
  /// before that day.
  public func version(of id: String, inForceOn day: CalendarDate) throws(ReformError) -> PlanVersion {
    let versions = try versions(of: id)
    guard let version = versions.filter({ ($0.decided ?? day.adding(days: 1)) <= day }).max(by: { $0.number < $1.number })
    else {
      let language = Language.current
      let decided = versions.map {
        language.choose(
          "v\($0.number) decided \($0.decided?.description ?? "on an unknown day")",
          "第 \($0.number) 版决定于 \($0.decided?.description ?? "未知日期")")
      }
      throw .notFound(
        language.choose("no version of plan '\(id)' was in force on \(day)", "\(day) 时方案 '\(id)' 没有现行版本")
          + (decided.isEmpty
            ? language.choose(": it has no approved version", "：它没有已审定的版本")
            : language.choose(" (\(decided.joined(separator: ", ")))", "（\(decided.joined(separator: "，"))）")))
    }
    return version
  }

  /// The bytes of plan `id`'s `plan.md` at `revision`.
  public func planText(_ id: String, at revision: PlanRevision) throws(ReformError) -> Data {
    let commit: OID
    switch revision {
    case .version(let number):
      let versions = try versions(of: id)
      guard let version = versions.first(where: { $0.number == number }) else {
        let known = versions.map { "v\($0.number)" }.joined(separator: ", ")
        throw .notFound(
          Language.current.choose(
            "plan '\(id)' has no approved version v\(number)" + (known.isEmpty ? "" : "; its versions: \(known)"),
            "方案 '\(id)' 没有已审定的第 \(number) 版" + (known.isEmpty ? "" : "；其版本有：\(known)")))
      }
      commit = version.merge
    case .draft:
      guard let state = try state(of: id) else { throw .unknownPlan(id) }
      guard state.stage != .approved else {
        let approved = try approvedVersions(of: state)
        throw .notFound(
          Language.current.choose(
            "plan '\(id)' has no draft: it is approved (version \(approved))",
            "方案 '\(id)' 没有草稿：它已审定（第 \(approved) 版）"))
      }
      commit = state.tip
    }
    guard let data = try gitCall({ try snapshot(of: commit).read(RepositoryFile.planPath(id)) }) else {
      throw .notFound(
        Language.current.choose("plan '\(id)' has no plan.md at \(revision)", "方案 '\(id)' 在 \(revision) 没有 plan.md"))
    }
    return data
  }

  /// The text `reform show` prints: version `number`, else the version in force on `day`,
  /// else the current text (the draft, or the version in force).
  public func planText(_ id: String, version number: Int?, inForceOn day: CalendarDate?) throws(ReformError) -> Data {
    if let number { return try planText(id, at: .version(number)) }
    if let day { return try planText(id, at: .version(try version(of: id, inForceOn: day).number)) }
    guard let state = try state(of: id) else { throw .unknownPlan(id) }
    return try planText(id, at: state.stage == .approved ? .version(try approvedVersions(of: state)) : .draft)
  }

  /// The two revisions `reform diff` compares by default: the version in force and the draft,
  /// else the last two versions.
  public func defaultComparison(of id: String) throws(ReformError) -> (PlanRevision, PlanRevision) {
    guard let state = try state(of: id) else { throw .unknownPlan(id) }
    let approved = try approvedVersions(of: state)
    if state.stage != .approved && state.stage != .withdrawn && approved > 0 { return (.version(approved), .draft) }
    guard approved >= 2 else {
      throw .notFound(
        Language.current.choose(
          "plan '\(id)' has \(approved == 0 ? "no approved version" : "one version") and no draft: there is nothing"
            + " to compare yet (reform diff compares two versions, or the version in force and a draft)",
          "方案 '\(id)' \(approved == 0 ? "没有已审定的版本" : "只有一个版本")且没有草稿：尚无可比较的内容"
            + "（reform diff 比较两个版本，或现行版本与草稿）"))
    }
    return (.version(approved - 1), .version(approved))
  }

  /// What changed in plan `id` from `old` to `new`, field by field (`PlanComparison`).
  public func diff(_ id: String, from old: PlanRevision, to new: PlanRevision) throws(ReformError) -> [FieldChange] {
    PlanComparison.changes(from: try planText(id, at: old), to: try planText(id, at: new))
  }
}

/// A semantic comparison of two `plan.md` files: front-matter fields by path, list items with
/// an `id` matched by id (not by position), and the body's `##` sections matched by heading.
enum PlanComparison {
  static func changes(from old: Data, to new: Data) -> [FieldChange] {
    let (before, oldFrontMatter) = fields(of: old), (after, newFrontMatter) = fields(of: new)
    let labels = DiffLabels(
      targets: DiffLabels.targets(of: oldFrontMatter).merging(DiffLabels.targets(of: newFrontMatter)) { $1 },
      language: .current)
    let oldValues = Dictionary(before, uniquingKeysWith: { first, _ in first })
    let newValues = Dictionary(after, uniquingKeysWith: { first, _ in first })
    var changes: [FieldChange] = []
    for (path, value) in after where oldValues[path] != value {
      changes.append(FieldChange(path: path, old: oldValues[path], new: value, label: labels.label(path)))
    }
    for (path, value) in before where newValues[path] == nil {
      changes.append(FieldChange(path: path, old: value, new: nil, label: labels.label(path)))
    }
    return changes
  }

  /// Every scalar of the front matter by path, then every body section by heading; and the
  /// front matter (`nil` when the file does not parse).
  private static func fields(of data: Data) -> ([(String, PlanValue)], YAMLNode?) {
    var sink = DiagnosticSink(path: "plan.md")
    guard let file = FrontMatterFile.parse(data, sink: &sink) else {
      return ([("plan.md", .text(String(decoding: data, as: UTF8.self)))], nil)
    }
    var found: [(String, PlanValue)] = []
    flatten(file.frontMatter, path: "", into: &found)
    for (heading, text) in sections(of: file.body) { found.append(("sections[\(heading)]", .text(text))) }
    return (found, file.frontMatter)
  }

  private static func flatten(_ node: YAMLNode, path: String, into found: inout [(String, PlanValue)]) {
    switch node.value {
    case .scalar(let scalar):
      found.append((path, PlanValue(scalar)))
    case .mapping(let pairs):
      for pair in pairs { flatten(pair.value, path: path.isEmpty ? pair.key : "\(path).\(pair.key)", into: &found) }
    case .sequence(let items):
      let ids = items.map { $0["id"]?.scalar?.text }
      let byID = ids.allSatisfy { $0 != nil } && Set(ids).count == items.count
      for (index, item) in items.enumerated() {
        flatten(item, path: "\(path)[\(byID ? ids[index]! : String(index))]", into: &found)
      }
    }
  }

  /// The body's text under each `##` heading (text before the first one under `""`).
  private static func sections(of body: String) -> [(String, String)] {
    var result: [(String, String)] = []
    var heading = ""
    var lines: [Substring] = []
    let flush = {
      let text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
      if !text.isEmpty || !heading.isEmpty { result.append((heading, text)) }
    }
    for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("## ") {
        flush()
        heading = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
        lines = []
      } else {
        lines.append(line)
      }
    }
    flush()
    return result
  }
}
