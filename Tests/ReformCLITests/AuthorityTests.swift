import Foundation
import TestSupport
import Testing

/// Authority comes from `main`, records count only when signed by their role, and no hostile
/// content of a plan branch makes a command crash or act for the wrong person (issue 6).
@Suite struct AuthorityTests {
  private let policyPath = ".reform/policy.yaml"

  @Test func aDrafterWhoRewritesThePolicyOnHerBranchGainsNothing() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("a-plan", reviews: false)
    let policy = try fixture.repository.git(["show", "main:\(policyPath)"]).stdout
    let elevated = policy.replacingOccurrences(
      of: "roles: [\"drafter\"]", with: "roles: [\"drafter\", \"reviewer\", \"legal\", \"approver\", \"admin\"]")
    #expect(elevated != policy)

    // The pre-commit hook refuses a .reform/ change off main.
    try fixture.repository.git(["switch", "-q", "review/a-plan"])
    try fixture.repository.write(policyPath, elevated)
    try fixture.repository.git(["add", policyPath])
    let hooked = try fixture.repository.git(["commit", "-q", "-m", "权限"])
    #expect(hooked.status != 0)
    #expect(hooked.stderr.contains(".reform/ changes only on main"))
    try fixture.repository.git(["reset", "-q", "--hard"])
    try fixture.repository.git(["switch", "-q", "main"])

