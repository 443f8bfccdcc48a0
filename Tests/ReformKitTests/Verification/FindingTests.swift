import Foundation
import GitKit
import Testing

@testable import ReformKit

@Suite struct FindingTests {
  /// What stays as SPEC, git and the repository write it in a Chinese detail: rule values, keys,
  /// paths, reference names, commands and git's own terms.
  static let keptInEnglish = [
    "plans/<id>/v<N>", "records/<名称>", "plans/a-plan/plan.md", "plans/a-plan/Plan.md", "plans/a-plan/", "plans/",
    "a-plan", "b-plan",
    "drafting/", "consultation/", "review/", "withdrawn/", "Reform-Plan", "Reform-Stage", "commit_date_window_days",
    ".gitattributes", ".reform/", "plan.md", "lead_unit", "major", "true", "main", "reform amend", "reform submit",
    "reform new", "reform approve", "treeNotSorted", "duplicateEntries", "badFilemode", "hasDotgit", "hasDot",
    "fullPathname", "zeroPaddedFilemode", "git fsck", "failed to parse tree", "origin/main", "git", "UTF-8", "Unicode",
    "SHA256", "records", ".git",
  ]

  static func findings() throws -> [Finding] {
    let commit = try #require(OID(hex: String(repeating: "1234567890", count: 4)))
    let time = Date(timeIntervalSince1970: 1_780_000_000)
    let member = Member(name: "李四", key: SSHSigningKey(comment: "t").publicKey, unit: "省发展改革委", roles: [.drafter])
    let drafter = Authority(role: .drafter, scope: .leadUnit)
    var findings: [Finding] = [
      .unreadableTree("failed to parse tree"), .messageTooLong(size: 70_000), .datedAfterClock(time),
      .datedBeforeParent(time, parent: commit, parentTime: time), .datedBeforeWindow(time),
      .mergeParents(3), .mergeConflict, .mergeChanges(["plans/a-plan/plan.md"]),
      .mergeChanges(Array(repeating: "plans/", count: 5)),
      .nameNotUTF8("plans/\\377"), .caseTwins("plans/a-plan/plan.md", "plans/a-plan/Plan.md"), .notAnApprovalMerge,
      .approvalChangesOutside(id: "a-plan", paths: [".gitattributes"]), .approvalOfInvalidPlan(id: "a-plan"),
      .submitOfInvalidPlan(id: "a-plan"), .noResearch(id: "a-plan"),
      .missingConsultations(id: "a-plan", [.departmental, .stabilityRisk]),
      .planExists(id: "a-plan"), .planNotApproved(id: "a-plan"),
      .planChangedOnMain(path: "plans/a-plan/plan.md"), .outsidePlanFolder(path: "plans/b-plan/plan.md", id: "a-plan"),
      .planDeleted(path: "plans/a-plan/plan.md"), .leadUnitChanged(from: "省发展改革委", to: "省科技厅"),
      .recordDeleted(path: "plans/a-plan/plan.md"), .invalidRecord(path: "plans/a-plan/plan.md", nil),
      .recordDatedAfterCommit(
        path: "plans/a-plan/plan.md", date: CalendarDate(year: 2026, month: 5, day: 2),
        committed: CalendarDate(year: 2026, month: 5, day: 1)),
      .policyOffMain, .invalidPolicy(nil), .policyWithoutAdmin,
      .retiredKey(fingerprint: "SHA256:0", member: "李四", retired: "20260101000000Z"), .keyOfNoMemberInForce,
      .stageTrailerOnMain("9"), .stageTrailerMismatch("9", id: "a-plan", actual: .drafting),
      .planTrailerMismatch("b-plan", id: "a-plan"), .outsideNamespaces, .branchNotAtCommit,
      .mainAtPlanCommit(id: "a-plan", .review), .planOnBranches(id: "a-plan", ["drafting/a-plan", "review/a-plan"]),
      .branchHistoryStage(id: "a-plan", .consultation), .branchPolicyDiffers,
      .pastApproval(.review, id: "a-plan", merge: commit), .mainRewritten(remote: "origin/main"),
      .tagNotOnApproval(id: "a-plan"), .tagVersionMismatch(named: 2, actual: 1),
      .untaggedApproval(id: "a-plan", version: 1, tag: "plans/a-plan/v1"), .approvalWithoutTag(id: "a-plan"),
      .reviewLeftInPlace(id: "a-plan"), .reviewTipNotMerged(id: "a-plan", tip: commit), .mainDeleted, .mainRewound,
      .versionTagMoved, .stageBranchAtOldCommit, .stageBranchRewound(.review, id: "a-plan"),
      .stageBranchDeleted(.drafting, id: "a-plan"),
      .refused(.action(.submit), .role(drafter), signer: member, now: true),
      .refused(.change("plans/a-plan/plan.md"), .unit(needed: "省科技厅"), signer: member, now: false),
      .refused(.approvalMerge, .group(needed: "科技体制改革专项小组"), signer: member, now: false),
      .refused(.change(".reform/"), .unreadableScope("lead_unit"), signer: member, now: false),
      .signerRemoved(.action(.new), name: "李四"),
    ]
    findings += ReformAction.allCases.flatMap { action in
      [
        Finding.noPlanTrailer(action), .openingChanges(action, only: nil), .openingChanges(action, only: "plan.md"),
        .transitionChangesFiles(action), .transitionMisplaced(action, onPlanBranch: true),
        .transitionMisplaced(action, onPlanBranch: false),
      ] + Stage.allCases.map { Finding.notATransition(action, from: $0) }
    }
    findings += Stage.allCases.flatMap { stage in
      [Finding.planChangedAtStage(stage), .fileChangedAtStage(path: "plan.md", stage)]
        + RecordKind.allCases.map { Finding.recordAtStage($0, stage) }
    }
    findings += [MalformedTree.Problem.misordered, .unknownMode, .forbiddenName, .paddedMode].flatMap {
      [Finding.malformedTree(path: "", $0), .malformedTree(path: "plans/a-plan/", $0)]
    }
    findings += [
      LayoutProblem.presentationFileBelowRoot(".gitattributes"), .notInAPlanFolder, .notAPlanID("1_2"),
      .recordsNotAFolder, .tooDeep, .notARegularFile(mode: 0o120000), .notARegularFile(mode: 0o160000),
      .notARegularFile(mode: 0o100755), .notARegularFile(mode: 0o100664),
    ].map { Finding.layout("plans/a-plan/plan.md", $0) }
    findings += [
      ApprovalGateFailure.noChosenBody, .missingReviews([.legal, .reformOffice]),
      .offRoute(approved: [], route: [.leadingGroup, .standingCommittee]),
      .offRoute(approved: [.governmentExecutive], route: [.governmentExecutive, .leadingGroup]),
      .missingCountersigns([]), .missingCountersigns(["省科技厅", "省财政厅"]),
    ].map { Finding.approvalGate(id: "a-plan", $0) }
    findings += [SignatureError.missingSignature, .invalidSignature, .unknownKey(fingerprint: "SHA256:0")].map {
      Finding.signature($0)
    }
    findings += [
      PlanRepository.VersionTagProblem.notAnnotated, .tooLong, .unsigned, .misnamed("plans/a-plan/v2"), .notOnAMerge,
      .badSignature, .notAnApprover(member),
    ].map { Finding.versionTag($0) }
    return findings
  }

