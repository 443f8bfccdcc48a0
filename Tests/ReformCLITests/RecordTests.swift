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
}
