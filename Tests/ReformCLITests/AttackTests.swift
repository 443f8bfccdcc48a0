import Foundation
import TestSupport
import Testing

/// A repository with one approved plan and one in review, pushed to a bare central repository
/// with the installed `pre-receive`; each attack works on a copy of it, with plain git only.
final class AttackBed {
  let folder: TemporaryDirectory
  var repository: String { folder.path("bed/repo") }
  var server: String { folder.path("bed/server.git") }
  private var keys: String { folder.path("bed") }

  init() throws {
    folder = try TemporaryDirectory()
    try Command.shell("cp -a '\(AttackTemplate.shared.get().path)' '\(folder.path("bed"))'", in: "/")
    try Command.git(["remote", "set-url", "origin", server], in: repository)
  }

  /// Runs stock git in the work repository.
  @discardableResult
  func git(_ arguments: [String], input: String? = nil) throws -> CommandResult {
    try Command.git(arguments, in: repository, input: input)
  }

  /// Runs git signing with `signer`'s key.
  @discardableResult
  func git(_ arguments: [String], as signer: String) throws -> CommandResult {
    try git(["-c", "user.signingkey=\(keys)/\(signer).key"] + arguments)
  }

  /// Commits `files` on `branch` signed by `signer`, past the client hooks.
  func commit(_ files: [String: String], on branch: String, as signer: String, message: String = "改") throws {
    try git(["switch", "-q", branch])
    for (path, text) in files {
      let url = URL(fileURLWithPath: repository + "/" + path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    try git(["add", "-A"])
    let result = try git(["commit", "-q", "--no-verify", "--allow-empty", "-m", message], as: signer)
    guard result.status == 0 else { throw FixtureError("commit: \(result.stderr)") }
  }

  /// Pushes `refspecs` past the client hooks to the central repository through a real `sshd`
  /// started for the purpose, as a pusher with an SSH key of their own; `nil` when no server can
  /// be started here.
  func pushOverSSH(_ refspecs: [String], force: Bool) throws -> CommandResult? {
    guard SSHServer.isAvailable else { return nil }
    let key = folder.path("pusher_ssh")
    if !FileManager.default.fileExists(atPath: key) {
      try Command.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key])
    }
    let server = try SSHServer(authorizedKeys: [try String(contentsOfFile: key + ".pub", encoding: .utf8)])
    try server.waitUntilReady(key: key)
    return try Command.run(
      "/usr/bin/git", ["push", "--no-verify"] + (force ? ["--force"] : []) + [server.url(self.server)] + refspecs,
      in: repository, environment: server.environment(key: key))
  }

  /// The bare repository's references.
  func serverReferences() throws -> String {
    try Command.git(["for-each-ref", "--format=%(refname) %(objectname)"], in: server).stdout
  }
}

/// What every attack starts from, built once per test process in a folder that is copied.
struct AttackTemplate: Sendable {
  /// The folder holding the keys, `repo/` and `server.git/`.
  let path: String

  /// The template, built on first use.
  static let shared = Result { try AttackTemplate() }

  private init() throws {
    let fixture = try LifecycleFixture()
    path = FileManager.default.temporaryDirectory.appendingPathComponent("reform-attack-" + UUID().uuidString).path
    try fixture.planInReview("a-plan")
    try fixture.must(LifecycleFixture.decision("a-plan", "leading-group"), as: "approver")
    try fixture.planInReview("b-plan", reviews: false)
    try fixture.startPlan("c-plan", text: Fixtures.plan(id: "c-plan"))
    let server = fixture.repository.folder.path("server.git")
    try Command.git(["init", "-q", "--bare", "-b", "main", server], in: fixture.repository.folder.url.path)
    let installed = try Command.reform(["hook", "install", "--server", server])
    guard installed.status == 0 else { throw FixtureError("hook install: \(installed.stderr)") }
    try fixture.repository.git(["remote", "add", "origin", server])
    let pushed = try fixture.repository.git(["push", "-q", "--atomic", "origin", "refs/heads/*:refs/heads/*", "refs/tags/*:refs/tags/*"])
    guard pushed.status == 0 else { throw FixtureError("the legitimate history was refused: \(pushed.stderr)") }
    try Command.shell("cp -a '\(fixture.repository.folder.url.path)' '\(path)'", in: "/")
  }
}

