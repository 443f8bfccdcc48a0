import Foundation
import TestSupport
import Testing

@Suite struct MemberTests {
  /// Commits carry the member's name and e-mail from the policy, never the machine's git
  /// identity (a shared checkout would give the drafter's address to everyone).
  @Test func commitsCarryTheMembersEmailFromThePolicy() throws {
    let repository = try PlanRepositoryFixture()
    try repository.writeKey("drafter")
    let added = try repository.reform([
      "member", "add", "李四", "--key", repository.folder.path("drafter.key.pub"), "--unit", "省发展改革委",
      "--roles", "drafter", "--email", "lisi@fgw.ah.gov.cn",
    ])
    #expect(added.status == 0, "\(added.stderr)")
    try repository.git(["config", "user.email", "someone-else@example.org"])
    #expect(try repository.reform(["new", "a-plan", "--kind", "pilot"], signer: "drafter").status == 0)
    let identity = try repository.git(["log", "-1", "--format=%an <%ae> %cn <%ce>", "drafting/a-plan"]).stdout
    #expect(identity == "李四 <lisi@fgw.ah.gov.cn> 李四 <lisi@fgw.ah.gov.cn>\n")
    let list = try repository.reform(["member", "list"]).stdout
    let listed = list.split(separator: "\n").first { $0.hasPrefix("李四 ") }
    let cells = listed?.split(separator: #/  +/#).prefix(5).map(String.init)
    #expect(cells == ["李四", "省发展改革委", "drafter", "-", "lisi@fgw.ah.gov.cn"], "\(listed ?? "")")
    let policy = try String(contentsOfFile: repository.path + "/.reform/policy.yaml", encoding: .utf8)
    #expect(policy.contains("    email: \"lisi@fgw.ah.gov.cn\"\n"))

    try repository.writeKey("other")
    for bad in ["no-at-sign", "a b@c.d", "李<x>@y"] {
      let refused = try repository.reform([
        "member", "add", "王五", "--key", repository.folder.path("other.key.pub"), "--unit", "省科技厅",
        "--roles", "drafter", "--email", bad,
      ])
      #expect(refused.status != 0 && refused.stderr.contains("is not an e-mail address"), "\(bad): \(refused.stderr)")
    }
  }

  @Test func anAdminAddsAndRemovesMembersInSignedCommits() throws {
    let repository = try PlanRepositoryFixture()
    try repository.writeKey("drafter")
    let added = try repository.reform([
      "member", "add", "李四", "--key", repository.folder.path("drafter.key.pub"), "--unit", "省发展改革委",
      "--roles", "drafter",
    ])
    #expect(added.status == 0, "\(added.stderr)")
    let list = try repository.reform(["member", "list", "--json"])
    let members = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
    #expect(members?.compactMap { $0["name"] as? String } == ["管理员", "李四"])
    #expect(list.stdout.contains("省发展改革委"), "JSON keeps Chinese unescaped")
    let signers = try String(contentsOfFile: repository.path + "/.reform/allowed_signers", encoding: .utf8)
    #expect(signers.contains("李四 namespaces=\"git\" ssh-ed25519 "))
    let removed = try repository.reform(["member", "remove", "李四"])
    #expect(removed.status == 0, "\(removed.stderr)")
    let log = try repository.git(["log", "--format=%H", "main"]).stdout.split(separator: "\n")
    #expect(log.count == 3)
    for commit in log {
      #expect(try repository.git(["verify-commit", String(commit)]).status == 0)
    }
    #expect(try repository.git(["fsck", "--strict"]).status == 0)
    #expect(try repository.git(["status", "--porcelain"]).stdout == "")
  }

  @Test func refusalsWriteNothing() throws {
    let repository = try PlanRepositoryFixture()
    try repository.writeKey("drafter")
    let drafterKey = repository.folder.path("drafter.key.pub")
    let adminKey = repository.folder.path("admin.key.pub")
    #expect(
      try repository.reform(["member", "add", "李四", "--key", drafterKey, "--unit", "委", "--roles", "drafter"]).status
        == 0)
    let before = try repository.revParse("main")
    let cases: [([String], String, Int32)] = [
      (["member", "add", "王五", "--key", adminKey, "--unit", "委", "--roles", "drafter"], "already belongs", 1),
      (["member", "add", "李四", "--key", drafterKey, "--unit", "委", "--roles", "drafter"], "already exists", 1),
      (["member", "add", "赵六", "--key", "ssh-ed25519 AAAA", "--unit", "委", "--roles", "drafter"], "not a valid", 2),
      (["member", "add", "赵六", "--key", drafterKey, "--unit", "委", "--roles", "boss"], "unknown role", 2),
      (["member", "remove", "管理员"], "last admin", 1),
    ]
    for (arguments, message, status) in cases {
      let result = try repository.reform(arguments)
      #expect(result.status == status, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }
    let notAdmin = try repository.reform(
      ["member", "add", "赵六", "--key", adminKey, "--unit", "委", "--roles", "drafter"], signer: "drafter")
    #expect(notAdmin.status == 1)
    #expect(notAdmin.stderr.contains("needs a member with the role admin"))
    try repository.writeKey("stranger")
    let stranger = try repository.reform(["member", "remove", "李四"], signer: "stranger")
    #expect(stranger.status == 1)
    #expect(stranger.stderr.contains("belongs to no member"))
    #expect(try repository.revParse("main") == before)
    #expect(try repository.git(["status", "--porcelain"]).stdout == "")
  }

  @Test func aLocalEditOfThePolicyIsNeverOverwritten() throws {
    let repository = try PlanRepositoryFixture()
    try repository.writeKey("drafter")
    let policyPath = repository.path + "/.reform/policy.yaml"
    let edited = try String(contentsOfFile: policyPath, encoding: .utf8) + "# 本地修改\n"
    try edited.write(toFile: policyPath, atomically: true, encoding: .utf8)
    let before = try repository.revParse("main")
    let result = try repository.reform([
      "member", "add", "李四", "--key", repository.folder.path("drafter.key.pub"), "--unit", "委", "--roles", "drafter",
    ])
    #expect(result.status == 3)
    #expect(result.stderr.contains("uncommitted changes"))
    #expect(try repository.revParse("main") == before)
    #expect(try String(contentsOfFile: policyPath, encoding: .utf8) == edited)
  }
}
