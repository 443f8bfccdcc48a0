import Foundation

/// The annual report as Markdown, CSV (UTF-8 with a byte-order mark, for spreadsheets) or one
/// self-contained HTML page (a board of counts, the overdue items, the plans that need
/// attention, then one collapsible group per row, with a filter box), in the reader's language.
extension AnnualReport {
  /// A column of the per-row tables and of the CSV file: its heading in each language and its cell.
  private struct Column {
    let english: String
    let chinese: String
    let cell: @Sendable (Unit) -> String

    func heading(_ language: Language) -> String { language.choose(english, chinese) }
  }

  /// The figures' columns, after the row's name.
  private static let figureColumns: [Column] = {
    let count = { (english: String, chinese: String, value: @escaping @Sendable (Unit) -> Int) in
      Column(english: english, chinese: chinese) { String(value($0)) }
    }
    let stages: [Column] = [Stage.drafting, .consultation, .review, .approved].map { stage in
      count(stage.rawValue, stage.chineseName) { $0.plansByStage[stage.rawValue, default: 0] }
    }
    return stages + [
      count("approved on time", "按时批准") { $0.approvedOnTime },
      count("approved late", "逾期批准") { $0.approvedLate },
      count("progress on time", "进展按时报送") { $0.progressOnTime },
      count("progress late", "进展迟报") { $0.progressLate },
      count("progress missing", "进展缺报") { $0.progressMissing },
      count("inspections", "督察") { $0.inspections },
      count("rectified on time", "整改按时") { $0.rectificationOnTime },
      count("rectified late", "整改逾期") { $0.rectificationLate },
      count("rectification open", "整改未完成") { $0.rectificationOpen },
      count("tasks planned on time", "任务按时立项") { $0.tasksOnTime },
      count("tasks planned late", "任务逾期立项") { $0.tasksLate },
      count("tasks without a plan", "任务未立项") { $0.tasksWithoutPlan },
      count("overdue", "逾期事项") { $0.overdue },
      count("red", "红") { $0.lights["red", default: 0] },
      count("yellow", "黄") { $0.lights["yellow", default: 0] },
      count("green", "绿") { $0.lights["green", default: 0] },
      count("deadlines due", "应办时限") { $0.deadlinesDue },
      count("met on time", "按时办结") { $0.deadlinesMetOnTime },
      Column(english: "on-time rate", chinese: "按时率") { AnnualReport.rate($0.onTimeRate) },
    ]
  }()

  /// A rate as a percentage, "—" when there is none.
  private static func rate(_ rate: Double?) -> String {
    rate.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
  }

  private var rowHeading: String { Language.current.choose(groupedBy.rawValue, groupedBy.chineseName) }

  private var title: String {
    Language.current.choose(
      "\(year) annual reform assessment, as of \(asOf)", "\(year) 年度改革考核数据（截至 \(asOf)）")
  }

