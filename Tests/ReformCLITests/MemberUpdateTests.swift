import Foundation
import TestSupport
import Testing

/// `reform member update`, and `member list` showing what it changes.
extension MemberTests {
  @Test func anAdminUpdatesRolesGroupsUnitAndEmail() throws {
    let repository = try PlanRepositoryFixture()
    try add(repository, "李四", key: "drafter", unit: "省发展改革委", roles: "drafter")
    let updated = try repository.reform([
      "member", "update", "李四", "--roles", "drafter,reviewer", "--groups", "经济体制改革专项小组",
      "--unit", "省科技厅", "--email", "lisi@kjt.ah.gov.cn",
    ])
    #expect(updated.status == 0, "\(updated.stderr)")
    #expect(
      updated.stdout.hasPrefix("updated 李四 (roles, groups, unit, email) in "), "\(updated.stdout)")
    #expect(
      try repository.git(["log", "-1", "--format=%s", "main"]).stdout
        == "reform：变更成员 李四（roles、groups、unit、email）\n")
    #expect(try repository.git(["verify-commit", "main"]).status == 0)
    let policy = try String(
      contentsOfFile: repository.path + "/.reform/policy.yaml", encoding: .utf8)
    let fields = [
      "    unit: \"省科技厅\"", "    roles: [\"drafter\", \"reviewer\"]",
      "    groups: [\"经济体制改革专项小组\"]",
      "    email: \"lisi@kjt.ah.gov.cn\"",
    ]
    #expect(policy.contains(fields.joined(separator: "\n") + "\n"), "\(policy)")
    let member = try listed(repository)["李四"]
    #expect(member?["unit"] as? String == "省科技厅")
    #expect(member?["roles"] as? [String] == ["drafter", "reviewer"])
    #expect(member?["groups"] as? [String] == ["经济体制改革专项小组"])
    #expect(member?["email"] as? String == "lisi@kjt.ah.gov.cn")
    #expect((member?["retired_keys"] as? [Any])?.isEmpty == true)

    // What the policy says is what the member's commits carry.
    #expect(
      try repository.reform(["new", "a-plan", "--kind", "pilot"], signer: "drafter").status == 0)
    #expect(
      try repository.git(["log", "-1", "--format=%an <%ae>", "drafting/a-plan"]).stdout
        == "李四 <lisi@kjt.ah.gov.cn>\n")
    let plan = try repository.git(["show", "drafting/a-plan:plans/a-plan/plan.md"]).stdout
    #expect(plan.contains("\nlead_unit: \"省科技厅\"\n"))

    // The same values again change nothing and commit nothing.
    let tip = try repository.revParse("main")
    let again = try repository.reform(["member", "update", "李四", "--unit", "省科技厅"])
    #expect(
      again.status == 0 && again.stdout.contains("nothing to do"),
      "\(again.stdout) \(again.stderr)")
    #expect(try repository.revParse("main") == tip)
    let groupsCleared = try repository.reform([
      "member", "update", "李四", "--roles", "drafter", "--groups", "",
    ])
    #expect(groupsCleared.status == 0, "\(groupsCleared.stderr)")
    #expect(try listed(repository)["李四"]?["groups"] as? [String] == [])
    #expect(try repository.git(["status", "--porcelain"]).stdout == "")
    #expect(try repository.git(["fsck", "--strict"]).status == 0)
  }

  /// The old key stays in `allowed_signers` with `valid-before`: stock git still verifies what
  /// it signed, `reform verify` accepts the whole history, and a commit it signs afterwards is
  /// refused by verify, `pre-push` and `pre-receive` (and by git itself, being too late).
  @Test func aRotatedKeyVerifiesThePastAndSignsNothingNew() throws {
    let repository = try PlanRepositoryFixture()
    try add(repository, "李四", key: "old", unit: "省发展改革委", roles: "drafter")
    try repository.writeKey("new")
    let server = try centralRepository(for: repository)
    #expect(
      try repository.reform(["new", "a-plan", "--kind", "pilot"], signer: "old").status == 0)
    try repository.write("notes.txt", "说明\n")
    try repository.git(["add", "notes.txt"])
    let plain = try repository.git([
      "-c", "user.signingkey=" + repository.folder.path("old.key"), "commit", "-qm", "说明",
    ])
    #expect(plain.status == 0, "\(plain.stderr)")
    let signedBefore = try repository.revParse("main")
    #expect(try repository.git(["push", "-q", "origin", "main", "drafting/a-plan"]).status == 0)

    let rotated = try repository.reform([
      "member", "update", "李四", "--key", repository.folder.path("new.key.pub"),
    ])
    #expect(rotated.status == 0, "\(rotated.stderr)")
    #expect(
      rotated.stdout.contains("updated 李四 (key) in ") && rotated.stdout.contains("retired SHA256:")
    )
    let signers = try String(
      contentsOfFile: repository.path + "/.reform/allowed_signers", encoding: .utf8)
    let oldKey = try publicKey(repository, "old")
    #expect(signers.contains("李四 namespaces=\"git\" \(try publicKey(repository, "new"))\n"))
    #expect(signers.contains(#/李四 namespaces="git",valid-before="\d{14}Z" /#), "\(signers)")
    #expect(signers.contains(oldKey))
    let retired = try #require(
      (try listed(repository)["李四"]?["retired_keys"] as? [[String: Any]])?.first)
    #expect(retired["key"] as? String == oldKey)

    // (a) stock git still verifies what the old key signed before.
    for commit in [signedBefore, "drafting/a-plan"] {
      let verified = try repository.git([
        "-c", "gpg.ssh.allowedSignersFile=.reform/allowed_signers", "verify-commit", commit,
      ])
      #expect(verified.status == 0, "\(commit): \(verified.stderr)")
      #expect(verified.stderr.contains("Good \"git\" signature for 李四"), "\(verified.stderr)")
    }
    // (b) so does reform, over the whole history; the new key signs, the old one no longer does.
    let verify = try repository.reform(["verify"])
    #expect(verify.status == 0, "\(verify.stdout)")
    let refused = try repository.reform(["new", "b-plan", "--kind", "pilot"], signer: "old")
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("is one 李四 retired"), "\(refused.stderr)")
    #expect(
      try repository.reform(["new", "b-plan", "--kind", "pilot"], signer: "new").status == 0)
    let published = try repository.git(["push", "-q", "origin", "main", "drafting/b-plan"])
    #expect(published.status == 0, "\(published.stderr)")

    // (c) a commit signed with the old key after the rotation (its second has passed).
    Thread.sleep(forTimeInterval: 1.1)
    try repository.write("notes.txt", "旧钥匙\n")
    try repository.git(["add", "notes.txt"])
    let late = try repository.git([
      "-c", "user.signingkey=" + repository.folder.path("old.key"), "commit", "-q", "--no-verify",
      "-m", "旧钥匙",
    ])
    #expect(late.status == 0, "\(late.stderr)")
    let gitVerdict = try repository.git([
      "-c", "gpg.ssh.allowedSignersFile=.reform/allowed_signers", "verify-commit", "HEAD",
    ])
    #expect(
      gitVerdict.status != 0,
      "git accepted a retired key after its valid-before: \(gitVerdict.stderr)")
    let judged = try repository.reform(["verify", "--json"])
    #expect(judged.status == 1)
    #expect(judged.stdout.contains("\"rule\" : \"signature\""), "\(judged.stdout)")
    #expect(judged.stdout.contains("retired"), "\(judged.stdout)")
    let before = try Command.git(["rev-parse", "main"], in: server).stdout
    let client = try repository.git(["push", "origin", "main"])
    #expect(client.status != 0 && client.stderr.contains("push refused"), "\(client.stderr)")
    #expect(client.stderr.contains(": signature: "), "\(client.stderr)")
    let pastClient = try repository.git(["push", "--no-verify", "origin", "main"])
    #expect(
      pastClient.status != 0 && pastClient.stderr.contains("pre-receive hook declined"),
      "\(pastClient.stderr)")
    #expect(pastClient.stderr.contains(": signature: "), "\(pastClient.stderr)")
    #expect(try Command.git(["rev-parse", "main"], in: server).stdout == before)
  }

  /// Records a rotated key signed before the rotation still count at approval; records it
  /// signs afterwards, on a branch that still carries the old policy, do not.
  @Test func recordsCountByTheKeyTheirWriterHeldWhenSigning() throws {
    let fixture = try LifecycleFixture()
    let repository = fixture.repository
    try fixture.planInReview("a-plan")
    try fixture.planInReview("b-plan", reviews: false)
    try repository.writeKey("reviewerNew")
    let rotated = try repository.reform([
      "member", "update", "张审", "--key", repository.folder.path("reviewerNew.key.pub"),
    ])
    #expect(rotated.status == 0, "\(rotated.stderr)")

    let approved = try fixture.reform(
      LifecycleFixture.decision("a-plan", "leading-group"), as: "approver")
    #expect(approved.status == 0, "\(approved.stderr)")
    #expect(
      try repository.git(["rev-parse", "-q", "--verify", "refs/tags/plans/a-plan/v1"]).status == 0)

    Thread.sleep(forTimeInterval: 1.1)
    let review =
      "---\nkind: review\ndate: 2026-03-01\ntype: procedure\nverdict: pass\n---\n\n通过。\n"
    try fixture.plainCommit(
      ["plans/b-plan/records/2026-03-01-review.md": review], on: "review/b-plan", as: "reviewer")
    let main = try repository.revParse("main")
    let refused = try fixture.reform(
      LifecycleFixture.decision("b-plan", "leading-group"), as: "approver")
    #expect(refused.status == 1)
    #expect(
      refused.stderr.contains("2026-03-01-review.md is not signed by a member"),
      "\(refused.stderr)")
    #expect(try repository.revParse("main") == main)
    let verify = try repository.reform(["verify"])
    #expect(verify.status == 0, "\(verify.stdout)")
  }

  @Test func onlyAnAdminUpdatesAndRefusalsChangeNothing() throws {
    let repository = try PlanRepositoryFixture()
    try add(repository, "李四", key: "drafter", unit: "委", roles: "drafter")
    let references = try repository.git(["for-each-ref"]).stdout
    let adminKey = repository.folder.path("admin.key.pub")
    let cases: [(arguments: [String], signer: String, message: String, status: Int32)] = [
      (["李四", "--email", "li@x.cn"], "drafter", "needs a member with the role admin", 1),
      (["无名", "--unit", "委"], "admin", "no member named '无名': see reform member list", 1),
      (["李四"], "admin", "nothing to change", 2),
      (["管理员", "--roles", "drafter"], "admin", "'管理员' is the last admin", 1),
      (["李四", "--roles", "reviewer"], "admin", "needs the special groups", 1),
      (["李四", "--roles", "boss"], "admin", "unknown role", 2),
      (["李四", "--key", adminKey], "admin", "already belongs to member '管理员'", 1),
      (["李四", "--key", "ssh-ed25519 AAAA"], "admin", "not a valid", 2),
      (["李四", "--unit", " "], "admin", "needs a unit", 1),
    ]
    for (arguments, signer, message, status) in cases {
      let result = try repository.reform(["member", "update"] + arguments, signer: signer)
      #expect(result.status == status, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
      #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
    }
    #expect(try repository.git(["for-each-ref"]).stdout == references)
    #expect(try repository.git(["status", "--porcelain"]).stdout == "")

    // The last admin may change herself, keeping the role; a retired key never comes back.
    let herself = try repository.reform([
      "member", "update", "管理员", "--roles", "admin,approver", "--email", "a@gov.cn",
    ])
    #expect(herself.status == 0, "\(herself.stderr)")
    try repository.writeKey("drafter2")
    let drafterKeys = ["drafter2", "drafter"].map { repository.folder.path("\($0).key.pub") }
    #expect(
      try repository.reform(["member", "update", "李四", "--key", drafterKeys[0]]).status == 0)
    let back = try repository.reform(["member", "update", "李四", "--key", drafterKeys[1]])
    #expect(back.status == 1 && back.stderr.contains("retired"), "\(back.stderr)")
    let taken = try repository.reform([
      "member", "add", "王五", "--key", drafterKeys[1], "--unit", "委", "--roles", "drafter",
    ])
    #expect(
      taken.status == 1 && taken.stderr.contains("already belongs to member '李四'"),
      "\(taken.stderr)")
  }

  @Test func theListAlignsColumnsByDisplayWidth() throws {
    let repository = try PlanRepositoryFixture()
    try add(repository, "李四", key: "drafter", unit: "省发展改革委", roles: "drafter")
    try add(repository, "bob", key: "bob", unit: "IT", roles: "inspector")
    try add(
      repository, "欧阳修文", key: "ouyang", unit: "省科技厅", roles: "reviewer", groups: "科技体制改革专项小组")
    try repository.writeKey("bob2")
    #expect(
      try repository.reform([
        "member", "update", "bob", "--key", repository.folder.path("bob2.key.pub"),
      ]).status == 0)
    let list = try repository.reform(["member", "list"])
    #expect(list.status == 0, "\(list.stderr)")
    let lines = list.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 5)
    #expect(lines.first?.hasPrefix("name") == true)
    let starts = lines.map { Array(cellStarts($0).prefix(6)) }
    #expect(starts.allSatisfy { $0.count == 6 }, "\(lines)")
    #expect(Set(starts).count == 1, "columns do not line up:\n\(list.stdout)")
    let bob = try #require(lines.first { $0.hasPrefix("bob") })
    #expect(bob.contains(#/SHA256:\S+ \(\d{14}Z\)$/#), "\(bob)")
    #expect(lines.first { $0.hasPrefix("李四") }?.hasSuffix("  -") == true)
  }

  // MARK: Helpers

  /// Adds member `name` with the key `<key>.key.pub` (written first), failing the test on refusal.
  private func add(
    _ repository: PlanRepositoryFixture, _ name: String, key: String, unit: String, roles: String,
    groups: String? = nil
  ) throws {
    try repository.writeKey(key)
    var arguments = [
      "member", "add", name, "--key", repository.folder.path("\(key).key.pub"), "--unit", unit,
      "--roles", roles,
    ]
    if let groups { arguments += ["--groups", groups] }
    let result = try repository.reform(arguments)
    guard result.status == 0 else { throw FixtureError("member add \(name): \(result.stderr)") }
  }

  /// `member list --json`, by member name.
  private func listed(_ repository: PlanRepositoryFixture) throws -> [String: [String: Any]] {
    let list = try repository.reform(["member", "list", "--json"])
    let members =
      try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
    return Dictionary(
      uniqueKeysWithValues: members.compactMap { member in
        (member["name"] as? String).map { ($0, member) }
      })
  }

  /// `ssh-ed25519 AAAA…` of the key pair `<name>.key`, without its comment.
  private func publicKey(_ repository: PlanRepositoryFixture, _ name: String) throws -> String {
    let text = try String(
      contentsOfFile: repository.folder.path("\(name).key.pub"), encoding: .utf8)
    return text.split(separator: " ").prefix(2).joined(separator: " ")
  }

  /// A bare repository with the server's `pre-receive`, as `origin` of `repository`.
  private func centralRepository(for repository: PlanRepositoryFixture) throws -> String {
    let server = repository.folder.path("server.git")
    try Command.git(
      ["init", "-q", "--bare", "-b", "main", server], in: repository.folder.url.path)
    let installed = try Command.reform(["hook", "install", "--server", server])
    guard installed.status == 0 else { throw FixtureError("hook install: \(installed.stderr)") }
    try repository.git(["remote", "add", "origin", server])
    return server
  }

  /// The display columns at which the cells of a table line start: the first, and each after a
  /// run of two or more spaces; CJK characters are two columns wide.
  private func cellStarts(_ line: String) -> [Int] {
    var starts = [0]
    var column = 0
    var spaces = 0
    for character in line {
      if character == " " {
        spaces += 1
      } else {
        if spaces >= 2 { starts.append(column) }
        spaces = 0
      }
      let wide =
        character.unicodeScalars.first.map { (0x2E80...0x9FFF).contains($0.value) } ?? false
      column += wide ? 2 : 1
    }
    return starts
  }
}
