import Foundation
import TestSupport
import Testing

/// A team at work: a central bare repository with the `pre-receive` hook, behind a real OpenSSH
/// server when one can be started (as root, as CI runs), and each member in a clone of their own
/// made with `reform clone`, publishing with `reform sync`.
final class TeamBed {
  /// Key file, member name, unit, roles, groups, e-mail.
  static let members: [(key: String, name: String, unit: String, roles: String, groups: String?, email: String)] = [
    ("drafter", "李四", "省发展改革委", "drafter", nil, "lisi@fgw.ah.gov.cn"),
    ("reviewer", "张审", "省委改革办", "reviewer", "经济体制和生态文明体制改革专项小组", "zhangshen@gg.ah.gov.cn"),
    ("legal", "法规", "省司法厅", "legal", nil, "fagui@sft.ah.gov.cn"),
    ("office", "改革办", "省委改革办", "reform-office", nil, "ggb@gg.ah.gov.cn"),
    ("approver", "秘书", "省委办公厅", "approver", nil, "mishu@ah.gov.cn"),
    ("approver2", "秘书二", "省委办公厅", "approver", nil, "mishu2@ah.gov.cn"),
  ]

  let admin: PlanRepositoryFixture
  let central: String
  let url: String
  let server: SSHServer?
  private let sshKey: String?
  /// The members' locale (`LANG`), when not the tests' own.
  var language: String?
  /// What every `reform` run in a clone printed, in order.
  private(set) var transcript: [(arguments: [String], result: CommandResult)] = []

  init() throws {
    admin = try PlanRepositoryFixture()
    for member in Self.members {
      try admin.writeKey(member.key)
      var arguments = [
        "member", "add", member.name, "--key", admin.folder.path("\(member.key).key.pub"), "--unit", member.unit,
        "--roles", member.roles, "--email", member.email,
      ]
      if let groups = member.groups { arguments += ["--groups", groups] }
      let added = try admin.reform(arguments)
      guard added.status == 0 else { throw FixtureError("member add: \(added.stderr)") }
    }
    central = admin.folder.path("central.git")
    try Command.git(["clone", "-q", "--bare", admin.path, central], in: admin.folder.url.path)
    let hook = try Command.reform(["hook", "install", "--server", central])
    guard hook.status == 0 else { throw FixtureError("hook install: \(hook.stderr)") }
    if SSHServer.isAvailable {
      let key = admin.folder.path("team_ssh")
      let made = try Command.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "team", "-f", key])
      guard made.status == 0 else { throw FixtureError("ssh-keygen: \(made.stderr)") }
      let started = try SSHServer(
        authorizedKeys: [try String(contentsOfFile: key + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)])
      try started.waitUntilReady(key: key)
      server = started
      sshKey = key
      url = started.url(central)
    } else {
      server = nil
      sshKey = nil
      url = central
    }
  }

  /// The clone of member `key`.
  func clone(_ key: String) -> String { admin.folder.path("clone-\(key)") }

  /// The environment of a member's shell: git reaches the server with the team's SSH key; no
  /// signing key is given, so that commands sign with what `reform setup` configured.
  var environment: [String: String] {
    var environment = server.flatMap { server in sshKey.map { server.environment(key: $0) } } ?? Command.hermeticEnvironment
    // The identity comes from the clone's configuration, as `reform setup` wrote it.
    for variable in ["REFORM_SIGNING_KEY", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"] {
      environment[variable] = nil
    }
    if let language { environment["LANG"] = language }
    return environment
  }

  /// Runs `reform` in the clone of member `key`.
  @discardableResult
  func reform(_ arguments: [String], as key: String) throws -> CommandResult {
    let result = try Command.reform(arguments, in: clone(key), environment: environment)
    transcript.append((arguments, result))
    return result
  }

  /// Runs `reform` as member `key` and fails the test set-up unless it succeeds.
  func must(_ arguments: [String], as key: String) throws {
    let result = try reform(arguments, as: key)
    guard result.status == 0 else { throw FixtureError("\(key): reform \(arguments.joined(separator: " ")): \(result.stderr)") }
  }

  /// Runs stock git in the clone of member `key`.
  @discardableResult
  func git(_ arguments: [String], as key: String) throws -> CommandResult {
    try Command.run("/usr/bin/git", arguments, in: clone(key), environment: environment)
  }

  /// The drafter drafts plan `id` with plain git, researches, consults and submits it to
  /// review; the reviewers record their reviews; each publishes with `reform sync`.
  func bringToReview(_ id: String) throws {
    try must(["new", id, "--kind", "implementation"], as: "drafter")
    try git(["switch", "-q", "drafting/\(id)"], as: "drafter")
    let text = Fixtures.plan(id: id).replacingOccurrences(of: "issuance: party-committee", with: "issuance: group")
    try text.write(toFile: clone("drafter") + "/plans/\(id)/plan.md", atomically: true, encoding: .utf8)
    let committed = try git(["commit", "-qam", "起草"], as: "drafter")
    guard committed.status == 0 else { throw FixtureError("git commit: \(committed.stderr)") }
    try git(["switch", "-q", "main"], as: "drafter")
    for step in LifecycleFixture.stepsToReview(id) { try must(step, as: "drafter") }
    try must(["sync", id], as: "drafter")
    let content = try admin.folder.write(
      "content-review.md",
      "---\nkind: review\ntype: content\nverdict: pass\nstandards: {political_correctness: pass, "
        + "problem_targeting: pass, breakthrough: pass, coherence: pass, procedural_completeness: pass}\n---\n\n通过。\n")
    try must(["sync"], as: "reviewer")
    try must(["record", id, "review", "--file", content, "--date", "2026-03-01"], as: "reviewer")
    try must(["record", id, "review", "--field", "type=procedure", "--field", "verdict=pass", "--date", "2026-03-01", "--sync"], as: "reviewer")
    for (key, type) in [("legal", "legal"), ("office", "reform-office")] {
      try must(["sync"], as: key)
      try must(["record", id, "review", "--field", "type=\(type)", "--field", "verdict=pass", "--date", "2026-03-01", "--sync"], as: key)
    }
  }
}

