import Foundation

/// Validation of `plans/<id>/plan.md` against SPEC section 1.
enum PlanSchema {
  static let keys = [
    "id", "title", "kind", "jurisdiction", "source", "group", "lead_unit", "units", "responsible",
    "major", "issuance", "impacts", "legal_basis", "related", "drafting_deadline", "pilot",
    "problems", "measures",
  ]

  /// Checks a parsed file; returns the plan when it has no problem.
  /// - Parameters:
  ///   - folderID: the `<id>` folder the file is in.
  ///   - planExists: whether a plan with a given id exists in the repository (for `related`).
  static func check(
    _ file: FrontMatterFile,
    folderID: String,
    planExists: (String) -> Bool,
    checker: SchemaChecker
  ) -> Plan? {
    let root = file.frontMatter
    let before = checker.diagnostics.count
    checker.rejectUnknownKeys(in: root, allowed: keys)
    let id = checker.string(root, "id")
    if let id {
      if !PlanID.isValid(id) {
        checker.report(
          line: root["id"]?.line ?? 1, key: "id",
          Language.current.choose("'\(id)' is not a valid id: 3 to 64 of a-z, 0-9 and '-', starting with a letter or digit", "'\(id)' 不是有效的编号：应为 3 到 64 个 a-z、0-9 和 '-'，以字母或数字开头"))
      } else if id != folderID {
        checker.report(
          line: root["id"]?.line ?? 1, key: "id",
          Language.current.choose("'\(id)' differs from the folder name '\(folderID)': they must be equal", "'\(id)' 与文件夹名 '\(folderID)' 不同：二者必须一致"))
      }
    }
    let title = checker.string(root, "title")
    let kind = checker.choice(root, "kind", from: PlanKind.allCases.map(\.rawValue)).flatMap(PlanKind.init)
    let jurisdiction = checker.string(root, "jurisdiction")
    let source = checker.string(root, "source")
    let group = checker.string(root, "group")
    let leadUnit = checker.string(root, "lead_unit")
    let units = checker.stringList(root, "units", required: false) ?? []
    let responsible = responsibility(root, "responsible", prefix: "", checker: checker)
    let major = checker.bool(root, "major")
    let issuance = checker.choice(root, "issuance", from: Issuance.allCases.map(\.rawValue))
      .flatMap(Issuance.init)
    let impacts = self.impacts(root, checker: checker)
    let legalBasis = checker.stringList(root, "legal_basis", required: false) ?? []
    let related = checker.stringList(root, "related", required: false) ?? []
    for (index, other) in related.enumerated() {
      let line = root["related"]?.sequence?[index].line ?? 1
      if !PlanID.isValid(other) {
        checker.report(line: line, key: "related[\(index)]", Language.current.choose("'\(other)' is not a valid plan id", "'\(other)' 不是有效的方案编号"))
      } else if other == folderID {
        checker.report(line: line, key: "related[\(index)]", Language.current.choose("a plan cannot be related to itself", "方案不能与自身相关"))
      } else if !planExists(other) {
        checker.report(
          line: line, key: "related[\(index)]",
          Language.current.choose("no plan '\(other)' in the repository (plans/\(other)/plan.md): fix the id or remove it", "仓库中没有方案 '\(other)'（plans/\(other)/plan.md）：请更正编号或删除"))
      }
    }
    let deadline = checker.date(root, "drafting_deadline")
    let pilot = pilotScope(root, kind: kind, checker: checker)
    let problems = checker.stringList(root, "problems", nonEmpty: true)
    let measures = self.measures(root, checker: checker)
    if let kind { checkHeadings(file, kind: kind, checker: checker) }

    guard checker.diagnostics.count == before, let id, let title, let kind, let jurisdiction,
      let source, let group, let leadUnit, let responsible, let major, let issuance, let impacts,
      let deadline, let problems, let measures
    else { return nil }
    return Plan(
      id: id, title: title, kind: kind, jurisdiction: jurisdiction, source: source, group: group,
      leadUnit: leadUnit, units: units, responsible: responsible, major: major, issuance: issuance,
      impacts: impacts, legalBasis: legalBasis, related: related, draftingDeadline: deadline,
      pilot: pilot, problems: problems, measures: measures, body: file.body)
  }

  static func responsibility(
    _ parent: YAMLNode, _ key: String, prefix: String, checker: SchemaChecker
  ) -> Responsibility? {
    guard let node = checker.mapping(parent, key, prefix: prefix) else { return nil }
    let path = prefix + key + "."
    checker.rejectUnknownKeys(in: node, allowed: ["leader", "unit", "person"], prefix: path)
    // Each of the three is read before any is judged, so that one run reports all that are missing.
    let (leader, unit, person) = (
      checker.string(node, "leader", prefix: path), checker.string(node, "unit", prefix: path),
      checker.string(node, "person", prefix: path)
    )
    guard let leader, let unit, let person else { return nil }
    return Responsibility(leader: leader, unit: unit, person: person)
  }

