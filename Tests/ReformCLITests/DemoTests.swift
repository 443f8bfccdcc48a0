import Foundation
import TestSupport
import Testing

@Suite struct DemoTests {
  @Test func theDemoRepositoryPassesStockGitsChecks() throws {
    let folder = try TemporaryDirectory()
    let result = try Command.reform(["demo", folder.path("demo")])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("== status (reform status)"))
    #expect(result.stdout.contains("yingshang-huanjing      approved  v2  next: "), "\(result.stdout)")
    #expect(result.stdout.contains("0 violation(s)"))
    #expect(!result.stdout.contains("✗"))
    let repository = folder.path("demo/repo")
    // Each history the demo prints is what `reform log` prints.
    for plan in ["yingshang-huanjing", "keji-chengguo-zhuanhua", "jiceng-dangjian-zhidu"] {
      let log = try Command.reform(["log", plan], in: repository).stdout
      #expect(!log.isEmpty && result.stdout.contains("(reform log \(plan))\n" + log), "\(plan)")
    }
    let git = { (arguments: [String]) in try Command.git(arguments, in: repository) }
    #expect(try git(["fsck", "--strict"]).status == 0)
    #expect(try git(["status", "--porcelain"]).stdout == "")
    let commits = try git(["rev-list", "--all"]).stdout.split(separator: "\n")
    #expect(commits.count > 50)
    for commit in commits {
      let verified = try git(["-c", "gpg.ssh.allowedSignersFile=.reform/allowed_signers", "verify-commit", String(commit)])
      #expect(verified.status == 0, "\(commit): \(verified.stderr)")
    }
    let tags = try git(["tag", "--list"]).stdout.split(separator: "\n").map(String.init)
    #expect(
      tags == [
        "plans/jiceng-dangjian-zhidu/v1", "plans/keji-chengguo-zhuanhua/v1", "plans/yingshang-huanjing/v1",
        "plans/yingshang-huanjing/v2",
      ])
    for tag in tags {
      #expect(try git(["cat-file", "-t", tag]).stdout == "tag\n")
      let verified = try git(["-c", "gpg.ssh.allowedSignersFile=.reform/allowed_signers", "tag", "-v", tag])
      #expect(verified.status == 0 && verified.stderr.contains("Good \"git\" signature for 孙丽"), "\(tag): \(verified.stderr)")
      let parents = try git(["rev-list", "--parents", "-n", "1", tag + "^{commit}"]).stdout.split(separator: " ")
      #expect(parents.count == 3, "\(tag) points at an approval merge")
      #expect(try git(["log", "-1", "--format=%s", tag + "^{commit}"]).stdout.hasPrefix("reform：审定 "))
    }
    // The first-parent history of main is the register of policy changes, approvals and records.
    let register = try git(["log", "--first-parent", "--format=%(trailers:key=Reform-Action,valueonly,separator=)", "main"])
      .stdout.split(separator: "\n").map(String.init)
    #expect(Set(register) == ["policy", "approve", "record"])
    #expect(try git(["branch", "--list"]).stdout == "* main\n")
    let again = try Command.reform(["demo", folder.path("demo")])
    #expect(again.status == 3)

    // On a day between the approvals of v1 and v2, the ledger shows v1, the version then in force.
    for (day, version) in [("2026-06-30", 1), ("2026-11-30", 2)] {
      let ledger = try Command.reform(["ledger", "--json", "--as-of", day], in: repository)
      let rows = (try JSONSerialization.jsonObject(with: Data(ledger.stdout.utf8)) as? [String: Any])?["measures"]
      let versions = (rows as? [[String: Any]] ?? []).filter { $0["plan"] as? String == "yingshang-huanjing" }.map {
        $0["version"] as? Int
      }
      #expect(!versions.isEmpty && versions.allSatisfy { $0 == version }, "\(day): \(ledger.stdout.prefix(400))")
    }

    // reform verify and a central repository's pre-receive accept the whole history.
    let verify = try Command.reform(["verify", "--json"], in: repository)
    #expect(verify.status == 0 && verify.stdout.contains("\"violations\" : [\n\n  ]"), "\(verify.stdout)")
    let server = folder.path("server.git")
    try Command.git(["init", "-q", "--bare", "-b", "main", server], in: folder.url.path)
    #expect(try Command.reform(["hook", "install", "--server", server]).status == 0)
    let pushed = try git(["push", "--atomic", server, "refs/heads/*:refs/heads/*", "refs/tags/*:refs/tags/*"])
    #expect(pushed.status == 0, "\(pushed.stderr)")
  }

  /// `--synthetic-plans`: a history written straight into one pack that stock git and
  /// `reform verify` accept, with the plans where the queries find them.
  @Test func aSyntheticHistoryIsOnePackThatGitAndVerifyAccept() throws {
    let folder = try TemporaryDirectory()
    let result = try Command.reform(["demo", folder.path("demo"), "--synthetic-plans", "40"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("appended 40 synthetic plans, 8"), "\(result.stdout)")
    let repository = folder.path("demo/repo")
    #expect(try Command.git(["fsck", "--strict", "--no-dangling"], in: repository).status == 0)
    let objects = try Command.git(["count-objects", "-v"], in: repository).stdout
    #expect(objects.contains("packs: 1\n"), "\(objects)")
    let verify = try Command.reform(["verify"], in: repository)
    #expect(verify.status == 0, "\(verify.stdout)")
    let tagged = try Command.git(["tag", "-v", "plans/reform-00007/v1"], in: repository)
    #expect(tagged.stderr.contains("Good \"git\" signature for 孙丽"), "\(tagged.stderr)")
    let status = try Command.reform(["status", "--json"], in: repository).stdout
    #expect(status.contains("\"id\" : \"reform-00019\""), "the unfinished plan is listed from its branch")
    let log = try Command.reform(["log", "reform-00003", "--json"], in: repository).stdout
    #expect(log.components(separatedBy: "\"commit\"").count - 1 == 21)
  }
}
