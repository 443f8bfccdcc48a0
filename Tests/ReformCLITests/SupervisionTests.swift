import Foundation
import ReformKit
import Synchronization
import TestSupport
import Testing

/// The supervision queries of SPEC sections 4 and 6 on a repository built with the tool: each
/// deadline and each light is judged the day before and the day after it changes.
///
/// - `a-plan`: approved 2026-04-01, issued 2026-04-10, never filed; inspected 2026-06-01 with
///   items r1 (due 2026-08-01, closed 2026-09-01) and r2 (due 2026-10-01, never closed);
///   progress for 2026-H2 with m1 at 3 (target 5 → 1 by 2027-12-31).
/// - `c-plan`: a pilot approved 2026-04-20, issued 2026-05-01, filed 2026-05-20, progress on
///   2026-06-20 with m1 at 4.5; pilot ends 2028-06-30.
/// - `b-plan`: in drafting, due 2027-06-30.
/// - `work-plans/2027.yaml`: task 2027-01 (the plans' source) and 2027-02 (no plan, due 2027-03-31).
final class SupervisionBed: @unchecked Sendable {
  let fixture: LifecycleFixture

  /// One repository for the tests that only read it, built once.
  static let shared = Result { try SupervisionBed() }

  init() throws {
    fixture = try LifecycleFixture()
    try approve("a-plan", text: Fixtures.plan(id: "a-plan"), decided: "2026-04-01")
    try record("a-plan", "issuance", "2026-04-10", ["document_number=皖政〔2026〕1号"], as: "approver")
    try recordFile(
      "a-plan", "inspection", "2026-06-01",
      "inspector: 督查组\nfindings: 发现两个问题\nrectification:\n  - {id: r1, problem: 材料不全, due: 2026-08-01}\n"
        + "  - {id: r2, problem: 流程过长, due: 2026-10-01}\n", as: "inspector")
    try recordFile(
      "a-plan", "rectification", "2026-09-01",
      "inspection: 2026-06-01-inspection.md\nitems:\n  - {id: r1, done: true}\n  - {id: r2, done: false}\n",
      as: "drafter")
    try recordFile(
      "a-plan", "progress", "2026-11-20", "period: 2026-H2\nmeasures:\n  - {measure: m1, achieved: 3}\n", as: "drafter")

    try approve("c-plan", text: Fixtures.plan(id: "c-plan", kind: "pilot"), decided: "2026-04-20")
    try record("c-plan", "issuance", "2026-05-01", ["document_number=皖政〔2026〕2号"], as: "approver")
    try record("c-plan", "filing", "2026-05-20", [], as: "drafter")
    try recordFile(
      "c-plan", "progress", "2026-06-20", "period: 2026-H1\nmeasures:\n  - {measure: m1, achieved: 4.5}\n", as: "drafter")

    try fixture.startPlan("b-plan", text: Fixtures.plan(id: "b-plan"))
    try fixture.plainCommit(
      [
        "work-plans/2027.yaml":
          "tasks:\n  - {id: 2027-01, text: 深化营商环境改革, group: 经济体制和生态文明体制改革专项小组, lead_unit: 省发展改革委, due: 2027-06-30}\n"
          + "  - {id: 2027-02, text: 推进数据要素改革, group: 经济体制和生态文明体制改革专项小组, lead_unit: 省数据资源局, due: 2027-03-31}\n"
      ], on: "main", as: "admin", message: "2027 年工作要点")
  }

  private func approve(_ id: String, text: String, decided: String) throws {
    try fixture.startPlan(id, text: text.replacingOccurrences(of: "issuance: party-committee", with: "issuance: group"))
    try fixture.advanceToReview(id)
    try fixture.addReviews(id)
    try fixture.must(LifecycleFixture.decision(id, "leading-group", date: decided), as: "approver")
  }

  private func record(_ id: String, _ kind: String, _ date: String, _ fields: [String], as signer: String) throws {
    try fixture.must(["record", id, kind, "--date", date] + fields.flatMap { ["--field", $0] }, as: signer)
  }

  private func recordFile(_ id: String, _ kind: String, _ date: String, _ fields: String, as signer: String) throws {
    let file = try fixture.repository.folder.write("\(id)-\(kind).md", Fixtures.record(kind: kind, date: date, fields: fields))
    try fixture.must(["record", id, kind, "--file", file, "--date", date], as: signer)
  }

  func json(_ arguments: [String]) throws -> [[String: Any]] {
    let result = try fixture.reform(arguments + ["--json"], as: "admin")
    #expect(result.status == 0, "\(arguments): \(result.stderr)")
    return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
  }

  /// The overdue deadlines on `day`, as `plan deadline due` lines.
  func overdue(on day: String) throws -> Set<String> {
    Set(try json(["overdue", "--as-of", day]).map { "\($0["plan"]!) \($0["deadline"]!) \($0["due"]!)" })
  }

  /// Each plan's light on `day`.
  func lights(on day: String) throws -> [String: String] {
    Dictionary(uniqueKeysWithValues: try json(["status", "--as-of", day]).map { ($0["id"] as! String, $0["light"] as! String) })
  }

}

@Suite struct SupervisionTests {
  private var bed: SupervisionBed { get throws { try SupervisionBed.shared.get() } }
  private var fixture: LifecycleFixture { get throws { try bed.fixture } }
  private func json(_ arguments: [String]) throws -> [[String: Any]] { try bed.json(arguments) }
  private func overdue(on day: String) throws -> Set<String> { try bed.overdue(on: day) }
  private func lights(on day: String) throws -> [String: String] { try bed.lights(on: day) }

