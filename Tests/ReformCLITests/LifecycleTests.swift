import Foundation
import TestSupport
import Testing

/// The gates, routes and role rules of SPEC sections 2 and 5, driven through the built binary and
/// checked with stock git. Every refusal must leave every reference as it was.
@Suite struct LifecycleTests {
  @Test func newCreatesADraftingBranchAndRefusesTakenOrBadIds() throws {
    let fixture = try LifecycleFixture()
    try fixture.must(["new", "a-plan", "--kind", "pilot", "--title", "试点"], as: "drafter")
    let text = try fixture.repository.git(["show", "drafting/a-plan:plans/a-plan/plan.md"]).stdout
    #expect(text.contains("id: a-plan\n"))
    #expect(text.contains("kind: pilot\n"))
    #expect(text.contains("lead_unit: \"省发展改革委\"\n"))
    #expect(try fixture.repository.git(["log", "-1", "--format=%(trailers:key=Reform-Action,valueonly)", "drafting/a-plan"]).stdout == "new\n\n")
    try fixture.expectRefusal(["new", "a-plan", "--kind", "pilot"], as: "drafter", status: 2, "taken")
    try fixture.expectRefusal(["new", "../etc", "--kind", "pilot"], as: "drafter", status: 2, "not a valid plan id")
    try fixture.expectRefusal(["new", "b-plan", "--kind", "pilot"], as: "reviewer", "role drafter")
  }

  @Test func draftingToConsultationNeedsAValidPlanAndResearchWhenMajor() throws {
    let fixture = try LifecycleFixture()
    try fixture.must(["new", "a-plan", "--kind", "implementation"], as: "drafter")
    try fixture.expectRefusal(["submit", "a-plan"], as: "drafter", "jurisdiction: must not be empty")
    try fixture.commitPlan("a-plan", text: Fixtures.plan(id: "a-plan"), branch: "drafting/a-plan")
    try fixture.expectRefusal(["submit", "a-plan"], as: "drafter", "needs a research record (major is true)")
    try fixture.expectRefusal(["submit", "a-plan"], as: "otherDrafter", "of the unit 省发展改革委")
    try fixture.must(["record", "a-plan", "research", "--field", "summary=调研"], as: "drafter")
    try fixture.must(["submit", "a-plan"], as: "drafter")
    #expect(try fixture.repository.git(["branch", "--list", "drafting/a-plan", "consultation/a-plan"]).stdout == "  consultation/a-plan\n")

    let minor = Fixtures.plan(id: "b-plan").replacingOccurrences(of: "major: true", with: "major: false")
    try fixture.startPlan("b-plan", text: minor)
    try fixture.must(["submit", "b-plan"], as: "drafter")
  }

  @Test(arguments: [
    ("cross_department", "departmental"), ("public_interest", "public"), ("technical", "expert"),
    ("stability_risk", "stability-risk"),
  ])
  func consultationToReviewNeedsEachRequiredConsultation(flag: String, type: String) throws {
    let fixture = try LifecycleFixture()
    var text = Fixtures.plan(id: "a-plan").replacingOccurrences(of: "major: true", with: "major: false")
    for other in ["public_interest", "technical", "cross_department", "stability_risk"] {
      text = text.replacingOccurrences(of: "\(other): true", with: "\(other): false")
    }
    text = text.replacingOccurrences(of: "\(flag): false", with: "\(flag): true")
    try fixture.startPlan("a-plan", text: text)
    try fixture.must(["submit", "a-plan"], as: "drafter")
    try fixture.expectRefusal(["submit", "a-plan"], as: "drafter", "consultation record of type \(type) (impacts.\(flag) is true)")
    try fixture.must(
      ["record", "a-plan", "consultation", "--field", "type=\(type)", "--field", "opinions_received=1",
        "--field", "opinions_adopted=1"], as: "drafter")
    try fixture.must(["submit", "a-plan"], as: "drafter")
  }

