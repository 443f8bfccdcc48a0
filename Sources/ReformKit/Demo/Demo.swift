import Foundation
import GitKit

/// What `reform demo` built and checked.
public struct DemoReport: Sendable {
  /// The demonstration repository's work tree.
  public let repository: String
  /// The folder with the members' key files.
  public let keys: String
  /// The sample plans' status lines on the day the demo ran, in the order the demo made them.
  public let plans: [PlanStatus]
  /// Each plan's history, oldest first.
  public let histories: [String: [LogEntry]]
  /// How many commits the signature check looked at.
  public let commitsChecked: Int
  /// Every violation of SPEC section 5 `reform verify` finds (none, in a good demo).
  public let violations: [Violation]
}

/// `reform demo`: a repository with a member for every role and three sample plans walked
/// through the whole procedure, including a return to drafting, an amendment and the records
/// of implementation.
public enum Demo {
  /// The members: key file name, member name, unit, roles, groups.
  static let members: [(file: String, name: String, unit: String, roles: [Role], groups: [String])] = [
    ("liming", "李明", "省发展改革委", [.drafter], []),
    ("wangfang", "王芳", "省科技厅", [.drafter], []),
    ("huanglei", "黄磊", "省委组织部", [.drafter], []),
    ("zhaoqiang", "赵强", "省市场监管局", [.drafter], []),
    ("chenjing", "陈静", "省财政厅", [.drafter], []),
    ("zhangwei", "张伟", "省委改革办", [.reviewer], [
      "经济体制和生态文明体制改革专项小组", "科技体制改革专项小组", "党的建设制度改革专项小组",
    ]),
    ("liuyang", "刘洋", "省司法厅", [.legal], []),
    ("zhoumin", "周敏", "省委改革办", [.reformOffice], []),
    ("sunli", "孙丽", "省委办公厅", [.approver], []),
    ("wugang", "吴刚", "省委督查室", [.inspector], []),
  ]

  /// Builds the demonstration in `folder` (which must not exist or be empty): keys in
  /// `keys/`, the repository in `repo/`; with `extraPlans`, that many more plans walked from
  /// drafting to implementation (twenty signed commits each), for benchmarks at scale.
  public static func build(at folder: URL, binary: String, extraPlans: Int = 0) throws(ReformError) -> DemoReport {
    let manager = FileManager.default
    if let contents = try? manager.contentsOfDirectory(atPath: folder.path), !contents.isEmpty {
      throw .wouldOverwrite(folder.path)
    }
    let keyFolder = folder.appendingPathComponent("keys")
    var keys: [String: SSHSigningKey] = [:]
    do {
      try manager.createDirectory(at: keyFolder, withIntermediateDirectories: true)
      for (file, name) in [("admin", "管理员")] + members.map({ ($0.file, $0.name) }) {
        let key = SSHSigningKey(comment: file)
        let path = keyFolder.appendingPathComponent("\(file).key").path
        guard manager.createFile(atPath: path, contents: Data(key.openSSH.utf8), attributes: [.posixPermissions: 0o600])
        else { throw ReformError.io("cannot write \(path)") }
        try Data((key.publicKey.openSSH + " \(file)\n").utf8).write(to: URL(fileURLWithPath: path + ".pub"))
        keys[name] = key
      }
    } catch let error as ReformError {
      throw error
    } catch {
      throw .io("cannot write the demo keys in \(keyFolder.path): \(error.localizedDescription)")
    }
    let repositoryPath = folder.appendingPathComponent("repo").path
    _ = try RepositoryInitializer.initialise(
      at: repositoryPath, keyPath: keyFolder.appendingPathComponent("admin.key").path, name: "管理员",
      unit: "省委改革办", binary: binary)
    let run = DemoRun(repository: try PlanRepository.open(at: repositoryPath), keys: keys)
    try run.addMembers()
    try run.businessEnvironment()
    try run.technologyTransfer()
    try run.partyBuilding()
    for number in 0..<extraPlans { try run.routinePlan(number) }
    return try run.report(repositoryPath: repositoryPath, keys: keyFolder.path)
  }
}

/// The steps of the demo, each signed by the member who would take it.
struct DemoRun {
  let repository: PlanRepository
  let keys: [String: SSHSigningKey]

  private func key(_ name: String) throws(ReformError) -> SSHSigningKey {
    guard let key = keys[name] else { throw .io("the demo has no key for \(name)") }
    return key
  }

  func addMembers() throws(ReformError) {
    for member in Demo.members {
      let added = Member(
        name: member.name, key: try key(member.name).publicKey, unit: member.unit, roles: member.roles,
        groups: member.groups, email: "\(member.file)@demo.reform.invalid")
      try repository.addMember(added, signedBy: try key("管理员"))
    }
  }

  /// A drafter's edit of `plan.md`, as they would commit it with git.
  private func edit(_ sample: DemoPlans.Sample, value: Int, by name: String) throws(ReformError) {
    let state = try repository.existingState(of: sample.id)
    let member = try repository.policy(at: state.tip).member(named: name)
    guard let member else { throw .io("the demo has no member \(name)") }
    let message = CommitMessage(
      summary: "起草：\(sample.title)",
      trailers: ReformTrailers(plan: sample.id, stage: state.stage).lines)
    try repository.commit(
      on: state.branch, from: state.tip,
      changes: [RepositoryFile.planPath(sample.id): Data(sample.text(value: value).utf8)], message: message,
      key: try key(name), author: repository.identity(of: member))
  }

