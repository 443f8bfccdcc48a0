import Foundation

/// The annual report as Markdown, CSV (UTF-8 with a byte-order mark, for spreadsheets) or one
/// self-contained HTML page (a traffic-light board, a table per unit, an inline SVG bar chart).
extension AnnualReport {
  /// The columns of the per-unit tables and of the CSV file.
  private static let columns: [(String, @Sendable (Unit) -> String)] = [
    ("单位 unit", { $0.unit }),
    ("起草 drafting", { String($0.plansByStage["drafting", default: 0]) }),
    ("征求意见 consultation", { String($0.plansByStage["consultation", default: 0]) }),
    ("审核 review", { String($0.plansByStage["review", default: 0]) }),
    ("已批准 approved", { String($0.plansByStage["approved", default: 0]) }),
    ("按时批准 approved on time", { String($0.approvedOnTime) }),
    ("逾期批准 approved late", { String($0.approvedLate) }),
    ("进展报告按时 progress on time", { String($0.progressOnTime) }),
    ("进展报告迟交 progress late", { String($0.progressLate) }),
    ("进展报告缺报 progress missing", { String($0.progressMissing) }),
    ("督察 inspections", { String($0.inspections) }),
    ("整改按时 rectified on time", { String($0.rectificationOnTime) }),
    ("整改逾期 rectified late", { String($0.rectificationLate) }),
    ("整改未完成 rectification open", { String($0.rectificationOpen) }),
    ("逾期事项 overdue", { String($0.overdue) }),
    ("红 red", { String($0.lights["red", default: 0]) }),
    ("黄 yellow", { String($0.lights["yellow", default: 0]) }),
    ("绿 green", { String($0.lights["green", default: 0]) }),
    ("按时率 on-time rate", { String(format: "%.1f%%", $0.onTimeRate * 100) }),
  ]

  /// The report as a Markdown document.
  public var markdown: String {
    var lines = ["# \(year) 年度改革考核数据 (annual assessment, as of \(asOf))", ""]
    lines.append("| " + Self.columns.map(\.0).joined(separator: " | ") + " |")
    lines.append("|" + String(repeating: "---|", count: Self.columns.count))
    for unit in units {
      lines.append("| " + Self.columns.map { Self.markdownCell($0.1(unit)) }.joined(separator: " | ") + " |")
    }
    for unit in units {
      lines += ["", "## \(Self.markdownCell(unit.unit))", "", "| id | title | stage | version | light | next deadline |", "|---|---|---|---|---|---|"]
      for plan in unit.plans {
        let next = plan.nextDeadline.map { "\($0.deadline.rawValue) \($0.due)" } ?? "—"
        lines.append(
          "| \(plan.id) | \(Self.markdownCell(plan.title)) | \(plan.stage.rawValue) | \(plan.version) | "
            + "\(plan.light.chineseName) \(plan.light.rawValue) | \(next) |")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The report as CSV, one row per unit, UTF-8 with a byte-order mark so that spreadsheets
  /// show Chinese.
  public var csv: Data {
    CSV.data(header: Self.columns.map(\.0), rows: units.map { unit in Self.columns.map { $0.1(unit) } })
  }

  /// The report as one HTML page with no external assets.
  public var html: String {
    var page = """
      <!DOCTYPE html>
      <html lang="zh-CN"><head><meta charset="utf-8">
      <title>\(year) 年度改革考核 — reform</title>
      <style>
      body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:2em;color:#222}
      h1{font-size:1.5em} h2{font-size:1.2em;margin-top:2em}
      .board{display:flex;flex-wrap:wrap;gap:6px}
      .light{padding:6px 10px;border-radius:4px;color:#fff;font-size:.85em;max-width:18em}
      .red{background:#c62828} .yellow{background:#f9a825;color:#222} .green{background:#2e7d32}
      table{border-collapse:collapse;margin-top:.5em} td,th{border:1px solid #bbb;padding:4px 8px;font-size:.85em}
      th{background:#eee} td.n{text-align:right}
      </style></head><body>
      <h1>\(year) 年度改革考核数据 <small>(截至 \(asOf))</small></h1>
      <h2>三色预警 traffic lights</h2><div class="board">

      """
    for plan in units.flatMap(\.plans) {
      page +=
        "<div class=\"light \(plan.light.rawValue)\" title=\"\(Self.escaped(plan.id))\">\(plan.light.chineseName) "
        + "\(Self.escaped(plan.title.isEmpty ? plan.id : plan.title))</div>\n"
    }
    page += "</div>\n<h2>按时率 on-time rate</h2>\n" + barChart + "\n"
    for unit in units {
      page += "<h2>\(Self.escaped(unit.unit))</h2>\n<table><tr>"
      page += Self.columns.dropFirst().map { "<th>\(Self.escaped($0.0))</th>" }.joined() + "</tr>\n<tr>"
      page += Self.columns.dropFirst().map { "<td class=\"n\">\(Self.escaped($0.1(unit)))</td>" }.joined() + "</tr></table>\n"
      page += "<table><tr><th>id</th><th>标题 title</th><th>阶段 stage</th><th>版本</th><th>灯</th><th>下一期限 next deadline</th></tr>\n"
      for plan in unit.plans {
        let next = plan.nextDeadline.map { "\($0.deadline.rawValue) \($0.due)" } ?? "—"
        page +=
          "<tr><td>\(Self.escaped(plan.id))</td><td>\(Self.escaped(plan.title))</td><td>\(plan.stage.rawValue)</td>"
          + "<td class=\"n\">\(plan.version)</td><td class=\"light \(plan.light.rawValue)\">\(plan.light.chineseName)</td>"
          + "<td>\(next)</td></tr>\n"
      }
      page += "</table>\n"
    }
    return page + "</body></html>\n"
  }

  /// One horizontal bar per unit: the share of its deadlines met on time.
  private var barChart: String {
    let rowHeight = 28, labelWidth = 220, barWidth = 400
    let height = max(1, units.count) * rowHeight + 10
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + barWidth + 80)\" height=\"\(height)\" "
      + "role=\"img\" aria-label=\"on-time rate by unit\">\n"
    for (row, unit) in units.enumerated() {
      let y = row * rowHeight + 5
      let width = Int((unit.onTimeRate * Double(barWidth)).rounded())
      let colour = unit.onTimeRate >= 0.9 ? "#2e7d32" : unit.onTimeRate >= 0.6 ? "#f9a825" : "#c62828"
      svg += "<text x=\"0\" y=\"\(y + 18)\" font-size=\"13\">\(Self.escaped(unit.unit))</text>"
      svg += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(barWidth)\" height=\"20\" fill=\"#eee\"/>"
      svg += "<rect class=\"bar\" x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(width)\" height=\"20\" fill=\"\(colour)\"/>"
      svg += "<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(y + 16)\" font-size=\"13\">"
      svg += String(format: "%.0f%%", unit.onTimeRate * 100) + " (\(unit.deadlinesMetOnTime)/\(unit.deadlinesDue))</text>\n"
    }
    return svg + "</svg>"
  }

  private static func escaped(_ text: String) -> String {
    ControlCharacters.escaped(text).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  private static func markdownCell(_ text: String) -> String {
    ControlCharacters.escaped(text).replacingOccurrences(of: "|", with: "\\|")
  }

}
