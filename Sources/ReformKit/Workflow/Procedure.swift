/// The verdict of a review (article 8).
public enum ReviewVerdict: String, Sendable, CaseIterable {
  case pass, revise
}

/// The verdict of a decision body (article 9).
public enum DecisionVerdict: String, Sendable, CaseIterable {
  case approved, rejected, deferred
}

/// The verdict of a countersigning unit (article 9).
public enum CountersignVerdict: String, Sendable, CaseIterable {
  case approved, rejected
}

/// What a commit does, as its `Reform-Action` trailer names it (SPEC section 2).
public enum ReformAction: String, Sendable, CaseIterable {
  case new, submit
  case `return`
  case approve, amend, record, withdraw, policy

  /// The actions that move a plan between stages with a commit that changes no file (`new`
  /// adds the plan's template).
  public static let transitions: [ReformAction] = [.new, .amend, .submit, .return, .withdraw]
}

/// Whom, relative to a plan, an authority is limited to.
public enum Scope: Sendable, Equatable {
  /// Any member with the role.
  case any
  /// Members of the plan's lead unit (`lead_unit`).
  case leadUnit
  /// Reviewers of the plan's special group (`group`).
  case planGroup
  /// Members of the unit the record itself names (`unit` of a countersign record).
  case recordUnit
}

/// Who may do something: a role (any role when `nil`) within a scope.
public struct Authority: Sendable, Equatable, CustomStringConvertible {
  /// The role needed; `nil`: any member, limited by the scope alone.
  public let role: Role?
  /// The scope the member must be in.
  public let scope: Scope

  /// An authority.
  public init(role: Role?, scope: Scope) {
    self.role = role
    self.scope = scope
  }

  /// "a member with the role drafter of the lead unit", …, in the reader's language.
  public var description: String { text(in: .current) }

  /// "a member with the role drafter of the lead unit", …, in `language`.
  public func text(in language: Language) -> String {
    guard language == .english else {
      let who = role.map { "角色为\($0.chineseName)的成员" } ?? "成员"
      switch scope {
      case .any: return who
      case .leadUnit: return "牵头单位的\(who)"
      case .planGroup: return "方案所属专项小组的\(who)"
      case .recordUnit: return "记录所列单位的\(who)"
      }
    }
    let who = role.map { "a member with the role \($0.rawValue)" } ?? "a member"
    switch scope {
    case .any: return who
    case .leadUnit: return "\(who) of the lead unit"
    case .planGroup: return "\(who) of the plan's special group"
    case .recordUnit: return "\(who) of the unit the record names"
    }
  }
}

/// What a scope check needs to know about a plan: its lead unit and special group, `nil` when
/// they cannot be read (which fails closed).
public struct PlanScope: Sendable, Equatable {
  /// `lead_unit` of `plan.md`.
  public var leadUnit: String?
  /// `group` of `plan.md`.
  public var group: String?

  /// A scope.
  public init(leadUnit: String?, group: String?) {
    self.leadUnit = leadUnit
    self.group = group
  }

  /// This scope with what it cannot read taken from `known`.
  func filled(from known: PlanScope) -> PlanScope {
    PlanScope(leadUnit: leadUnit ?? known.leadUnit, group: group ?? known.group)
  }
}

/// The procedure of the seed regulation (SPEC sections 2 and 5) as data: the stages, where each
/// record kind is made and by whom, who may make each transition, the gates and the decision
/// routes. The commands, the hooks and verification all ask this type; no other code knows a rule.
public enum Procedure {
  // MARK: Stages and transitions

  /// The stage a transition leads to from `stage`, or `nil` when `action` cannot leave it.
  public static func next(after stage: Stage, by action: ReformAction) -> Stage? {
    switch (action, stage) {
    case (.submit, .drafting): .consultation
    case (.submit, .consultation): .review
    case (.return, .review): .drafting
    case (.approve, .review): .approved
    case (.amend, .approved): .drafting
    case (.withdraw, .drafting), (.withdraw, .consultation), (.withdraw, .review): .withdrawn
    default: nil
    }
  }

