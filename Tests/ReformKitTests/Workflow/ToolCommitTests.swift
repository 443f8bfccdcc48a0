import Foundation
import GitKit
import ReformKit
import TestSupport
import Testing

/// A command's own commit goes before the judge of pushes, which looks only at what the
/// command wrote: the commit is still judged, and a refused one moves nothing.
@Suite struct ToolCommitTests {
  @Test func theJudgeStillJudgesTheCommitACommandWrote() throws {
    let fixture = try PlanRepositoryFixture()
    let plans = try PlanRepository.open(at: fixture.path)
    let key = try SSHSigningKey(openSSH: String(contentsOfFile: fixture.folder.path("admin.key"), encoding: .utf8))
    let before = try fixture.revParse("main")
    let tip = try #require(OID(hex: before))
    let message = CommitMessage(summary: "a plan straight onto main", trailers: [])
    #expect {
      try plans.commit(
        on: PlanRepository.mainBranch, from: tip, changes: ["plans/x-plan/plan.md": Data(Fixtures.plan(id: "x-plan").utf8)], message: message, key: key,
        author: Identity(name: "管理员", email: "admin@example.org"))
    } throws: { error in
      guard case ReformError.refusedByJudge(let violations) = error else { return false }
      return !violations.isEmpty
    }
    #expect(try fixture.revParse("main") == before)
    #expect(try fixture.git(["fsck", "--strict"]).status == 0)
  }
}
