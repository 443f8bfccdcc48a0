import Foundation
import TestSupport
import Testing

/// Byte-exact trees, files that are files, and commands that survive `kill -9` (issue 6).
@Suite struct SafetyTests {
  @Test func recordKeepsEveryOtherEntryByteForByte() throws {
    let fixture = try LifecycleFixture()
    try fixture.startPlan("a-plan", text: Fixtures.plan(id: "a-plan"))
    try fixture.repository.git(["switch", "-q", "drafting/a-plan"])
    // A GBK-named attachment and two names that differ only in Unicode normalisation.
    let made = try Command.shell(
      """
      printf 'gbk' > "plans/a-plan/$(printf '\\xb8\\xbd\\xbc\\xfe').txt"
      printf 'nfc' > "plans/a-plan/$(printf 'caf\\xc3\\xa9').txt"
      printf 'nfd' > "plans/a-plan/$(printf 'cafe\\xcc\\x81').txt"
      git add -A && git commit -q -m 附件
      """, in: fixture.repository.path)
    #expect(made.status == 0, "\(made.stderr)")
    try fixture.repository.git(["switch", "-q", "main"])
    let listing = { (rev: String) throws -> [String] in
      try fixture.repository.git(["ls-tree", "-r", rev]).stdout.split(separator: "\n").map(String.init)
    }
    let before = try listing("drafting/a-plan")
    #expect(before.filter { $0.contains("plans/a-plan/") }.count == 4)
    try fixture.must(["record", "a-plan", "research", "--field", "summary=调研"], as: "drafter")
    let after = try listing("drafting/a-plan")
    #expect(after.filter { !$0.contains("plans/a-plan/records/") } == before)
    #expect(after.count == before.count + 1)
    #expect(try fixture.repository.git(["fsck", "--strict"]).status == 0)
  }

  @Test func aCommittedSymlinkWhereTheRecordsFolderBelongsIsRefused() throws {
    let fixture = try LifecycleFixture()
    try fixture.startPlan("a-plan", text: Fixtures.plan(id: "a-plan"))
    let outside = try TemporaryDirectory()
    try fixture.repository.git(["switch", "-q", "drafting/a-plan"])
    try Command.shell(
      "ln -s '\(outside.url.path)' plans/a-plan/records && git add -A && git commit -q --no-verify -m 链接",
      in: fixture.repository.path)
    let before = try fixture.references()
    let result = try fixture.reform(["record", "a-plan", "research", "--field", "summary=调研"], as: "drafter")
    #expect(result.status == 1)
    #expect(result.stderr.contains("plans/a-plan/records is a file or symbolic link where a folder belongs"))
    #expect(try fixture.references() == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: outside.url.path).isEmpty)
  }

  @Test func validateReportsLinksFIFOsAndFoldersWithoutReadingThem() throws {
    let repository = try PlanRepositoryFixture()
    let made = try Command.shell(
      """
      mkdir -p plans/zero-plan plans/passwd-plan plans/fifo-plan plans/folder-plan/plan.md
      ln -s /dev/zero plans/zero-plan/plan.md
      ln -s /etc/passwd plans/passwd-plan/plan.md
      mkfifo plans/fifo-plan/plan.md
      """, in: repository.path)
    #expect(made.status == 0, "\(made.stderr)")
    let started = Date()
    let result = try repository.reform(["validate"])
    #expect(Date().timeIntervalSince(started) < 10)
    #expect(result.status == 1)
    #expect(result.stderr.contains("plans/zero-plan/plan.md:1: file: must be a regular file, not a symbolic link"))
    #expect(result.stderr.contains("plans/passwd-plan/plan.md:1: file: must be a regular file, not a symbolic link"))
    #expect(result.stderr.contains("plans/fifo-plan/plan.md:1: file: must be a regular file, not a FIFO"))
    #expect(!result.stderr.contains("root:"))

    // The hook sees what is staged: a symbolic link staged as plan.md.
    try Command.shell("rm -rf plans/fifo-plan plans/folder-plan && git switch -q -c drafting/zero-plan && git add plans", in: repository.path)
    let hooked = try repository.git(["commit", "-q", "-m", "链接"])
    #expect(hooked.status != 0)
    #expect(hooked.stderr.contains("must be a regular file, not a symbolic link"))
  }