  /// Who may make a transition (SPEC section 5).
  public static func authority(for action: ReformAction) -> Authority {
    switch action {
    case .new, .submit, .amend, .withdraw, .record: Authority(role: .drafter, scope: .leadUnit)
    case .return: Authority(role: .reviewer, scope: .planGroup)
    case .approve: Authority(role: .approver, scope: .any)
    case .policy: Authority(role: .admin, scope: .any)
    }
  }

  /// Who may change a plan's `plan.md` and attachments while it is drafted.
  public static let planEditing = Authority(role: .drafter, scope: .leadUnit)

  /// Who may return a plan to drafting right after a decision body rejected it: the approver
  /// who recorded the rejection.
  public static let returnAfterRejection = Authority(role: .approver, scope: .any)

  /// Whether a commit with `parents` parents that changes `changes` (paths) does what its
  /// `Reform-Action` trailer says for plan `id`: a trailer is text anyone can write, and counts
  /// only on a commit whose content is that action.
  static func commitDoes(_ action: ReformAction, plan id: String, parents: Int, changes: [String]) -> Bool {
    let onlyRecords = changes.allSatisfy { $0.hasPrefix(RepositoryFile.recordsFolder(id) + "/") }
    switch action {
    case .new: return parents == 1 && changes == [RepositoryFile.planPath(id)]
    case .amend, .submit, .return, .withdraw: return parents == 1 && changes.isEmpty
    case .approve: return parents == 2 || (parents == 1 && changes.count == 1 && onlyRecords)
    case .record: return parents == 1 && !changes.isEmpty && onlyRecords
    case .policy: return parents == 1 && !changes.isEmpty && changes.allSatisfy { $0.hasPrefix(".reform/") }
    }
  }

  // MARK: The repository's layout

  /// Files that change how git presents or checks out content: only at the repository root,
  /// and only by an admin.
  static let gitPresentationFiles: Set<String> = [".gitattributes", ".gitmodules", ".mailmap"]
  /// Who may change a git presentation file.
  static let presentationEditing = Authority(role: .admin, scope: .any)

  /// Why an entry at `path` (split at `/`) with git mode `mode` may not be in a plan
  /// repository's tree, or `nil`. Under `plans/`, only regular non-executable files at the
  /// places of SPEC section 1: `plans/<id>/plan.md` and attachments beside it, and
  /// `plans/<id>/records/<name>`.
  static func layoutProblem(_ parts: [String], mode: UInt32) -> LayoutProblem? {
    if let name = parts.last, parts.count > 1, gitPresentationFiles.contains(name.lowercased()) {
      return .presentationFileBelowRoot(name)
    }
    guard parts.first == "plans" else { return nil }
    guard parts.count >= 3 else { return .notInAPlanFolder }
    guard PlanID.isValid(parts[1]) else { return .notAPlanID(parts[1]) }
    let inRecords = parts[2] == RepositoryFile.recordsFolderName
    if parts.count == 3 && inRecords { return .recordsNotAFolder }
    if parts.count > (inRecords ? 4 : 3) { return .tooDeep }
    guard mode == 0o100644 else { return .notARegularFile(mode: mode) }
    return nil
  }