@Suite(.serialized) struct TeamTests {
  /// The team's day in Chinese: joining, drafting, reviewing, approving and publishing print
  /// nothing in English but what SPEC and git name.
  @Test func aTeamWorkingInChineseReadsNoEnglish() throws {
    let team = try TeamBed()
    team.language = "zh_CN.UTF-8"
    for member in TeamBed.members {
      let cloned = try Command.reform(
        ["clone", team.url, team.clone(member.key), "--key", team.admin.folder.path("\(member.key).key")],
        in: team.admin.folder.url.path, environment: team.environment)
      #expect(cloned.status == 0 && cloned.stdout.contains("您是 \(member.name)（"), "\(cloned.stdout)\(cloned.stderr)")
      #expect(ChineseScenarioTests.englishWords(in: cloned.stdout + cloned.stderr).isEmpty, "\(cloned.stdout)")
    }
    try team.bringToReview("zh-team")
    try team.must(["sync"], as: "approver")
    try team.must(["approve", "zh-team", "--body", "领导小组会议", "--meeting", "第1次会议", "--date", "2026-04-01", "--sync"], as: "approver")
    try team.must(["sync"], as: "drafter")
    try team.reform(["submit", "zh-team"], as: "drafter")
    try team.reform(["status"], as: "drafter")
    for (arguments, result) in team.transcript {
      // git's own lines (fetch and push progress, the server's `remote:` lines) are git's to word.
      for line in (result.stdout + result.stderr).split(separator: "\n") where !line.hasPrefix("remote:") {
        let english = ChineseScenarioTests.englishWords(in: String(line))
        #expect(english.isEmpty, "reform \(arguments.joined(separator: " ")): \(english) in: \(line)")
      }
    }
  }

