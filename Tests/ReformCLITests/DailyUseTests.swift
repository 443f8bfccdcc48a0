import Foundation
import TestSupport
import Testing

/// Daily use: git's conventions, Chinese option values, records that keep their dates, drafts
/// saved unfinished. Driven through the built binary and checked with stock git.
@Suite struct DailyUseTests {
  @Test func dashCBeforeTheSubcommandAndVersion() throws {
    let fixture = try LifecycleFixture()
    let parent = URL(fileURLWithPath: fixture.repository.path).deletingLastPathComponent().path
    let before = try Command.reform(["-C", "repo", "member", "list"], in: parent)
    #expect(before.status == 0, "\(before.stderr)")
    #expect(before.stdout.contains("李四"))
    let after = try Command.reform(["member", "list", "-C", "repo"], in: parent)
    #expect(after.stdout == before.stdout)
    let missing = try Command.reform(["-C", "no-such-folder", "status"], in: parent)
    #expect(missing.status == 3 && missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
    let version = try Command.reform(["--version"])
    #expect(version.status == 0)
    #expect(version.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(version.stdout)")
  }

  @Test func chineseWordsAreAcceptedForEnumeratedValues() throws {
    let fixture = try LifecycleFixture()
    try fixture.must(["new", "a-plan", "--kind", "实施方案"], as: "drafter")
    let text = try fixture.repository.git(["show", "drafting/a-plan:plans/a-plan/plan.md"]).stdout
    #expect(text.contains("kind: implementation\n"))
    let drafting = try fixture.reform(["status", "--stage", "起草", "--json"], as: "drafter")
    #expect(drafting.status == 0 && drafting.stdout.contains("\"a-plan\""), "\(drafting.stderr)")
    let green = try fixture.reform(["status", "--light", "绿灯", "--json"], as: "drafter")
    #expect(green.status == 0 && green.stdout.contains("\"a-plan\""), "\(green.stdout) \(green.stderr)")
    let red = try fixture.reform(["status", "--light", "红", "--json"], as: "drafter")
    #expect(red.status == 0 && !red.stdout.contains("\"a-plan\""), "\(red.stdout) \(red.stderr)")
    try fixture.repository.writeKey("newcomer")
    let added = try fixture.repository.reform([
      "member", "add", "新人", "--key", fixture.repository.folder.path("newcomer.key.pub"), "--unit", "省发展改革委",
      "--roles", "起草人,督察员",
    ])
    #expect(added.status == 0, "\(added.stderr)")
    let policy = try fixture.repository.git(["show", "main:.reform/policy.yaml"]).stdout
    #expect(policy.contains("drafter") && policy.contains("inspector"))
    let unknown = try fixture.reform(["new", "b-plan", "--kind", "方案"], as: "drafter")
    #expect(unknown.status == 2 && unknown.stderr.contains("--kind"), "\(unknown.stderr)")

    try fixture.planInReview("c-plan", reviews: false)
    try fixture.must(
      ["record", "c-plan", "review", "--field", "type=合法合规性审查", "--field", "verdict=通过", "--date", "2026-03-01"],
      as: "legal")
    let review = try fixture.repository.git(
      ["show", "review/c-plan:plans/c-plan/records/2026-03-01-review-legal.md"]
    ).stdout
    #expect(review.contains("type: \"legal\"\n") && review.contains("verdict: \"pass\"\n"), "\(review)")
    try fixture.addReviews("c-plan")
    try fixture.must(
      ["approve", "c-plan", "--body", "领导小组会议", "--meeting", "第1次会议", "--date", "2026-04-01", "--verdict", "通过"],
      as: "approver")
    #expect(try fixture.repository.git(["tag", "--list", "plans/c-plan/*"]).stdout == "plans/c-plan/v1\n")
  }