  /// The form in which two names of one folder may not coincide: case and Unicode
  /// normalisation folded, as case-insensitive and normalising file systems see them.
  static func foldedName(_ name: String) -> [UInt8] {
    let bytes = Array(name.utf8)
    // ASCII folds by its letters alone (Foundation's normalisation is slow, and most names are ASCII).
    if bytes.allSatisfy({ $0 < 0x80 }) { return bytes.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 } }
    return Array(name.precomposedStringWithCanonicalMapping.lowercased().utf8)
  }

  // MARK: Records

  /// The stages at which records of `kind` are made; `approved` means on `main`.
  public static func stages(for kind: RecordKind) -> [Stage] {
    switch kind {
    case .research, .consultation: [.drafting, .consultation]
    case .review, .countersign, .decision: [.review]
    case .issuance, .filing, .progress, .inspection, .rectification, .lookback, .pilotEvaluation, .adjustment:
      [.approved]
    }
  }

  /// Who may make a record of `kind`; for a review, of type `reviewType` (SPEC section 5).
  public static func authority(for kind: RecordKind, reviewType: ReviewType?) -> Authority {
    switch kind {
    case .review:
      switch reviewType {
      case .legal: Authority(role: .legal, scope: .any)
      case .reformOffice: Authority(role: .reformOffice, scope: .any)
      case .content, .procedure, nil: Authority(role: .reviewer, scope: .planGroup)
      }
    case .countersign: Authority(role: nil, scope: .recordUnit)
    case .decision, .issuance: Authority(role: .approver, scope: .any)
    case .inspection: Authority(role: .inspector, scope: .any)
    case .research, .consultation, .filing, .progress, .rectification, .lookback, .pilotEvaluation, .adjustment:
      Authority(role: .drafter, scope: .leadUnit)
    }
  }

  /// Why `member` may not act with `authority` on a plan of `plan` (for a countersign record:
  /// naming `recordUnit`), or `nil` when the member may. A scope that cannot be read refuses.
  public static func refusal(
    of member: Member, for authority: Authority, plan: PlanScope, recordUnit: String? = nil
  ) -> AuthorityRefusal? {
    if let role = authority.role, !member.has(role) { return .role(authority) }
    switch authority.scope {
    case .any: return nil
    case .leadUnit:
      guard let unit = plan.leadUnit else { return .unreadableScope("lead_unit") }
      return member.unit == unit ? nil : .unit(needed: unit)
    case .planGroup:
      guard let group = plan.group else { return .unreadableScope("group") }
      return member.groups.contains(group) ? nil : .group(needed: group)
    case .recordUnit:
      guard let unit = recordUnit else { return .unreadableScope("unit") }
      return member.unit == unit ? nil : .unit(needed: unit)
    }
  }

  /// Why `member` may not make `record` on a plan of `plan`, or `nil` when the member may: the
  /// one rule by which a record counts, asked by the judge (with the policy in force where it
  /// counts the record) and by the commands (with the policy on `main`).
  static func refusal(of member: Member, toMake record: Record, plan: PlanScope) -> AuthorityRefusal? {
    let authority = authority(for: record.kind, reviewType: record.text("type").flatMap(ReviewType.init))
    return refusal(of: member, for: authority, plan: plan, recordUnit: record.text("unit"))
  }

  // MARK: Gates

  /// The consultation types the consultation → review gate needs for `plan`, each with the
  /// `impacts` flag that requires it.
  public static func requiredConsultations(for plan: Plan) -> [(type: ConsultationType, flag: String)] {
    let rules: [(ConsultationType, Bool, String)] = [
      (.departmental, plan.impacts.crossDepartment, "impacts.cross_department"),
      (.public, plan.impacts.publicInterest, "impacts.public_interest"),
      (.expert, plan.impacts.technical, "impacts.technical"),
      (.stabilityRisk, plan.impacts.stabilityRisk, "impacts.stability_risk"),
    ]
    return rules.filter(\.1).map { ($0.0, $0.2) }
  }

  /// Whether the drafting → consultation gate needs a research record.
  public static func needsResearch(_ plan: Plan) -> Bool { plan.major }

  /// The review types the review → approved gate needs on `route`, each with verdict `pass`.
  public static func requiredReviews(on route: [DecisionBody]) -> [ReviewType] {
    [.content, .legal, .procedure] + (route.contains(.leadingGroup) ? [.reformOffice] : [])
  }

  /// The bodies a plan that is neither major nor a party-committee document may choose from.
  public static let chosenBodies: [DecisionBody] = [.governmentExecutive, .groupMeeting, .countersign]

  /// The order in which the bodies of a route decide: the lower bodies first, as a
  /// party-committee document goes from the government executive meeting to the leading group
  /// and on to the standing committee.
  public static let bodyOrder: [DecisionBody] = [
    .groupMeeting, .countersign, .governmentExecutive, .leadingGroup, .standingCommittee,
  ]

  /// The bodies that must decide, in `bodyOrder` (article 9). A plan that is neither major nor a
  /// party-committee document is decided by one body of the drafter's choice: `chosen` when
  /// it is one of `chosenBodies`. An amendment also goes back to `inForce`, the bodies that
  /// approved the version in force (article 10); when one of them is a body that may be chosen,
  /// it is the choice.
  /// - Returns: `nil` when the route needs a choice that `chosen` does not make.
  public static func route(
    for plan: Plan, chosen: DecisionBody?, inForce: [DecisionBody] = []
  ) -> [DecisionBody]? {
    let own: [DecisionBody]
    if plan.issuance == .partyCommittee {
      own =
        (plan.impacts.governmentDuties ? [.governmentExecutive] : []) + [.leadingGroup, .standingCommittee]
    } else if plan.major {
      own = [.leadingGroup]
    } else if inForce.contains(where: chosenBodies.contains) {
      own = []
    } else if let chosen, chosenBodies.contains(chosen) {
      own = [chosen]
    } else {
      return nil
    }
    let bodies = Set(own + inForce)
    return bodyOrder.filter(bodies.contains)
  }

  /// `a → b → c`, for messages: SPEC's words by default, or the bodies as `language` names them.
  static func describe(_ route: [DecisionBody], in language: Language = .english) -> String {
    route.map { $0.name(in: language) }.joined(separator: " → ")
  }

  /// The first day a date in a plan repository may name: the founding of the People's Republic.
  public static let earliestDate = CalendarDate(year: 1949, month: 10, day: 1)
}

