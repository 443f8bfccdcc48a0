import Foundation

/// The names of `plan.md`'s fields as a person reads them in a diff: `measures[m1].target.value`
/// becomes `m1 目标值（覆盖率，%）`, `sections[主要任务]` becomes `正文“主要任务”`.
struct DiffLabels {
  /// Each measure's metric and unit, by measure id (from the newer file, else the older).
  let targets: [String: (metric: String?, unit: String?)]
  let language: Language

  /// The words of each front-matter key, English then Chinese.
  private static let words: [String: (String, String)] = [
    "id": ("id", "编号"), "title": ("title", "名称"), "kind": ("kind", "类别"), "jurisdiction": ("jurisdiction", "地区"),
    "source": ("source", "来源任务"), "group": ("special group", "专项小组"), "lead_unit": ("lead unit", "牵头单位"),
    "units": ("participating unit", "参与单位"), "responsible": ("responsible", ""), "leader": ("leader", "责任领导"),
    "unit": ("unit", "责任单位"), "person": ("person", "责任人"), "major": ("major", "重大改革"),
    "issuance": ("issuance", "印发形式"), "impacts": ("impacts", "影响"), "public_interest": ("public interest", "涉及群众利益"),
    "technical": ("technical", "专业性强"), "cross_department": ("cross-department", "跨部门"),
    "stability_risk": ("stability risk", "社会稳定风险"), "legal_basis": ("legal basis", "法律依据"),
    "related": ("related plan", "相关方案"), "drafting_deadline": ("drafting deadline", "起草时限"), "pilot": ("pilot", "试点"),
    "start": ("start", "开始"), "end": ("end", "结束"), "areas": ("area", "范围"), "problems": ("problem", "问题"),
    "measures": ("measure", "举措"), "text": ("text", "内容"), "target": ("target", "目标"), "metric": ("metric", "指标"),
    "baseline": ("baseline", "基线值"), "value": ("target value", "目标值"), "due": ("due", "完成时限"),
  ]

  /// The label of `path`.
  func label(_ path: String) -> String {
    if path.hasPrefix("sections["), path.hasSuffix("]") {
      let heading = String(path.dropFirst("sections[".count).dropLast())
      return language.choose("section “\(heading)”", "正文“\(heading)”")
    }
    var parts: [String] = []
    var measure: String?
    var parent: Substring = ""
    for component in path.split(separator: ".") {
      defer { parent = component.prefix { $0 != "[" } }
      var name = Substring(component)
      var item: Substring?
      if let open = name.firstIndex(of: "["), name.hasSuffix("]") {
        item = name[name.index(after: open)..<name.index(before: name.endIndex)]
        name = name[..<open]
      }
      if name == "measures", let item { measure = String(item) }
      // Inside a measure, its id says "measure"; `target.value` says "target value".
      if name == "measures" || name == "target" && measure != nil { if let item { parts.append(String(item)) }; continue }
      // A target's unit is what it is measured in, not the 责任单位 of `responsible.unit`.
      let words = parent == "target" && name == "unit" ? ("unit", "计量单位") : Self.words[String(name)]
      let word = words.map { language.choose($0.0, $0.1) } ?? String(name)
      parts += [word, item.map(String.init)].compactMap { $0 }.filter { !$0.isEmpty }
    }
    var label = parts.joined(separator: " ")
    if let measure, path.hasSuffix(".target.value") || path.hasSuffix(".target.baseline"),
      let target = targets[measure]
    {
      let details = [target.metric, target.unit].compactMap { $0 }.filter { !$0.isEmpty }
      if !details.isEmpty { label += language.choose(" (\(details.joined(separator: ", ")))", "（\(details.joined(separator: "，"))）") }
    }
    return label
  }

  /// The measures' metrics and units of a plan's front matter.
  static func targets(of frontMatter: YAMLNode?) -> [String: (metric: String?, unit: String?)] {
    var found: [String: (metric: String?, unit: String?)] = [:]
    for measure in frontMatter?["measures"]?.sequence ?? [] {
      guard let id = measure["id"]?.scalar?.text else { continue }
      found[id] = (measure["target"]?["metric"]?.scalar?.text, measure["target"]?["unit"]?.scalar?.text)
    }
    return found
  }
}

/// A line-by-line comparison of two texts (the longest common subsequence of their lines), for
/// sections and long fields: a person reads which lines changed, not two whole texts.
public enum LineDiff {
  /// One line of the comparison.
  public enum Line: Equatable, Sendable {
    case kept(String), removed(String), added(String)
  }

  /// The lines of `old` and `new`, kept, removed or added, in order.
  public static func lines(from old: String, to new: String) -> [Line] {
    let before = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let after = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Beyond a few million pairs of lines, the table would cost more than the reader gains.
    guard before.count * after.count <= 4_000_000 else { return before.map(Line.removed) + after.map(Line.added) }
    // Common lines from each position to the end: a table of (before + 1) × (after + 1) counts.
    var common = Array(repeating: Array(repeating: 0, count: after.count + 1), count: before.count + 1)
    for i in stride(from: before.count - 1, through: 0, by: -1) {
      for j in stride(from: after.count - 1, through: 0, by: -1) {
        common[i][j] = before[i] == after[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
      }
    }
    var result: [Line] = []
    var (i, j) = (0, 0)
    while i < before.count || j < after.count {
      if i < before.count, j < after.count, before[i] == after[j] {
        result.append(.kept(before[i]))
        (i, j) = (i + 1, j + 1)
      } else if i < before.count, j == after.count || common[i + 1][j] >= common[i][j + 1] {
        result.append(.removed(before[i]))
        i += 1
      } else {
        result.append(.added(after[j]))
        j += 1
      }
    }
    return result
  }
}
