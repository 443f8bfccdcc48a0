/// The three sample plans of `reform demo`, in Chinese as users write them.
enum DemoPlans {
  struct Sample {
    let id: String
    let kind: PlanKind
    let title: String
    let group: String
    let leadUnit: String
    let units: [String]
    let major: Bool
    let issuance: Issuance
    let impacts: String
    let pilot: String
    let problem: String
    let measure: String
    let metric: String
    let unit: String
    let baseline: Int
    let value: Int

    /// The same plan under the id `id`.
    func renamed(_ id: String) -> Sample {
      Sample(
        id: id, kind: kind, title: title, group: group, leadUnit: leadUnit, units: units, major: major,
        issuance: issuance, impacts: impacts, pilot: pilot, problem: problem, measure: measure, metric: metric,
        unit: unit, baseline: baseline, value: value)
    }

    /// The plan file with target `value` (amendments change it).
    func text(value target: Int? = nil) -> String {
      let unitsLine = units.isEmpty ? "[]" : YAMLText.list(units)
      let sections = kind.requiredHeadings.map { "## \($0)\n\n\(body(for: $0))\n" }.joined(separator: "\n")
      return """
        ---
        id: \(id)
        title: \(YAMLText.quoted(title))
        kind: \(kind.rawValue)
        jurisdiction: 安徽省
        source: \(YAMLText.quoted("2026年省委全面深化改革工作要点"))
        group: \(YAMLText.quoted(group))
        lead_unit: \(YAMLText.quoted(leadUnit))
        units: \(unitsLine)
        responsible: {leader: 分管副省长, unit: \(YAMLText.quoted(leadUnit)), person: 处长}
        major: \(major)
        issuance: \(issuance.rawValue)
        impacts: {\(impacts)}
        legal_basis: [《中华人民共和国行政许可法》]
        drafting_deadline: 2026-12-31
        \(pilot)problems:
          - \(YAMLText.quoted(problem))
        measures:
          - id: m1
            text: \(YAMLText.quoted(measure))
            target: {metric: \(YAMLText.quoted(metric)), baseline: \(baseline), value: \(target ?? value), unit: \(YAMLText.quoted(unit)), due: 2027-12-31}
            responsible: {leader: 分管副省长, unit: \(YAMLText.quoted(leadUnit)), person: 处长}
        ---

        \(sections)
        """
    }

    private func body(for heading: String) -> String {
      "围绕“\(problem)”，\(measure)。"
    }
  }

  static let businessEnvironment = Sample(
    id: "yingshang-huanjing", kind: .implementation, title: "关于深化营商环境改革的实施方案",
    group: "经济体制和生态文明体制改革专项小组", leadUnit: "省发展改革委", units: ["省市场监管局"], major: true,
    issuance: .partyCommittee,
    impacts: "public_interest: true, technical: false, cross_department: true, stability_risk: false, government_duties: true",
    pilot: "", problem: "企业开办环节多、时间长", measure: "推行企业开办“一网通办”", metric: "企业开办时间",
    unit: "个工作日", baseline: 5, value: 2)

  static let technologyTransfer = Sample(
    id: "keji-chengguo-zhuanhua", kind: .pilot, title: "科技成果转化收益分配改革试点方案",
    group: "科技体制改革专项小组", leadUnit: "省科技厅", units: ["省市场监管局", "省财政厅"], major: false,
    issuance: .government,
    impacts: "public_interest: false, technical: true, cross_department: true, stability_risk: false, government_duties: false",
    pilot: "pilot: {start: 2026-09-01, end: 2027-08-31, areas: [合肥市, 芜湖市]}\n",
    problem: "科研人员成果转化积极性不高", measure: "提高科研人员成果转化收益比例", metric: "成果转化合同金额",
    unit: "亿元", baseline: 80, value: 120)

  static let partyBuilding = Sample(
    id: "jiceng-dangjian-zhidu", kind: .institutional, title: "基层党组织标准化建设工作规定",
    group: "党的建设制度改革专项小组", leadUnit: "省委组织部", units: [], major: false, issuance: .group,
    impacts: "public_interest: false, technical: false, cross_department: false, stability_risk: false, government_duties: false",
    pilot: "", problem: "基层党组织建设标准不统一", measure: "制定基层党组织标准化建设规范", metric: "达标党组织比例",
    unit: "%", baseline: 60, value: 95)
}