  @Test func aLockLeftByACrashIsNamedWithHowToRemoveIt() throws {
    let fixture = try LifecycleFixture()
    try fixture.startPlan("a-plan", text: Fixtures.plan(id: "a-plan"))
    let lock = fixture.repository.path + "/.git/refs/heads/drafting/a-plan.lock"
    try Data().write(to: URL(fileURLWithPath: lock))
    let result = try fixture.reform(["record", "a-plan", "research", "--field", "summary=调研"], as: "drafter")
    #expect(result.status == 3)
    #expect(result.stderr.contains("another command is changing the repository (\(lock) exists); nothing was changed"))
    #expect(result.stderr.contains("the lock was left by a crash: remove \(lock)"))
    try FileManager.default.removeItem(atPath: lock)
    try fixture.must(["record", "a-plan", "research", "--field", "summary=调研"], as: "drafter")
  }

  /// Kills `approve`, `submit` and `record` at random moments (120 runs in all); the next
  /// command must leave references all-before or all-after, and index and work tree at HEAD.
  @Test func killNineAtRandomMomentsLeavesARepositoryThatTheNextCommandMendsRightly() throws {
    let template = try LifecycleFixture()
    try template.planInReview("a-plan")
    try template.startPlan("b-plan", text: Fixtures.plan(id: "b-plan"))
    try template.must(["record", "b-plan", "research", "--field", "summary=调研", "--date", "2026-01-10"], as: "drafter")
    try template.must(["submit", "b-plan"], as: "drafter")
    for type in ["departmental", "public"] {
      try template.must(
        ["record", "b-plan", "consultation", "--field", "type=\(type)", "--field", "opinions_received=1",
          "--field", "opinions_adopted=1", "--date", "2026-02-01"], as: "drafter")
    }
    let source = template.repository.folder.url.path
    let scenarios: [(branch: String, signer: String, arguments: [String])] = [
      ("review/a-plan", "approver", LifecycleFixture.decision("a-plan", "leading-group")),
      ("consultation/b-plan", "drafter", ["submit", "b-plan"]),
      ("review/a-plan", "reviewer", ["record", "a-plan", "review", "--field", "type=procedure", "--field", "verdict=pass"]),
    ]
    var generator = SystemRandomNumberGenerator()
    var outcomes: [String: Int] = [:]
    for run in 0..<120 {
      let scenario = scenarios[run % scenarios.count]
      let copy = try TemporaryDirectory()
      try Command.shell("cp -a '\(source)/.' '\(copy.url.path)/'", in: copy.url.path)
      let repository = copy.path("repo")
      try Command.git(["switch", "-q", scenario.branch], in: repository)
      let before = try Command.git(["for-each-ref", "--format=%(refname) %(objectname)"], in: repository).stdout
      var environment = Command.hermeticEnvironment
      environment["REFORM_SIGNING_KEY"] = copy.path("\(scenario.signer).key")
      let process = try Command.startReform(scenario.arguments, in: repository, environment: environment)
      usleep(UInt32.random(in: 0..<150_000, using: &generator))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()

      // The next command (a read) mends; a lock left behind is named, the user removes it.
      var next = try Command.reform(["member", "list"], in: repository, environment: environment)
      var removed = 0
      while let range = next.stderr.range(of: "left by a crash: remove "), removed < 3 {
        let lock = String(next.stderr[range.upperBound...].prefix { $0 != "\n" })
        try FileManager.default.removeItem(atPath: lock)
        removed += 1
        next = try Command.reform(["member", "list"], in: repository, environment: environment)
      }
      #expect(next.status == 0, "run \(run): \(next.stderr)")

      let after = try Command.git(["for-each-ref", "--format=%(refname) %(objectname)"], in: repository).stdout
      let finished = after != before
      outcomes[finished ? "after" : "before", default: 0] += 1
      if finished { try expectComplete(scenario.arguments, references: after, before: before, run: run) }
      let status = try Command.git(["status", "--porcelain"], in: repository).stdout
      #expect(status == "", "run \(run) (\(scenario.arguments[0])): \(status) \(next.stderr)")
      #expect(try Command.git(["rev-parse", "--verify", "-q", "HEAD"], in: repository).status == 0, "run \(run)")
      #expect(try Command.git(["fsck", "--strict", "--no-dangling"], in: repository).status == 0, "run \(run)")
      let journals = try FileManager.default.contentsOfDirectory(atPath: repository + "/.git").filter { $0.hasPrefix("reform-journal") }
      #expect(journals.isEmpty, "run \(run): \(journals)")
    }
    #expect(outcomes["before", default: 0] > 0 && outcomes["after", default: 0] > 0, "\(outcomes)")
  }