  @Test func everyDetailReadsInChineseWithOnlySPECsWordsLeftInEnglish() throws {
    for finding in try Self.findings() {
      let chinese = finding.text(in: .chinese)
      #expect(chinese != finding.text(in: .english))
      var rest = chinese
      for kept in Self.keptInEnglish.sorted(by: { $0.count > $1.count }) {
        rest = rest.replacingOccurrences(of: kept, with: " ")
      }
      let english = rest.matches(of: /[A-Za-z]{2,}/).map { String($0.output) }
      #expect(english.isEmpty, "\(english) in \(chinese)")
    }
  }

  @Test func theEnglishDetailsStayAsTheyWere() throws {
    let legal = Finding.approvalGate(id: "a-plan", .missingReviews([.legal]))
    #expect(
      legal.text(in: .english)
        == "review → approved of a-plan: no passing review of type legal newer than the last change to plan.md")
    #expect(legal.text(in: .chinese) == "a-plan 由审核转为已批准：缺少晚于 plan.md 最近一次修改、结论为通过的合法合规性审查")
    let route = Finding.approvalGate(id: "a-plan", .offRoute(approved: [], route: [.leadingGroup, .standingCommittee]))
    #expect(
      route.text(in: .english)
        == "review → approved of a-plan: the decisions recorded (none) are not the route leading-group → standing-committee"
    )
    #expect(route.text(in: .chinese).hasSuffix("已记录的决策（无）不符合决策路径 领导小组会议 → 省委常委会议"))
    #expect(
      Finding.malformedTree(path: "", .misordered).text(in: .english)
        == "the root folder: the folder lists its entries out of git's order or a name twice "
        + "(git fsck: treeNotSorted, duplicateEntries): write it with git, not by hand")
    #expect(
      Finding.layout("plans/a-plan/x", .notARegularFile(mode: 0o120000)).text(in: .english)
        == "plans/a-plan/x: must be a regular, non-executable file, not a symbolic link")
    #expect(
      Finding.mergeChanges(["a", "b", "c", "d", "e"]).text(in: .english)
        == "the merge itself changes a, b, c and 2 more: its tree must be the clean merge of its parents")
  }
}
