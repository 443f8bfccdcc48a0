import Foundation
import TestSupport
import Testing

@testable import ReformKit

/// The HTML board at a province's scale: ten thousand plans rendered by headless Chromium.
@Suite struct BoardTests {
  private static let browser = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  /// A report of `count` plans over forty units: every tenth red, every fifth yellow.
  private func report(plans count: Int, day: CalendarDate) -> AnnualReport {
    var units: [String: AnnualReport.Unit] = [:]
    var overdue: [Deadline] = []
    for number in 0..<count {
      let id = String(format: "reform-%05d", number)
      let unit = "省直单位\(number % 40)"
      let light: Light = number % 10 == 0 ? .red : number % 5 == 0 ? .yellow : .green
      let due = day.adding(days: light == .red ? -30 : 10)
      let reasons =
        light == .green
        ? [] : [LightReason(deadline: .progress, due: due, daysOverdue: light == .red ? 30 : 0, measure: nil, detail: "")]
      let owners = PlanFacts.Owners(unit: unit, person: "责任人\(number % 7)")
      if light == .red {
        overdue.append(
          Deadline(plan: id, deadline: .progress, due: due, subject: .progress(period: "2026-H2"), met: nil, owners: owners))
      }
      let line = PlanStatus(
        id: id, title: "关于深化第\(number)项改革的实施方案", stage: .approved, version: 1, leadUnit: unit, daysInStage: 40,
        nextDeadline: .init(deadline: .progress, due: due), light: light, reasons: reasons, group: "经济体制改革专项小组",
        source: "", jurisdiction: "安徽省", owners: owners, planUnreadable: false)
      units[unit, default: AnnualReport.Unit(unit: unit, key: .unit)].plans.append(line)
      units[unit]!.lights[light.rawValue, default: 0] += 1
    }
    return AnnualReport(
      year: day.year, asOf: day, groupedBy: .unit, units: units.values.sorted { $0.unit < $1.unit }, overdueItems: overdue)
  }

  @Test(.enabled(if: browser != nil, "headless Chromium is needed: scripts/install-dependencies installs it"))
  func tenThousandPlansRenderWithCountsRedFirstGroupsAndAFilter() throws {
    let folder = try TemporaryDirectory()
    let html = report(plans: 10_000, day: CalendarDate("2026-12-04")!).html
    _ = try folder.write("board.html", html)
    let page = "file://" + folder.path("board.html")
    let flags = "--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir=\(folder.path("profile"))"
    let started = Date()
    let rendered = try Command.shell(
      "timeout 300 \(Self.browser!) \(flags) --dump-dom '\(page)' > dom.html 2>/dev/null </dev/null; echo $?",
      in: folder.url.path)
    let seconds = Date().timeIntervalSince(started)
    #expect(rendered.stdout == "0\n")
    let dom = try String(contentsOfFile: folder.path("dom.html"), encoding: .utf8)
    print("board of 10,000 plans: \(html.utf8.count) bytes, rendered by headless Chromium in \(String(format: "%.1f", seconds)) s")
    #expect(html.utf8.count < 12_000_000, "the page stays a few megabytes")
    #expect(seconds < 120, "Chromium renders the page in \(seconds) s")

    // Counts first, then the overdue items, then red plans before yellow ones.
    #expect(dom.contains("id=\"count-red\">1000<") && dom.contains("id=\"count-yellow\">1000<"))
    #expect(dom.contains("id=\"count-green\">8000<") && dom.contains("id=\"count-overdue\">1000<"))
    let attention = try #require(dom.range(of: "id=\"attention\""))
    let firstYellow = try #require(dom.range(of: "class=\"light yellow\"", range: attention.upperBound..<dom.endIndex))
    let lastRed = try #require(dom.range(of: "class=\"light red\"", options: .backwards, range: attention.upperBound..<firstYellow.lowerBound))
    #expect(lastRed.upperBound <= firstYellow.lowerBound)
    #expect(dom.components(separatedBy: "<details class=\"unit\"").count - 1 == 40, "one collapsible group per unit")
    #expect(!dom.contains("<details class=\"unit\" open"), "groups start collapsed")
    #expect(dom.contains("<input id=\"filter\""))

    // The filter, given in the address, keeps one plan's rows and opens its group alone.
    let filtered = try Command.shell(
      "timeout 300 \(Self.browser!) \(flags) --dump-dom '\(page)#filter=reform-00042' 2>/dev/null </dev/null",
      in: folder.url.path)
    let shown = filtered.stdout.components(separatedBy: "<tr>").count - 1
    #expect(shown == 1 + 1 + 40 * 2 + 1, "the header rows and the plan's own row: \(shown)")
    #expect(filtered.stdout.components(separatedBy: "<details class=\"unit\" open").count - 1 == 1)
  }
}
