import Foundation
import TestSupport
import Testing

@Suite struct HookTests {
  @Test func plainGitCommitOfAnInvalidPlanIsRefusedAndAValidOneGoesThrough() throws {
    let repository = try PlanRepositoryFixture()
    try repository.git(["switch", "-q", "-c", "drafting/new-plan"])
    let before = try repository.revParse("HEAD")
    try repository.write(
      "plans/new-plan/plan.md", Fixtures.plan(id: "new-plan").replacingOccurrences(of: "issuance: party-committee", with: "issuance: 省委"))
    try repository.git(["add", "plans"])
    let refused = try repository.git(["commit", "-m", "起草方案"])
    #expect(refused.status != 0)
    #expect(refused.stderr.contains("plans/new-plan/plan.md:15: issuance: must be one of"))
    #expect(try repository.revParse("HEAD") == before)

    try repository.write("plans/new-plan/plan.md", Fixtures.plan(id: "new-plan"))
    try repository.git(["add", "plans"])
    let accepted = try repository.git(["commit", "-m", "起草方案"])
    #expect(accepted.status == 0, "\(accepted.stderr)")
    #expect(try repository.git(["verify-commit", "HEAD"]).status == 0, "git signs plain commits after init")

    // `git commit -a` stages through a temporary index (GIT_INDEX_FILE); the hook must see it.
    try repository.write("plans/new-plan/plan.md", Fixtures.plan(id: "new-plan").replacingOccurrences(of: "major: true", with: "major: 1"))
    let all = try repository.git(["commit", "-a", "-m", "改"])
    #expect(all.status != 0)
    #expect(all.stderr.contains("major: must be true or false"))
  }

  @Test func anIndexLibgit2CannotReadRefusesTheCommitSayingWhatToTurnOff() throws {
    let repository = try PlanRepositoryFixture()
    try repository.git(["switch", "-q", "-c", "drafting/new-plan"])
    try repository.write("plans/new-plan/plan.md", Fixtures.plan(id: "new-plan"))
    try repository.git(["add", "plans"])
    try repository.git(["update-index", "--split-index"])
    let refused = try repository.git(["commit", "-m", "起草方案"])
    #expect(refused.status != 0)
    #expect(refused.stderr.contains("cannot read the index") && refused.stderr.contains("git update-index --no-split-index"), "\(refused.stderr)")
    try repository.git(["update-index", "--no-split-index"])
    let accepted = try repository.git(["commit", "-m", "起草方案"])
    #expect(accepted.status == 0, "\(accepted.stderr)")
  }

  @Test func commitMsgRefusesMalformedReformTrailers() throws {
    let repository = try PlanRepositoryFixture()
    try repository.write("notes.txt", "x\n")
    try repository.git(["add", "notes.txt"])
    let refused = try repository.git(["commit", "-m", "改\n\nReform-Action: approve-all"])
    #expect(refused.status != 0)
    #expect(refused.stderr.contains("Reform-Action: 'approve-all' is not one of"))
    let accepted = try repository.git(["commit", "-m", "改\n\nReform-Action: record\nReform-Plan: new-plan"])
    #expect(accepted.status == 0, "\(accepted.stderr)")
  }

  @Test func preReceiveAcceptsSignedPushesAndRejectsOthers() throws {
    let repository = try PlanRepositoryFixture()
    let server = repository.folder.path("server.git")
    try Command.git(["init", "-q", "--bare", "-b", "main", server], in: repository.folder.url.path)
    let installed = try Command.reform(["hook", "install", "--server", server])
    #expect(installed.status == 0, "\(installed.stderr)")
    let pushed = try repository.git(["push", server, "main"])
    #expect(pushed.status == 0, "\(pushed.stderr)")

    try repository.write("notes.txt", "unsigned\n")
    try repository.git(["add", "notes.txt"])
    try repository.git(["-c", "commit.gpgsign=false", "commit", "-qm", "未签名"])
    let refusedLocally = try repository.git(["push", server, "main"])
    #expect(refusedLocally.status == 1)
    #expect(refusedLocally.stderr.contains("push refused"), "the client's pre-push hook stops it first")
    // --no-verify skips the client's hook; the server's still runs.
    let unsigned = try repository.git(["push", "--no-verify", server, "main"])
    #expect(unsigned.status == 1)
    #expect(unsigned.stderr.contains("pre-receive hook declined"))
    #expect(unsigned.stderr.contains("the commit is not signed"))

    try repository.git(["reset", "-q", "--hard", "HEAD~1"])
    let stray = try repository.git(["push", "--no-verify", server, "main:refs/heads/feature"])
    #expect(stray.status == 1)
    #expect(stray.stderr.contains("namespace"))

    try repository.write("notes.txt", "signed\n")
    try repository.git(["add", "notes.txt"])
    try repository.git(["commit", "-qm", "签名"])
    #expect(try repository.git(["push", server, "main"]).status == 0)
    try repository.git(["reset", "-q", "--hard", "HEAD~1"])
    let rewrite = try repository.git(["push", "--no-verify", "--force", server, "main"])
    #expect(rewrite.status == 1)
    #expect(rewrite.stderr.contains("main may only move forward"))
    #expect(try Command.git(["fsck", "--strict"], in: server).status == 0)
  }

  @Test func anInstalledHookWithoutReformSaysHowToInstallIt() throws {
    let folder = try TemporaryDirectory()
    let script = try String(contentsOfFile: repositoryRoot + "/hooks/pre-commit", encoding: .utf8)
      .replacingOccurrences(of: "@REFORM_BINARY@", with: folder.path("gone/reform"))
    let path = try folder.write("pre-commit", script)
    var environment = Command.hermeticEnvironment
    environment["PATH"] = "/usr/bin:/bin"
    let result = try Command.run("/bin/sh", [path], environment: environment)
    #expect(result.status == 1)
    #expect(result.stderr.contains("the reform tool is not installed"))
    environment["LANG"] = "zh_CN.UTF-8"
    let chinese = try Command.run("/bin/sh", [path], environment: environment)
    #expect(chinese.status == 1)
    #expect(chinese.stderr.contains("reform pre-commit 钩子：未安装 reform 工具"), "\(chinese.stderr)")
  }

  private var repositoryRoot: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
  }
}
