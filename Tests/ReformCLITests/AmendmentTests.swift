import Foundation
import TestSupport
import Testing

/// Amendments (article 10): a draft of version N + 1 that is withdrawn while version N stays in
/// force, driven through the built binary and checked with stock git and `reform verify`.
@Suite struct AmendmentTests {
  /// Plan `id` approved as version 1 by the leading group, then amended with a changed target.
  private func amended(_ fixture: LifecycleFixture, _ id: String) throws {
    try fixture.planInReview(id)
    try fixture.must(LifecycleFixture.decision(id, "leading-group"), as: "approver")
    try fixture.must(["amend", id, "--reason", "按新规定调整目标"], as: "drafter")
    let text = Fixtures.plan(id: id).replacingOccurrences(
      of: "issuance: party-committee", with: "issuance: group"
    )
    .replacingOccurrences(of: "value: 1\n", with: "value: 2\n")
    try fixture.commitPlan(id, text: text, branch: "drafting/\(id)")
  }

  /// The plan's line of `reform status --json`.
  private func status(_ fixture: LifecycleFixture, _ id: String) throws -> [String: Any] {
    let result = try fixture.reform(["status", "--json"], as: "admin")
    let lines = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    return lines.first { $0["id"] as? String == id } ?? [:]
  }

  @Test func anAmendmentsDraftIsWithdrawnAndVersionNStaysInForce() throws {
    let fixture = try LifecycleFixture()
    try amended(fixture, "a-plan")
    let repository = fixture.repository
    let main = try repository.revParse("main")
    let tag = try repository.revParse("plans/a-plan/v1")
    let draft = try repository.revParse("drafting/a-plan")
    let withdrawn = try fixture.reform(["withdraw", "a-plan", "--reason", "另行起草"], as: "drafter")
    #expect(withdrawn.status == 0, "\(withdrawn.stderr)")
    #expect(withdrawn.stdout.contains("version 1 stays in force"), "\(withdrawn.stdout)")
    #expect(try repository.git(["branch", "--list", "drafting/*"]).stdout.isEmpty)
    #expect(try repository.git(["rev-parse", "withdrawn/a-plan~1"]).stdout.hasPrefix(draft))
    #expect(try repository.revParse("main") == main && repository.revParse("plans/a-plan/v1") == tag)
    let line = try status(fixture, "a-plan")
    #expect(line["stage"] as? String == "approved" && line["version"] as? Int == 1, "\(line)")
    let shown = try fixture.reform(["show", "a-plan"], as: "admin")
    #expect(shown.stdout.contains("value: 1\n"), "the version in force is v1: \(shown.stdout)")
    let verify = try Command.reform(["verify"], in: repository.path)
    #expect(verify.status == 0, "\(verify.stdout)")

    // The approved version itself is never withdrawn.
    try fixture.expectRefusal(
      ["withdraw", "a-plan", "--reason", "撤回"], as: "drafter", "an approved version is not withdrawn")

    // The plan may be amended again; that draft cannot be withdrawn too, and its approval counts.
    try fixture.must(["amend", "a-plan", "--reason", "再次修订"], as: "drafter")
    #expect(try status(fixture, "a-plan")["stage"] as? String == "drafting")
    try fixture.expectRefusal(
      ["withdraw", "a-plan", "--reason", "撤回"], as: "drafter", "keeps an earlier withdrawn amendment")
    #expect(try Command.reform(["verify"], in: repository.path).status == 0)
    try fixture.advanceToReview("a-plan")
    try fixture.addReviews("a-plan")
    try fixture.must(LifecycleFixture.decision("a-plan", "leading-group"), as: "approver")
    #expect(try repository.git(["tag", "--list"]).stdout == "plans/a-plan/v1\nplans/a-plan/v2\n")
    let approved = try Command.reform(["verify"], in: repository.path)
    #expect(approved.status == 0, "\(approved.stdout)")
    #expect(try status(fixture, "a-plan")["version"] as? Int == 2)
  }