@Suite struct AttackTests {
  /// Expects `reform verify` to fail naming `rule`, and the push of `refspecs` to be refused by
  /// the client's `pre-push` and, past it, by the server's `pre-receive`, which changes nothing.
  /// `verifyRule` names the rule verify reports when it differs from the hooks' (a deleted or
  /// moved tag: the hooks see the move, verify sees the approval merge left without its tag).
  private func expectCaught(
    _ bed: AttackBed, rule: String, verifyRule: String? = nil, push refspecs: [String], force: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    try bed.git(["switch", "-q", "main"])
    let verify = try Command.reform(["verify", "--json"], in: bed.repository)
    #expect(verify.status == 1, "verify: \(verify.stdout) \(verify.stderr)", sourceLocation: sourceLocation)
    #expect(
      verify.stdout.contains("\"rule\" : \"\(verifyRule ?? rule)\""), "verify: \(verify.stdout)",
      sourceLocation: sourceLocation)
    try expectRefused(bed, rule: rule, push: refspecs, force: force, sourceLocation: sourceLocation)
  }

  /// Expects the push of `refspecs` to be refused by `pre-push` and `pre-receive` (local path
  /// and `ssh://`) naming `rule`, the server unchanged: for what only a push shows (a deletion,
  /// a rewind), which `verify` of the repository afterwards cannot see.
  private func expectRefused(
    _ bed: AttackBed, rule: String, push refspecs: [String], force: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let before = try bed.serverReferences()
    let options = force ? ["--force"] : []
    let client = try bed.git(["push", "origin"] + options + refspecs)
    #expect(client.status != 0, "pre-push let it through", sourceLocation: sourceLocation)
    #expect(client.stderr.contains("push refused"), "\(client.stderr)", sourceLocation: sourceLocation)
    let server = try bed.git(["push", "--no-verify", "origin"] + options + refspecs)
    #expect(server.status != 0, "pre-receive let it through", sourceLocation: sourceLocation)
    #expect(server.stderr.contains("pre-receive hook declined"), "\(server.stderr)", sourceLocation: sourceLocation)
    #expect(server.stderr.contains(": \(rule): "), "\(server.stderr)", sourceLocation: sourceLocation)
    #expect(try bed.serverReferences() == before, "a refused push changed the server", sourceLocation: sourceLocation)
    if let overSSH = try bed.pushOverSSH(refspecs, force: force) {
      #expect(overSSH.status != 0, "pre-receive let it through over ssh", sourceLocation: sourceLocation)
      #expect(overSSH.stderr.contains("remote: ") && overSSH.stderr.contains(": \(rule): "), "\(overSSH.stderr)", sourceLocation: sourceLocation)
      #expect(try bed.serverReferences() == before, "a refused push over ssh changed the server", sourceLocation: sourceLocation)
    }
  }

  @Test func theLegitimateHistoryIsAcceptedByBoth() throws {
    let bed = try AttackBed()
    let verify = try Command.reform(["verify"], in: bed.repository)
    #expect(verify.status == 0, "\(verify.stdout)")
    try bed.commit(["notes.txt": "说明\n"], on: "main", as: "admin")
    #expect(try bed.git(["push", "-q", "origin", "main"]).status == 0)
    try bed.commit(["notes.txt": "说明二\n"], on: "main", as: "admin")
    if let overSSH = try bed.pushOverSSH(["main"], force: false) {
      #expect(overSSH.status == 0, "\(overSSH.stderr)")
    }
  }

  @Test func anUnsignedCommit() throws {
    let bed = try AttackBed()
    try bed.git(["switch", "-q", "main"])
    try bed.git(["-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "--allow-empty", "-m", "未签名"])
    try expectCaught(bed, rule: "signature", push: ["main"])
  }

  @Test func aKeyOutsideThePolicy() throws {
    let bed = try AttackBed()
    try Command.reform(["keys", "generate", bed.folder.path("bed/stranger.key")])
    try bed.commit(["notes.txt": "外人\n"], on: "main", as: "stranger")
    try expectCaught(bed, rule: "signature", push: ["main"])
  }

  @Test func aSignatureCopiedOntoOtherContent() throws {
    let bed = try AttackBed()
    try bed.commit(["notes.txt": "原文\n"], on: "main", as: "admin")
    let raw = try bed.git(["cat-file", "commit", "HEAD"]).stdout
    let forged = raw.replacingOccurrences(of: "\n改\n", with: "\n篡改\n")
    #expect(forged != raw)
    let id = try bed.git(["hash-object", "-t", "commit", "-w", "--stdin"], input: forged).stdout
      .trimmingCharacters(in: .whitespacesAndNewlines)
    try bed.git(["reset", "-q", "--hard", id])
    try expectCaught(bed, rule: "signature", push: ["main"])
  }

  @Test func aDraftersCommitChangingPlanMdOnMain() throws {
    let bed = try AttackBed()
    try bed.commit(["plans/a-plan/plan.md": Fixtures.plan(id: "a-plan") + "\n改了\n"], on: "main", as: "drafter")
    try expectCaught(bed, rule: "main", push: ["main"])
  }

  @Test func aDrafterMergingAReviewBranchIntoMainHimself() throws {
    let bed = try AttackBed()
    try bed.git(["switch", "-q", "main"])
    let merged = try bed.git(["merge", "-q", "--no-ff", "--no-verify", "-m", "合并", "review/b-plan"], as: "drafter")
    #expect(merged.status == 0, "\(merged.stderr)")
    try expectCaught(bed, rule: "main", push: ["main"])
  }

  @Test func aFastForwardOfMainToAReviewBranch() throws {
    let bed = try AttackBed()
    try bed.git(["switch", "-q", "main"])
    try bed.git(["merge", "-q", "--ff-only", "review/b-plan"])
    try expectCaught(bed, rule: "main", push: ["main"])
  }

  @Test func aReviewOfATypeTheSignersRoleMayNotMake() throws {
    let bed = try AttackBed()
    try bed.commit(
      ["plans/b-plan/records/2026-03-01-review.md": "---\nkind: review\ndate: 2026-03-01\ntype: legal\nverdict: pass\n---\n"],
      on: "review/b-plan", as: "reviewer")
    try expectCaught(bed, rule: "role", push: ["review/b-plan"])
  }

  @Test func aReviewWhoseFileNameSaysAnotherType() throws {
    let bed = try AttackBed()
    try bed.commit(
      ["plans/b-plan/records/2026-03-01-review-legal.md":
        "---\nkind: review\ndate: 2026-03-01\ntype: procedure\nverdict: pass\n---\n"],
      on: "review/b-plan", as: "reviewer")
    try expectCaught(bed, rule: "content", push: ["review/b-plan"])
  }

  @Test func aReviewUnderTheOlderNameIsAccepted() throws {
    let bed = try AttackBed()
    try bed.commit(
      ["plans/b-plan/records/2026-03-01-review-3.md":
        "---\nkind: review\ndate: 2026-03-01\ntype: procedure\nverdict: pass\n---\n"],
      on: "review/b-plan", as: "reviewer")
    try bed.git(["switch", "-q", "main"])
    let verify = try Command.reform(["verify"], in: bed.repository)
    #expect(verify.status == 0, "\(verify.stdout)")
    let pushed = try bed.git(["push", "origin", "review/b-plan"])
    #expect(pushed.status == 0, "\(pushed.stderr)")
  }

  @Test func anAmendmentsDraftWithdrawnIsAcceptedAndTheApprovedVersionIsNot() throws {
    let bed = try AttackBed()
    let drafter = signing(bed, "drafter")
    let amended = try Command.reform(
      ["amend", "a-plan", "--reason", "修订"], in: bed.repository, environment: drafter)
    #expect(amended.status == 0, "\(amended.stderr)")
    #expect(try bed.git(["push", "origin", "drafting/a-plan"]).status == 0)
    let withdrawn = try Command.reform(
      ["withdraw", "a-plan", "--reason", "撤回修订"], in: bed.repository, environment: drafter)
    #expect(withdrawn.status == 0, "\(withdrawn.stderr)")
    let pushed = try bed.git(["push", "--atomic", "origin", "withdrawn/a-plan", ":drafting/a-plan"])
    #expect(pushed.status == 0, "pre-receive refused the withdrawal of an amendment: \(pushed.stderr)")
    #expect(try Command.reform(["verify"], in: bed.repository).status == 0)

    // A withdrawal of the approved version itself, made by hand on main's tip.
    let other = try AttackBed()
    try other.git(["branch", "withdrawn/a-plan", "main"])
    try other.commit(
      [:], on: "withdrawn/a-plan", as: "drafter",
      message: "withdraw\n\nReform-Plan: a-plan\nReform-Action: withdraw\nReform-Stage: withdrawn")
    try expectCaught(other, rule: "stage", push: ["withdrawn/a-plan"])
  }

  @Test func aDecisionForgedByANonApprover() throws {
    let bed = try AttackBed()
    try bed.commit(
      ["plans/b-plan/records/2026-04-01-decision.md":
        "---\nkind: decision\ndate: 2026-04-01\nbody: leading-group\nmeeting: 会\nverdict: approved\n---\n"],
      on: "review/b-plan", as: "reviewer")
    try expectCaught(bed, rule: "role", push: ["review/b-plan"])
  }

  @Test func aPolicyChangeByANonAdmin() throws {
    let bed = try AttackBed()
    let policy = try String(contentsOfFile: bed.repository + "/.reform/policy.yaml", encoding: .utf8)
    let elevated = policy.replacingOccurrences(of: "roles: [\"drafter\"]", with: "roles: [\"drafter\", \"admin\"]")
    try bed.commit([".reform/policy.yaml": elevated], on: "main", as: "drafter")
    try expectCaught(bed, rule: "role", push: ["main"])
  }

  @Test func aPolicyRollbackByARemovedMember() throws {
    let bed = try AttackBed()
    let old = try String(contentsOfFile: bed.repository + "/.reform/policy.yaml", encoding: .utf8)
    let signers = try String(contentsOfFile: bed.repository + "/.reform/allowed_signers", encoding: .utf8)
    let removed = try Command.reform(["member", "remove", "秘书"], in: bed.repository, environment: signing(bed, "admin"))
    #expect(removed.status == 0, "\(removed.stderr)")
    #expect(try bed.git(["push", "-q", "origin", "main"]).status == 0)
    try bed.commit([".reform/policy.yaml": old, ".reform/allowed_signers": signers], on: "main", as: "approver")
    try expectCaught(bed, rule: "signature", push: ["main"])
  }

  @Test func aForcePushRewritingMain() throws {
    let bed = try AttackBed()
    try bed.git(["switch", "-q", "main"])
    try bed.git(["reset", "-q", "--hard", "main~3"])
    try bed.commit(["notes.txt": "重写\n"], on: "main", as: "admin")
    try expectCaught(bed, rule: "protected", push: ["main"], force: true)
  }

  @Test func deletingAVersionTag() throws {
    let bed = try AttackBed()
    try bed.git(["tag", "-d", "plans/a-plan/v1"])
    try expectCaught(bed, rule: "protected", verifyRule: "tag", push: [":refs/tags/plans/a-plan/v1"])
    let verify = try Command.reform(["verify"], in: bed.repository)
    #expect(verify.stdout.contains("has no tag plans/a-plan/v1"))
  }

  @Test func movingAVersionTag() throws {
    let bed = try AttackBed()
    try bed.git(["tag", "-f", "-a", "-m", "v1", "plans/a-plan/v1", "main~1"], as: "approver")
    try expectCaught(bed, rule: "protected", verifyRule: "tag", push: ["refs/tags/plans/a-plan/v1"], force: true)
    #expect(try Command.reform(["verify"], in: bed.repository).stdout.contains(": tag: "))
  }

  @Test func anUnsignedVersionTag() throws {
    let bed = try AttackBed()
    try bed.git(["tag", "plans/a-plan/v2", "main"])
    try expectCaught(bed, rule: "tag", push: ["refs/tags/plans/a-plan/v2"])
  }

  @Test func aVersionTagForgedByANonApprover() throws {
    let bed = try AttackBed()
    let tagged = try bed.git(["-c", "gpg.format=ssh", "tag", "-s", "-m", "v2", "plans/a-plan/v2", "main"], as: "drafter")
    #expect(tagged.status == 0, "\(tagged.stderr)")
    try expectCaught(bed, rule: "tag", push: ["refs/tags/plans/a-plan/v2"])
  }

  @Test func aBranchOutsideTheNamespaces() throws {
    let bed = try AttackBed()
    try bed.git(["branch", "feature/x", "main"])
    try expectCaught(bed, rule: "namespace", push: ["feature/x"])
  }

  @Test func aPlanOnTwoStageBranches() throws {
    let bed = try AttackBed()
    try bed.git(["branch", "drafting/b-plan", "review/b-plan"])
    try expectCaught(bed, rule: "namespace", push: ["drafting/b-plan"])
  }

  @Test func aRecordDatedAfterItsCommit() throws {
    let bed = try AttackBed()
    try bed.commit(
      ["plans/b-plan/records/2099-01-01-review.md": "---\nkind: review\ndate: 2099-01-01\ntype: procedure\nverdict: pass\n---\n"],
      on: "review/b-plan", as: "reviewer")
    try expectCaught(bed, rule: "record-date", push: ["review/b-plan"])
  }

  @Test func aSubmitWhoseGatesDidNotHold() throws {
    let bed = try AttackBed()
    try bed.commit(
      [:], on: "drafting/c-plan", as: "drafter",
      message: "submit\n\nReform-Plan: c-plan\nReform-Action: submit\nReform-Stage: consultation")
    try bed.git(["switch", "-q", "main"])
    try bed.git(["branch", "-m", "drafting/c-plan", "consultation/c-plan"])
    try expectCaught(bed, rule: "gate", push: [":refs/heads/drafting/c-plan", "consultation/c-plan"])
  }

  @Test func aBranchMovedToTheNextStageWithoutATransition() throws {
    let bed = try AttackBed()
    try bed.git(["branch", "-m", "drafting/c-plan", "review/c-plan"])
    try expectCaught(bed, rule: "stage", push: [":refs/heads/drafting/c-plan", "review/c-plan"])
  }

  @Test func aStageBranchDeleted() throws {
    let bed = try AttackBed()
    try expectRefused(bed, rule: "protected", push: [":refs/heads/review/b-plan"])
  }

  @Test func aStageBranchRewound() throws {
    let bed = try AttackBed()
    try bed.git(["branch", "-f", "review/b-plan", "review/b-plan~1"])
    try expectRefused(bed, rule: "protected", push: ["review/b-plan"], force: true)
  }

  @Test func aStageBranchDeletedOnTheServerAndRecreatedAtAnOlderCommit() throws {
    let bed = try AttackBed()
    try Command.git(["update-ref", "-d", "refs/heads/review/b-plan"], in: bed.server)
    try bed.git(["branch", "-f", "review/b-plan", "review/b-plan~1"])
    try expectRefused(bed, rule: "protected", push: ["review/b-plan"])
  }

  @Test func aStageBranchRecreatedAtACommitTheServerReaches() throws {
    let bed = try AttackBed()
    try bed.git(["branch", "drafting/a-plan", "main^2"])
    try expectCaught(bed, rule: "protected", verifyRule: "stage", push: ["drafting/a-plan"])
  }

  @Test func referencesOutsideTheStageNamespaces() throws {
    let bed = try AttackBed()
    let plan = try bed.git(["rev-parse", "main:plans/a-plan/plan.md"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let forged = try bed.git(["hash-object", "-w", "--stdin"], input: "---\nid: a-plan\n---\n伪造\n").stdout
      .trimmingCharacters(in: .whitespacesAndNewlines)
    try bed.git(["replace", plan, forged])
    try expectCaught(bed, rule: "namespace", push: ["refs/replace/\(plan)"])
    try bed.git(["replace", "-d", plan])
    let root = try bed.git(["commit-tree", "-m", "notes", "4b825dc642cb6eb9a060e54bf8d69288fbee4904"]).stdout
      .trimmingCharacters(in: .whitespacesAndNewlines)
    try bed.git(["update-ref", "refs/notes/commits", root])
    try expectCaught(bed, rule: "namespace", push: ["refs/notes/commits"])
    try bed.git(["update-ref", "-d", "refs/notes/commits"])
    try bed.git(["update-ref", "refs/pull/1/head", forged])
    try expectCaught(bed, rule: "namespace", push: ["refs/pull/1/head"])
  }

  @Test func aReferenceToABlobOnTheServerBreaksNoLaterPush() throws {
    let bed = try AttackBed()
    let blob = try Command.git(["hash-object", "-w", "--stdin"], in: bed.server, input: "x\n").stdout
      .trimmingCharacters(in: .whitespacesAndNewlines)
    try Command.git(["update-ref", "refs/junk/blob", blob], in: bed.server)
    try Command.git(["tag", "junk", blob], in: bed.server)
    try bed.commit(["notes.txt": "说明\n"], on: "main", as: "admin")
    let pushed = try bed.git(["push", "origin", "main"])
    #expect(pushed.status == 0, "\(pushed.stderr)")
  }

  @Test func aSecondRefToTheGenuineTagObjectOfV1() throws {
    let bed = try AttackBed()
    let object = try bed.git(["rev-parse", "refs/tags/plans/a-plan/v1"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    try bed.git(["update-ref", "refs/tags/plans/a-plan/v5", object])
    try expectCaught(bed, rule: "tag", push: ["refs/tags/plans/a-plan/v5"])
    let status = try Command.reform(["status", "--json"], in: bed.repository)
    #expect(status.stdout.contains("\"version\" : 1"), "\(status.stdout)")
    #expect(!status.stdout.contains("\"version\" : 5"), "\(status.stdout)")
  }

  @Test func aMalformedHookInputLineRefusesThePush() throws {
    let bed = try AttackBed()
    let refused = try Command.reform(["hook", "pre-receive"], in: bed.server, input: "garbage\n")
    #expect(refused.status != 0, "\(refused.stdout) \(refused.stderr)")
    #expect(refused.stderr.contains("garbage"))
  }

  // MARK: Merges judged by content, records counted by main's policy

  /// The reviews and the decision b-plan needs, committed by hand by their rightful signers.
  private func reviewAndDecideByHand(_ bed: AttackBed) throws {
    let folder = "plans/b-plan/records/"
    let standards = "standards: {political_correctness: pass, problem_targeting: pass, breakthrough: pass, "
      + "coherence: pass, procedural_completeness: pass}\n"
    let reviews: [(String, String, String)] = [
      ("2026-03-01-review.md", "content\n" + standards, "reviewer"), ("2026-03-01-review-2.md", "procedure\n", "reviewer"),
      ("2026-03-01-review-3.md", "legal\n", "legal"), ("2026-03-01-review-4.md", "reform-office\n", "office"),
    ]
    for (name, type, signer) in reviews {
      try bed.commit(
        [folder + name: "---\nkind: review\ndate: 2026-03-01\nverdict: pass\ntype: \(type)---\n\n通过。\n"],
        on: "review/b-plan", as: signer)
    }
  }

  /// The approval merge of b-plan made with plain git by the approver, with its signed tag;
  /// `alter` changes the merge's tree before it is signed.
  /// `afterDecision` runs once the decision is committed; `merging` names what is merged.
  private func approveByHand(
    _ bed: AttackBed, alter: [String: String] = [:], afterDecision: () throws -> Void = {},
    merging revision: String = "review/b-plan"
  ) throws {
    try bed.commit(
      ["plans/b-plan/records/2026-04-01-decision.md":
        "---\nkind: decision\ndate: 2026-04-01\nbody: leading-group\nmeeting: 第1次会议\nverdict: approved\n---\n"],
      on: "review/b-plan", as: "approver")
    try afterDecision()
    try bed.git(["switch", "-q", "main"])
    let message = "reform: approve b-plan v1\n\nReform-Plan: b-plan\nReform-Action: approve\nReform-Stage: approved"
    let merged = try bed.git(["merge", "-q", "--no-ff", "--no-verify", "--no-gpg-sign", "-m", message, revision])
    #expect(merged.status == 0, "\(merged.stderr)")
    for (path, text) in alter { try Data(text.utf8).write(to: URL(fileURLWithPath: bed.repository + "/" + path)) }
    try bed.git(["add", "-A"])
    let signed = try bed.git(["commit", "-q", "--amend", "--no-verify", "--no-edit", "-S"], as: "approver")
    #expect(signed.status == 0, "\(signed.stderr)")
    let tagged = try bed.git(["-c", "gpg.format=ssh", "tag", "-s", "-m", "v1", "plans/b-plan/v1", "main"], as: "approver")
    #expect(tagged.status == 0, "\(tagged.stderr)")
    try bed.git(["branch", "-D", "review/b-plan"])
  }

  private let approvalPush = ["main", "refs/tags/plans/b-plan/v1", ":refs/heads/review/b-plan"]

  @Test func aHandMadeApprovalMergeOfAReviewedPlanIsAccepted() throws {
    let bed = try AttackBed()
    try reviewAndDecideByHand(bed)
    try bed.git(["push", "-q", "origin", "review/b-plan"])
    try approveByHand(bed)
    let verify = try Command.reform(["verify"], in: bed.repository)
    #expect(verify.status == 0, "\(verify.stdout)")
    let pushed = try bed.git(["push", "--atomic", "origin"] + approvalPush)
    #expect(pushed.status == 0, "\(pushed.stderr)")
  }

  @Test func anApprovalMergeRewritingPlanMdItself() throws {
    let bed = try AttackBed()
    try reviewAndDecideByHand(bed)
    try bed.git(["push", "-q", "origin", "review/b-plan"])
    let plan = try String(contentsOfFile: bed.repository + "/plans/b-plan/plan.md", encoding: .utf8)
    try approveByHand(bed, alter: ["plans/b-plan/plan.md": plan + "\n没有人审查过的文字。\n"])
    try expectCaught(bed, rule: "merge", push: approvalPush)
  }

  @Test func anApprovalMergeAddingARecordOfAnotherRole() throws {
    let bed = try AttackBed()
    try reviewAndDecideByHand(bed)
    try bed.git(["push", "-q", "origin", "review/b-plan"])
    try approveByHand(
      bed, alter: ["plans/b-plan/records/2026-04-02-inspection.md": "---\nkind: inspection\ndate: 2026-04-02\ninspector: 某\nfindings: 无\n---\n"])
    try expectCaught(bed, rule: "merge", push: approvalPush)
  }

  @Test func anApprovalCountingARemovedMembersReview() throws {
    let bed = try AttackBed()
    try reviewAndDecideByHand(bed)
    try bed.git(["push", "-q", "origin", "review/b-plan"])
    try bed.git(["switch", "-q", "main"])
    let removed = try Command.reform(["member", "remove", "法规"], in: bed.repository, environment: signing(bed, "admin"))
    #expect(removed.status == 0, "\(removed.stderr)")
    #expect(try bed.git(["push", "-q", "origin", "main"]).status == 0)
    try approveByHand(bed)
    try expectCaught(bed, rule: "gate", push: approvalPush)
  }

  /// The legal office's `revise` after the decision, then a merge of the decision commit
  /// (before it): the newest review would be passed over.
  @Test(arguments: [true, false])
  func anApprovalMergeOfACommitBeforeTheReviewTip(deletingTheBranch: Bool) throws {
    let bed = try AttackBed()
    try reviewAndDecideByHand(bed)
    try approveByHand(
      bed,
      afterDecision: {
        try bed.commit(
          ["plans/b-plan/records/2026-04-02-review.md": "---\nkind: review\ndate: 2026-04-02\ntype: legal\nverdict: revise\n---\n"],
          on: "review/b-plan", as: "legal")
        #expect(try bed.git(["push", "-q", "origin", "review/b-plan"]).status == 0)
      }, merging: "review/b-plan~1")
    if deletingTheBranch {
      try expectRefused(bed, rule: "main", push: approvalPush)
    } else {
      try bed.git(["branch", "-f", "review/b-plan", "origin/review/b-plan"])
      try expectCaught(bed, rule: "main", verifyRule: "stage", push: ["main", "refs/tags/plans/b-plan/v1"])
    }
  }

  /// A member removed on main still signs, by the old policy of a branch opened before.
  @Test func aRemovedMemberActingOnABranchOpenedBefore() throws {
    let bed = try AttackBed()
    try bed.git(["switch", "-q", "main"])
    let removed = try Command.reform(["member", "remove", "李四"], in: bed.repository, environment: signing(bed, "admin"))
    #expect(removed.status == 0, "\(removed.stderr)")
    #expect(try bed.git(["push", "-q", "origin", "main"]).status == 0)
    let plan = try bed.git(["show", "drafting/c-plan:plans/c-plan/plan.md"]).stdout
    try bed.commit(["plans/c-plan/plan.md": plan + "\n被移除的人改的。\n"], on: "drafting/c-plan", as: "drafter")
    try expectRefused(bed, rule: "role", push: ["drafting/c-plan"])
  }

  @Test func aDraftHandedToAnotherUnit() throws {
    let bed = try AttackBed()
    let plan = try bed.git(["show", "drafting/c-plan:plans/c-plan/plan.md"]).stdout
    try bed.commit(
      ["plans/c-plan/plan.md": plan.replacingOccurrences(of: "lead_unit: 省发展改革委", with: "lead_unit: 省科技厅")],
      on: "drafting/c-plan", as: "drafter")
    try expectCaught(bed, rule: "scope", push: ["drafting/c-plan"])
  }

  @Test func anAttachmentOfAnApprovedPlanChangedOnMain() throws {
    let bed = try AttackBed()
    try bed.commit(["plans/a-plan/附件1.md": "批准后补的附件。\n"], on: "main", as: "drafter")
    try expectCaught(bed, rule: "stage", push: ["main"])
  }

  /// One commit dated in 2099 would leave every later commit refused ("before its parent").
  @Test func aCommitDatedInTheFuture() throws {
    let bed = try AttackBed()
    try bed.git(["switch", "-q", "main"])
    try Data("未来\n".utf8).write(to: URL(fileURLWithPath: bed.repository + "/README.md"))
    try bed.git(["add", "-A"])
    let committed = try Command.shell(
      "GIT_COMMITTER_DATE=2099-01-01T09:00:00+08:00 git -c user.signingkey=\(bed.folder.path("bed/drafter.key")) "
        + "commit -q --no-verify -m 未来", in: bed.repository)
    #expect(committed.status == 0, "\(committed.stderr)")
    try expectCaught(bed, rule: "time", push: ["main"])
  }

  // MARK: Plain trees, time, sizes

  /// Commits on `branch` as `signer` after `change` edits the work tree (a shell script run in it).
  private func commitByShell(_ bed: AttackBed, _ change: String, on branch: String, as signer: String) throws {
    try bed.git(["switch", "-q", branch])
    let changed = try Command.shell(change, in: bed.repository)
    #expect(changed.status == 0, "\(changed.stderr)")
    try bed.git(["add", "-A"])
    let committed = try bed.git(["commit", "-q", "--no-verify", "-m", "改"], as: signer)
    #expect(committed.status == 0, "\(committed.stderr)")
  }

  @Test(arguments: [
    "rm -rf plans/c-plan/records && ln -s ../a-plan/records plans/c-plan/records",
    "mkdir -p plans/c-plan/records && printf -- '---\\nkind: research\\ndate: 2026-01-01\\n---\\n' > plans/c-plan/records/2026-01-01-research.md && chmod +x plans/c-plan/records/2026-01-01-research.md",
    "mkdir -p plans/c-plan/records/2026-01-01-research.md && echo x > plans/c-plan/records/2026-01-01-research.md/x",
    "cp plans/c-plan/plan.md plans/c-plan/Plan.md",
    "printf 'plan.md export-ignore\\n' > plans/c-plan/.gitattributes",
    "ln -s /etc/passwd plans/c-plan/attachment.txt",
    "mkdir -p plans/c-plan/deeper && echo x > plans/c-plan/deeper/x.txt",
  ])
  func aNonPlainEntryUnderPlans(change: String) throws {
    let bed = try AttackBed()
    try commitByShell(bed, change, on: "drafting/c-plan", as: "drafter")
    try expectCaught(bed, rule: "tree", push: ["drafting/c-plan"])
  }

  @Test func aGitSubmoduleEntryUnderPlans() throws {
    let bed = try AttackBed()
    let main = try bed.git(["rev-parse", "main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    try bed.git(["switch", "-q", "drafting/c-plan"])
    try bed.git(["update-index", "--add", "--cacheinfo", "160000,\(main),plans/c-plan/records"])
    #expect(try bed.git(["commit", "-q", "--no-verify", "-m", "改"], as: "drafter").status == 0)
    try expectCaught(bed, rule: "tree", push: ["drafting/c-plan"])
  }

  /// A root tree written byte by byte with plain git (`hash-object --literally`) from the
  /// entries of `drafting/c-plan`'s, changed by `rewrite`, committed there signed by the drafter.
  private func commitHandWrittenTree(_ bed: AttackBed, _ rewrite: ([[UInt8]]) -> [[UInt8]]) throws {
    let tip = try bed.git(["rev-parse", "drafting/c-plan"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let listing = try bed.git(["ls-tree", "-z", tip]).stdout.split(separator: "\0")
    let entries: [[UInt8]] = try listing.map { line in
      let (info, name) = (line.split(separator: "\t")[0], line.split(separator: "\t")[1])
      let fields = info.split(separator: " ")
      let mode = fields[0].hasPrefix("0") ? String(fields[0].dropFirst()) : String(fields[0])
      let hex = String(fields[2])
      let id = try #require(stride(from: 0, to: hex.count, by: 2).map { offset -> UInt8? in
        let start = hex.index(hex.startIndex, offsetBy: offset)
        return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)
      } as [UInt8?]).compactMap { $0 }
      return Array("\(mode) \(name)\0".utf8) + id
    }
    let file = bed.folder.path("tree")
    try Data(rewrite(entries).joined()).write(to: URL(fileURLWithPath: file))
    let tree = try bed.git(["hash-object", "-t", "tree", "--literally", "-w", file]).stdout
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let commit = try bed.git(["commit-tree", "-S", "-p", tip, "-m", "改", tree], as: "drafter")
    #expect(commit.status == 0, "\(commit.stderr)")
    try bed.git(["update-ref", "refs/heads/drafting/c-plan", commit.stdout.trimmingCharacters(in: .whitespacesAndNewlines)])
  }

  /// Trees git never writes, made with plain git: a name twice (a checkout takes one, the
  /// merge shortcut and a lookup may see the other), entries out of order, a padded mode.
  @Test(arguments: ["a name twice", "out of order", "a padded mode"])
  func aTreeGitWouldNotWrite(_ kind: String) throws {
    let bed = try AttackBed()
    try commitHandWrittenTree(bed) { entries in
      switch kind {
      case "a name twice": entries + [entries.last!]
      case "out of order": entries.reversed()
      default: [Array("0".utf8) + entries[0]] + entries.dropFirst()
      }
    }
    try expectCaught(bed, rule: "tree", push: ["drafting/c-plan"])
  }

  /// A tree libgit2 cannot parse is a violation of its commit; verify goes on to judge the rest,
  /// and the queries show the draft as unreadable.
  @Test(arguments: ["1100644 x.md", "100644x.md"])
  func aTreeLibgit2CannotParse(_ entry: String) throws {
    let bed = try AttackBed()
    try commitHandWrittenTree(bed) { entries in entries + [Array("\(entry)\0".utf8) + [UInt8](repeating: 7, count: 20)] }
    try bed.commit(["plans/a-plan/plan.md": "改写\n"], on: "main", as: "drafter")
    try bed.git(["switch", "-q", "main"])
    let verify = try Command.reform(["verify", "--json"], in: bed.repository)
    #expect(verify.status == 1, "verify: \(verify.stdout) \(verify.stderr)")
    #expect(verify.stdout.contains("\"rule\" : \"tree\""), "verify: \(verify.stdout)")
    #expect(verify.stdout.contains("\"ref\" : \"refs/heads/main\""), "the commit on main was not judged: \(verify.stdout)")
    let status = try Command.reform(["status", "--json"], in: bed.repository)
    #expect(status.status == 0, "status: \(status.stderr)")
    #expect(status.stderr.contains("c-plan"), "the unreadable draft was not said: \(status.stderr)")
  }

  @Test func aMailmapOnMainByANonAdmin() throws {
    let bed = try AttackBed()
    try bed.commit([".mailmap": "审批人 <approver@example.org> 起草人 <drafter@example.org>\n"], on: "main", as: "drafter")
    try expectCaught(bed, rule: "role", push: ["main"])
  }

  @Test func aBackdatedFiling() throws {
    let bed = try AttackBed()
    try bed.git(["switch", "-q", "main"])
    try FileManager.default.createDirectory(atPath: bed.repository + "/plans/a-plan/records", withIntermediateDirectories: true)
    try Data("---\nkind: filing\ndate: 2026-01-05\n---\n".utf8)
      .write(to: URL(fileURLWithPath: bed.repository + "/plans/a-plan/records/2026-01-05-filing.md"))
    try bed.git(["add", "-A"])
    let committed = try Command.shell(
      "GIT_COMMITTER_DATE=2026-01-06T09:00:00+08:00 git -c user.signingkey=\(bed.folder.path("bed/drafter.key")) "
        + "commit -q --no-verify -m 备案", in: bed.repository)
    #expect(committed.status == 0, "\(committed.stderr)")
    try expectCaught(bed, rule: "time", push: ["main"])
  }

  @Test func aCommitMessageBeyondTheBound() throws {
    let bed = try AttackBed()
    try bed.commit(["notes.txt": "说明\n"], on: "main", as: "admin", message: String(repeating: "长", count: 40_000))
    try expectCaught(bed, rule: "content", push: ["main"])
  }

  // MARK: Queries count only what the judge accepts

  @Test func aForgedApproveTrailerIsAnEditInTheLog() throws {
    let bed = try AttackBed()
    try bed.commit(
      ["notes.txt": "无关\n"], on: "main", as: "drafter",
      message: "reform: approve a-plan v2\n\nReform-Plan: a-plan\nReform-Action: approve\nReform-Stage: approved")
    let forged = try bed.git(["rev-parse", "main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let log = try Command.reform(["log", "a-plan", "--json"], in: bed.repository)
    #expect(log.status == 0, "\(log.stderr)")
    let entries = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]] ?? []
    let entry = entries.first { $0["commit"] as? String == forged }
    #expect(entry?["action"] as? String == "edit", "\(log.stdout)")
    #expect(entries.filter { $0["action"] as? String == "approve" }.count >= 1, "the genuine approval stays")
  }

  @Test func anUnsignedPlainMergeDoesNotApproveAPlanInQueries() throws {
    let bed = try AttackBed()
    try bed.git(["switch", "-q", "main"])
    try bed.git(["merge", "-q", "--no-ff", "--no-verify", "--no-gpg-sign", "-m", "merge", "review/b-plan"])
    let status = try Command.reform(["status", "--json"], in: bed.repository)
    let plans = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]] ?? []
    let plan = plans.first { $0["id"] as? String == "b-plan" }
    #expect(plan?["stage"] as? String == "review", "\(status.stdout)")
  }

  @Test(arguments: ["unsigned", "otherDrafter", "approver"])
  func recordsTheJudgeRefusesCountForNothingInTheQueries(signer: String) throws {
    let bed = try AttackBed()
    try bed.git(["switch", "-q", "main"])
    let before = try Command.reform(["status", "--json", "--as-of", "2026-12-01"], in: bed.repository).stdout
    let overdueBefore = try Command.reform(["overdue", "--json", "--as-of", "2026-12-01"], in: bed.repository).stdout
    let files = [
      "plans/a-plan/records/2026-05-01-issuance.md": "---\nkind: issuance\ndate: 2026-05-01\ndocument_number: 皖政〔2026〕1号\n---\n"
    ]
    if signer == "unsigned" {
      for (path, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: bed.repository + "/" + path)) }
      try bed.git(["add", "-A"])
      #expect(try bed.git(["commit", "-q", "--no-verify", "--no-gpg-sign", "-m", "出台"]).status == 0)
    } else {
      try bed.commit(files, on: "main", as: signer)
    }
    let after = try Command.reform(["status", "--json", "--as-of", "2026-12-01"], in: bed.repository).stdout
    let overdueAfter = try Command.reform(["overdue", "--json", "--as-of", "2026-12-01"], in: bed.repository).stdout
    // The approver's issuance counts (the control); the others count for nothing.
    #expect((after == before) == (signer != "approver"), "status: \(after)")
    #expect((overdueAfter == overdueBefore) == (signer != "approver"), "overdue: \(overdueAfter)")
  }

  /// The queries' kept facts of a plan folder depend on who wrote it: the same records, first
  /// written by an unsigned commit and then, after a reset, by the approver, count the second time.
  @Test func aRecordRewrittenBySomeoneElseOnTheSameTreeIsJudgedAgain() throws {
    let bed = try AttackBed()
    try bed.git(["switch", "-q", "main"])
    let status = { try Command.reform(["status", "--json", "--as-of", "2026-12-01"], in: bed.repository).stdout }
    let before = try status()
    let path = "plans/a-plan/records/2026-05-01-issuance.md"
    try Data("---\nkind: issuance\ndate: 2026-05-01\ndocument_number: 皖政〔2026〕1号\n---\n".utf8)
      .write(to: URL(fileURLWithPath: bed.repository + "/" + path))
    try bed.git(["add", "-A"])
    #expect(try bed.git(["commit", "-q", "--no-verify", "--no-gpg-sign", "-m", "出台"]).status == 0)
    #expect(try status() == before)
    let tree = try bed.git(["rev-parse", "HEAD^{tree}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    try bed.git(["reset", "-q", "--hard", "HEAD~1"])
    let signed = try bed.git(["commit-tree", tree, "-p", "HEAD", "-S", "-m", "出台"], as: "approver")
    let commit = signed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(try bed.git(["reset", "-q", "--hard", commit]).status == 0, "\(signed.stderr)")
    #expect(try bed.git(["-c", "gpg.ssh.allowedSignersFile=.reform/allowed_signers", "verify-commit", "HEAD"]).status == 0)
    #expect(try status() != before)
  }

  // MARK: The commands and the judge refuse the same

  /// One refusal, as a command and as the plain-git commit that would do the same.
  struct SameRefusal: Sendable, CustomTestStringConvertible {
    let command: [String]
    let signer: String
    let branch: String
    let files: [String: String]
    let message: String
    let rule: String
    var testDescription: String { command.joined(separator: " ") + " as " + signer }
  }

  static let sameRefusals: [SameRefusal] = [
    SameRefusal(
      command: ["record", "b-plan", "review", "--field", "type=legal", "--field", "verdict=pass", "--date", "2026-03-01"],
      signer: "drafter", branch: "review/b-plan",
      files: ["plans/b-plan/records/2026-03-01-review.md": "---\nkind: review\ndate: 2026-03-01\ntype: legal\nverdict: pass\n---\n"],
      message: "改", rule: "role"),
    SameRefusal(
      command: ["approve", "b-plan", "--body", "leading-group", "--meeting", "会", "--date", "2026-04-01"],
      signer: "drafter", branch: "review/b-plan",
      files: ["plans/b-plan/records/2026-04-01-decision.md":
        "---\nkind: decision\ndate: 2026-04-01\nbody: leading-group\nmeeting: 会\nverdict: approved\n---\n"],
      message: "改", rule: "role"),
    SameRefusal(
      command: ["record", "a-plan", "progress", "--field", "period=2026-H2", "--date", "2026-11-01"],
      signer: "otherDrafter", branch: "main",
      files: ["plans/a-plan/records/2026-11-01-progress.md": "---\nkind: progress\ndate: 2026-11-01\nperiod: 2026-H2\n---\n"],
      message: "改", rule: "role"),
    SameRefusal(
      command: ["withdraw", "c-plan", "--reason", "撤回"], signer: "otherDrafter", branch: "drafting/c-plan", files: [:],
      message: "withdraw\n\nReform-Plan: c-plan\nReform-Action: withdraw\nReform-Stage: withdrawn", rule: "role"),
    SameRefusal(
      command: ["submit", "c-plan"], signer: "drafter", branch: "drafting/c-plan", files: [:],
      message: "submit\n\nReform-Plan: c-plan\nReform-Action: submit\nReform-Stage: consultation", rule: "gate"),
  ]

  @Test(arguments: sameRefusals)
  func whatACommandRefusesTheJudgeRefuses(_ refusal: SameRefusal) throws {
    let bed = try AttackBed()
    try bed.git(["switch", "-q", "main"])
    let before = try bed.git(["for-each-ref"]).stdout
    let refused = try Command.reform(refusal.command, in: bed.repository, environment: signing(bed, refusal.signer))
    #expect(refused.status == 1, "the command: \(refused.stderr)")
    #expect(try bed.git(["for-each-ref"]).stdout == before, "a refused command moved a reference")
    try bed.commit(refusal.files, on: refusal.branch, as: refusal.signer, message: refusal.message)
    try bed.git(["switch", "-q", "main"])
    let verify = try Command.reform(["verify", "--json"], in: bed.repository)
    #expect(verify.stdout.contains("\"rule\" : \"\(refusal.rule)\""), "the judge: \(verify.stdout)")
  }

  private func signing(_ bed: AttackBed, _ signer: String) -> [String: String] {
    var environment = Command.hermeticEnvironment
    environment["REFORM_SIGNING_KEY"] = bed.folder.path("bed/\(signer).key")
    return environment
  }
}