  @Test(arguments: [
    ("a-plan filing 2026-05-10", "2026-05-10", "2026-05-11"),
    ("a-plan rectification 2026-08-01", "2026-08-01", "2026-08-02"),
    ("a-plan rectification 2026-10-01", "2026-10-01", "2026-10-02"),
    ("c-plan progress 2026-12-31", "2026-12-31", "2027-01-01"),
    ("2027-02 work-plan 2027-03-31", "2027-03-31", "2027-04-01"),
    ("c-plan inspection 2027-05-01", "2027-05-01", "2027-05-02"),
    ("c-plan lookback 2027-05-01", "2027-05-01", "2027-05-02"),
    ("b-plan drafting 2027-06-30", "2027-06-30", "2027-07-01"),
    ("a-plan target 2027-12-31", "2027-12-31", "2028-01-01"),
    ("c-plan pilot-summary 2028-08-30", "2028-08-30", "2028-08-31"),
  ])
  func eachDeadlinePassesTheDayAfterItIsDue(deadline: String, due: String, after: String) throws {
    #expect(!(try overdue(on: due)).contains(deadline))
    #expect(try overdue(on: after).contains(deadline))
  }

  @Test func deadlinesMetOrNotYetOwedAreNotOverdue() throws {
    // r1 was closed on 2026-09-01, late: from then on it is no longer overdue.
    #expect(try overdue(on: "2026-08-31").contains("a-plan rectification 2026-08-01"))
    #expect(!(try overdue(on: "2026-09-01")).contains("a-plan rectification 2026-08-01"))
    // Issued on 2026-04-10, less than three months before the half year ends: no 2026-H1 report.
    #expect(!(try overdue(on: "2026-07-01")).contains { $0.hasPrefix("a-plan progress") })
    // Issued on 2026-05-01 and filed on 2026-05-20; inspected a-plan is not owed an inspection.
    #expect(!(try overdue(on: "2027-06-01")).contains { $0.hasPrefix("c-plan filing") || $0.hasPrefix("a-plan inspection") })
    // The work-plan task that b-plan and the others name is not overdue.
    #expect(!(try overdue(on: "2027-07-01")).contains { $0.hasPrefix("2027-01 ") })
  }

  @Test func lightsTurnYellowWithinTheWarningAndRedAfterTheDeadline() throws {
    // b-plan: only its drafting deadline, 2027-06-30.
    #expect(try lights(on: "2027-05-30")["b-plan"] == "green")
    #expect(try lights(on: "2027-05-31")["b-plan"] == "yellow")
    #expect(try lights(on: "2027-06-30")["b-plan"] == "yellow")
    #expect(try lights(on: "2027-07-01")["b-plan"] == "red")
    // a-plan: its filing (due 2026-05-10) turns yellow 30 days ahead, red the day after.
    #expect(try lights(on: "2026-05-10")["a-plan"] == "yellow")
    #expect(try lights(on: "2026-05-11")["a-plan"] == "red")
    let warned = try fixture.reform(["status", "--as-of", "2027-05-25", "--warn-days", "5", "--json"], as: "admin")
    #expect(warned.stdout.contains("\"light\" : \"green\""), "\(warned.stdout)")
  }

  @Test func aTargetBehindItsLinearScheduleTurnsTheLightYellow() throws {
    // c-plan: m1 from 5 (approved 2026-04-20) to 1 by 2027-12-31 (620 days); 4.5 reported on
    // 2026-06-20 is behind the line from 2026-07-07 (day 78: 5 - 4 × 78/620 < 4.5).
    #expect(try lights(on: "2026-07-06")["c-plan"] == "green")
    #expect(try lights(on: "2026-07-07")["c-plan"] == "yellow")
    let plan = try #require(try json(["status", "--as-of", "2026-07-07"]).first { $0["id"] as? String == "c-plan" })
    let reasons = try #require(plan["reasons"] as? [[String: Any]])
    #expect(reasons.count == 1)
    #expect(reasons.first?["deadline"] as? String == "target")
    #expect(reasons.first?["measure"] as? String == "m1")
    #expect(reasons.first?["days_overdue"] as? Int == 0)
    #expect((reasons.first?["detail"] as? String)?.contains("4.5 achieved") == true, "\(reasons)")
  }

  @Test func everyLightThatIsNotGreenSaysWhy() throws {
    for day in ["2027-05-30", "2027-05-31", "2027-07-01", "2026-05-11"] {
      for plan in try json(["status", "--as-of", day]) {
        let reasons = try #require(plan["reasons"] as? [[String: Any]])
        #expect((plan["light"] as? String == "green") == reasons.isEmpty, "\(day): \(plan)")
        let overdue = reasons.contains { ($0["days_overdue"] as? Int ?? 0) > 0 }
        #expect((plan["light"] as? String == "red") == overdue, "\(day): \(plan)")
        for reason in reasons {
          #expect(Set(reason.keys) == ["deadline", "due", "days_overdue", "measure", "detail"])
        }
      }
    }
    let late = try #require(try json(["status", "--as-of", "2027-07-01"]).first { $0["id"] as? String == "b-plan" })
    let reason = try #require((late["reasons"] as? [[String: Any]])?.first)
    #expect(reason["deadline"] as? String == "drafting" && reason["due"] as? String == "2027-06-30")
    #expect(reason["days_overdue"] as? Int == 1)
    let text = try fixture.reform(["status", "--as-of", "2027-07-01"], as: "admin").stdout
    #expect(text.contains("drafting overdue 1d"), "\(text)")
  }