/// Why a member may not act: the domain's reason, worded by `description`.
public enum AuthorityRefusal: Sendable, Equatable, CustomStringConvertible {
  /// The member lacks the role.
  case role(Authority)
  /// The member is of another unit than `needed`.
  case unit(needed: String)
  /// The member reviews for other groups than `needed`.
  case group(needed: String)
  /// The plan field the scope depends on cannot be read.
  case unreadableScope(String)

  public var description: String { text(in: .current) }

  /// The reason in `language`.
  public func text(in language: Language) -> String {
    switch self {
    case .role(let authority): language.choose("needs \(authority.text(in: language))", "需要\(authority.text(in: language))")
    case .unit(let unit): language.choose("needs a member of the unit \(unit)", "需要 \(unit) 的成员")
    case .group(let group):
      language.choose("needs a reviewer of the special group \(group)", "需要专项小组 \(group) 的审核人")
    case .unreadableScope(let field):
      language.choose(
        "cannot tell who may act: the plan's \(field) cannot be read (fix plan.md first)",
        "无法判断谁可以操作：方案的 \(field) 无法读取（请先修正 plan.md）")
    }
  }
}

/// Why an entry may not be where it is in a plan repository's tree (SPEC section 1 and 5).
enum LayoutProblem: Equatable {
  /// `.gitattributes`, `.gitmodules` or `.mailmap` below the root.
  case presentationFileBelowRoot(String)
  /// A file directly in `plans/`.
  case notInAPlanFolder
  /// A folder of `plans/` whose name is not a plan id.
  case notAPlanID(String)
  /// `plans/<id>/records` that is not a folder.
  case recordsNotAFolder
  /// An entry deeper than `plans/<id>/records/<name>`.
  case tooDeep
  /// A link, submodule, executable or other mode where a regular file belongs.
  case notARegularFile(mode: UInt32)

