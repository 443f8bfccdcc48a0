import Foundation

/// A plan repository with a member for every role, and helpers that walk plans through the
/// procedure with the built `reform` binary.
public final class LifecycleFixture {
  /// The underlying repository.
  public let repository: PlanRepositoryFixture

  /// Members: key name, member name, unit, roles, groups.
  public static let members: [(key: String, name: String, unit: String, roles: String, groups: String?)] = [
    ("drafter", "李四", "省发展改革委", "drafter", nil),
    ("otherDrafter", "王五", "省科技厅", "drafter", nil),
    ("reviewer", "张审", "省委改革办", "reviewer", "经济体制和生态文明体制改革专项小组"),
    ("otherReviewer", "钱审", "省委改革办", "reviewer", "科技体制改革专项小组"),
    ("legal", "法规", "省司法厅", "legal", nil),
    ("office", "改革办", "省委改革办", "reform-office", nil),
    ("approver", "秘书", "省委办公厅", "approver", nil),
    ("approver2", "秘书二", "省委办公厅", "approver", nil),
    ("inspector", "督查", "省委督查室", "inspector", nil),
    ("market", "市场", "省市场监管局", "drafter", nil),
    ("data", "数据", "省数据资源局", "drafter", nil),
  ]

  /// Makes the repository and adds every member.
  public init() throws {
    repository = try PlanRepositoryFixture()
    for member in Self.members {
      try repository.writeKey(member.key)
      var arguments = [
        "member", "add", member.name, "--key", repository.folder.path("\(member.key).key.pub"), "--unit",
        member.unit, "--roles", member.roles,
      ]
      if let groups = member.groups { arguments += ["--groups", groups] }
      let result = try repository.reform(arguments)
      guard result.status == 0 else { throw FixtureError("member add \(member.name): \(result.stderr)") }
    }
  }

  /// Runs reform signed by the member whose key is `signer`, in the locale `language` when given.
  @discardableResult
  public func reform(_ arguments: [String], as signer: String, language: String? = nil) throws -> CommandResult {
    try repository.reform(arguments, signer: signer, language: language)
  }

  /// Runs reform and fails the set-up unless it succeeds.
  public func must(_ arguments: [String], as signer: String) throws {
    let result = try reform(arguments, as: signer)
    guard result.status == 0 else { throw FixtureError("reform \(arguments.joined(separator: " ")): \(result.stderr)") }
  }

  /// `git for-each-ref` output: every reference and its value.
  public func references() throws -> String {
    try repository.git(["for-each-ref", "--format=%(refname) %(objectname)"]).stdout
  }

  /// Starts plan `id` and commits `text` as its plan.md on drafting/<id> with plain git.
  public func startPlan(_ id: String, text: String) throws {
    try must(["new", id, "--kind", "implementation"], as: "drafter")
    try commitPlan(id, text: text, branch: "drafting/\(id)")
  }

  /// Commits `text` as plan.md on `branch` with plain git, signed by the drafter's key, then
  /// switches back to main.
  public func commitPlan(_ id: String, text: String, branch: String) throws {
    try repository.git(["switch", "-q", branch])
    try repository.write("plans/\(id)/plan.md", text)
    let committed = try repository.git([
      "-c", "user.signingkey=" + repository.folder.path("drafter.key"), "commit", "-qam", "起草",
    ])
    try repository.git(["switch", "-q", "main"])
    guard committed.status == 0 else { throw FixtureError("git commit: \(committed.stderr)") }
  }

  /// Commits `files` (path → text) on `branch` with plain git, signed by git with the key of
  /// `signer`, bypassing the client hooks as an attacker would; switches back to main.
  public func plainCommit(_ files: [String: String], on branch: String, as signer: String, message: String = "手工提交") throws {
    try repository.git(["switch", "-q", branch])
    for (path, text) in files { try repository.write(path, text) }
    try repository.git(["add", "-A"])
    let committed = try repository.git([
      "-c", "user.signingkey=" + repository.folder.path("\(signer).key"), "commit", "-q", "--no-verify", "-m", message,
    ])
    try repository.git(["switch", "-q", "main"])
    guard committed.status == 0 else { throw FixtureError("git commit: \(committed.stderr)") }
  }

  /// Research, submit, the consultations the fixture plan needs, submit: the plan is in review.
  public func advanceToReview(_ id: String) throws {
    for step in Self.stepsToReview(id) { try must(step, as: "drafter") }
  }

  /// The drafter's commands that take the fixture plan `id` from drafting to review.
  public static func stepsToReview(_ id: String) -> [[String]] {
    [["record", id, "research", "--field", "summary=调研", "--date", "2026-01-10"], ["submit", id]]
      + ["departmental", "public"].map { type in
        ["record", id, "consultation", "--field", "type=\(type)", "--field", "opinions_received=3",
          "--field", "opinions_adopted=2", "--date", "2026-02-01"]
      } + [["submit", id]]
  }

  /// Plan `id` in review (its route the leading group alone), with every review unless told not.
  public func planInReview(_ id: String, reviews: Bool = true) throws {
    let text = Fixtures.plan(id: id).replacingOccurrences(of: "issuance: party-committee", with: "issuance: group")
    try startPlan(id, text: text)
    try advanceToReview(id)
    if reviews { try addReviews(id) }
  }

  /// The reviews approval needs: content, procedure, legal and, when asked, reform-office.
  public func addReviews(_ id: String, reformOffice: Bool = true) throws {
    let content = try repository.folder.write(
      "content-review.md",
      "---\nkind: review\ntype: content\nverdict: pass\nstandards: {political_correctness: pass, "
        + "problem_targeting: pass, breakthrough: pass, coherence: pass, procedural_completeness: pass}\n---\n\n通过。\n")
    try must(["record", id, "review", "--file", content, "--date", "2026-03-01"], as: "reviewer")
    try must(["record", id, "review", "--field", "type=procedure", "--field", "verdict=pass", "--date", "2026-03-01"], as: "reviewer")
    try must(["record", id, "review", "--field", "type=legal", "--field", "verdict=pass", "--date", "2026-03-01"], as: "legal")
    if reformOffice {
      try must(
        ["record", id, "review", "--field", "type=reform-office", "--field", "verdict=pass", "--date", "2026-03-01"],
        as: "office")
    }
  }

  /// `reform approve` arguments for one decision.
  public static func decision(_ id: String, _ body: String, date: String = "2026-04-01", verdict: String = "approved") -> [String] {
    ["approve", id, "--body", body, "--meeting", "第1次会议", "--date", date, "--verdict", verdict]
  }
}
