import Foundation
import TestSupport
import Testing

@Suite struct ValidateTests {
  @Test func validatePrintsEveryProblemAndExitsOne() throws {
    let repository = try PlanRepositoryFixture()
    try repository.write("plans/good-plan/plan.md", Fixtures.plan(id: "good-plan"))
    let clean = try repository.reform(["validate"])
    #expect(clean.status == 0, "\(clean.stderr)")
    #expect(clean.stdout.contains("checked 2 file(s): no problems"))

    let bad = Fixtures.plan(id: "bad-plan").replacingOccurrences(of: "major: true", with: "major: 很")
      .replacingOccurrences(of: "value: 1", with: "value: 一")
    try repository.write("plans/bad-plan/plan.md", bad)
    let result = try repository.reform(["validate"])
    #expect(result.status == 1)
    let lines = result.stderr.split(separator: "\n").map(String.init)
    #expect(lines.contains("plans/bad-plan/plan.md:14: major: must be true or false"))
    #expect(lines.contains { $0.hasPrefix("plans/bad-plan/plan.md:") && $0.contains(": measures[m1].target.value: ") })

    let json = try repository.reform(["validate", "--json", "plans/bad-plan"])
    #expect(json.status == 1)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(object["files_checked"] as? Int == 1)
    let problems = try #require(object["problems"] as? [[String: Any]])
    #expect(problems.count == 2)
    #expect(Set(problems[0].keys) == ["path", "line", "key", "message"])

    let single = try repository.reform(["validate", "plans/good-plan/plan.md"])
    #expect(single.status == 0)
  }

  @Test func pathsOutsideTheRepositoryOrMissingAreErrors() throws {
    let repository = try PlanRepositoryFixture()
    let outside = try repository.reform(["validate", "../admin.key"])
    #expect(outside.status == 2)
    #expect(outside.stderr.contains("outside the repository"))
    let missing = try repository.reform(["validate", "plans/none/plan.md"])
    #expect(missing.status == 3)
  }
}