  /// The problem in `language`.
  func text(in language: Language = .current) -> String {
    switch self {
    case .presentationFileBelowRoot(let name):
      language.choose("\(name) is allowed only at the repository root", "\(name) 只能位于仓库根目录")
    case .notInAPlanFolder: language.choose("plans/ holds only plan folders", "plans/ 只能包含方案文件夹")
    case .notAPlanID(let name): language.choose("\(name) is not a plan id", "\(name) 不是方案编号")
    case .recordsNotAFolder: language.choose("records must be a folder", "records 必须是文件夹")
    case .tooDeep:
      language.choose(
        "a plan folder holds plan.md, attachments and records/<name>, nothing deeper",
        "方案文件夹只包含 plan.md、附件和 records/<名称>，不能有更深的层级")
    case .notARegularFile(let mode):
      language.choose("must be a regular, non-executable file, not ", "应为普通的、不可执行的文件，而不是")
        + Self.modeName(mode, in: language)
    }
  }

  private static func modeName(_ mode: UInt32, in language: Language) -> String {
    switch mode {
    case 0o120000: language.choose("a symbolic link", "符号链接")
    case 0o160000: language.choose("a submodule", "子模块")
    case 0o100755: language.choose("an executable", "可执行文件")
    default: language.choose("mode ", "模式 ") + String(mode, radix: 8)
    }
  }
}

/// Why the review → approved gate does not hold, as the judge reports it.
enum ApprovalGateFailure: Equatable {
  /// A plan that is neither major nor a party-committee document, and no decision chose its body.
  case noChosenBody
  /// The review types without a passing review since the last change to `plan.md`.
  case missingReviews([ReviewType])
  /// The approving decisions recorded, which are not the route.
  case offRoute(approved: [DecisionBody], route: [DecisionBody])
  /// The participating units that have not countersigned; empty when the plan names none.
  case missingCountersigns([String])

  /// The failure in `language`.
  func text(in language: Language = .current) -> String {
    switch self {
    case .noChosenBody:
      language.choose(
        "no decision chooses the body of a plan that is neither major nor a party-committee document",
        "方案既非重大改革，也不以省委文件出台，但没有决策选定其决策机构")
    case .missingReviews(let types):
      language.choose(
        "no passing review of type " + types.map(\.rawValue).joined(separator: ", ")
          + " newer than the last change to plan.md",
        "缺少晚于 plan.md 最近一次修改、结论为通过的" + types.map(\.chineseName).joined(separator: "、"))
    case .offRoute(let approved, let route):
      language.choose(
        "the decisions recorded (" + (approved.isEmpty ? "none" : Procedure.describe(approved))
          + ") are not the route " + Procedure.describe(route),
        "已记录的决策（" + (approved.isEmpty ? "无" : Procedure.describe(approved, in: language))
          + "）不符合决策路径 " + Procedure.describe(route, in: language))
    case .missingCountersigns(let units):
      language.choose(
        "countersigning misses " + (units.isEmpty ? "participating units" : units.joined(separator: ", ")),
        "会签缺少" + (units.isEmpty ? "参与单位" : units.joined(separator: "、")))
    }
  }
}

extension Procedure {
  // MARK: Gates over counted records (the commands and verification share these)

  /// Whether the drafting → consultation gate holds: a research record when the plan is major.
  static func researchGateHolds(_ plan: Plan, versionRecords: [Record]) -> Bool {
    !needsResearch(plan) || versionRecords.contains { $0.kind == .research }
  }

  /// The consultations the consultation → review gate still misses.
  static func missingConsultations(
    _ plan: Plan, versionRecords: [Record]
  ) -> [(type: ConsultationType, flag: String)] {
    let done = Set(versionRecords.filter { $0.kind == .consultation }.compactMap { $0.text("type") })
    return requiredConsultations(for: plan).filter { !done.contains($0.type.rawValue) }
  }

