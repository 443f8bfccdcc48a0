import Foundation
import TestSupport
import Testing

/// Every command over repository states made by hand with plain git: none may crash, hang or
/// answer with more than one line of error (issue 6).
@Suite struct HostileStateTests {
  @Test func everyCommandSurvivesHandMadeRecordsAndTags() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("a-plan")
    let records = "plans/a-plan/records/"
    try fixture.plainCommit(
      [
        records + "2026-03-02-decision.md":
          "---\nkind: decision\ndate: 2026-03-02\nbody: leading-group\nmeeting: 会\nverdict: approved\n---\n",
        records + "2026-03-03-decision-99999999999999999999.md": "---\nkind: decision\n---\n",
        records + "2026-03-04-review.md": "\u{0}\u{1}binary",
        records + "1970-01-01-review.md": "---\nkind: review\ndate: 1970-01-01\ntype: legal\nverdict: pass\n---\n",
        "plans/a-plan/附件.txt": "附件\n",
      ], on: "review/a-plan", as: "drafter")
    try fixture.repository.git(["tag", "plans/a-plan/v9223372036854775807", "review/a-plan"])
    try fixture.repository.git(["tag", "plans/a-plan/vx", "review/a-plan"])

    let commands: [(String, [String])] = [
      ("approver", LifecycleFixture.decision("a-plan", "leading-group", date: "2026-04-01")),
      ("drafter", ["submit", "a-plan"]),
      ("reviewer", ["return", "a-plan", "--reason", "退回"]),
      ("drafter", ["amend", "a-plan", "--reason", "修改"]),
      ("drafter", ["withdraw", "a-plan", "--reason", "撤回"]),
      ("drafter", ["record", "a-plan", "research", "--field", "summary=调研"]),
      ("reviewer", ["record", "a-plan", "review", "--field", "type=procedure", "--field", "verdict=pass"]),
      ("approver", ["record", "a-plan", "issuance", "--field", "document_number=1"]),
      ("drafter", ["new", "a-plan", "--kind", "pilot"]),
      ("admin", ["validate"]),
      ("admin", ["member", "list"]),
      ("admin", ["member", "sync"]),
    ]
    for (signer, arguments) in commands {
      let result = try fixture.reform(arguments, as: signer)
      #expect(result.status <= 3, "\(arguments): crashed with \(result.status): \(result.stderr)")
      #expect(!result.stderr.contains("Fatal error"), "\(arguments): \(result.stderr)")
      if result.status != 0 && !result.stderr.contains("problem(s) above") {
        #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
      }
    }
    // The plan on two stage branches is reported, not guessed at.
    try fixture.repository.git(["branch", "drafting/a-plan", "main"])
    try fixture.repository.git(["branch", "consultation/a-plan", "main"])
    let submit = try fixture.reform(["submit", "a-plan"], as: "drafter")
    #expect(submit.stderr.contains("on two stage branches"))
  }
}
