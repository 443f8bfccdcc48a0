import Foundation
import Testing

@testable import ReformKit

@Suite struct PlanFactsTests {
  private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

  @Test func theIndexFormKeepsEveryFactAndRefusesDamagedBytes() throws {
    var facts = PlanFacts()
    facts.title = "关于深化营商环境改革的实施方案"
    facts.kind = "pilot"
    facts.leadUnit = "省发展改革委"
    facts.draftingDeadline = date("2027-06-30")
    facts.pilotEnd = date("2028-02-29")
    facts.jurisdiction = "合肥市"
    facts.owners = .init(unit: "省发展改革委", person: "王五")
    facts.targets = [
      .init(measure: "m1", baseline: 5, value: 1.5, due: date("2027-12-31"), owners: .init(unit: "省财政厅", person: nil))
    ]
    facts.approvals = [date("2026-04-01")]
    facts.issuances = [date("2026-04-10")]
    facts.progress = [.init(date: date("2026-11-20"), period: "2026-H2", achieved: ["m1": 3, "m2": -0.25])]
    facts.inspections = [.init(file: "2026-06-01-inspection.md", date: date("2026-06-01"), items: [.init(id: "r1", due: date("2026-08-01"))])]
    facts.rectifications = [.init(inspection: "2026-06-01-inspection.md", date: date("2026-09-01"), done: ["r1"])]
    facts.latestRecord = date("2026-11-20")
    let bytes = facts.encoded
    #expect(PlanFacts(encoded: bytes) == facts)
    #expect(PlanFacts(encoded: PlanFacts().encoded) == PlanFacts())
    for length in [0, 1, bytes.count / 2, bytes.count - 1] {
      #expect(PlanFacts(encoded: Array(bytes.prefix(length))) == nil, "truncated to \(length)")
    }
    #expect(PlanFacts(encoded: bytes + [0]) == nil, "trailing bytes")
    #expect(PlanFacts(encoded: [bytes[0] &+ 1] + bytes.dropFirst()) == nil, "another layout")
  }

  @Test func calendarArithmeticMatchesTheCalendar() {
    #expect(date("2026-01-31").adding(months: 1) == date("2026-02-28"))
    #expect(date("2028-01-31").adding(months: 1) == date("2028-02-29"))
    #expect(date("2026-11-15").adding(months: 2) == date("2027-01-15"))
    #expect(date("2026-12-31").adding(days: 1) == date("2027-01-01"))
    #expect(date("2028-03-01").adding(days: -1) == date("2028-02-29"))
    #expect(date("2027-12-31").days(since: date("2026-04-20")) == 620)
    #expect(date("1949-10-01").adding(days: 27_850) == date("2025-12-31"))
  }

  @Test func theDayOfAnInstantIsTheCalendarsDayInItsTimeZone() {
    var calendar = Calendar(identifier: .gregorian)
    for zone in [TimeZone(secondsFromGMT: 8 * 3600)!, TimeZone(secondsFromGMT: -5 * 3600 - 1800)!, TimeZone(identifier: "UTC")!] {
      calendar.timeZone = zone
      for _ in 0..<2000 {
        let instant = Date(timeIntervalSince1970: Double.random(in: -700_000_000...4_000_000_000))
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        let expected = CalendarDate(checkingYear: parts.year!, month: parts.month!, day: parts.day!)
        #expect(CalendarDate(instant, in: zone) == expected, "\(instant) in \(zone)")
      }
    }
  }
}