  /// The review types whose newest review since the last change to `plan.md` is not a pass.
  static func missingReviews(on route: [DecisionBody], recordsSinceChange: [Record]) -> [ReviewType] {
    let latest = newest(recordsSinceChange.filter { $0.kind == .review }, by: "type")
    return requiredReviews(on: route).filter { latest[$0.rawValue] != ReviewVerdict.pass.rawValue }
  }

  /// The units of `plan` whose newest countersign record is not an approval.
  static func missingCountersigns(_ plan: Plan, recordsSinceChange: [Record]) -> [String] {
    let latest = newest(recordsSinceChange.filter { $0.kind == .countersign }, by: "unit")
    return plan.units.filter { latest[$0] != CountersignVerdict.approved.rawValue }
  }

  /// The decisions since the last change to `plan.md` and after the last rejection, in order.
  /// A decision dated before a review or countersignature it rests on does not count.
  static func decisionsInForce(_ recordsSinceChange: [Record]) -> [Decision] {
    let grounds = newestGround(recordsSinceChange)
    let decisions = recordsSinceChange.filter { $0.kind == .decision && $0.date >= (grounds ?? $0.date) }
      .sorted { RecordFileName.precedes($0.fileName, $1.fileName) }
      .compactMap { record -> Decision? in
      guard let body = record.text("body").flatMap(DecisionBody.init),
        let verdict = record.text("verdict").flatMap(DecisionVerdict.init)
      else { return nil }
      return Decision(body: body, meeting: record.text("meeting") ?? "", date: record.date, verdict: verdict)
    }
    guard let rejection = decisions.lastIndex(where: { $0.verdict == .rejected }) else { return decisions }
    return Array(decisions[(rejection + 1)...])
  }

  /// The date of the newest review or countersignature, which a decision rests on and may not
  /// be dated before.
  static func newestGround(_ recordsSinceChange: [Record]) -> CalendarDate? {
    recordsSinceChange.filter { [.review, .countersign].contains($0.kind) }.map(\.date).max()
  }

  /// The bodies whose approving decisions put a version in force, from the records its
  /// approval merge brought to `main`: the approved decisions among those in force.
  static func approvingBodies(_ versionRecords: [Record]) -> [DecisionBody] {
    decisionsInForce(versionRecords).filter { $0.verdict == .approved }.map(\.body)
  }

  /// Why the review → approved gate does not hold for `plan` with these counted records, or
  /// `nil` when it holds: reviews, every decision of the route approved in order, countersigns.
  /// `inForce`: the bodies that approved the version in force, for an amendment.
  static func approvalGateFailure(
    _ plan: Plan, recordsSinceChange: [Record], inForce: [DecisionBody] = []
  ) -> ApprovalGateFailure? {
    let decisions = decisionsInForce(recordsSinceChange)
    guard let route = route(for: plan, chosen: decisions.first?.body, inForce: inForce) else {
      return .noChosenBody
    }
    let missing = missingReviews(on: route, recordsSinceChange: recordsSinceChange)
    if !missing.isEmpty { return .missingReviews(missing) }
    let approved = decisions.filter { $0.verdict == .approved }.map(\.body)
    guard approved == route else { return .offRoute(approved: approved, route: route) }
    if route.contains(.countersign) {
      let units = missingCountersigns(plan, recordsSinceChange: recordsSinceChange)
      if plan.units.isEmpty || !units.isEmpty { return .missingCountersigns(units) }
    }
    return nil
  }

  /// The `verdict` of the newest record (by file name) for each value of `key`.
  private static func newest(_ records: [Record], by key: String) -> [String: String] {
    var latest: [String: String] = [:]
    for record in records.sorted(by: { RecordFileName.precedes($0.fileName, $1.fileName) }) {
      if let value = record.text(key) { latest[value] = record.text("verdict") }
    }
    return latest
  }
}