  /// The report as a Markdown document.
  public var markdown: String {
    let language = Language.current
    let columns = Self.figureColumns
    var lines = ["# " + title, ""]
    lines.append("| " + ([rowHeading] + columns.map { $0.heading(language) }).joined(separator: " | ") + " |")
    lines.append("|" + String(repeating: "---|", count: columns.count + 1))
    for unit in units {
      lines.append("| " + ([Self.markdownCell(unit.unit)] + columns.map { $0.cell(unit) }).joined(separator: " | ") + " |")
    }
    let planHeading = [
      language.choose("id", "编号"), language.choose("title", "名称"), language.choose("stage", "阶段"),
      language.choose("version", "版本"), language.choose("light", "预警"), language.choose("next deadline", "下一个时限"),
    ]
    for unit in units where !unit.plans.isEmpty {
      lines += ["", "## \(Self.markdownCell(unit.unit))", "", "| " + planHeading.joined(separator: " | ") + " |", "|---|---|---|---|---|---|"]
      for plan in unit.plans {
        lines.append(
          "| \(plan.id) | \(Self.markdownCell(plan.title)) | \(plan.stage.localizedName) | \(plan.version) | "
            + "\(plan.light.chineseName) | \(Self.next(plan)) |")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The report as CSV, one row per unit, UTF-8 with a byte-order mark so that spreadsheets
  /// show Chinese.
  public var csv: Data {
    let language = Language.current
    return CSV.data(
      header: [rowHeading] + Self.figureColumns.map { $0.heading(language) },
      rows: units.map { unit in [unit.unit] + Self.figureColumns.map { $0.cell(unit) } })
  }

  private static func next(_ plan: PlanStatus) -> String {
    plan.nextDeadline.map { "\($0.deadline.localizedName) \($0.due)" } ?? "—"
  }

  private static let lightOrder: [Light: Int] = [.red: 0, .yellow: 1, .green: 2]

  /// The report as one HTML page with no external assets: counts per light, the overdue items,
  /// the red and yellow plans, then each row's figures and plans in a collapsible group (red
  /// first), and a filter box that narrows every list as one types.
  public var html: String {
    let language = Language.current
    let plans = units.flatMap(\.plans)
    let count = { (light: Light) in plans.filter { $0.light == light }.count }
    let t = { (english: String, chinese: String) in Self.escaped(language.choose(english, chinese)) }
    var page = """
      <!DOCTYPE html>
      <html lang="\(language == .chinese ? "zh-CN" : "en")"><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width">
      <title>\(Self.escaped(title)) — reform</title>
      <style>
      body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:2em;color:#222}
      h1{font-size:1.5em} h2{font-size:1.2em;margin-top:1.5em}
      .tiles{display:flex;gap:12px;flex-wrap:wrap} .tile{padding:10px 18px;border-radius:6px;color:#fff;min-width:7em}
      .tile b{display:block;font-size:2em} .red{background:#c62828;color:#fff} .yellow{background:#f9a825;color:#222}
      .green{background:#2e7d32;color:#fff} .grey{background:#546e7a}
      #filter{margin:1.2em 0;padding:6px 10px;width:28em;font-size:1em}
      details{margin:.4em 0} summary{cursor:pointer;font-weight:bold;padding:4px 0}
      table{border-collapse:collapse;margin:.4em 0} td,th{border:1px solid #bbb;padding:3px 7px;font-size:.85em;text-align:left}
      th{background:#eee} td.n{text-align:right} td.light{text-align:center}
      </style></head><body>
      <h1>\(Self.escaped(title))</h1>
      <div class="tiles">
      <div class="tile red">\(t("red", "红灯"))<b id="count-red">\(count(.red))</b></div>
      <div class="tile yellow">\(t("yellow", "黄灯"))<b id="count-yellow">\(count(.yellow))</b></div>
      <div class="tile green">\(t("green", "绿灯"))<b id="count-green">\(count(.green))</b></div>
      <div class="tile grey">\(t("overdue items", "逾期事项"))<b id="count-overdue">\(overdueItems.count)</b></div>
      </div>
      <input id="filter" type="search" placeholder="\(t("Filter: id, title, unit, person, reason…", "筛选：编号、名称、单位、责任人、原因……"))">

      """
    page += "<details id=\"overdue\" open><summary>\(t("Overdue items", "逾期事项")) (\(overdueItems.count))</summary>\n"
    page += Self.table(
      [t("id", "编号"), t("deadline", "时限"), t("due", "到期日"), t("days late", "逾期天数"), t("responsible unit", "责任单位"),
        t("person", "责任人"), t("what is due", "事项")],
      overdueItems.map { item in
        [
          Self.escaped(item.plan), Self.escaped(item.deadline.localizedName), item.due.description,
          "\(asOf.days(since: item.due))", Self.escaped(item.owners.unit ?? "—"), Self.escaped(item.owners.person ?? "—"),
          Self.escaped(item.detail(in: language)),
        ]
      }, numeric: [3])
    page += "</details>\n"
    let attention = plans.filter { $0.light != .green }.sorted(by: Self.byLight)
    page += "<details id=\"attention\" open><summary>\(t("Red and yellow plans", "红灯、黄灯方案")) (\(attention.count))</summary>\n"
    page += planTable(attention, language) + "</details>\n"
    page += "<h2>\(t("On-time rate", "按时率"))</h2>\n" + barChart + "\n"
    page += "<h2>\(t("By", "按"))\(Self.escaped(rowHeading))</h2>\n"
    let figureHeadings = Self.figureColumns.map { Self.escaped($0.heading(language)) }
    for unit in units.sorted(by: Self.byRed) {
      let lights = [Light.red, .yellow, .green].map { "\($0.chineseName) \(unit.lights[$0.rawValue, default: 0])" }
      page += "<details class=\"unit\"><summary>\(Self.escaped(unit.unit.isEmpty ? "—" : unit.unit)) · "
      page += lights.joined(separator: " · ") + " · \(t("on-time rate", "按时率")) \(Self.rate(unit.onTimeRate))</summary>\n"
      page += Self.table(figureHeadings, [Self.figureColumns.map { Self.escaped($0.cell(unit)) }], numeric: Set(figureHeadings.indices))
      page += planTable(unit.plans.sorted(by: Self.byLight), language) + "</details>\n"
    }
    return page + Self.filterScript + "</body></html>\n"
  }

  /// Red before yellow before green, then by id.
  private static func byLight(_ first: PlanStatus, _ second: PlanStatus) -> Bool {
    (lightOrder[first.light]!, first.id) < (lightOrder[second.light]!, second.id)
  }

  /// The rows with the most red plans first, then the most yellow, then by name.
  private static func byRed(_ first: Unit, _ second: Unit) -> Bool {
    let key = { (unit: Unit) in (-unit.lights["red", default: 0], -unit.lights["yellow", default: 0], unit.unit) }
    return key(first) < key(second)
  }

  private func planTable(_ plans: [PlanStatus], _ language: Language) -> String {
    let t = { (english: String, chinese: String) in Self.escaped(language.choose(english, chinese)) }
    return Self.table(
      [t("light", "预警"), t("id", "编号"), t("title", "名称"), t("stage", "阶段"), t("version", "版本"), t("lead unit", "牵头单位"),
        t("responsible unit", "责任单位"), t("person", "责任人"), t("next deadline", "下一个时限"), t("reasons", "原因")],
      plans.map { plan in
        [
          plan.light.chineseName, Self.escaped(plan.id), Self.escaped(plan.title), Self.escaped(plan.stage.localizedName),
          "\(plan.version)", Self.escaped(plan.leadUnit), Self.escaped(plan.owners.unit ?? "—"),
          Self.escaped(plan.owners.person ?? "—"), Self.escaped(Self.next(plan)),
          Self.escaped(plan.reasons.map { $0.summary(in: language) }.joined(separator: language.choose("; ", "；"))),
        ]
      }, lightColumn: 0, lights: plans.map(\.light), numeric: [4])
  }

  /// A table of already-escaped cells; the cells of `lightColumn` are coloured by `lights`.
  private static func table(
    _ headings: [String], _ rows: [[String]], lightColumn: Int? = nil, lights: [Light] = [], numeric: Set<Int> = []
  ) -> String {
    var html = "<table><thead><tr>" + headings.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>\n"
    for (index, row) in rows.enumerated() {
      html += "<tr>"
      for (column, cell) in row.enumerated() {
        let style =
          column == lightColumn ? " class=\"light \(lights[index].rawValue)\"" : numeric.contains(column) ? " class=\"n\"" : ""
        html += "<td\(style)>\(cell)</td>"
      }
      html += "</tr>\n"
    }
    return html + "</tbody></table>\n"
  }

  /// Narrows every table to the rows that contain what is typed, opening the groups that keep
  /// a row and hiding the others; the filter is kept in the address (`#filter=…`), so that a
  /// filtered board can be bookmarked or sent.
  private static let filterScript = """
    <script>
    (function () {
      var box = document.getElementById('filter');
      var rows = Array.prototype.slice.call(document.querySelectorAll('tbody tr'));
      var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
      function apply() {
        var query = box.value.trim().toLowerCase();
        rows.forEach(function (row, index) { row.hidden = query !== '' && texts[index].indexOf(query) < 0; });
        document.querySelectorAll('details.unit').forEach(function (group) {
          var kept = group.querySelectorAll('tbody tr:not([hidden])').length;
          group.hidden = query !== '' && kept === 0;
          if (query !== '') { group.open = kept > 0; }
        });
      }
      box.addEventListener('input', function () {
        history.replaceState(null, '', box.value ? '#filter=' + encodeURIComponent(box.value) : '#');
        apply();
      });
      if (location.hash.indexOf('#filter=') === 0) {
        box.value = decodeURIComponent(location.hash.slice(8));
        apply();
      }
    })();
    </script>

    """

  /// One horizontal bar per row: the share of its deadlines met on time ("—" when none was due).
  private var barChart: String {
    let rowHeight = 28, labelWidth = 220, barWidth = 400
    let height = max(1, units.count) * rowHeight + 10
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + barWidth + 80)\" height=\"\(height)\" "
      + "role=\"img\" aria-label=\"\(Self.escaped(Language.current.choose("on-time rate", "按时率")))\">\n"
    for (row, unit) in units.enumerated() {
      let y = row * rowHeight + 5
      let rate = unit.onTimeRate ?? 0
      let colour = rate >= 0.9 ? "#2e7d32" : rate >= 0.6 ? "#f9a825" : "#c62828"
      svg += "<text x=\"0\" y=\"\(y + 18)\" font-size=\"13\">\(Self.escaped(unit.unit))</text>"
      svg += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(barWidth)\" height=\"20\" fill=\"#eee\"/>"
      if unit.onTimeRate != nil {
        svg += "<rect class=\"bar\" x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(Int((rate * Double(barWidth)).rounded()))\" "
        svg += "height=\"20\" fill=\"\(colour)\"/>"
      }
      svg += "<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(y + 16)\" font-size=\"13\">"
      svg += Self.rate(unit.onTimeRate) + " (\(unit.deadlinesMetOnTime)/\(unit.deadlinesDue))</text>\n"
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
