import Foundation
import TestSupport
import Testing

/// `reform record`: the names it gives records and the fields it takes, driven through the built
/// binary and checked with stock git.
@Suite struct RecordTests {
  @Test func aReviewsFileNameCarriesItsTypeAndOlderNamesStillCount() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("r-plan", reviews: false)
    let legal = ["record", "r-plan", "review", "--field", "type=legal", "--date", "2026-03-01"]
    let first = try fixture.reform(legal + ["--field", "verdict=revise"], as: "legal")
    #expect(
      first.status == 0 && first.stdout == "plans/r-plan/records/2026-03-01-review-legal.md\n",
      "\(first.stderr)")
    let second = try fixture.reform(legal + ["--field", "verdict=pass"], as: "legal")
    #expect(second.stdout == "plans/r-plan/records/2026-03-01-review-legal-2.md\n", "\(second.stderr)")
    let office = try fixture.reform(
      [
        "record", "r-plan", "review", "--field", "type=改革办审核", "--field", "verdict=pass", "--date",
        "2026-03-01",
      ],
      as: "office")
    #expect(office.stdout == "plans/r-plan/records/2026-03-01-review-reform-office.md\n", "\(office.stderr)")

    // Reviews committed by hand under the names older versions wrote count as before.
    let standards =
      "standards: {political_correctness: pass, problem_targeting: pass, breakthrough: pass, "
      + "coherence: pass, procedural_completeness: pass}\n"
    let records = "plans/r-plan/records/"
    try fixture.plainCommit(
      [
        records + "2026-03-01-review.md":
          "---\nkind: review\ndate: 2026-03-01\ntype: content\nverdict: pass\n\(standards)---\n",
        records + "2026-03-01-review-2.md":
          "---\nkind: review\ndate: 2026-03-01\ntype: procedure\nverdict: pass\n---\n",
      ], on: "review/r-plan", as: "reviewer")
    try fixture.must(LifecycleFixture.decision("r-plan", "leading-group"), as: "approver")
    #expect(try fixture.repository.git(["tag", "--list"]).stdout == "plans/r-plan/v1\n")
    let verify = try Command.reform(["verify"], in: fixture.repository.path)
    #expect(verify.status == 0, "\(verify.stdout)")
    let validate = try fixture.reform(["validate"], as: "admin")
    #expect(validate.status == 0, "\(validate.stdout) \(validate.stderr)")
  }

  @Test func aTypeThatDisagreesWithTheFileNameIsOneProblem() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("r-plan", reviews: false)
    let repository = fixture.repository
    try repository.git(["switch", "-q", "review/r-plan"])
    try repository.write(
      "plans/r-plan/records/2026-03-01-review-legal.md",
      "---\nkind: review\ndate: 2026-03-01\ntype: expert\nverdict: pass\n---\n")
    try repository.git(["add", "-A"])
    let committed = try repository.git([
      "-c", "user.signingkey=" + repository.folder.path("legal.key"), "commit", "-qm", "审查",
    ])
    #expect(committed.status != 0, "the pre-commit hook let a mismatched review through")
    #expect(
      committed.stderr.contains(
        "2026-03-01-review-legal.md:4: type: is 'expert' but the file name says 'legal'"),
      "\(committed.stderr)")
    let validate = try fixture.reform(
      ["validate", "plans/r-plan/records/2026-03-01-review-legal.md"], as: "legal")
    #expect(validate.status == 1)
    #expect(
      validate.stdout.split(separator: "\n").count + validate.stderr.split(separator: "\n").count == 2,
      "one problem and the summary: \(validate.stdout) \(validate.stderr)")
  }

  @Test func aListFieldTakesOneItemPerField() throws {
    let kinds = try Command.reform(["record", "--kinds"])
    #expect(
      kinds.stdout.contains("  lists, one item per --field: participants, not_adopted\n"), "\(kinds.stdout)")
    let fixture = try LifecycleFixture()
    try fixture.startPlan("a-plan", text: Fixtures.plan(id: "a-plan"))
    let consultation = [
      "record", "a-plan", "consultation", "--field", "type=public", "--field", "opinions_received=3",
      "--field", "opinions_adopted=2", "--date", "2026-02-01", "--field", "participants=甲",
      "--field", "participants=乙", "--field", "not_adopted={opinion: 取消审批, reason: 于法无据}",
    ]
    let recorded = try fixture.reform(consultation, as: "drafter")
    #expect(recorded.status == 0, "\(recorded.stderr)")
    let text = try fixture.repository.git(
      ["show", "drafting/a-plan:plans/a-plan/records/2026-02-01-consultation.md"]
    ).stdout
    #expect(text.contains("participants: [\"甲\", \"乙\"]\n"), "\(text)")
    #expect(text.contains("not_adopted: [{\"opinion\": \"取消审批\", \"reason\": \"于法无据\"}]\n"), "\(text)")

    // The items given replace a --file's list, however the file wrote it.
    let file = try fixture.repository.folder.write(
      "consultation.md",
      "---\nkind: consultation\ntype: expert\nparticipants:\n  - 丙\n\n  - 丁\nopinions_received: 1\n"
        + "opinions_adopted: 1\n---\n\n意见。\n")
    let replaced = try fixture.reform(
      [
        "record", "a-plan", "consultation", "--file", file, "--field", "participants=甲", "--date",
        "2026-02-01",
      ],
      as: "drafter")
    #expect(replaced.status == 0, "\(replaced.stderr)")
    let second = try fixture.repository.git(
      ["show", "drafting/a-plan:plans/a-plan/records/2026-02-01-consultation-2.md"]
    ).stdout
    #expect(
      second.contains("participants: [\"甲\"]\nopinions_received: 1\n") && !second.contains("丙"), "\(second)")

    let before = try fixture.references()
    for (language, message) in [("C", "takes one value"), ("zh_CN.UTF-8", "只取一个值")] {
      var environment = Command.hermeticEnvironment
      environment["LANG"] = language
      environment["REFORM_SIGNING_KEY"] = fixture.repository.folder.path("drafter.key")
      let twice = try Command.reform(
        ["record", "a-plan", "research", "--field", "summary=甲", "--field", "summary=乙"],
        in: fixture.repository.path, environment: environment)
      #expect(twice.status == 2 && twice.stderr.contains(message), "\(twice.stderr)")
      #expect(twice.stderr.split(separator: "\n").count == 1, "\(twice.stderr)")
    }
    #expect(try fixture.references() == before)
    try fixture.expectRefusal(
      consultation.dropLast(2) + ["--field", "not_adopted=取消审批"], as: "drafter", status: 2,
      "written {opinion: …, reason: …}")
  }

  @Test func implementationRecordsTakeTheirListsByField() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("a-plan")
    try fixture.must(LifecycleFixture.decision("a-plan", "leading-group"), as: "approver")
    let inspection = try fixture.reform(
      [
        "record", "a-plan", "inspection", "--field", "inspector=督察组", "--field", "findings=进度滞后",
        "--field", "findings=台账不全", "--field", "rectification={id: r1, problem: 未建平台, due: 2026-12-31}",
        "--field", "rectification={id: r2, problem: 未建台账, due: 2026-12-31}", "--date", "2026-05-01",
      ], as: "inspector")
    #expect(inspection.stdout == "plans/a-plan/records/2026-05-01-inspection.md\n", "\(inspection.stderr)")
    let text = try fixture.repository.git(["show", "main:plans/a-plan/records/2026-05-01-inspection.md"])
      .stdout
    #expect(text.contains("findings: [\"进度滞后\", \"台账不全\"]\n"), "\(text)")
    #expect(text.contains("{\"id\": \"r2\", \"problem\": \"未建台账\", \"due\": 2026-12-31}]\n"), "\(text)")
    try fixture.must(
      [
        "record", "a-plan", "rectification", "--field", "inspection=2026-05-01-inspection.md",
        "--field", "items={id: r1, done: true}", "--field", "items={id: r2, done: false}", "--date",
        "2026-06-01",
      ], as: "drafter")
    try fixture.must(
      [
        "record", "a-plan", "progress", "--field", "period=2026-H1",
        "--field", "measures={measure: m1, achieved: 3, status: 推进中}", "--date", "2026-06-01",
      ], as: "drafter")
    let progress = try fixture.repository.git(["show", "main:plans/a-plan/records/2026-06-01-progress.md"])
      .stdout
    #expect(progress.contains("measures: [{\"measure\": \"m1\", \"achieved\": 3, \"status\": \"推进中\"}]"))
    let overdue = try fixture.reform(["overdue", "--as-of", "2027-01-05", "--json"], as: "admin")
    #expect(overdue.stdout.contains("r2") && !overdue.stdout.contains("\"r1"), "\(overdue.stdout)")
    #expect(try Command.reform(["verify"], in: fixture.repository.path).status == 0)
  }

  /// A record without `--date` is dated today where the member is, and its commit carries that
  /// offset, both as git and `date` read the time zone (`TZ`): 26 hours apart, the two days differ.
  @Test func aRecordIsDatedTodayInTheMembersTimeZone() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("a-plan")
    try fixture.must(LifecycleFixture.decision("a-plan", "leading-group"), as: "approver")
    for (zone, offset) in [("<+14>-14", "+1400"), ("<-12>+12", "-1200")] {
      var environment = Command.hermeticEnvironment
      environment["REFORM_SIGNING_KEY"] = fixture.repository.folder.path("inspector.key")
      environment["TZ"] = zone
      let today = { try Command.run("/bin/date", ["+%F"], environment: environment).stdout.dropLast() }
      let before = try today()
      let result = try Command.reform(
        ["record", "a-plan", "inspection", "--field", "inspector=督察组", "--field", "findings=良好"],
        in: fixture.repository.path, environment: environment)
      let after = try today()
      #expect(result.status == 0, "\(result.stderr)")
      let day = String(result.stdout.dropFirst("plans/a-plan/records/".count).prefix(10))
      #expect(day == before || day == after, "\(zone): \(result.stdout)")
      let commit = try fixture.repository.git(["cat-file", "-p", "main"]).stdout
      let committer = commit.split(separator: "\n").first { $0.hasPrefix("committer ") }
      #expect(committer?.hasSuffix(offset) == true, "\(zone): \(commit)")
    }
  }
}
