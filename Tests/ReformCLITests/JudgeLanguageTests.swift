import Foundation
import TestSupport
import Testing

/// The judge's refusals in the reader's language: `reform verify` and the hooks in Chinese under
/// a Chinese locale, in English otherwise; rule names, references, paths and JSON keys stay
/// SPEC's in both.
@Suite struct JudgeLanguageTests {
  /// A plan on drafting whose `plan.md` a drafter of another unit changed with plain git.
  private func planChangedByAnotherUnit() throws -> LifecycleFixture {
    let fixture = try LifecycleFixture()
    try fixture.startPlan("a-plan", text: Fixtures.plan(id: "a-plan"))
    try fixture.plainCommit(
      ["plans/a-plan/plan.md": Fixtures.plan(id: "a-plan") + "\n补充。\n"], on: "drafting/a-plan", as: "otherDrafter")
    return fixture
  }

  @Test func verifyNamesTheViolationInTheReadersLanguage() throws {
    let fixture = try planChangedByAnotherUnit()
    let english = try fixture.reform(["verify"], as: "drafter")
    #expect(english.status == 1)
    #expect(
      english.stdout.contains(
        "refs/heads/drafting/a-plan: role: a change of plan.md needs a member of the unit 省发展改革委; "
          + "it was signed by 王五 (drafter, 省科技厅)\n"),
      "\(english.stdout)")
    #expect(english.stdout.contains("commit(s) checked: 1 violation(s)\n"), "\(english.stdout)")

    let chinese = try fixture.reform(["verify"], as: "drafter", language: "zh_CN.UTF-8")
    #expect(chinese.status == 1)
    let lines = chinese.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 2, "\(chinese.stdout)")
    let violation = try #require(lines.first)
    #expect(
      violation.hasSuffix(
        " refs/heads/drafting/a-plan：role：对 plan.md 的修改需要 省发展改革委 的成员；签名者为 王五（起草人，省科技厅）"),
      "\(violation)")
    #expect(
      ChineseScenarioTests.englishWords(in: violation) == ["role"], "only the rule keeps SPEC's name: \(violation)")
    #expect(lines.last?.hasPrefix("已检查 ") == true && lines.last?.hasSuffix("个提交：1 处违规") == true, "\(chinese.stdout)")

    let json = try fixture.reform(["verify", "--json"], as: "drafter", language: "zh_CN.UTF-8")
    #expect(json.stdout.contains("\"rule\" : \"role\""), "\(json.stdout)")
    #expect(json.stdout.contains("\"detail\" : \"对 plan.md 的修改需要 省发展改革委 的成员"), "\(json.stdout)")
    #expect(json.stdout.contains("\"commits_checked\""))
  }

  @Test func thePushHooksRefuseInTheReadersLanguage() throws {
    let fixture = try planChangedByAnotherUnit()
    let repository = fixture.repository
    let server = repository.folder.path("server.git")
    try Command.git(["init", "-q", "--bare", "-b", "main", server], in: repository.folder.url.path)
    #expect(try Command.reform(["hook", "install", "--server", server]).status == 0)
    try repository.git(["remote", "add", "origin", server])
    #expect(try repository.git(["push", "-q", "origin", "main"]).status == 0)
    var environment = Command.hermeticEnvironment
    environment["LANG"] = "zh_CN.UTF-8"
    let push = { (options: [String]) throws -> CommandResult in
      try Command.run(
        "/usr/bin/git", ["push"] + options + ["origin", "drafting/a-plan"], in: repository.path,
        environment: environment)
    }

    let client = try push([])
    #expect(client.status != 0)
    #expect(client.stderr.contains("refs/heads/drafting/a-plan：role：对 plan.md 的修改需要 省发展改革委 的成员"), "\(client.stderr)")
    #expect(client.stderr.contains("reform: 推送被拒绝：以上 1 处违反策略\n"), "\(client.stderr)")
    for line in client.stderr.split(separator: "\n") where line.contains("：role：") || line.hasPrefix("reform:") {
      #expect(ChineseScenarioTests.englishWords(in: String(line)).allSatisfy { $0 == "role" }, "\(line)")
    }

    let central = try push(["--no-verify"])
    #expect(central.status != 0)
    #expect(central.stderr.contains("：role：对 plan.md 的修改需要 省发展改革委 的成员"), "\(central.stderr)")
    #expect(central.stderr.contains("reform: 中心仓库拒绝了推送：以上 1 处违反策略"), "\(central.stderr)")
    #expect(
      try Command.git(["branch", "--list", "drafting/*"], in: server).stdout.isEmpty, "the refusal changed nothing")

    environment["LANG"] = "C.UTF-8"
    let english = try push([])
    #expect(english.stderr.contains("reform: push refused: 1 violation(s) of the policy above\n"), "\(english.stderr)")
  }
}