  private func record(
    _ id: String, _ kind: RecordKind, _ date: String, _ fields: [(key: String, value: String)] = [],
    file: String? = nil, by name: String
  ) throws(ReformError) {
    let request = RecordRequest(kind: kind, date: CalendarDate(date), fields: fields, file: file)
    try repository.record(id, request, key: try key(name))
  }

  private func reviews(_ id: String, _ date: String, reformOffice: Bool) throws(ReformError) {
    let standards = RecordSchema.standards.map { "\($0): pass" }.joined(separator: ", ")
    let content = "---\ntype: content\nverdict: pass\nstandards: {\(standards)}\n---\n\n内容审核通过。\n"
    try record(id, .review, date, file: content, by: "张伟")
    try record(id, .review, date, [("type", "procedure"), ("verdict", "pass")], by: "张伟")
    try record(id, .review, date, [("type", "legal"), ("verdict", "pass")], by: "刘洋")
    if reformOffice { try record(id, .review, date, [("type", "reform-office"), ("verdict", "pass")], by: "周敏") }
  }

  private func decide(_ id: String, _ body: DecisionBody, _ meeting: String, _ date: String) throws(ReformError) {
    guard let day = CalendarDate(date) else { throw .io("bad demo date \(date)") }
    try repository.approve(
      id, Decision(body: body, meeting: meeting, date: day, verdict: .approved), key: try key("孙丽"))
  }

  private func consultation(_ id: String, _ type: String, _ date: String, received: Int, adopted: Int) throws(ReformError) {
    try record(
      id, .consultation, date,
      [("type", type), ("opinions_received", "\(received)"), ("opinions_adopted", "\(adopted)")], by: "李明")
  }

  /// A major implementation plan issued as a party committee document with government duties:
  /// returned once, approved, implemented, amended and approved again.
  func businessEnvironment() throws(ReformError) {
    let plan = DemoPlans.businessEnvironment
    let id = plan.id
    try repository.newPlan(id, kind: plan.kind, title: plan.title, key: try key("李明"))
    try edit(plan, value: 3, by: "李明")
    try record(id, .research, "2026-03-10", [("summary", "赴合肥、阜阳等地调研企业开办")], by: "李明")
    try repository.submit(id, key: try key("李明"))
    try consultation(id, "departmental", "2026-04-01", received: 6, adopted: 5)
    try consultation(id, "public", "2026-04-15", received: 120, adopted: 86)
    try repository.submit(id, key: try key("李明"))
    try record(id, .review, "2026-05-06", [("type", "procedure"), ("verdict", "revise")], by: "张伟")
    try repository.returnToDrafting(id, reason: "量化目标偏低，请对标先进地区提高目标", key: try key("张伟"))
    try edit(plan, value: 2, by: "李明")
    try repository.submit(id, key: try key("李明"))
    try repository.submit(id, key: try key("李明"))
    try reviews(id, "2026-05-20", reformOffice: true)
    try decidePartyCommitteeRoute(id, on: ["2026-05-28", "2026-06-03", "2026-06-10"], meetings: ["第12次", "第8次", "第45次"])
    try record(id, .issuance, "2026-06-15", [("document_number", "皖发〔2026〕12号")], by: "孙丽")
    try record(id, .filing, "2026-07-10", by: "李明")
    let progress = "---\nperiod: 2026-H1\nmeasures:\n  - {measure: m1, achieved: 3, status: 推进中}\n---\n\n上半年进展。\n"
    try record(id, .progress, "2026-07-05", file: progress, by: "李明")
    let inspection = """
      ---
      inspector: 省委督查室第二督查组
      findings: 部分地市系统对接滞后
      rectification:
        - {id: r1, problem: 阜阳市未接入一网通办平台, due: 2026-12-31}
      ---

      督察报告。

      """
    try record(id, .inspection, "2026-09-15", file: inspection, by: "吴刚")
    let rectification = "---\ninspection: 2026-09-15-inspection.md\nitems:\n  - {id: r1, done: true}\n---\n\n已整改。\n"
    try record(id, .rectification, "2026-10-20", file: rectification, by: "李明")
    try record(id, .adjustment, "2026-11-01", [("reason", "国家出台新规定，企业开办时间压缩至1个工作日")], by: "李明")
    try repository.amend(id, reason: "按国家新规定调整量化目标", key: try key("李明"))
    try edit(plan, value: 1, by: "李明")
    try researchAndConsult(id, research: ("2026-11-05", "对标国家新规定开展调研"), consulted: ["2026-11-10", "2026-11-12"])
    try reviews(id, "2026-11-18", reformOffice: true)
    try decidePartyCommitteeRoute(id, on: ["2026-11-20", "2026-11-23", "2026-11-25"], meetings: ["第20次", "第10次", "第60次"])
  }