  /// The references after a finished command are all those it makes, none of the old ones.
  private func expectComplete(_ arguments: [String], references: String, before: String, run: Int) throws {
    let names = Set(references.split(separator: "\n").map { $0.split(separator: " ")[0] })
    switch arguments[0] {
    case "approve":
      #expect(names.contains("refs/tags/plans/a-plan/v1") && !names.contains("refs/heads/review/a-plan"), "run \(run)")
    case "submit":
      #expect(names.contains("refs/heads/review/b-plan") && !names.contains("refs/heads/consultation/b-plan"), "run \(run)")
    default:
      let changed = Set(references.split(separator: "\n")).subtracting(before.split(separator: "\n"))
      #expect(changed.map { $0.split(separator: " ")[0] } == ["refs/heads/review/a-plan"], "run \(run)")
    }
  }

  @Test func aLinkOrFolderWherePlanMdBelongsIsAClearRefusal() throws {
    let fixture = try LifecycleFixture()
    try fixture.startPlan("a-plan", text: Fixtures.plan(id: "a-plan"))
    try fixture.repository.git(["switch", "-q", "drafting/a-plan"])
    try Command.shell(
      "rm plans/a-plan/plan.md && ln -s /etc/passwd plans/a-plan/plan.md && git add -A && git commit -q --no-verify -m 链接",
      in: fixture.repository.path)
    try fixture.repository.git(["switch", "-q", "main"])
    let result = try fixture.reform(["record", "a-plan", "research", "--field", "summary=调研"], as: "drafter")
    #expect(result.status == 1)
    #expect(result.stderr.contains("plans/a-plan/plan.md must be a regular file, not a symbolic link") || result.stderr.contains("must be a regular file"), "\(result.stderr)")
    #expect(!result.stderr.contains("SnapshotError"))

    let folder = try PlanRepositoryFixture()
    try Command.shell("mkdir -p plans/x-plan/plan.md", in: folder.path)
    let validate = try folder.reform(["validate"])
    #expect(validate.status == 1)
    #expect(validate.stderr.contains("plans/x-plan/plan.md:1: file: must be a regular file, not a folder"), "\(validate.stderr)")
  }

  @Test func approvalsSucceedWhileOtherCommandsAndGitStatusRun() throws {
    for round in 0..<6 {
      let fixture = try LifecycleFixture()
      try fixture.planInReview("a-plan")
      try fixture.startPlan("b-plan", text: Fixtures.plan(id: "b-plan"))
      try fixture.repository.git(["switch", "-q", "review/a-plan"])
      let environment = { (signer: String) -> [String: String] in
        var environment = Command.hermeticEnvironment
        environment["REFORM_SIGNING_KEY"] = fixture.repository.folder.path("\(signer).key")
        return environment
      }
      let path = fixture.repository.path
      let results = try Command.runTogether([
        (Command.reformBinary, LifecycleFixture.decision("a-plan", "leading-group"), path, environment("approver")),
        (Command.reformBinary, ["record", "b-plan", "research", "--field", "summary=调研"], path, environment("drafter")),
        ("/bin/bash", ["-c", "for i in $(seq 40); do git status --porcelain >/dev/null 2>&1; done"], path, Command.hermeticEnvironment),
      ])
      // The approval either succeeds, or (the index locked by git status all along on a loaded
      // machine) refuses truthfully with nothing changed; never anything in between.
      let approved = results[0].status == 0
      #expect(approved || results[0].stderr.contains("nothing was changed"), "round \(round): \(results[0].stderr)")
      #expect(results[1].status == 0, "round \(round): \(results[1].stderr)")
      #expect(try fixture.repository.git(["status", "--porcelain"]).stdout == "", "round \(round)")
      let head = approved ? "refs/heads/main\n" : "refs/heads/review/a-plan\n"
      #expect(try fixture.repository.git(["symbolic-ref", "HEAD"]).stdout == head, "round \(round)")
      #expect(try fixture.repository.git(["tag", "--list"]).stdout == (approved ? "plans/a-plan/v1\n" : ""))
      let journals = try FileManager.default.contentsOfDirectory(atPath: path + "/.git").filter { $0.hasPrefix("reform-journal") }
      #expect(journals.isEmpty, "round \(round): \(journals)")
    }
  }
}