  @Test func reviewsAreRecordedByTheirRolesAndMustPassAfterTheLastChange() throws {
    let fixture = try LifecycleFixture()
    try fixture.startPlan("a-plan", text: Fixtures.plan(id: "a-plan"))
    try fixture.advanceToReview("a-plan")
    let legal = ["record", "a-plan", "review", "--field", "type=legal", "--field", "verdict=pass"]
    try fixture.expectRefusal(legal, as: "reviewer", "role legal")
    let procedure = ["record", "a-plan", "review", "--field", "type=procedure", "--field", "verdict=pass"]
    try fixture.expectRefusal(procedure, as: "otherReviewer", "special group 经济体制和生态文明体制改革专项小组")
    try fixture.expectRefusal(procedure + ["--date", "2999-01-01"], as: "reviewer", "in the future")
    try fixture.expectRefusal(
      ["record", "a-plan", "review", "--field", "type=procedure", "--field", "verdict=maybe"], as: "reviewer",
      "verdict: must be one of")
    let approve = LifecycleFixture.decision("a-plan", "government-executive")
    try fixture.expectRefusal(approve, as: "approver", "of type content, legal, procedure, reform-office")
    try fixture.addReviews("a-plan", reformOffice: false)
    try fixture.expectRefusal(approve, as: "approver", "of type reform-office")
    try fixture.must(
      ["record", "a-plan", "review", "--field", "type=reform-office", "--field", "verdict=pass"], as: "office")
    try fixture.expectRefusal(approve, as: "drafter", "role approver")

    // Returned and changed: the earlier reviews no longer count.
    try fixture.expectRefusal(["return", "a-plan", "--reason", "改"], as: "otherReviewer", "special group")
    try fixture.must(["return", "a-plan", "--reason", "目标不清"], as: "reviewer")
    try fixture.commitPlan(
      "a-plan", text: Fixtures.plan(id: "a-plan").replacingOccurrences(of: "value: 1", with: "value: 2"),
      branch: "drafting/a-plan")
    try fixture.must(["submit", "a-plan"], as: "drafter")
    try fixture.must(["submit", "a-plan"], as: "drafter")
    try fixture.expectRefusal(approve, as: "approver", "newer than the last change to plan.md")
  }

  @Test func aPartyCommitteeDocumentFollowsItsRouteInOrderAndIsMergedAndTagged() throws {
    let fixture = try LifecycleFixture()
    try fixture.startPlan("a-plan", text: Fixtures.plan(id: "a-plan"))
    try fixture.advanceToReview("a-plan")
    try fixture.addReviews("a-plan")
    try fixture.expectRefusal(
      LifecycleFixture.decision("a-plan", "leading-group"), as: "approver",
      "government-executive → leading-group → standing-committee; the next decision is government-executive")
    try fixture.must(LifecycleFixture.decision("a-plan", "government-executive", date: "2026-04-01"), as: "approver")
    try fixture.must(
      LifecycleFixture.decision("a-plan", "leading-group", date: "2026-04-02", verdict: "deferred"), as: "approver")
    try fixture.expectRefusal(
      LifecycleFixture.decision("a-plan", "leading-group", date: "2026-03-01"), as: "approver", "before the newest record the approval counts")
    try fixture.must(LifecycleFixture.decision("a-plan", "leading-group", date: "2026-04-03"), as: "approver")
    #expect(try fixture.repository.git(["branch", "--list", "review/a-plan"]).stdout != "")
    try fixture.must(LifecycleFixture.decision("a-plan", "standing-committee", date: "2026-04-04"), as: "approver")

    let git = fixture.repository
    #expect(try git.git(["branch", "--list", "review/a-plan"]).stdout == "")
    #expect(try git.git(["cat-file", "-t", "plans/a-plan/v1"]).stdout == "tag\n")
    let merge = try git.revParse("plans/a-plan/v1^{commit}")
    #expect(merge == (try git.revParse("main")))
    #expect(try git.git(["rev-list", "--parents", "-n", "1", merge]).stdout.split(separator: " ").count == 3)
    #expect(try git.git(["verify-commit", merge]).status == 0)
    #expect(try git.git(["show", "main:plans/a-plan/plan.md"]).stdout == Fixtures.plan(id: "a-plan"))
    #expect(try git.git(["log", "-1", "--format=%(trailers:key=Reform-Stage,valueonly)", "main"]).stdout == "approved\n\n")
    #expect(try git.git(["status", "--porcelain"]).stdout == "")
    #expect(try git.git(["fsck", "--strict"]).status == 0)
  }