  private static func impacts(_ root: YAMLNode, checker: SchemaChecker) -> Impacts? {
    guard let node = checker.mapping(root, "impacts") else { return nil }
    checker.rejectUnknownKeys(in: node, allowed: Impacts.keys, prefix: "impacts.")
    let flags = Impacts.keys.map { checker.bool(node, $0, prefix: "impacts.") }
    let values = flags.compactMap { $0 }
    guard values.count == flags.count else { return nil }
    return Impacts(
      publicInterest: values[0], technical: values[1], crossDepartment: values[2],
      stabilityRisk: values[3], governmentDuties: values[4])
  }

  private static func pilotScope(_ root: YAMLNode, kind: PlanKind?, checker: SchemaChecker) -> PilotScope? {
    guard kind == .pilot else {
      if let node = root["pilot"], kind != nil {
        checker.report(line: node.line, key: "pilot", Language.current.choose("only a plan of kind pilot has a pilot section", "只有试点方案（kind: pilot）才有 pilot 部分"))
      }
      return nil
    }
    guard let node = checker.mapping(root, "pilot") else { return nil }
    checker.rejectUnknownKeys(in: node, allowed: ["start", "end", "areas"], prefix: "pilot.")
    let start = checker.date(node, "start", prefix: "pilot.")
    let end = checker.date(node, "end", prefix: "pilot.")
    let areas = checker.stringList(node, "areas", prefix: "pilot.", nonEmpty: true)
    guard let start, let end, let areas else { return nil }
    if end < start {
      checker.report(line: node["end"]?.line ?? node.line, key: "pilot.end", Language.current.choose("is before pilot.start", "早于 pilot.start"))
    }
    return PilotScope(start: start, end: end, areas: areas)
  }

  private static func measures(_ root: YAMLNode, checker: SchemaChecker) -> [Measure]? {
    guard let items = checker.list(root, "measures", nonEmpty: true) else { return nil }
    var seen: Set<String> = []
    var result: [Measure] = []
    for (index, item) in items.enumerated() {
      let name = item["id"]?.scalar?.text ?? "\(index)"
      let prefix = "measures[\(name)]."
      guard checker.requireMapping(item, key: "measures[\(index)]") != nil else { continue }
      checker.rejectUnknownKeys(in: item, allowed: ["id", "text", "target", "responsible"], prefix: prefix)
      let id = checker.string(item, "id", prefix: prefix)
      if let id, !seen.insert(id).inserted {
        checker.report(line: item["id"]?.line ?? item.line, key: prefix + "id", Language.current.choose("'\(id)' is used by another measure", "'\(id)' 已被另一项举措使用"))
      }
      let text = checker.string(item, "text", prefix: prefix)
      let target = self.target(item, prefix: prefix, checker: checker)
      let responsible = responsibility(item, "responsible", prefix: prefix, checker: checker)
      if let id, let text, let target, let responsible {
        result.append(Measure(id: id, text: text, target: target, responsible: responsible))
      }
    }
    return result
  }

  private static func target(_ item: YAMLNode, prefix: String, checker: SchemaChecker) -> Target? {
    guard let node = checker.mapping(item, "target", prefix: prefix) else { return nil }
    let path = prefix + "target."
    checker.rejectUnknownKeys(in: node, allowed: ["metric", "baseline", "value", "unit", "due"], prefix: path)
    let metric = checker.string(node, "metric", prefix: path)
    let baseline = checker.number(node, "baseline", prefix: path)
    let value = checker.number(node, "value", prefix: path)
    let unit = checker.string(node, "unit", prefix: path)
    let due = checker.date(node, "due", prefix: path)
    guard let metric, let baseline, let value, let unit, let due else { return nil }
    if value == baseline {
      checker.warn(
        line: node["value"]?.line ?? node.line, key: path + "value",
        Language.current.choose(
          "equals the baseline: the measure holds the level; if it should move, give the value it must reach",
          "与基数相同：该举措保持现有水平；如需提升，请填写应达到的目标值"))
    }
    return Target(metric: metric, baseline: baseline, value: value, unit: unit, due: due)
  }

  /// Reports required `##` headings that are missing or out of order; headings inside fenced
  /// code blocks do not count.
  private static func checkHeadings(_ file: FrontMatterFile, kind: PlanKind, checker: SchemaChecker) {
    var found: [String] = []
    var inFence = false
    for line in file.body.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.drop { $0 == " " }
      if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
      if !inFence, trimmed.hasPrefix("## ") {
        found.append(trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces))
      }
    }
    var position = found.startIndex
    for heading in kind.requiredHeadings {
      if let index = found[position...].firstIndex(of: heading) {
        position = found.index(after: index)
      } else if found.contains(heading) {
        checker.report(
          line: file.bodyLine, key: "body",
          Language.current.choose(
            "heading '## \(heading)' is out of order: a \(kind.rawValue) plan keeps "
              + kind.requiredHeadings.map { "'## \($0)'" }.joined(separator: ", ") + " in this order",
            "标题 '## \(heading)' 顺序不对：\(kind.chineseName)应按此顺序包含 "
              + kind.requiredHeadings.map { "'## \($0)'" }.joined(separator: "、")))
      } else {
        checker.report(line: file.bodyLine, key: "body", Language.current.choose("missing heading '## \(heading)'", "缺少标题 '## \(heading)'"))
      }
    }
  }
}
