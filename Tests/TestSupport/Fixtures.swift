import Foundation

/// Sample files for tests.
public enum Fixtures {
  /// A valid implementation plan with id `id`, in Chinese as users write them.
  public static func plan(
    id: String = "sample-plan",
    kind: String = "implementation",
    related: [String] = [],
    extraFrontMatter: String = ""
  ) -> String {
    let headings: [String]
    var pilot = ""
    switch kind {
    case "institutional": headings = ["总则", "主要内容", "附则"]
    case "pilot":
      headings = ["总体要求", "试点任务", "试点范围和期限", "评估推广", "保障措施"]
      pilot = """
        pilot:
          start: 2027-01-01
          end: 2028-06-30
          areas: [合肥市, 芜湖市]

        """
    default: headings = ["总体要求", "主要任务", "保障措施"]
    }
    let relatedLine = related.isEmpty ? "related: []" : "related: [\(related.joined(separator: ", "))]"
    return """
      ---
      id: \(id)
      title: 关于深化营商环境改革的实施方案
      kind: \(kind)
      jurisdiction: 安徽省
      source: 2027-01
      group: 经济体制和生态文明体制改革专项小组
      lead_unit: 省发展改革委
      units: [省市场监管局, 省数据资源局]
      responsible:
        leader: 张副省长
        unit: 省发展改革委
        person: 李四
      major: true
      issuance: party-committee
      impacts:
        public_interest: true
        technical: false
        cross_department: true
        stability_risk: false
        government_duties: true
      legal_basis:
        - 《优化营商环境条例》
      \(relatedLine)
      drafting_deadline: 2027-06-30
      \(pilot)problems:
        - 企业开办环节多、时间长
      measures:
        - id: m1
          text: 推行企业开办“一网通办”
          target:
            metric: 企业开办时间
            baseline: 5
            value: 1
            unit: 个工作日
            due: 2027-12-31
          responsible:
            leader: 张副省长
            unit: 省市场监管局
            person: 王五
      \(extraFrontMatter)---

      """ + headings.map { "## \($0)\n\n内容。\n" }.joined(separator: "\n")
  }

  /// A valid record of `kind` with the given extra front matter lines.
  public static func record(kind: String, date: String = "2027-02-01", fields: String) -> String {
    "---\nkind: \(kind)\ndate: \(date)\n\(fields)---\n\n正文。\n"
  }
}