    // Past the hook with --no-verify, every command refuses the branch.
    try fixture.plainCommit([policyPath: elevated], on: "review/a-plan", as: "drafter")
    let review = ["record", "a-plan", "review", "--field", "type=legal", "--field", "verdict=pass"]
    try fixture.expectRefusal(review, as: "drafter", "review/a-plan changes .reform/")
    try fixture.expectRefusal(review, as: "legal", "review/a-plan changes .reform/")
    try fixture.expectRefusal(LifecycleFixture.decision("a-plan", "leading-group"), as: "drafter", "changes .reform/")
    try fixture.expectRefusal(["withdraw", "a-plan", "--reason", "撤回"], as: "drafter", "changes .reform/")
    #expect(try fixture.repository.git(["show", "main:\(policyPath)"]).stdout == policy)
  }

  @Test func theApprovalMergesNothingOutsideThePlanFolder() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("a-plan")
    try fixture.plainCommit(["plans/other-plan/plan.md": "偷渡\n"], on: "review/a-plan", as: "drafter")
    try fixture.addReviews("a-plan")
    try fixture.expectRefusal(
      LifecycleFixture.decision("a-plan", "leading-group"), as: "approver",
      "changes files outside its plan's folder (plans/other-plan)")
  }

  @Test func commandsAuthoriseAgainstMainEvenWhenTheBranchIsStale() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("a-plan")
    // The approver is removed on main after the branch was made: the branch's policy still has him.
    try fixture.must(["member", "remove", "秘书"], as: "admin")
    try fixture.expectRefusal(
      LifecycleFixture.decision("a-plan", "leading-group"), as: "approver", "belongs to no member")
    try fixture.must(LifecycleFixture.decision("a-plan", "leading-group"), as: "approver2")
  }

  @Test func handWrittenRecordsOfTheWrongRoleDoNotCount() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("a-plan", reviews: false)
    let records = "plans/a-plan/records/"
    let review = { (type: String) in
      "---\nkind: review\ndate: 2026-03-01\ntype: \(type)\nverdict: pass\n"
        + (type == "content"
          ? "standards: {political_correctness: pass, problem_targeting: pass, breakthrough: pass, coherence: pass, procedural_completeness: pass}\n"
          : "") + "---\n"
    }
    try fixture.plainCommit(
      [
        records + "2026-03-01-review.md": review("content"),
        records + "2026-03-01-review-2.md": review("legal"),
        records + "2026-03-01-review-3.md": review("procedure"),
        records + "2026-03-01-review-4.md": review("reform-office"),
        records + "2026-03-02-decision.md":
          "---\nkind: decision\ndate: 2026-03-02\nbody: leading-group\nmeeting: 第1次\nverdict: approved\n---\n",
      ], on: "review/a-plan", as: "drafter")
    try fixture.expectRefusal(
      LifecycleFixture.decision("a-plan", "leading-group"), as: "approver",
      "2026-03-01-review-2.md was committed by 李四 (drafter), who may not make a legal review")
    #expect(try fixture.repository.git(["tag", "--list"]).stdout == "")

    // A decision record a genuine approver committed by hand counts, and completes the route.
    try fixture.addReviews("a-plan")
    try fixture.plainCommit(
      [records + "2026-04-01-decision.md":
        "---\nkind: decision\ndate: 2026-04-01\nbody: leading-group\nmeeting: 第2次\nverdict: approved\n---\n"],
      on: "review/a-plan", as: "approver")
    try fixture.must(LifecycleFixture.decision("a-plan", "leading-group", date: "2026-04-01"), as: "approver")
    #expect(try fixture.repository.git(["tag", "--list"]).stdout == "plans/a-plan/v1\n")
  }

  @Test func aRemovedReviewersReviewsStopCounting() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("a-plan")
    try fixture.must(["member", "remove", "法规"], as: "admin")
    try fixture.expectRefusal(
      LifecycleFixture.decision("a-plan", "leading-group"), as: "approver",
      "not signed by a member of the policy on main")
  }

  @Test func aVersionTagWithAHugeNumberIsIgnoredNotACrash() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("a-plan")
    try fixture.must(LifecycleFixture.decision("a-plan", "leading-group"), as: "approver")
    try fixture.repository.git(["tag", "plans/a-plan/v9223372036854775807", "main"])
    try fixture.repository.git(["tag", "plans/a-plan/v99999999999999999999", "main"])
    try fixture.must(["amend", "a-plan", "--reason", "调整"], as: "drafter")
    #expect(try fixture.repository.git(["log", "-1", "--format=%s", "drafting/a-plan"]).stdout == "reform：修订 a-plan，第 2 版\n")
  }

  @Test func anUnreadablePlanFailsClosed() throws {
    let fixture = try LifecycleFixture()
    try fixture.must(["new", "a-plan", "--kind", "implementation"], as: "drafter")
    try fixture.plainCommit(["plans/a-plan/plan.md": "---\nlead_unit: [\n---\n"], on: "drafting/a-plan", as: "drafter")
    // The lead unit comes from the last readable version: only its drafters may act.
    try fixture.expectRefusal(["withdraw", "a-plan", "--reason", "撤回"], as: "otherDrafter", "the unit 省发展改革委")
    try fixture.expectRefusal(["record", "a-plan", "research", "--field", "summary=x"], as: "otherDrafter", "the unit 省发展改革委")
  }

  @Test func inputsAreChecked() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("a-plan")
    let decision = LifecycleFixture.decision("a-plan", "leading-group")
    try fixture.expectRefusal(
      decision.map { $0 == "第1次会议" ? "" : $0 }, as: "approver", status: 2, "--meeting must not be empty")
    try fixture.expectRefusal(
      LifecycleFixture.decision("a-plan", "leading-group", date: "2026-02-28"), as: "approver",
      "before the newest record the approval counts (2026-03-01)")
    try fixture.expectRefusal(["return", "a-plan", "--reason", " "], as: "reviewer", status: 2, "--reason must not be empty")
    try fixture.expectRefusal(
      ["record", "a-plan", "review", "--field", "type=procedure", "--field", "verdict=pass", "--date", "0001-01-01"],
      as: "reviewer", "before 1949-10-01")
    try fixture.expectRefusal(["submit", "no-such-plan"], as: "drafter", status: 1, "no plan 'no-such-plan'")
    try fixture.expectRefusal(
      ["record", "a-plan", "review", "--field", "bad\u{1b}[31m\nx=1"], as: "reviewer", status: 2,
      "'bad\\u{1b}[31m\\u{a}x' is not a field name")

    let big = fixture.repository.folder.path("big.md")
    try Data(count: 50 << 20).write(to: URL(fileURLWithPath: big))
    let started = Date()
    try fixture.expectRefusal(["record", "a-plan", "review", "--file", big], as: "reviewer", status: 3, "more than the limit")
    #expect(Date().timeIntervalSince(started) < 5)
    let link = fixture.repository.folder.path("link.md")
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/etc/passwd")
    try fixture.expectRefusal(["record", "a-plan", "review", "--file", link], as: "reviewer", "must be a regular file")
  }

  @Test func anAdminRepairsAMissingAllowedSignersFile() throws {
    let fixture = try LifecycleFixture()
    try fixture.repository.git(["rm", "-q", ".reform/allowed_signers"])
    try fixture.repository.git(["commit", "-q", "--no-verify", "-m", "删"])
    let key = fixture.repository.folder.path("extra.key.pub")
    try fixture.repository.writeKey("extra")
    try fixture.must(["member", "add", "新人", "--key", key, "--unit", "某厅", "--roles", "drafter"], as: "admin")
    try fixture.repository.git(["rm", "-q", ".reform/allowed_signers"])
    try fixture.repository.git(["commit", "-q", "--no-verify", "-m", "又删"])
    try fixture.expectRefusal(["member", "sync"], as: "drafter", "role admin")
    try fixture.must(["member", "sync"], as: "admin")
    #expect(try fixture.repository.git(["verify-commit", "main"]).status == 0)
    let validate = try fixture.reform(["validate"], as: "admin")
    #expect(validate.status == 0, "\(validate.stderr)")
    #expect(try fixture.reform(["member", "sync"], as: "admin").stdout.contains("nothing to do"))

    let privateKey = fixture.repository.folder.path("extra.key")
    try fixture.expectRefusal(
      ["member", "add", "坏人", "--key", privateKey, "--unit", "某厅", "--roles", "drafter"], as: "admin",
      status: 2, "this is a private key")
  }

  @Test func anAmendmentForgedOnAnOldMainCountsNoEarlierRecords() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("a-plan")
    try fixture.must(LifecycleFixture.decision("a-plan", "leading-group"), as: "approver")
    // By hand: an "amend" commit on main from before the approval, then main merged in.
    let git = fixture.repository
    try git.git(["switch", "-q", "-c", "drafting/a-plan", "main^1"])
    let drafter = "user.signingkey=" + git.folder.path("drafter.key")
    try git.git(["-c", drafter, "commit", "-q", "--no-verify", "--allow-empty", "-m",
      "amend\n\nReform-Plan: a-plan\nReform-Action: amend\nReform-Stage: drafting"])
    try git.git(["-c", drafter, "merge", "-q", "--no-verify", "-m", "合并", "main"])
    try git.git(["switch", "-q", "main"])
    try fixture.expectRefusal(["submit", "a-plan"], as: "drafter", "needs a research record")
    let verify = try Command.reform(["verify"], in: git.path)
    #expect(verify.status == 1 && verify.stdout.contains("plan a-plan is not approved on main"), "\(verify.stdout)")
  }

  @Test func aWithdrawnPlanCannotBeBroughtBack() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("a-plan")
    try fixture.must(["withdraw", "a-plan", "--reason", "撤回"], as: "drafter")
    try fixture.repository.git(["branch", "review/a-plan", "withdrawn/a-plan^"])
    try fixture.expectRefusal(
      LifecycleFixture.decision("a-plan", "leading-group"), as: "approver",
      "plan 'a-plan' is on two stage branches")
  }

  @Test func aBogusTagDoesNotSetTheVersion() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("a-plan")
    try fixture.repository.git(["tag", "plans/a-plan/v99", "main"])
    try fixture.must(LifecycleFixture.decision("a-plan", "leading-group"), as: "approver")
    #expect(try fixture.repository.git(["tag", "--list", "--points-at", "main"]).stdout == "plans/a-plan/v1\n")
  }

  @Test func recordsDatedAfterTheirCommitOrDecisionsBeforeTheirReviewsDoNotCount() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("a-plan", reviews: false)
    try fixture.addReviews("a-plan")
    let records = "plans/a-plan/records/"
    try fixture.plainCommit(
      [records + "2099-01-01-review.md": "---\nkind: review\ndate: 2099-01-01\ntype: legal\nverdict: revise\n---\n"],
      on: "review/a-plan", as: "legal")
    try fixture.plainCommit(
      [records + "2026-01-05-decision.md":
        "---\nkind: decision\ndate: 2026-01-05\nbody: leading-group\nmeeting: 会\nverdict: approved\n---\n"],
      on: "review/a-plan", as: "approver")
    // The future review does not block, the backdated decision does not complete the route.
    let result = try fixture.reform(LifecycleFixture.decision("a-plan", "leading-group"), as: "approver")
    #expect(result.status == 0, "\(result.stderr)")
    let decisions = try fixture.repository.git(["ls-tree", "--name-only", "main", records]).stdout
    #expect(decisions.contains("2026-04-01-decision.md"), "the approver's own decision was recorded: \(decisions)")
  }

  @Test func aDraftWithAnUnreadablePlanMdStaysRepairableByItsLeadUnitOnly() throws {
    let fixture = try LifecycleFixture()
    let text = Fixtures.plan(id: "a-plan")
    try fixture.startPlan("a-plan", text: text)
    let broken = text.replacingOccurrences(of: "lead_unit: ", with: "lead_unit: [")
    #expect(broken != text)
    let path = fixture.repository.path
    try fixture.plainCommit(["plans/a-plan/plan.md": broken], on: "drafting/a-plan", as: "drafter")
    let afterBreaking = try Command.reform(["verify"], in: path)
    #expect(afterBreaking.status == 0, "\(afterBreaking.stdout)")
    try fixture.plainCommit(["plans/a-plan/plan.md": text], on: "drafting/a-plan", as: "otherDrafter")
    let byOtherUnit = try Command.reform(["verify"], in: path)
    #expect(byOtherUnit.stdout.contains(": role: "), "another unit may not repair it: \(byOtherUnit.stdout)")
    try fixture.repository.git(["branch", "-f", "drafting/a-plan", "drafting/a-plan~1"])
    try fixture.plainCommit(["plans/a-plan/plan.md": text], on: "drafting/a-plan", as: "drafter")
    let repaired = try Command.reform(["verify"], in: path)
    #expect(repaired.status == 0, "\(repaired.stdout)")
    try fixture.plainCommit(["plans/a-plan/plan.md": broken], on: "drafting/a-plan", as: "drafter")
    try fixture.expectRefusal(["withdraw", "a-plan", "--reason", "撤回"], as: "otherDrafter", "省发展改革委")
    try fixture.must(["withdraw", "a-plan", "--reason", "撤回"], as: "drafter")
    let withdrawn = try Command.reform(["verify"], in: path)
    #expect(withdrawn.status == 0, "\(withdrawn.stdout)")
  }

  @Test func invisibleReasonsAndNewlinesInArgumentsAreHandled() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("a-plan")
    try fixture.expectRefusal(["return", "a-plan", "--reason", "\u{200B}\u{FEFF}\u{1}"], as: "reviewer", status: 2, "must not be empty")
    try fixture.expectRefusal(
      ["approve", "a-plan", "--body", "group\nmeeting", "--meeting", "会", "--date", "2026-04-01"], as: "approver",
      status: 2, "group\\u{a}meeting")
  }
}