  @Test func countersigningNeedsEveryUnitAndOtherRoutesAreChosen() throws {
    let fixture = try LifecycleFixture()
    let text = Fixtures.plan(id: "a-plan").replacingOccurrences(of: "major: true", with: "major: false")
      .replacingOccurrences(of: "issuance: party-committee", with: "issuance: government")
    try fixture.startPlan("a-plan", text: text)
    try fixture.advanceToReview("a-plan")
    try fixture.addReviews("a-plan", reformOffice: false)
    try fixture.expectRefusal(
      LifecycleFixture.decision("a-plan", "leading-group"), as: "approver", "one of government-executive")
    let countersign = LifecycleFixture.decision("a-plan", "countersign")
    try fixture.expectRefusal(countersign, as: "approver", "missing: 省市场监管局, 省数据资源局")
    let market = [
      "record", "a-plan", "countersign", "--field", "unit=省市场监管局", "--field", "verdict=approved", "--date", "2026-03-02",
    ]
    try fixture.expectRefusal(market, as: "data", "of the unit 省市场监管局")
    try fixture.must(market, as: "market")
    try fixture.expectRefusal(countersign, as: "approver", "missing: 省数据资源局")
    try fixture.must(
      ["record", "a-plan", "countersign", "--field", "unit=省数据资源局", "--field", "verdict=approved", "--date", "2026-03-02"],
      as: "data")
    // A decision dated before a countersignature it rests on is refused by the command as by the judge.
    try fixture.expectRefusal(
      LifecycleFixture.decision("a-plan", "countersign", date: "2026-03-01"), as: "approver", "before the newest record")
    try fixture.must(countersign, as: "approver")
    #expect(try fixture.repository.git(["cat-file", "-t", "plans/a-plan/v1"]).stdout == "tag\n")
  }

  @Test func aRejectedDecisionReturnsThePlanToDrafting() throws {
    let fixture = try LifecycleFixture()
    let text = Fixtures.plan(id: "a-plan").replacingOccurrences(of: "issuance: party-committee", with: "issuance: group")
    try fixture.startPlan("a-plan", text: text)
    try fixture.advanceToReview("a-plan")
    try fixture.addReviews("a-plan")
    try fixture.must(LifecycleFixture.decision("a-plan", "leading-group", verdict: "rejected"), as: "approver")
    #expect(try fixture.repository.git(["branch", "--list", "drafting/a-plan"]).stdout == "  drafting/a-plan\n")
    #expect(try fixture.repository.git(["branch", "--list", "review/a-plan"]).stdout == "")
    #expect(try fixture.repository.git(["ls-tree", "--name-only", "main", "plans/"]).stdout == "")
  }

  @Test func recordsAfterApprovalGoToMainByTheirRolesAndAmendOpensTheNextVersion() throws {
    let fixture = try LifecycleFixture()
    let text = Fixtures.plan(id: "a-plan").replacingOccurrences(of: "issuance: party-committee", with: "issuance: group")
    try fixture.startPlan("a-plan", text: text)
    try fixture.expectRefusal(
      ["record", "a-plan", "issuance", "--field", "document_number=1"], as: "approver", "never approved")
    try fixture.advanceToReview("a-plan")
    try fixture.addReviews("a-plan")
    try fixture.must(LifecycleFixture.decision("a-plan", "leading-group"), as: "approver")

    let issuance = ["record", "a-plan", "issuance", "--field", "document_number=皖发〔2026〕1号"]
    try fixture.expectRefusal(issuance, as: "drafter", "role approver")
    try fixture.must(issuance, as: "approver")
    let inspection = ["record", "a-plan", "inspection", "--field", "inspector=督察组", "--field", "findings=良好"]
    try fixture.expectRefusal(inspection, as: "drafter", "role inspector")
    try fixture.must(inspection, as: "inspector")
    try fixture.expectRefusal(["record", "a-plan", "filing"], as: "otherDrafter", "of the unit 省发展改革委")
    try fixture.must(["record", "a-plan", "filing"], as: "drafter")
    try fixture.expectRefusal(
      ["record", "a-plan", "decision", "--field", "body=leading-group"], as: "approver", "reform approve")
    try fixture.expectRefusal(
      ["withdraw", "a-plan", "--reason", "不要了"], as: "drafter", "an approved version is not withdrawn")

    try fixture.must(["amend", "a-plan", "--reason", "调整目标"], as: "drafter")
    let v1 = try fixture.repository.git(["show", "main:plans/a-plan/plan.md"]).stdout
    try fixture.commitPlan("a-plan", text: text.replacingOccurrences(of: "value: 1", with: "value: 0.5"), branch: "drafting/a-plan")
    #expect(try fixture.repository.git(["show", "main:plans/a-plan/plan.md"]).stdout == v1, "v1 stays in force")
    // Every version is researched, consulted on and reviewed afresh.
    try fixture.expectRefusal(["submit", "a-plan"], as: "drafter", "needs a research record")
    try fixture.must(["record", "a-plan", "progress", "--field", "period=2026-H1"], as: "drafter")
    try fixture.advanceToReview("a-plan")
    try fixture.expectRefusal(LifecycleFixture.decision("a-plan", "leading-group"), as: "approver", "of type content")
    try fixture.addReviews("a-plan")
    try fixture.must(LifecycleFixture.decision("a-plan", "leading-group"), as: "approver")
    let git = fixture.repository
    #expect(try git.git(["show", "plans/a-plan/v1:plans/a-plan/plan.md"]).stdout == v1)
    #expect(try git.git(["show", "plans/a-plan/v2:plans/a-plan/plan.md"]).stdout.contains("value: 0.5"))
    let records = try git.git(["ls-tree", "--name-only", "main", "plans/a-plan/records/"]).stdout
    #expect(records.contains("progress"), "records made on main during the amendment are kept by the merge")
    #expect(try git.git(["fsck", "--strict"]).status == 0)
  }

