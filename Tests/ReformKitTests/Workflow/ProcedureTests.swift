import Foundation
import ReformKit
import TestSupport
import Testing

@Suite struct ProcedureTests {
  private let drafter = Member(
    name: "李四", key: SSHSigningKey().publicKey, unit: "省发展改革委", roles: [.drafter])
  private let reviewer = Member(
    name: "张审", key: SSHSigningKey().publicKey, unit: "省委改革办", roles: [.reviewer], groups: ["经济组"])

  @Test func transitionsFollowTheStages() {
    #expect(Procedure.next(after: .drafting, by: .submit) == .consultation)
    #expect(Procedure.next(after: .consultation, by: .submit) == .review)
    #expect(Procedure.next(after: .review, by: .submit) == nil)
    #expect(Procedure.next(after: .review, by: .return) == .drafting)
    #expect(Procedure.next(after: .review, by: .approve) == .approved)
    #expect(Procedure.next(after: .approved, by: .amend) == .drafting)
    #expect(Procedure.next(after: .approved, by: .withdraw) == nil)
    #expect(Procedure.next(after: .withdrawn, by: .submit) == nil)
  }

  @Test func everyRecordKindHasAStageAndAnAuthority() {
    for kind in RecordKind.allCases {
      #expect(!Procedure.stages(for: kind).isEmpty)
    }
    #expect(Procedure.authority(for: .review, reviewType: .legal) == Authority(role: .legal, scope: .any))
    #expect(Procedure.authority(for: .review, reviewType: .content) == Authority(role: .reviewer, scope: .planGroup))
    #expect(Procedure.authority(for: .countersign, reviewType: nil) == Authority(role: nil, scope: .recordUnit))
    #expect(Procedure.authority(for: .issuance, reviewType: nil).role == .approver)
    #expect(Procedure.authority(for: .progress, reviewType: nil) == Authority(role: .drafter, scope: .leadUnit))
  }

  @Test func scopesAreCheckedAndAnUnreadableScopeRefuses() {
    let lead = Authority(role: .drafter, scope: .leadUnit)
    let scope = PlanScope(leadUnit: "省发展改革委", group: "经济组")
    #expect(Procedure.refusal(of: drafter, for: lead, plan: scope) == nil)
    #expect(Procedure.refusal(of: drafter, for: lead, plan: PlanScope(leadUnit: "省科技厅", group: nil)) == .unit(needed: "省科技厅"))
    #expect(Procedure.refusal(of: drafter, for: lead, plan: PlanScope(leadUnit: nil, group: nil)) == .unreadableScope("lead_unit"))
    #expect(Procedure.refusal(of: reviewer, for: lead, plan: scope) == .role(lead))
    let group = Authority(role: .reviewer, scope: .planGroup)
    #expect(Procedure.refusal(of: reviewer, for: group, plan: scope) == nil)
    #expect(Procedure.refusal(of: reviewer, for: group, plan: PlanScope(leadUnit: nil, group: "科技组")) == .group(needed: "科技组"))
    #expect(Procedure.refusal(of: reviewer, for: group, plan: PlanScope(leadUnit: nil, group: nil)) == .unreadableScope("group"))
    let countersign = Authority(role: nil, scope: .recordUnit)
    #expect(Procedure.refusal(of: drafter, for: countersign, plan: scope, recordUnit: "省发展改革委") == nil)
    #expect(Procedure.refusal(of: drafter, for: countersign, plan: scope, recordUnit: nil) == .unreadableScope("unit"))
  }

  @Test func versionTagsAndRecordNumbersAreBounded() {
    #expect(PlanState.version(inTag: "refs/tags/plans/a-plan/v3") == 3)
    #expect(PlanState.version(inTag: "refs/tags/plans/a-plan/v9223372036854775807") == nil)
    #expect(PlanState.version(inTag: "refs/tags/plans/a-plan/v03") == nil)
    #expect(PlanState.version(inTag: "refs/tags/plans/a-plan/v0") == nil)
    #expect(PlanState.version(inTag: "refs/tags/plans/a-plan/v9999") == 9999)
    for name in ["v10000", "v", "x1", "v1a", "v\u{0661}", "v\u{301}1", "v1\u{301}", "V1"] {
      #expect(PlanState.version(inTag: "refs/tags/plans/a-plan/" + name) == nil, "\(name)")
    }
    #expect(RecordFileName("2026-01-01-review-9999.md")?.sequence == 9999)
    #expect(RecordFileName("2026-01-01-review-99999999999999999999.md") == nil)
    #expect(RecordFileName("0001-01-01-review.md")?.fileName == "0001-01-01-review.md")
  }