  @Test func aRecordKeepsTheDateOfItsFile() throws {
    let fixture = try LifecycleFixture()
    try fixture.startPlan("a-plan", text: Fixtures.plan(id: "a-plan"))
    let file = try fixture.repository.folder.write("research.md", "---\nkind: research\ndate: 2026-01-28\nsummary: 调研\n---\n\n调研。\n")
    let result = try fixture.reform(["record", "a-plan", "research", "--file", file], as: "drafter")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "plans/a-plan/records/2026-01-28-research.md\n")
    let written = try fixture.repository.git(["show", "drafting/a-plan:plans/a-plan/records/2026-01-28-research.md"])
    #expect(written.stdout.contains("date: 2026-01-28\n"))
    try fixture.expectRefusal(
      ["record", "a-plan", "research", "--file", file, "--date", "2026-01-29"], as: "drafter", status: 2,
      "differs from the file's date 2026-01-28")
    try fixture.must(["record", "a-plan", "research", "--file", file, "--date", "2026-01-28"], as: "drafter")
    try fixture.expectRefusal(
      ["record", "a-plan", "research", "--field", "summary=调研", "--field", "date=2026-01-28"], as: "drafter",
      status: 2, "--date")
  }

  @Test func aDraftIsSavedUnfinishedAndSubmittedComplete() throws {
    let fixture = try LifecycleFixture()
    try fixture.must(["new", "a-plan", "--kind", "implementation"], as: "drafter")
    let repository = fixture.repository
    try repository.git(["switch", "-q", "drafting/a-plan"])
    let template = try String(contentsOfFile: repository.path + "/plans/a-plan/plan.md", encoding: .utf8)
    try repository.write("plans/a-plan/plan.md", template.replacingOccurrences(of: "title: \"\"", with: "title: 半成品"))
    let saved = try repository.git(["-c", "user.signingkey=" + repository.folder.path("drafter.key"), "commit", "-qam", "草稿"])
    #expect(saved.status == 0, "an unfinished draft was refused: \(saved.stderr)")
    #expect(saved.stderr.contains("warning: plans/a-plan/plan.md") && saved.stderr.contains("jurisdiction"), "\(saved.stderr)")

    try repository.write("plans/a-plan/plan.md", template.replacingOccurrences(of: "major: false", with: "major: [x"))
    let broken = try repository.git(["-c", "user.signingkey=" + repository.folder.path("drafter.key"), "commit", "-qam", "坏"])
    #expect(broken.status != 0, "a draft that does not parse was committed")
    try repository.write("plans/a-plan/plan.md", template.replacingOccurrences(of: "major: false", with: "major: 是"))
    let mistyped = try repository.git(["-c", "user.signingkey=" + repository.folder.path("drafter.key"), "commit", "-qam", "坏"])
    #expect(mistyped.status != 0 && mistyped.stderr.contains("major"), "a wrong type was committed: \(mistyped.stderr)")

    try fixture.expectRefusal(["submit", "a-plan"], as: "drafter", status: 3, "not committed")
    try repository.git(["checkout", "--", "plans/a-plan/plan.md"])
    try fixture.expectRefusal(["submit", "a-plan"], as: "drafter", "jurisdiction: must not be empty")
    try repository.git(["switch", "-q", "main"])
    #expect(try Command.reform(["verify"], in: repository.path).status == 0)
    let minor = Fixtures.plan(id: "a-plan").replacingOccurrences(of: "major: true", with: "major: false")
    try fixture.commitPlan("a-plan", text: minor, branch: "drafting/a-plan")
    try fixture.must(["submit", "a-plan"], as: "drafter")
  }

  @Test func optionMistakesNameTheOptionAndLinksGetTheirDiagnostic() throws {
    let fixture = try LifecycleFixture()
    let negative = try fixture.reform(["status", "--warn-days", "-5"], as: "admin")
    #expect(negative.status == 2 && negative.stderr.contains("--warn-days must be from 0"), "\(negative.stderr)")
    try FileManager.default.createDirectory(
      atPath: fixture.repository.path + "/plans/a-plan", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: fixture.repository.path + "/plans/a-plan/plan.md", withDestinationPath: "/etc/hostname")
    let link = try fixture.reform(["validate", "plans/a-plan/plan.md"], as: "admin")
    #expect(link.status == 1 && link.stderr.contains("must be a regular file, not a symbolic link"), "\(link.stderr)")
  }

  @Test func aCentralRepositoryWhoseHeadNamesAnotherBranch() throws {
    let admin = try PlanRepositoryFixture()
    let central = admin.folder.path("central.git")
    try Command.git(["init", "-q", "--bare", "-b", "master", central], in: admin.folder.url.path)
    try admin.git(["push", "-q", central, "main"])
    #expect(try Command.reform(["hook", "install", "--server", central]).status == 0)
    #expect(try Command.git(["symbolic-ref", "HEAD"], in: central).stdout == "refs/heads/main\n")
    try Command.git(["symbolic-ref", "HEAD", "refs/heads/master"], in: central)
    let cloned = try Command.reform(
      ["clone", central, admin.folder.path("clone"), "--key", admin.folder.path("admin.key")], in: admin.folder.url.path)
    #expect(cloned.status == 0, "\(cloned.stderr)")
    #expect(try Command.git(["branch", "--show-current"], in: admin.folder.path("clone")).stdout == "main\n")
  }

  @Test func helpErrorsAndDiagnosticsFollowTheLocale() throws {
    let fixture = try LifecycleFixture()
    try fixture.must(["new", "a-plan", "--kind", "实施方案"], as: "drafter")
    let cases: [(language: String, help: String, unknown: String, missing: String, stage: String)] = [
      ("zh_CN.UTF-8", "每个方案一行", "没有方案 'no-plan'", "不能为空", "\t起草\t"),
      ("C", "One line per plan", "no plan 'no-plan'", "must not be empty", "\tdrafting\t"),
    ]
    for expected in cases {
      let help = try fixture.reform(["status", "--help"], as: "drafter", language: expected.language)
      #expect(help.stdout.contains(expected.help), "\(expected.language): \(help.stdout)")
      let unknown = try fixture.reform(["submit", "no-plan"], as: "drafter", language: expected.language)
      #expect(unknown.status == 1 && unknown.stderr.contains(expected.unknown), "\(unknown.stderr)")
      let submit = try fixture.reform(["submit", "a-plan"], as: "drafter", language: expected.language)
      #expect(submit.status == 1 && submit.stderr.contains(expected.missing), "\(submit.stderr)")
      let status = try fixture.reform(["status"], as: "drafter", language: expected.language)
      #expect(status.stdout.contains(expected.stage), "\(status.stdout)")
      let json = try fixture.reform(["status", "--json"], as: "drafter", language: expected.language)
      #expect(json.stdout.contains("\"stage\" : \"drafting\""), "JSON keeps SPEC's values: \(json.stdout)")
    }
  }

  @Test func eachMemberSeesWhatWaitsForThem() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("r-plan", reviews: false)
    func todo(_ signer: String, _ extra: [String] = []) throws -> [[String: Any]] {
      let result = try fixture.reform(["todo", "--json"] + extra, as: signer)
      #expect(result.status == 0, "\(signer): \(result.stderr)")
      return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }
    func tasks(_ items: [[String: Any]]) -> Set<String> {
      Set(items.map { "\($0["plan"] as? String ?? "") \($0["task"] as? String ?? "") \($0["type"] as? String ?? "")" })
    }
    #expect(tasks(try todo("reviewer")) == ["r-plan review content", "r-plan review procedure"])
    #expect(tasks(try todo("otherReviewer")).isEmpty, "a reviewer of another group")
    #expect(tasks(try todo("legal")) == ["r-plan review legal"])
    #expect(tasks(try todo("office")) == ["r-plan review reform-office"])
    #expect(tasks(try todo("approver")).isEmpty, "no decision before the reviews pass")
    #expect(tasks(try todo("admin", ["--as", "秘书"])).isEmpty)
    try fixture.addReviews("r-plan")
    #expect(tasks(try todo("reviewer")).isEmpty)
    let decisions = try todo("approver")
    #expect(tasks(decisions) == ["r-plan decision leading-group"], "\(decisions)")
    let keys = Set(decisions.first?.keys.map { $0 } ?? [])
    #expect(keys == ["plan", "task", "type", "due", "detail"])
    let unknown = try fixture.reform(["todo", "--as", "无此人"], as: "admin")
    #expect(unknown.status == 1 && unknown.stderr.contains("无此人"), "\(unknown.stderr)")
  }

  /// The tool's commit messages follow the policy's `language` (Chinese in a new repository),
  /// whoever runs it in whatever locale; trailers stay as SPEC writes them.
  @Test func commitMessagesFollowThePolicysLanguage() throws {
    let fixture = try LifecycleFixture()
    let repository = fixture.repository
    #expect(try repository.git(["show", "main:.reform/policy.yaml"]).stdout.contains("\nlanguage: zh\n"))
    try fixture.must(["new", "a-plan", "--kind", "pilot"], as: "drafter")
    #expect(try repository.git(["log", "-1", "--format=%s", "drafting/a-plan"]).stdout == "reform：新建方案 a-plan（试点方案）\n")
    #expect(
      try repository.git(["log", "-1", "--format=%(trailers:key=Reform-Action,valueonly)", "drafting/a-plan"]).stdout
        == "new\n\n")
    let policy = try repository.git(["show", "main:.reform/policy.yaml"]).stdout
    try fixture.plainCommit(
      [".reform/policy.yaml": policy.replacingOccurrences(of: "\nlanguage: zh\n", with: "\nlanguage: en\n")],
      on: "main", as: "admin")
    try fixture.must(["new", "b-plan", "--kind", "pilot"], as: "drafter")
    #expect(try repository.git(["log", "-1", "--format=%s", "drafting/b-plan"]).stdout == "reform: new plan b-plan (pilot)\n")
    #expect(try Command.reform(["verify"], in: repository.path).status == 0)
  }

  @Test func aSubmitAfterTheDraftingDeadlineIsSaid() throws {
    let fixture = try LifecycleFixture()
    let late = Fixtures.plan(id: "a-plan").replacingOccurrences(of: "major: true", with: "major: false")
      .replacingOccurrences(of: "drafting_deadline: 2027-06-30", with: "drafting_deadline: 2026-01-31")
    try fixture.startPlan("a-plan", text: late)
    let submitted = try fixture.reform(["submit", "a-plan"], as: "drafter")
    #expect(submitted.status == 0, "\(submitted.stderr)")
    #expect(submitted.stderr.contains("after its drafting deadline 2026-01-31"), "\(submitted.stderr)")
  }

  @Test func aNewPlanWhoseDraftingDeadlineIsPastIsSaid() throws {
    let fixture = try LifecycleFixture()
    let fresh = try fixture.reform(["new", "a-plan", "--kind", "implementation"], as: "drafter")
    #expect(fresh.status == 0 && fresh.stderr.isEmpty, "\(fresh.stderr)")
    let path = ".reform/templates/plans/implementation.md"
    let template = try fixture.repository.git(["show", "main:" + path]).stdout
    try fixture.plainCommit(
      [
        path: template.replacingOccurrences(
          of: "drafting_deadline: 2027-06-30", with: "drafting_deadline: 2026-01-31")
      ],
      on: "main", as: "admin")
    for (language, id, message) in [
      ("C", "b-plan", "records the drafting deadline 2026-01-31 of its template, already past"),
      ("zh_CN.UTF-8", "c-plan", "记录了模板中的起草期限 2026-01-31，该期限已过"),
    ] {
      let late = try fixture.reform(["new", id, "--kind", "实施方案"], as: "drafter", language: language)
      #expect(late.status == 0, "\(late.stderr)")
      #expect(late.stderr.contains(message), "\(late.stderr)")
      #expect(late.stderr.split(separator: "\n").count == 1, "\(late.stderr)")
    }
  }

  @Test func recordKindsListsFieldsStagesAndWhoMayMakeThem() throws {
    let listed = try Command.reform(["record", "--kinds"])
    #expect(listed.status == 0, "\(listed.stderr)")
    #expect(listed.stdout.contains("consultation (论证评估)"))
    #expect(listed.stdout.contains("required: type, opinions_received, opinions_adopted"))
    #expect(listed.stdout.contains("legal: a member with the role legal"))
    #expect(!listed.stdout.contains("decision ("), "decisions are made with reform approve")
    let fixture = try LifecycleFixture()
    try fixture.startPlan("a-plan", text: Fixtures.plan(id: "a-plan"))
    let template = try fixture.reform(["record", "a-plan", "consultation", "--template", "--date", "2026-02-01"], as: "drafter")
    #expect(template.status == 0 && template.stdout.contains("type: departmental  # departmental | public"), "\(template.stdout)")
    var filled = template.stdout.replacingOccurrences(of: "opinions_received: 0", with: "opinions_received: 3")
    filled = filled.replacingOccurrences(of: "opinions_adopted: 0", with: "opinions_adopted: 2")
    let file = try fixture.repository.folder.write("consultation.md", filled)
    try fixture.must(["record", "a-plan", "consultation", "--file", file], as: "drafter")
    let incomplete = try Command.reform(["record", "a-plan"])
    #expect(incomplete.status == 2 && incomplete.stderr.contains("--kinds"), "\(incomplete.stderr)")
  }

  /// What a hostile tester of the new commands found, each refused or done right now.
  @Test func mistakesWithTheNewCommandsAreOneClearLine() throws {
    let fixture = try LifecycleFixture()
    try fixture.planInReview("r-plan", reviews: false)
    try fixture.expectRefusal(
      ["record", "r-plan", "review", "--field", "type=乱写", "--field", "verdict=pass"], as: "reviewer", status: 2,
      "a review needs a type")
    let other = try fixture.repository.folder.write("adjustment.md", "---\nkind: adjustment\ndate: 2026-03-01\nreason: 变\n---\n")
    try fixture.expectRefusal(
      ["record", "r-plan", "review", "--file", other], as: "reviewer", status: 2, "is a record of kind 'adjustment'")
    let template = try fixture.reform(["record", "r-plan", "review", "--template", "--date", "2026-03-01"], as: "reviewer")
    let file = try fixture.repository.folder.write("review.md", template.stdout)
    try fixture.must(["record", "r-plan", "review", "--file", file], as: "reviewer")

    let updated = try fixture.repository.reform(["member", "update", "李四", "--roles", "drafter,起草人"])
    #expect(updated.status == 0, "\(updated.stderr)")
    #expect(try fixture.repository.git(["show", "main:.reform/policy.yaml"]).stdout.contains("roles: [\"drafter\"]"))

    let workbook = fixture.repository.folder.path("ledger.xlsx")
    #expect(try fixture.reform(["ledger", "-o", workbook], as: "admin").status == 0)
    #expect(try Data(contentsOf: URL(fileURLWithPath: workbook)).prefix(2) == Data("PK".utf8), "-o x.xlsx writes a workbook")
    #expect(try fixture.reform(["ledger", "--json"], as: "admin").stdout.hasPrefix("{"))

    let badPlan = try fixture.reform(["overdue", "--plan", "../x"], as: "admin")
    #expect(badPlan.status == 2, "\(badPlan.stderr)")
    let policy = try fixture.reform(["log", "--action", "policy"], as: "admin")
    #expect(policy.status == 2, "\(policy.stderr)")
    let deadline = try fixture.reform(["overdue", "--deadline", "foo"], as: "admin")
    #expect(deadline.status == 2 && deadline.stderr.contains("drafting"), "\(deadline.stderr)")
    #expect(deadline.stderr.split(separator: "\n").count == 1)
  }
}