  /// Research, submit, the departmental and public consultations (on the two dates), submit.
  private func researchAndConsult(
    _ id: String, research: (date: String, summary: String), consulted dates: [String]
  ) throws(ReformError) {
    try record(id, .research, research.date, [("summary", research.summary)], by: "李明")
    try repository.submit(id, key: try key("李明"))
    try consultation(id, "departmental", dates[0], received: 4, adopted: 4)
    try consultation(id, "public", dates[1], received: 60, adopted: 41)
    try repository.submit(id, key: try key("李明"))
  }

  /// Government executive → leading group → standing committee, on `dates`, at the meetings
  /// numbered `meetings`.
  private func decidePartyCommitteeRoute(_ id: String, on dates: [String], meetings: [String]) throws(ReformError) {
    try decide(id, .governmentExecutive, "省政府\(meetings[0])常务会议", dates[0])
    try decide(id, .leadingGroup, "省委全面深化改革委员会\(meetings[1])会议", dates[1])
    try decide(id, .standingCommittee, "省委常委会\(meetings[2])会议", dates[2])
  }

  /// A copy of the business-environment plan under the id `plan-<number>`, walked from drafting
  /// through its route of three decisions to issuance, filing and a progress report.
  func routinePlan(_ number: Int) throws(ReformError) {
    let plan = DemoPlans.businessEnvironment.renamed("plan-\(number)")
    let id = plan.id
    try repository.newPlan(id, kind: plan.kind, title: plan.title, key: try key("李明"))
    try edit(plan, value: plan.value, by: "李明")
    try researchAndConsult(id, research: ("2026-03-10", "调研"), consulted: ["2026-04-01", "2026-04-15"])
    try reviews(id, "2026-05-20", reformOffice: true)
    try decidePartyCommitteeRoute(id, on: ["2026-05-28", "2026-06-03", "2026-06-10"], meetings: ["", "", ""])
    try record(id, .issuance, "2026-06-15", [("document_number", "皖发〔2026〕\(number + 100)号")], by: "孙丽")
    try record(id, .filing, "2026-07-10", by: "李明")
    try record(id, .progress, "2026-07-05", [("period", "2026-H1")], by: "李明")
  }

  /// A pilot plan decided by countersigning of its participating units.
  func technologyTransfer() throws(ReformError) {
    let plan = DemoPlans.technologyTransfer
    let id = plan.id
    try repository.newPlan(id, kind: plan.kind, title: plan.title, key: try key("王芳"))
    try edit(plan, value: plan.value, by: "王芳")
    try repository.submit(id, key: try key("王芳"))
    for (type, date) in [("departmental", "2026-03-20"), ("expert", "2026-03-25")] {
      try record(
        id, .consultation, date, [("type", type), ("opinions_received", "8"), ("opinions_adopted", "6")],
        by: "王芳")
    }
    try repository.submit(id, key: try key("王芳"))
    try reviews(id, "2026-04-10", reformOffice: false)
    try record(id, .countersign, "2026-04-20", [("unit", "省市场监管局"), ("verdict", "approved")], by: "赵强")
    try record(id, .countersign, "2026-04-21", [("unit", "省财政厅"), ("verdict", "approved")], by: "陈静")
    try decide(id, .countersign, "省科技厅、省市场监管局、省财政厅会签", "2026-04-25")
    try record(id, .issuance, "2026-05-05", [("document_number", "皖政〔2026〕30号")], by: "孙丽")
    try record(id, .filing, "2026-05-20", by: "王芳")
    try record(id, .pilotEvaluation, "2026-11-10", [("stage", "interim"), ("findings", "试点地区转化合同金额增长三成")], by: "王芳")
  }

  /// An institutional document decided by a special group meeting.
  func partyBuilding() throws(ReformError) {
    let plan = DemoPlans.partyBuilding
    let id = plan.id
    try repository.newPlan(id, kind: plan.kind, title: plan.title, key: try key("黄磊"))
    try edit(plan, value: plan.value, by: "黄磊")
    try repository.submit(id, key: try key("黄磊"))
    try repository.submit(id, key: try key("黄磊"))
    try reviews(id, "2026-09-01", reformOffice: false)
    try decide(id, .groupMeeting, "党的建设制度改革专项小组第3次会议", "2026-09-10")
    try record(id, .issuance, "2026-09-20", [("document_number", "皖组〔2026〕8号")], by: "孙丽")
  }

  func report(repositoryPath: String, keys: String) throws(ReformError) -> DemoReport {
    let samples = [DemoPlans.businessEnvironment, DemoPlans.technologyTransfer, DemoPlans.partyBuilding].map(\.id)
    let lines = try repository.status(DeadlineRules(day: CalendarDate(Date())))
    let plans = samples.compactMap { id in lines.first { $0.id == id } }
    var histories: [String: [LogEntry]] = [:]
    for id in samples { histories[id] = try repository.history(of: id) }
    let verification = try repository.verify()
    return DemoReport(
      repository: repositoryPath, keys: keys, plans: plans, histories: histories,
      commitsChecked: verification.commitsChecked, violations: verification.violations)
  }
}