  @Test func aReviewsFileNameCarriesItsTypeAndOlderNamesStayValid() throws {
    let typed = RecordFileName("2025-04-01-review-legal.md")
    #expect(typed?.kind == .review && typed?.reviewType == .legal && typed?.sequence == nil)
    let numbered = RecordFileName("2025-04-01-review-reform-office-3.md")
    #expect(numbered?.reviewType == .reformOffice && numbered?.sequence == 3)
    #expect(numbered?.fileName == "2025-04-01-review-reform-office-3.md")
    for old in ["2025-04-01-review.md", "2025-04-01-review-3.md"] {
      #expect(RecordFileName(old)?.reviewType == nil && RecordFileName(old)?.fileName == old, "\(old)")
    }
    #expect(RecordFileName("2025-04-01-pilot-evaluation-2.md")?.kind == .pilotEvaluation)
    for wrong in [
      "2025-04-01-review-expert.md", "2025-04-01-consultation-legal.md", "2025-04-01-review-legal-1.md",
      "2025-04-01-review--legal.md", "2025-04-01-review-legal-.md", "2025-04-01-reviews.md",
    ] {
      #expect(RecordFileName(wrong) == nil, "\(wrong)")
    }
    let day = try #require(CalendarDate("2025-04-01"))
    let name = RecordFileName(date: day, kind: .review, reviewType: .content, sequence: 2)
    #expect(name.fileName == "2025-04-01-review-content-2.md")
    let decision = RecordFileName(date: day, kind: .decision, reviewType: .legal, sequence: nil)
    #expect(decision.fileName == "2025-04-01-decision.md")
    // On one day, the older names come before those that carry a type, which the tool wrote later.
    #expect(RecordFileName.precedes("2025-04-01-review-2.md", "2025-04-01-review-legal.md"))
    #expect(RecordFileName.precedes("2025-04-01-review-legal.md", "2025-04-01-review-legal-2.md"))
    #expect(RecordFileName.precedes("2025-03-31-review-legal.md", "2025-04-01-review.md"))
  }

  @Test func anAmendmentsRouteIncludesTheBodiesThatApprovedTheVersionInForce() throws {
    let plan = { (major: Bool, issuance: String) throws -> Plan in
      let text = Fixtures.plan().replacingOccurrences(of: "major: true", with: "major: \(major)")
        .replacingOccurrences(of: "issuance: party-committee", with: "issuance: \(issuance)")
      let files = MemorySnapshot(["plans/sample-plan/plan.md": text])
      return try #require(Validator(snapshot: files).plan("sample-plan").plan)
    }
    let plain = try plan(false, "group")
    #expect(Procedure.route(for: plain, chosen: nil) == nil)
    let back = Procedure.route(for: plain, chosen: nil, inForce: [.governmentExecutive])
    #expect(back == [.governmentExecutive])
    #expect(Procedure.route(for: plain, chosen: .countersign, inForce: [.groupMeeting]) == [.groupMeeting])
    #expect(Procedure.route(for: plain, chosen: nil, inForce: [.leadingGroup]) == nil)
    let upward = try #require(Procedure.route(for: plain, chosen: .groupMeeting, inForce: [.leadingGroup]))
    #expect(upward == [.groupMeeting, .leadingGroup])
    #expect(Procedure.requiredReviews(on: upward).contains(.reformOffice))
    let major = try plan(true, "group")
    #expect(
      Procedure.route(for: major, chosen: nil, inForce: [.governmentExecutive])
        == [.governmentExecutive, .leadingGroup])
    #expect(Procedure.route(for: major, chosen: nil, inForce: [.leadingGroup]) == [.leadingGroup])
    let document = try plan(true, "party-committee")
    #expect(
      Procedure.route(for: document, chosen: nil, inForce: [.countersign])
        == [.countersign, .governmentExecutive, .leadingGroup, .standingCommittee])
  }
}