  @Test func withdrawMovesAnUnapprovedPlanAndHeadFollowsTheBranch() throws {
    let fixture = try LifecycleFixture()
    try fixture.startPlan("a-plan", text: Fixtures.plan(id: "a-plan"))
    try fixture.must(["record", "a-plan", "research", "--field", "summary=调研"], as: "drafter")
    try fixture.repository.git(["switch", "-q", "drafting/a-plan"])
    try fixture.repository.write("plans/a-plan/plan.md", Fixtures.plan(id: "a-plan") + "\n本地修改\n")
    try fixture.expectRefusal(["submit", "a-plan"], as: "drafter", status: 3, "changes that are not committed")
    try fixture.repository.git(["checkout", "--", "plans/a-plan/plan.md"])
    try fixture.must(["submit", "a-plan"], as: "drafter")
    #expect(try fixture.repository.git(["symbolic-ref", "HEAD"]).stdout == "refs/heads/consultation/a-plan\n")
    #expect(try fixture.repository.git(["status", "--porcelain"]).stdout == "")
    try fixture.expectRefusal(["withdraw", "a-plan", "--reason", "不再需要"], as: "otherDrafter", "省发展改革委")
    try fixture.must(["withdraw", "a-plan", "--reason", "不再需要"], as: "drafter")
    #expect(try fixture.repository.git(["symbolic-ref", "HEAD"]).stdout == "refs/heads/withdrawn/a-plan\n")
    #expect(try fixture.repository.git(["branch", "--list", "consultation/a-plan"]).stdout == "")
    try fixture.expectRefusal(["submit", "a-plan"], as: "drafter", "withdrawn")
    try fixture.expectRefusal(["new", "a-plan", "--kind", "pilot"], as: "drafter", status: 2, "taken")
  }

  @Test func twoApproversAtOnceTwentyTimes() throws {
    for round in 0..<20 {
      let fixture = try LifecycleFixture()
      let id = "plan-\(round)"
      let text = Fixtures.plan(id: id).replacingOccurrences(of: "issuance: party-committee", with: "issuance: group")
      try fixture.startPlan(id, text: text)
      try fixture.advanceToReview(id)
      try fixture.addReviews(id)
      let arguments = LifecycleFixture.decision(id, "leading-group")
      let environments = ["approver", "approver2"].map { signer in
        var environment = Command.hermeticEnvironment
        environment["REFORM_SIGNING_KEY"] = fixture.repository.folder.path("\(signer).key")
        return environment
      }
      let results = try Command.runTogether(
        environments.map { (Command.reformBinary, arguments, fixture.repository.path, $0) })
      let statuses = results.map(\.status).sorted()
      #expect(statuses == [0, 1] || statuses == [0, 3], "round \(round): \(results.map(\.stderr))")
      let loser = results.first { $0.status != 0 }
      #expect(loser?.stderr.contains("reform:") == true)
      #expect(loser?.stderr.split(separator: "\n").count == 1, "\(loser?.stderr ?? "")")
      let git = fixture.repository
      #expect(try git.git(["tag", "--list"]).stdout == "plans/\(id)/v1\n")
      #expect(try git.git(["rev-list", "--count", "--merges", "main"]).stdout == "1\n")
      #expect(try git.git(["fsck", "--strict"]).status == 0)
      let porcelain = try git.git(["status", "--porcelain"]).stdout
      #expect(porcelain == "", "round \(round): \(porcelain) \(results.map(\.stderr))")
    }
  }
}