  @Test func fourMembersTakeAPlanToIssuanceAndTwoApproversRace() throws {
    let team = try TeamBed()
    // A key of nobody in the policy joins nothing, and leaves no half-set-up clone behind.
    let stranger = try team.admin.writeKey("stranger")
    let outsider = try Command.reform(
      ["clone", team.url, team.clone("stranger"), "--key", stranger], in: team.admin.folder.url.path, environment: team.environment)
    #expect(outsider.status == 1 && outsider.stderr.contains("belongs to no member of the policy"), "\(outsider.stderr)")
    #expect(!FileManager.default.fileExists(atPath: team.clone("stranger")))
    for member in TeamBed.members {
      let cloned = try Command.reform(
        ["clone", team.url, team.clone(member.key), "--key", team.admin.folder.path("\(member.key).key")],
        in: team.admin.folder.url.path, environment: team.environment)
      #expect(cloned.status == 0, "\(member.key): \(cloned.stderr)")
      #expect(cloned.stdout.contains("you are \(member.name) ("), "\(cloned.stdout)")
      #expect(try team.reform(["setup", "--check"], as: member.key).status == 0)
    }

    // One plan from drafting to issuance; nobody makes a branch by hand.
    try team.bringToReview("team-plan")
    try team.must(["sync"], as: "approver")
    let approved = try team.reform(
      ["approve", "team-plan", "--body", "leading-group", "--meeting", "第1次会议", "--date", "2026-04-01", "--sync"], as: "approver")
    #expect(approved.status == 0, "\(approved.stderr)")
    #expect(approved.stdout.contains("published: main, -review/team-plan, tags/plans/team-plan/v1"), "\(approved.stdout)")
    try team.must(["record", "team-plan", "issuance", "--field", "document_number=皖政〔2026〕1号", "--date", "2026-04-10", "--sync"], as: "approver")
    let references = try Command.git(["for-each-ref", "--format=%(refname)"], in: team.central).stdout
    #expect(references.contains("refs/tags/plans/team-plan/v1\n"))
    #expect(!references.contains("team-plan\n") || !references.contains("refs/heads/review/team-plan"), "no stage branch after approval")

    // The drafter's clone still has review/team-plan from its submit: stale now, it is deleted
    // locally and never published again.
    let stale = try team.reform(["sync"], as: "drafter")
    #expect(stale.status == 0, "\(stale.stderr)")
    #expect(stale.stderr.contains("review/team-plan was stale"), "\(stale.stderr)")
    #expect(!(try Command.git(["for-each-ref", "--format=%(refname)"], in: team.central).stdout.contains("refs/heads/review/team-plan")))
    #expect(try team.git(["branch", "--list", "review/team-plan"], as: "drafter").stdout.isEmpty)

    // A change the hooks refuse is reported with their reason, not as a race.
    try team.git(["switch", "-q", "main"], as: "drafter")
    try "篡改\n".write(toFile: team.clone("drafter") + "/plans/team-plan/plan.md", atomically: true, encoding: .utf8)
    try team.git(["commit", "-q", "--no-verify", "-am", "篡改"], as: "drafter")
    let forged = try team.reform(["sync"], as: "drafter")
    #expect(forged.status == 3 && forged.stderr.contains("nothing was published:"), "\(forged.stderr)")
    #expect(!forged.stderr.contains("another member published first"), "\(forged.stderr)")
    #expect(forged.stderr.split(separator: "\n").count == 1, "\(forged.stderr)")
    try team.git(["reset", "-q", "--hard", "HEAD~1"], as: "drafter")

    // Every commit is signed by its member's own key and names that member's e-mail.
    let emails = Dictionary(uniqueKeysWithValues: TeamBed.members.map { ($0.name, $0.email) })
    let log = try team.git(["log", "--format=%G?|%an|%ae|%GS", "main", "--", "plans/team-plan"], as: "drafter").stdout
    #expect(log.split(separator: "\n").count >= 10, "\(log)")
    for line in log.split(separator: "\n") {
      let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
      #expect(parts[0] == "G", "\(line)")
      #expect(parts[1] == parts[3], "signed by the author's own key: \(line)")
      #expect(emails[parts[1]] == parts[2], "the member's e-mail from the policy: \(line)")
    }
    let tagger = try team.git(["cat-file", "-p", "plans/team-plan/v1"], as: "drafter").stdout
    #expect(tagger.contains("tagger 秘书 <mishu@ah.gov.cn>"), "\(tagger)")

    // Two approvers race to approve the same plan: one wins; the other's sync is refused by
    // the lease (the winner publishes while the loser's push is under way), and it recovers by
    // syncing again.
    try team.bringToReview("race-plan")
    for approver in ["approver", "approver2"] {
      try team.must(["sync"], as: approver)
      try team.must(
        ["approve", "race-plan", "--body", "leading-group", "--meeting", "第2次会议", "--date", "2026-04-02"], as: approver)
    }
    let hooks = team.clone("approver2") + "/.git/hooks/"
    try FileManager.default.moveItem(atPath: hooks + "pre-push", toPath: hooks + "pre-push.reform")
    let winner = "cd '\(team.clone("approver"))' && '\(Command.reformBinary)' sync >/dev/null 2>&1"
    try "#!/bin/sh\n(\(winner))\nexec \"$(dirname \"$0\")/pre-push.reform\" \"$@\"\n".write(
      toFile: hooks + "pre-push", atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hooks + "pre-push")
    let refused = try team.reform(["sync"], as: "approver2")
    #expect(refused.status == 3, "\(refused.stdout) \(refused.stderr)")
    #expect(refused.stderr.contains("another member published first"), "\(refused.stderr)")
    #expect(refused.stderr.contains("run 'reform sync' again"), "\(refused.stderr)")
    try FileManager.default.removeItem(atPath: hooks + "pre-push")
    try FileManager.default.moveItem(atPath: hooks + "pre-push.reform", toPath: hooks + "pre-push")
    let recovered = try team.reform(["sync"], as: "approver2")
    #expect(recovered.status == 0, "\(recovered.stderr)")
    #expect(recovered.stderr.contains("your approval of plans/race-plan/v1 was not published"), "\(recovered.stderr)")
    let centralMain = try Command.git(["rev-parse", "main"], in: team.central).stdout
    #expect(try team.git(["rev-parse", "main"], as: "approver2").stdout == centralMain)
    let tag = try Command.git(["cat-file", "-p", "plans/race-plan/v1"], in: team.central).stdout
    #expect(tag.contains("tagger 秘书 <mishu@ah.gov.cn>"), "the winner's tag: \(tag)")

    // The central repository is sound and every commit and tag passes verification.
    #expect(try Command.git(["fsck", "--strict", "--no-dangling"], in: team.central).status == 0)
    let verified = try Command.reform(["verify", "-C", team.central])
    #expect(verified.status == 0, "\(verified.stdout)")
  }
}