  @Test func statusPrintsEveryFieldOfSpecSection4AndFilters() throws {
    let lines = try json(["status", "--as-of", "2026-11-27"])
    #expect(lines.map { $0["id"] as? String } == ["a-plan", "b-plan", "c-plan"])
    let plan = try #require(lines.first)
    #expect(
      Set(plan.keys) == ["id", "title", "stage", "version", "lead_unit", "days_in_stage", "next_deadline", "light", "reasons"])
    #expect(plan["title"] as? String == "关于深化营商环境改革的实施方案")
    #expect(plan["stage"] as? String == "approved")
    #expect(plan["version"] as? Int == 1)
    #expect(plan["lead_unit"] as? String == "省发展改革委")
    #expect(plan["light"] as? String == "red")
    #expect((plan["next_deadline"] as? [String: String]) == ["deadline": "filing", "due": "2026-05-10"])
    #expect(lines[1]["stage"] as? String == "drafting")
    #expect(lines[1]["version"] as? Int == 1)
    #expect(try json(["status", "--stage", "drafting"]).map { $0["id"] as? String } == ["b-plan"])
    #expect(try json(["status", "--light", "red", "--as-of", "2026-11-27"]).map { $0["id"] as? String } == ["a-plan"])
    #expect(try json(["status", "--unit", "省科技厅"]).isEmpty)
    let text = try fixture.reform(["status", "--as-of", "2026-11-27"], as: "admin")
    #expect(text.stdout.contains("红\ta-plan\t关于深化营商环境改革的实施方案\tapproved\tv1\t省发展改革委\t"), "\(text.stdout)")
    #expect(!text.stdout.contains("\u{1b}["), "no colour when stdout is not a terminal")
  }

  @Test func workPlanStatusShowsEachTaskWithItsPlans() throws {
    let result = try fixture.reform(["status", "--work-plan", "2027", "--as-of", "2027-04-01", "--json"], as: "admin")
    let tasks = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    #expect(tasks.map { $0["task"] as? String } == ["2027-01", "2027-02"])
    #expect((tasks[0]["plans"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["a-plan", "b-plan", "c-plan"])
    #expect((tasks[1]["plans"] as? [Any])?.isEmpty == true)
    #expect(tasks[1]["light"] as? String == "red")
    let missing = try fixture.reform(["status", "--work-plan", "2030"], as: "admin")
    #expect(missing.status == 1 && missing.stderr.contains("no work-plans/2030.yaml on main"))
  }

  @Test func anInvalidWorkPlanIsRefusedByValidation() throws {
    let fixture = try PlanRepositoryFixture()
    try fixture.write("work-plans/2028.yaml", "tasks:\n  - {id: x, text: 任务, due: 2028-13-01}\n")
    let result = try fixture.reform(["validate", "work-plans/2028.yaml"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("work-plans/2028.yaml:2: tasks[0].group: required but missing"), "\(result.stderr)")
    #expect(result.stderr.contains("tasks[0].due"), "\(result.stderr)")
    try fixture.git(["add", "work-plans/2028.yaml"])
    let committed = try fixture.git(["commit", "-q", "-m", "工作要点"])
    #expect(committed.status != 0, "the pre-commit hook validates work plans")
    #expect(committed.stderr.contains("work-plans/2028.yaml:2: tasks[0].group"), "\(committed.stderr)")
  }

  @Test func logShowsEveryVersionWithVerifiedSignersOldestFirst() throws {
    let bed = try SupervisionBed()
    let fixture = bed.fixture, json = bed.json
    try fixture.plainCommit(["plans/b-plan/plan.md": Fixtures.plan(id: "b-plan") + "\n补充。\n"], on: "drafting/b-plan", as: "drafter")
    try fixture.repository.writeKey("stranger")
    try fixture.plainCommit(["plans/b-plan/plan.md": Fixtures.plan(id: "b-plan") + "\n伪造。\n"], on: "drafting/b-plan", as: "stranger")
    let entries = try json(["log", "b-plan"])
    #expect(entries.map { $0["action"] as? String } == ["new", "edit", "edit", "edit"])
    #expect(entries.map { $0["verified"] as? Bool } == [true, true, true, false])
    #expect(entries.map { $0["stage"] as? String } == ["drafting", "drafting", "drafting", "drafting"], "plain edits at the plan's stage")
    #expect(entries.first?["signer"] as? String == "李四")
    #expect(Set(entries[0].keys) == ["commit", "date", "action", "stage", "signer", "verified", "summary"])
    let text = try fixture.reform(["log", "b-plan"], as: "admin").stdout
    #expect(text.contains("✗ signature not verified (committer: "), "\(text)")
    #expect(entries.last?["signer"] is NSNull, "an unverified commit names no member")

    let approved = try json(["log", "a-plan"])
    #expect(approved.first?["action"] as? String == "new")
    #expect(approved.contains { $0["action"] as? String == "approve" && $0["stage"] as? String == "approved" })
    #expect(approved.last?["summary"] as? String == "reform：记录 a-plan 的进展")
    let gitLog = try fixture.repository.git(["log", "--format=%H", "main", "--", "plans/a-plan"]).stdout
    for commit in gitLog.split(separator: "\n") {
      #expect(approved.contains { $0["commit"] as? String == String(commit) }, "git log names \(commit)")
    }
    let approvedText = try fixture.reform(["log", "a-plan"], as: "admin").stdout
    #expect(approvedText.contains("dated 2026-04-01 decision body=leading-group verdict=approved"), "\(approvedText)")
    #expect(approvedText.contains("dated 2026-04-10 issuance document_number=皖政〔2026〕1号"), "\(approvedText)")
    let unknown = try fixture.reform(["log", "no-such-plan"], as: "admin")
    #expect(unknown.status == 1 && unknown.stderr.contains("no-such-plan"))
  }

  @Test func logWithoutAnIdListsEveryPlansActivityNewestFirstAndFilters() throws {
    let bed = try SupervisionBed()
    let json = bed.json
    let all = try json(["log"])
    var perPlan: [[String: Any]] = []
    for plan in ["a-plan", "b-plan", "c-plan"] {
      perPlan += try json(["log", plan]).map { $0.merging(["plan": plan]) { first, _ in first } }
    }
    #expect(all.count == perPlan.count)
    #expect(Set(all.compactMap { $0["commit"] as? String }) == Set(perPlan.compactMap { $0["commit"] as? String }))
    #expect(Set(all[0].keys) == ["plan", "commit", "date", "action", "stage", "signer", "verified", "summary"])
    let dates = all.compactMap { $0["date"] as? String }
    #expect(dates == dates.sorted(by: >), "newest first")
    let approvals = try json(["log", "--action", "approve"])
    #expect(!approvals.isEmpty && approvals.allSatisfy { $0["action"] as? String == "approve" })
    let drafter = try json(["log", "--signer", "李四", "--plan", "b-plan"])
    #expect(!drafter.isEmpty && drafter.allSatisfy { $0["signer"] as? String == "李四" && $0["plan"] as? String == "b-plan" })
    let unit = try json(["log", "--unit", "省发展改革委"])
    #expect(unit.count == all.filter { $0["signer"] as? String == "李四" }.count, "\(unit.count)")
    #expect(try json(["log", "--since", "2999-01-01"]).isEmpty)
    let wrong = try bed.fixture.reform(["log", "--action", "approval"], as: "admin")
    #expect(wrong.status == 2 && wrong.stderr.contains("--action"), "\(wrong.stderr)")
  }

  @Test func overdueFiltersAndSaysWhenNothingIsOverdue() throws {
    let bed = try SupervisionBed()
    let all = try bed.json(["overdue", "--as-of", "2027-07-01"])
    let filings = try bed.json(["overdue", "--as-of", "2027-07-01", "--deadline", "备案"])
    #expect(!filings.isEmpty && filings.allSatisfy { $0["deadline"] as? String == "filing" })
    let plan = try bed.json(["overdue", "--as-of", "2027-07-01", "--plan", "b-plan"])
    #expect(!plan.isEmpty && plan.allSatisfy { $0["plan"] as? String == "b-plan" })
    #expect(plan.count == all.filter { $0["plan"] as? String == "b-plan" }.count)
    let unit = try bed.json(["overdue", "--as-of", "2027-07-01", "--unit", "省发展改革委"])
    #expect(
      unit.count == all.filter { $0["deadline"] as? String != "work-plan" }.count,
      "every plan of the bed is led by 省发展改革委, the work plan's task 2027-02 by another unit")
    #expect(try bed.json(["overdue", "--as-of", "2027-07-01", "--unit", "省科技厅"]).isEmpty)
    let nothing = try bed.fixture.reform(["overdue", "--as-of", "2026-01-01"], as: "admin")
    #expect(nothing.status == 0 && nothing.stdout.isEmpty && nothing.stderr.contains("nothing is overdue"), "\(nothing.stderr)")
    let status = try bed.fixture.reform(["status", "--as-of", "2027-07-01"], as: "admin").stdout
    let lines = status.split(separator: "\n")
    #expect(lines.first?.hasPrefix("light\tid\ttitle\tstage") == true, "\(status)")
    #expect(lines.last?.hasPrefix("total 3: ") == true, "\(status)")
  }

  @Test func theToDoListShowsTheRecordsAUnitOwesAndTheInspectionsDue() throws {
    let bed = try SupervisionBed()
    func tasks(_ member: String, on day: String) throws -> Set<String> {
      Set(
        try bed.json(["todo", "--as", member, "--as-of", day]).map {
          "\($0["plan"] as? String ?? "") \($0["type"] as? String ?? "") \($0["due"] as? String ?? "")"
        })
    }
    // a-plan's filing is due 2026-05-10 (never filed): within the warning on 2026-04-20, late after.
    #expect(try tasks("李四", on: "2026-04-20").contains("a-plan filing 2026-05-10"))
    #expect(try tasks("李四", on: "2026-11-27").isSuperset(of: ["a-plan filing 2026-05-10", "a-plan rectification 2026-10-01"]))
    // c-plan was issued 2026-05-01 and never inspected: due 2027-05-01; a-plan was inspected.
    let inspections = try tasks("督查", on: "2027-04-15")
    #expect(inspections.contains("c-plan inspection 2027-05-01"), "\(inspections)")
    #expect(!inspections.contains { $0.hasPrefix("a-plan") })
    #expect(try tasks("王五", on: "2026-11-27").isEmpty, "another unit owes nothing for these plans")
  }

  @Test func theLedgerHasARowPerMeasureAndItsWorkbookReadsBackCellByCell() throws {
    let bed = try SupervisionBed()
    let result = try bed.fixture.reform(["ledger", "--format", "json", "--as-of", "2026-11-27"], as: "admin")
    #expect(result.status == 0, "\(result.stderr)")
    let ledger = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let rows = try #require(ledger["measures"] as? [[String: Any]])
    #expect(rows.map { "\($0["plan"] ?? "") \($0["measure"] ?? "")" } == ["a-plan m1", "c-plan m1"])
    #expect(rows[0]["achieved"] as? Double == 3 && rows[0]["period"] as? String == "2026-H2", "\(rows[0])")
    #expect(rows[1]["achieved"] as? Double == 4.5, "\(rows[1])")
    #expect(rows[0]["light"] as? String == "red" && rows[0]["responsible_unit"] as? String == "省市场监管局")
    let overdue = try #require(ledger["overdue"] as? [[String: Any]])
    #expect(overdue.contains { $0["plan"] as? String == "a-plan" && $0["deadline"] as? String == "filing" })

    let workbook = bed.fixture.repository.folder.path("台账.xlsx")
    let written = try bed.fixture.reform(["ledger", "--format", "xlsx", "-o", workbook, "--as-of", "2026-11-27"], as: "admin")
    #expect(written.status == 0, "\(written.stderr)")
    // An independent reader: openpyxl (Debian's python3-openpyxl), each cell with its type.
    let reader = """
      import json, sys, openpyxl
      book = openpyxl.load_workbook(sys.argv[1])
      out = []
      for sheet in book.worksheets:
          out.append({"name": sheet.title, "frozen": sheet.freeze_panes, "rows": [[
              c.value.date().isoformat() if hasattr(c.value, "date") else c.value for c in row] for row in sheet.iter_rows()]})
      print(json.dumps(out, ensure_ascii=False))
      """
    let read = try Command.run("/usr/bin/python3", ["-c", reader, workbook])
    #expect(read.status == 0, "openpyxl: \(read.stderr)")
    let sheets = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [[String: Any]])
    #expect(sheets.count == 2)
    let cells = try #require(sheets.first?["rows"] as? [[Any]])
    #expect(sheets.first?["frozen"] as? String == "A2")
    #expect(cells.count == rows.count + 1)
    let keys = ["plan", "title", "version", "measure", "text", "metric", "baseline", "target", "unit", "due", "achieved", "period",
      "leader", "responsible_unit", "person"]
    for (row, line) in zip(rows, cells.dropFirst()) {
      for (column, key) in keys.enumerated() {
        let expected = row[key].map { "\($0)" } ?? "<null>"
        let found = line[column] is NSNull ? "<null>" : "\(line[column])"
        #expect(expected == found || Double(expected) == Double(found), "\(key): \(expected) ≠ \(found)")
      }
      #expect(line[9] as? String == row["due"] as? String, "the due day is a date cell")
      #expect(line[6] is NSNumber, "the baseline is a number cell")
    }
    let overdueCells = try #require(sheets.last?["rows"] as? [[Any]])
    #expect(overdueCells.count == overdue.count + 1)
    let unit = try bed.fixture.reform(["ledger", "--format", "json", "--unit", "省科技厅", "--as-of", "2026-11-27"], as: "admin")
    #expect(unit.status == 0 && !unit.stdout.contains("\"a-plan\""), "\(unit.stdout)")
    let csv = try bed.fixture.reform(["ledger", "--as-of", "2026-11-27"], as: "admin")
    #expect(csv.stdout.hasPrefix("\u{FEFF}\"plan\","), "\(csv.stdout.prefix(40))")
    #expect(csv.stdout.split(separator: "\r\n").count == rows.count + 1)
  }

  @Test func commandsBuildingTheIndexAtOnceAgree() throws {
    let bed = try SupervisionBed()
    let path = bed.fixture.repository.path
    for file in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + "/.git/reform-index.sqlite" + file) }
    let environment = Command.hermeticEnvironment
    let invocations = [["log", "a-plan", "--json"], ["status", "--json", "--as-of", "2026-11-27"], ["log", "a-plan", "--json"]]
      .map { (Command.reformBinary, $0, path, environment) }
    let results = try Command.runTogether(invocations)
    for result in results { #expect(result.status == 0, "\(result.stderr)") }
    #expect(results[0].stdout == results[2].stdout)
    #expect(results[0].stdout == (try bed.fixture.reform(["log", "a-plan", "--json"], as: "admin")).stdout)
    #expect(results[1].stdout == (try bed.fixture.reform(["status", "--json", "--as-of", "2026-11-27"], as: "admin")).stdout)
  }

  @Test func theIndexIsRebuiltAndSurvivesACorruptFile() throws {
    let bed = try SupervisionBed()
    let fixture = bed.fixture, json = bed.json
    let before = try json(["log", "a-plan"])
    let rebuilt = try fixture.reform(["index", "--rebuild"], as: "admin")
    #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
    #expect(try json(["log", "a-plan"]).map { $0["commit"] as? String } == before.map { $0["commit"] as? String })
    try Data("not a database".utf8).write(to: URL(fileURLWithPath: fixture.repository.path + "/.git/reform-index.sqlite"))
    try? FileManager.default.removeItem(atPath: fixture.repository.path + "/.git/reform-index.sqlite-wal")
    #expect(try json(["log", "a-plan"]).map { $0["commit"] as? String } == before.map { $0["commit"] as? String })
    #expect(try fixture.repository.git(["status", "--porcelain"]).stdout.isEmpty, "the index stays out of the work tree")

    // A link where the index belongs is not followed; a folder there is neither used nor deleted.
    let index = fixture.repository.path + "/.git/reform-index.sqlite"
    let elsewhere = fixture.repository.folder.path("elsewhere.sqlite")
    for file in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: index + file) }
    try FileManager.default.createSymbolicLink(atPath: index, withDestinationPath: elsewhere)
    #expect(try json(["log", "a-plan"]).map { $0["commit"] as? String } == before.map { $0["commit"] as? String })
    #expect(!FileManager.default.fileExists(atPath: elsewhere))
    try FileManager.default.removeItem(atPath: index)
    try FileManager.default.createDirectory(atPath: index + "/kept", withIntermediateDirectories: true)
    #expect(try json(["log", "a-plan"]).count == before.count)
    let refused = try fixture.reform(["index", "--rebuild"], as: "admin")
    #expect(refused.status == 3 && refused.stderr.contains("is a folder, not the plan index"), "\(refused.stderr)")
    #expect(FileManager.default.fileExists(atPath: index + "/kept"))
  }

  @Test func showAndDiffReadVersionsFromTheirTags() throws {
    let bed = try SupervisionBed()
    let fixture = bed.fixture, json = bed.json
    let tagged = try fixture.repository.git(["show", "plans/a-plan/v1:plans/a-plan/plan.md"]).stdout
    #expect(try fixture.reform(["show", "a-plan", "--version", "1"], as: "admin").stdout == tagged)
    #expect(try fixture.reform(["show", "a-plan", "--at", "2026-04-01"], as: "admin").stdout == tagged)
    let early = try fixture.reform(["show", "a-plan", "--at", "2026-03-31"], as: "admin")
    #expect(early.status == 1 && early.stderr.contains("no version of plan 'a-plan' was in force on 2026-03-31"))
    let missing = try fixture.reform(["show", "a-plan", "--version", "2"], as: "admin")
    #expect(missing.status == 1 && missing.stderr.contains("no approved version v2"))

    try fixture.must(["amend", "a-plan", "--reason", "调整目标"], as: "drafter")
    var text = Fixtures.plan(id: "a-plan").replacingOccurrences(of: "value: 1\n", with: "value: 2\n")
      .replacingOccurrences(of: "baseline: 5\n", with: "baseline: 5.0\n")
    text = text.replacingOccurrences(
      of: "measures:\n",
      with: "measures:\n  - id: m0\n    text: 新措施\n    target: {metric: 事项, baseline: 0, value: 10, unit: 项, due: 2028-06-30}\n"
        + "    responsible: {leader: 张副省长, unit: 省发展改革委, person: 李四}\n")
    text = text.replacingOccurrences(of: "## 主要任务\n\n内容。", with: "## 主要任务\n\n新内容。\n\n第二段。")
    try fixture.commitPlan("a-plan", text: text, branch: "drafting/a-plan")
    let changes = try json(["diff", "a-plan"])
    let byPath = Dictionary(uniqueKeysWithValues: changes.map { ($0["path"] as! String, $0) })
    #expect(byPath["measures[m1].target.value"]?["old"] as? Int == 1, "numbers stay numbers")
    #expect(byPath["measures[m1].target.value"]?["new"] as? Int == 2)
    #expect(byPath["measures[m0].target.value"]?["new"] as? Int == 10)
    #expect(byPath["measures[m1].target.baseline"] == nil, "5 and 5.0 are the same number")
    #expect(byPath["measures[m0].target.value"]?["old"] is NSNull)
    #expect(byPath["sections[主要任务]"]?["new"] as? String == "新内容。\n\n第二段。")
    #expect(!byPath.keys.contains { $0.hasPrefix("measures[m1].text") }, "m1 is matched by id, not position")
    #expect(try json(["diff", "a-plan", "1", "draft"]).count == changes.count)

    // The text a person reads: labels with the target's metric and unit, sections line by line, no escapes.
    let english = try fixture.reform(["diff", "a-plan"], as: "admin").stdout
    #expect(english.contains("~ m1 target value ("), "\(english)")
    #expect(english.contains("~ section “主要任务”:\n  - 内容。\n  + 新内容。\n  + \n  + 第二段。\n"), "\(english)")
    #expect(english.contains("+ m0 responsible unit: 省发展改革委\n+ m0 responsible person: 李四"), "\(english)")
    #expect(!english.contains("\\u{"), "no escapes: \(english)")
    let diff = try fixture.reform(["diff", "a-plan"], as: "admin", language: "zh_CN.UTF-8")
    #expect(diff.stdout.contains("~ m1 目标值（"), "\(diff.stdout)")
    #expect(diff.stdout.contains("~ 正文“主要任务”："), "\(diff.stdout)")
    #expect(diff.stdout.contains("+ m0 目标值（事项，项）：10"), "\(diff.stdout)")
    #expect(diff.stdout.contains("+ m0 计量单位：项") && diff.stdout.contains("+ m0 责任单位：省发展改革委"), "\(diff.stdout)")
  }

  @Test func theAnnualReportCountsPerUnitInEveryFormat() throws {
    let result = try fixture.reform(["report", "--year", "2026", "--format", "json", "--as-of", "2026-12-31"], as: "admin")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let units = try #require(report["units"] as? [[String: Any]])
    let unit = try #require(units.first { $0["unit"] as? String == "省发展改革委" })
    #expect(unit["approved_on_time"] as? Int == 2)
    #expect(unit["rectification_late"] as? Int == 1)
    #expect(unit["rectification_open"] as? Int == 1)
    #expect(unit["progress_on_time"] as? Int == 1)
    #expect(unit["progress_missing"] as? Int == 1)
    #expect(unit["inspections"] as? Int == 1)
    #expect((unit["plans_by_stage"] as? [String: Int]) == ["approved": 2, "drafting": 1])

    let csv = try fixture.reform(["report", "--year", "2026", "--format", "csv"], as: "admin")
    #expect(csv.stdout.hasPrefix("\u{FEFF}"))
    #expect(csv.stdout.contains("\"省发展改革委\""))
    let output = try fixture.repository.folder.path("report.html")
    #expect(try fixture.reform(["report", "--format", "html", "-o", output], as: "admin").status == 0)
    let html = try String(contentsOfFile: output, encoding: .utf8)
    #expect(html.contains("<svg") && !html.contains("src=\"http") && !html.contains("href=\"http"))
    #expect(try fixture.reform(["report", "--format", "md"], as: "admin").stdout.contains("| 省发展改革委 |"))
  }

  /// The report's corrections: work-plan tasks count (a plan made after its task's due day is
  /// late, a task without a plan is overdue and its unit appears), no rate when nothing was due,
  /// `--as-of` honoured or refused, an unknown unit refused, rows per jurisdiction.
  @Test func theAnnualReportCountsTasksRatesAndJurisdictions() throws {
    let fixture = try LifecycleFixture()
    let today = CalendarDate(Date())
    let year = today.year
    try fixture.plainCommit(
      [
        "work-plans/\(year).yaml":
          "tasks:\n  - {id: \(year)-01, text: 深化营商环境改革, group: 经济体制和生态文明体制改革专项小组, lead_unit: 省发展改革委, due: \(year)-01-01}\n"
          + "  - {id: \(year)-02, text: 推进数据要素改革, group: 经济体制和生态文明体制改革专项小组, lead_unit: 省数据资源局, due: \(year)-01-01}\n"
      ], on: "main", as: "admin", message: "工作要点")
    try fixture.startPlan(
      "late-plan",
      text: Fixtures.plan(id: "late-plan").replacingOccurrences(of: "source: 2027-01", with: "source: \(year)-01")
        .replacingOccurrences(of: "jurisdiction: 安徽省", with: "jurisdiction: 合肥市"))
    let report = { (arguments: [String]) throws -> [String: [String: Any]] in
      let result = try fixture.reform(["report", "--format", "json"] + arguments, as: "admin")
      #expect(result.status == 0, "\(result.stderr)")
      let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
      let rows = document?["units"] as? [[String: Any]] ?? []
      let key = document?["grouped_by"] as? String ?? "unit"
      return Dictionary(uniqueKeysWithValues: rows.map { ($0[key] as? String ?? "?", $0) })
    }
    let endOfYear = "\(year)-12-31"
    let byUnit = try report(["--year", String(year), "--as-of", endOfYear])
    let planned = try #require(byUnit["省发展改革委"])
    let madeAfterDueDay = today.description > "\(year)-01-01"
    #expect(planned["tasks_late"] as? Int == (madeAfterDueDay ? 1 : 0), "\(planned)")
    #expect(planned["tasks_on_time"] as? Int == (madeAfterDueDay ? 0 : 1))
    let unplanned = try #require(byUnit["省数据资源局"], "a unit with a task and no plan appears")
    #expect(unplanned["tasks_without_plan"] as? Int == 1 && unplanned["deadlines_due"] as? Int == 1)
    #expect(unplanned["overdue"] as? Int == 1 && unplanned["on_time_rate"] as? Double == 0)

    let nothingDue = try report(["--year", String(year + 1), "--as-of", "\(year + 1)-01-01"])
    #expect(nothingDue["省发展改革委"]?["on_time_rate"] is NSNull, "no rate when nothing was due")
    let markdown = try fixture.reform(["report", "--year", String(year + 1), "--as-of", "\(year + 1)-01-01"], as: "admin")
    #expect(markdown.stdout.contains("| 0 | 0 | — |"), "\(markdown.stdout)")

    let byJurisdiction = try report(["--year", String(year), "--as-of", endOfYear, "--by", "jurisdiction"])
    #expect(byJurisdiction["合肥市"]?["plans_by_stage"] as? [String: Int] == ["drafting": 1])
    #expect(byJurisdiction[""]?["tasks_without_plan"] as? Int == 1, "a task without a plan has no jurisdiction")
    let hefei = try report(["--year", String(year), "--as-of", endOfYear, "--jurisdiction", "合肥市"])
    #expect(Set(hefei.keys) == ["省发展改革委"])

    let unknown = try fixture.reform(["report", "--unit", "省不存在厅"], as: "admin")
    #expect(unknown.status == 1 && unknown.stderr.contains("省数据资源局") && unknown.stderr.contains("省发展改革委"))
    let early = try fixture.reform(["report", "--year", String(year), "--as-of", "\(year - 1)-06-01"], as: "admin")
    #expect(early.status == 2 && early.stderr.contains("before \(year) begins"), "\(early.stderr)")
    let summary = try fixture.reform(["status", "--summary", "地区"], as: "admin")
    #expect(summary.stdout.contains("合肥市"), "\(summary.stdout)")
    let listed = try fixture.reform(["status"], as: "admin")
    #expect(listed.stdout.contains("responsible unit") && listed.stdout.contains("李四"), "\(listed.stdout)")
    let overdue = try fixture.reform(["overdue", "--summary", "unit"], as: "admin")
    #expect(overdue.stdout.hasPrefix("unit") && overdue.stdout.contains("省数据资源局  1"), "\(overdue.stdout)")
    let items = try fixture.reform(["overdue"], as: "admin")
    #expect(items.stdout.hasPrefix("id") && items.stdout.contains("省数据资源局"), "\(items.stdout)")
  }

  /// The HTML report in a real browser: headless Chromium renders it to a screenshot and its
  /// parsed page holds the board, the tables and the chart's bars.
  @Test func theHTMLReportRendersInHeadlessChromium() throws {
    let fixture = try fixture
    let folder = fixture.repository.folder
    let page = folder.path("chromium-report.html")
    let written = try fixture.reform(
      ["report", "--year", "2026", "--format", "html", "--as-of", "2026-12-31", "-o", page], as: "admin")
    #expect(written.status == 0, "\(written.stderr)")
    let browser = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
    let chromium = try #require(browser, "headless Chromium is needed: scripts/install-dependencies installs it")
    let flags = "--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir=\(folder.path("chromium-profile"))"
    let screenshot = folder.path("report.png")
    let rendered = try Command.shell(
      """
      timeout 120 \(chromium) \(flags) --window-size=1280,1400 --screenshot=\(screenshot) file://\(page) >/dev/null 2>&1 </dev/null
      timeout 120 \(chromium) \(flags) --dump-dom file://\(page) > dom.html 2>/dev/null </dev/null
      echo done
      """, in: folder.url.path)
    #expect(rendered.stdout == "done\n")
    let image = try Data(contentsOf: URL(fileURLWithPath: screenshot))
    #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
    #expect(image.count > 20_000, "a page with content, not a blank one: \(image.count) bytes")
    let dom = try String(contentsOfFile: folder.path("dom.html"), encoding: .utf8)
    #expect(dom.contains("class=\"light red\""), "the board shows a red plan")
    #expect(dom.contains("<rect class=\"bar\""), "the chart's bars are in the rendered page")
    #expect(dom.contains("省发展改革委"), "Chinese text survives")
  }

  /// Holes a hostile tester found in the queries, each now closed.
  @Test func forgedTagsAndUnapprovedEditsDoNotChangeWhatIsInForce() throws {
    let bed = try SupervisionBed()
    let fixture = bed.fixture
    let merge = try fixture.repository.revParse("plans/a-plan/v1^{commit}")
    // An unsigned annotated tag on the approval merge, naming a later version.
    #expect(try fixture.repository.git(["-c", "tag.gpgSign=false", "tag", "-a", "-m", "伪造", "plans/a-plan/v7", merge]).status == 0)
    // An edit of plan.md on main that no approval made: a target due long ago.
    let forged = Fixtures.plan(id: "a-plan").replacingOccurrences(of: "due: 2027-12-31", with: "due: 2020-01-01")
      .replacingOccurrences(of: "title: 关于深化营商环境改革的实施方案", with: "title: 篡改")
    try fixture.plainCommit(["plans/a-plan/plan.md": forged], on: "main", as: "drafter")
    // A stage branch made with plain git on a commit of main, with no commit of its own.
    #expect(try fixture.repository.git(["branch", "review/a-plan", "main"]).status == 0)
    let status = try bed.json(["status", "--as-of", "2026-11-27"]).first { $0["id"] as? String == "a-plan" }
    #expect(status?["version"] as? Int == 1, "the unsigned tag counts for nothing")
    #expect(status?["stage"] as? String == "approved", "a branch with no commit of its own holds no version")
    #expect(status?["title"] as? String == "关于深化营商环境改革的实施方案", "the approved text is in force")
    #expect(!(try bed.overdue(on: "2026-11-27")).contains("a-plan target 2020-01-01"))
    let show = try fixture.reform(["show", "a-plan", "--version", "7"], as: "admin")
    #expect(show.status == 1 && show.stderr.contains("no approved version v7"), "\(show.stderr)")
  }

  @Test func whatCannotBeJudgedIsSaidAndTurnsRed() throws {
    let bed = try SupervisionBed()
    let fixture = bed.fixture
    try fixture.plainCommit(
      ["plans/b-plan/plan.md": Fixtures.plan(id: "b-plan").replacingOccurrences(of: "jurisdiction: 安徽省", with: "jurisdiction: [oops")],
      on: "drafting/b-plan", as: "drafter")
    try fixture.plainCommit(["work-plans/2027.yaml": "tasks: [oops\n"], on: "main", as: "admin")
    let status = try fixture.reform(["status", "--as-of", "2026-11-27"], as: "admin")
    #expect(status.status == 0)
    #expect(status.stdout.contains("红\tb-plan\t"), "\(status.stdout)")
    #expect(status.stderr.contains("plan 'b-plan': plans/b-plan/plan.md does not parse"), "\(status.stderr)")
    #expect(status.stderr.contains("work-plans/2027.yaml on main is not valid"), "\(status.stderr)")
    let overdue = try fixture.reform(["overdue", "--as-of", "2027-07-01"], as: "admin")
    #expect(overdue.stderr.contains("work-plans/2027.yaml on main is not valid"), "\(overdue.stderr)")
  }

  @Test func outputThatCannotBeWrittenIsAnErrorNotACrash() throws {
    let fixture = try fixture
    for arguments in [["status", "--json"], ["status"], ["log", "a-plan"], ["report", "--format", "csv"]] {
      let result = try Command.shell(
        "REFORM_SIGNING_KEY=x \(Command.reformBinary) \(arguments.joined(separator: " ")) > /dev/full; echo \"rc $?\"",
        in: fixture.repository.path)
      #expect(result.stdout == "rc 3\n", "\(arguments): \(result.stdout) \(result.stderr)")
      #expect(result.stderr.hasPrefix("reform: cannot write to standard output"), "\(result.stderr)")
      #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }
    let folder = fixture.repository.folder
    for target in [folder.url.path, "/dev/null", ""] {
      let result = try fixture.reform(["report", "-o", target], as: "admin")
      #expect(result.status != 0 && result.status != 3 || target.isEmpty, "\(target): \(result.stderr)")
      #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }
    #expect(FileManager.default.fileExists(atPath: "/dev/null") && (try? FileManager.default.destinationOfSymbolicLink(atPath: "/dev/null")) == nil)
  }

  @Test func aColdQueryReportsItsIndexingAndJudgingUntilDone() throws {
    let copy = try TemporaryDirectory()
    // A copy without the index, taken while the suite's other tests may be writing it.
    let copied = try Command.shell(
      "tar -C '\(try fixture.repository.path)' --exclude='reform-index.sqlite*' --exclude='*.lock' -cf - . | tar -C '\(copy.url.path)' -xf -",
      in: copy.url.path)
    #expect(copied.status == 0, "\(copied.stderr)")
    let plans = try PlanRepository.open(at: copy.url.path)
    let heard = Mutex<[(LongWork, Int, Int)]>([])
    plans.progress = { work, done, total in heard.withLock { $0.append((work, done, total)) } }
    let lines = try plans.status(DeadlineRules(day: CalendarDate(Date())))
    let reports = heard.withLock { $0 }
    let indexing = reports.filter { $0.0 == .indexing }
    let judging = reports.filter { $0.0 == .judging }
    #expect(indexing.last.map { $0.1 == $0.2 && $0.2 > 0 } == true, "\(reports)")
    #expect(judging.last.map { $0.1 == lines.count && $0.2 == lines.count } == true, "\(reports)")
    #expect(reports.firstIndex { $0.0 == .judging }! > reports.lastIndex { $0.0 == .indexing }!, "\(reports)")
  }
}