  /// Plan `id`, neither major nor a party-committee document, approved as version 1 by the
  /// government executive meeting, then amended into a major plan and taken to review.
  private func amendedIntoAMajorPlan(_ fixture: LifecycleFixture, _ id: String) throws {
    let text = Fixtures.plan(id: id).replacingOccurrences(
      of: "issuance: party-committee", with: "issuance: group")
    try fixture.startPlan(id, text: text.replacingOccurrences(of: "major: true", with: "major: false"))
    try fixture.advanceToReview(id)
    try fixture.addReviews(id)
    try fixture.must(LifecycleFixture.decision(id, "government-executive"), as: "approver")
    try fixture.must(["amend", id, "--reason", "上升为重大改革"], as: "drafter")
    try fixture.commitPlan(
      id, text: text.replacingOccurrences(of: "value: 1\n", with: "value: 2\n"), branch: "drafting/\(id)")
    try fixture.advanceToReview(id)
    try fixture.addReviews(id)
  }

  @Test func anAmendmentGoesBackToTheBodyThatApprovedTheVersionInForce() throws {
    let fixture = try LifecycleFixture()
    try amendedIntoAMajorPlan(fixture, "a-plan")
    let todo = try fixture.reform(["todo", "--json"], as: "approver")
    #expect(todo.stdout.contains("\"type\" : \"government-executive\""), "\(todo.stdout)")
    try fixture.expectRefusal(
      LifecycleFixture.decision("a-plan", "leading-group"), as: "approver",
      "the route of 'a-plan' is government-executive → leading-group (an amendment goes back to the "
        + "bodies that approved version 1, article 10: government-executive); the next decision is "
        + "government-executive")
    var chinese = Command.hermeticEnvironment
    chinese["LANG"] = "zh_CN.UTF-8"
    chinese["REFORM_SIGNING_KEY"] = fixture.repository.folder.path("approver.key")
    let refused = try Command.reform(
      LifecycleFixture.decision("a-plan", "leading-group"), in: fixture.repository.path, environment: chinese)
    #expect(
      refused.status == 1 && refused.stderr.contains("修订须回到审定第 1 版的机构，第十条：省政府常务会议"), "\(refused.stderr)")
    try fixture.must(LifecycleFixture.decision("a-plan", "government-executive"), as: "approver")
    #expect(
      try fixture.reform(["todo", "--json"], as: "approver").stdout.contains("\"type\" : \"leading-group\""))
    try fixture.must(LifecycleFixture.decision("a-plan", "leading-group"), as: "approver")
    #expect(try fixture.repository.git(["tag", "--list"]).stdout == "plans/a-plan/v1\nplans/a-plan/v2\n")
    let verify = try Command.reform(["verify"], in: fixture.repository.path)
    #expect(verify.status == 0, "\(verify.stdout)")
  }

  @Test func theJudgeRefusesAnAmendmentApprovedWithoutTheBodyOfTheVersionInForce() throws {
    let fixture = try LifecycleFixture()
    try amendedIntoAMajorPlan(fixture, "a-plan")
    // The leading group's decision alone, and a merge made by hand past the command.
    try fixture.plainCommit(
      [
        "plans/a-plan/records/2026-04-02-decision.md":
          "---\nkind: decision\ndate: 2026-04-02\nbody: leading-group\nmeeting: 第2次会议\n"
          + "verdict: approved\n---\n"
      ],
      on: "review/a-plan", as: "approver")
    let repository = fixture.repository
    let merged = try repository.git([
      "-c", "user.signingkey=" + repository.folder.path("approver.key"), "merge", "--no-ff", "--no-verify",
      "-q",
      "-m", "approve\n\nReform-Plan: a-plan\nReform-Action: approve\nReform-Stage: approved", "review/a-plan",
    ])
    #expect(merged.status == 0, "\(merged.stderr)")
    let verify = try Command.reform(["verify"], in: repository.path)
    #expect(verify.status == 1)
    #expect(
      verify.stdout.contains(
        ": gate: review → approved of a-plan: the decisions recorded (leading-group) are not "
          + "the route government-executive → leading-group"), "\(verify.stdout)")
  }
}
