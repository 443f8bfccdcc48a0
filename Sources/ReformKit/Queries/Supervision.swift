import Foundation
import GitKit
import Synchronization

/// One plan as a supervisor sees it: where it is, its versions, and the facts of the version
/// being worked on and of the version in force.
public struct PlanOverview: Sendable {
  public let id: String
  public let stage: Stage
  /// The version being worked on, or the one in force when approved.
  public let version: Int
  /// The day the plan entered its current stage.
  public let stageStart: CalendarDate?
  /// The version on a stage branch (`nil` when approved or withdrawn without a draft).
  public let draft: PlanFacts?
  /// The version approved on `main` (`nil` before the first approval).
  public let inForce: PlanFacts?
  /// The approval merge of the version in force (`nil` before the first approval).
  var inForceMerge: OID? = nil

  /// The facts that name the plan: the draft's, else those in force.
  public var current: PlanFacts { draft ?? inForce ?? PlanFacts() }

  /// The plan's deadlines under `rules` (none once withdrawn).
  public func deadlines(_ rules: DeadlineRules) -> [Deadline] {
    stage == .withdrawn ? [] : rules.deadlines(of: id, draft: draft, inForce: inForce)
  }

  /// The plan's status line under `rules`.
  public func status(_ rules: DeadlineRules) -> PlanStatus {
    status(rules, deadlines: deadlines(rules))
  }

  /// The status line when the plan's `deadlines` under `rules` are already known.
  func status(_ rules: DeadlineRules, deadlines: [Deadline]) -> PlanStatus {
    let next = rules.next(deadlines)
    let unreadable = stage != .withdrawn && current.planUnreadable
    var reasons = stage == .withdrawn ? [] : rules.reasons(deadlines, inForce: inForce)
    if unreadable {
      reasons.insert(
        LightReason(
          deadline: .drafting, due: rules.day, daysOverdue: 0, measure: nil,
          detail: "plans/\(id)/plan.md does not parse at the \(stage.rawValue) stage: its deadlines cannot be judged"),
        at: 0)
    }
    let light = unreadable ? .red : DeadlineRules.light(of: reasons)
    return PlanStatus(
      id: id, title: current.title ?? "", stage: stage, version: version, leadUnit: current.leadUnit ?? "",
      daysInStage: max(0, stageStart.map { rules.day.days(since: $0) } ?? 0),
      nextDeadline: next.map { PlanStatus.NextDeadline(deadline: $0.deadline, due: $0.due) },
      light: light, reasons: reasons, group: current.group ?? "", source: current.source ?? "",
      jurisdiction: current.jurisdiction ?? "", owners: current.owners, planUnreadable: unreadable)
  }
}

/// Which overdue deadlines `reform overdue` keeps.
public struct OverdueFilter: Sendable {
  /// Only the plans (and tasks) this unit leads.
  public var unit: String?
  /// Only the plans (and tasks) of this special group.
  public var group: String?
  /// Only this kind of deadline.
  public var deadline: DeadlineName?
  /// Only this plan (or work-plan task).
  public var plan: String?

  /// A filter; every criterion left `nil` admits everything.
  public init(unit: String? = nil, group: String? = nil, deadline: DeadlineName? = nil, plan: String? = nil) {
    (self.unit, self.group, self.deadline, self.plan) = (unit, group, deadline, plan)
  }

  func admits(id: String, leadUnit: String?, group: String?) -> Bool {
    (plan.map { $0 == id } ?? true) && (unit.map { $0 == leadUnit } ?? true) && (self.group.map { $0 == group } ?? true)
  }
}

/// One line of `reform status` (SPEC section 4's JSON shape).
public struct PlanStatus: Sendable, Encodable {
  /// The deadline a status line shows next.
  public struct NextDeadline: Sendable, Encodable {
    public let deadline: DeadlineName
    public let due: CalendarDate
  }

  public let id: String
  public let title: String
  public let stage: Stage
  public let version: Int
  public let leadUnit: String
  public let daysInStage: Int
  public let nextDeadline: NextDeadline?
  public let light: Light
  /// Why the light is not green; empty when green.
  public let reasons: [LightReason]

  /// The plan's special group (for filtering; not part of the JSON shape).
  public let group: String
  /// The task or deployment the plan implements (not part of the JSON shape).
  public let source: String
  /// The plan's jurisdiction (not part of the JSON shape).
  public let jurisdiction: String
  /// The plan's 责任单位 and 责任人 (not part of the JSON shape).
  public let owners: PlanFacts.Owners
  /// Whether the plan's `plan.md` does not parse, so that its deadlines are not judged (not
  /// part of the JSON shape).
  public let planUnreadable: Bool

  private enum CodingKeys: String, CodingKey {
    case id, title, stage, version, leadUnit, daysInStage, nextDeadline, light, reasons
  }
}

/// A task of a work plan with the plans that implement it (`reform status --work-plan`).
public struct WorkPlanTaskStatus: Sendable, Encodable {
  public let task: String
  public let text: String
  public let group: String
  public let leadUnit: String
  public let due: CalendarDate
  /// The worst light of its plans; without a plan, the light of the task's own deadline.
  public let light: Light
  public let plans: [PlanStatus]
}

/// Where the plans are: `main`'s plan folders, the stage branches and the counted version tags.
private struct PlanLocations: Sendable {
  let main: OID?
  let mainFolders: [String: OID]
  let branches: [String: [(stage: Stage, tip: OID)]]
  let versions: [String: (number: Int, tag: VersionTag)]
}

/// The highest counted version of every plan, kept in the plan index under a digest of the
/// version tags and `main`'s tip.
struct VersionMap: IndexedValue {
  let versions: [String: (number: Int, tag: VersionTag)]

  init(versions: [String: (number: Int, tag: VersionTag)]) {
    self.versions = versions
  }

  /// Per plan: the id, a zero byte, the version (4 bytes), the tag's bytes (28).
  var indexBytes: [UInt8] {
    var bytes: [UInt8] = []
    for (id, version) in versions.sorted(by: { $0.key < $1.key }) {
      bytes += Array(id.utf8) + [0]
      bytes += withUnsafeBytes(of: UInt32(version.number).littleEndian, Array.init)
      bytes += version.tag.indexBytes
    }
    return bytes
  }

  init?(indexBytes: [UInt8]) {
    var versions: [String: (number: Int, tag: VersionTag)] = [:]
    var offset = 0
    while offset < indexBytes.count {
      guard let nul = indexBytes[offset...].firstIndex(of: 0), nul + 33 <= indexBytes.count,
        let tag = VersionTag(indexBytes: Array(indexBytes[(nul + 5)..<(nul + 33)]))
      else { return nil }
      let number = indexBytes[(nul + 1)..<(nul + 5)].reversed().reduce(0) { $0 << 8 | Int($1) }
      versions[String(decoding: indexBytes[offset..<nul], as: UTF8.self)] = (number, tag)
      offset = nul + 33
    }
    self.versions = versions
  }
}

/// A version tag that counts: an annotated tag on an approval merge of its plan.
struct VersionTag: IndexedValue, Sendable {
  let merge: OID
  /// The merge's commit time, in seconds since 1970.
  let mergeTime: Int64

  init(merge: OID, mergeTime: Int64) {
    self.merge = merge
    self.mergeTime = mergeTime
  }

  var indexBytes: [UInt8] { merge.bytes + withUnsafeBytes(of: mergeTime.littleEndian, Array.init) }

  init?(indexBytes: [UInt8]) {
    guard indexBytes.count == 28, let merge = OID(bytes: Array(indexBytes[0..<20])) else { return nil }
    self.merge = merge
    mergeTime = indexBytes[20...].reversed().reduce(0) { $0 << 8 | Int64($1) }
  }
}

extension PlanRepository {
  /// Every plan of the repository, by id: those on `main` and those on stage branches, read
  /// from branch tips and version tags (never by walking history) through the plan index.
  public func overviews() throws(ReformError) -> [PlanOverview] {
    let index = try planIndex()
    return try index.reading { () throws(ReformError) in try overviews(index: index) }
  }

  private func overviews(index: PlanIndex) throws(ReformError) -> [PlanOverview] {
    let main = try mainTip()
    let mainPlans = try gitCall { () throws -> [String: OID] in
      guard let main, let plans = try git.treeEntry(git.commit(main).treeID, path: "plans"), plans.mode == .tree
      else { return [:] }
      var folders: [String: OID] = [:]
      for entry in try git.treeEntries(plans.id) where entry.mode == .tree {
        if let id = entry.name, PlanID.isValid(id) { folders[id] = entry.id }
      }
      return folders
    }
    var branches: [String: [(stage: Stage, tip: OID)]] = [:]
    var branchesOnMain: [(id: String, stage: Stage, tip: OID)] = []
    for reference in index.references {
      guard case .stage(let stage, let id) = ReformReference(reference.name) else { continue }
      if try index.isOnMain(reference.target) {
        branchesOnMain.append((id, stage, reference.target))
      } else {
        branches[id, default: []].append((stage, reference.target))
      }
    }
    // The versions follow from the version tags and main's tip alone: kept whole under a digest
    // of them, so that ten thousand tags are checked once, not at every run.
    let tags = index.references.filter { $0.name.hasPrefix("refs/tags/plans/") }
    let versions = try index.cached(.versionMap, PlanIndex.digest(of: tags, main: main)) {
      () throws(ReformError) -> VersionMap in
      var versions: [String: (number: Int, tag: VersionTag)] = [:]
      for reference in tags {
        let parts = reference.name.split(separator: "/")
        guard parts.count == 5, let number = PlanState.version(inTag: reference.name), PlanID.isValid(String(parts[3]))
        else { continue }
        let id = String(parts[3])
        guard number > versions[id]?.number ?? 0,
          let tag = try index.versionTag(
            reference, compute: { () throws(ReformError) in try versionTag(reference, of: id) })
        else { continue }
        versions[id] = (number, tag)
      }
      return VersionMap(versions: versions)
    }.versions
    // A branch that main contains has moved on when a counted approval merged it; one that an
    // unsigned or forged merge took into main is still where it was (a branch with no commit
    // of its own, made with plain git on a commit of main, is reported by `reform verify`).
    for (id, stage, tip) in branchesOnMain {
      let merged = try versions[id].map { version throws(ReformError) in
        try gitCall { try git.isAncestor(tip, of: version.tag.merge) }
      } ?? false
      if !merged, case .plan = try CommitJudge(self).place(of: tip) {
        branches[id, default: []].append((stage, tip))
      }
    }
    let plans = PlanLocations(main: main, mainFolders: mainPlans, branches: branches, versions: versions)
    let ids = Set(mainPlans.keys).union(branches.keys).sorted()
    let workers = ids.count < 500 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
    // Each plan read counts for `progress`, from whichever worker read it.
    let (progress, total) = (progress, ids.count)
    let done = Mutex(0)
    @Sendable func planDone() {
      let count = done.withLock { count in
        count += 1
        if count % 64 == 0 { progress(.judging, count, total) }
        return count
      }
      if count % 512 == 0 { GitLibrary.releaseFreeHeap() }
    }
    defer { progress(.judging, ids.count, ids.count) }
    guard workers > 1 else {
      let judge = CommitJudge(self)
      return try ids.map { id throws(ReformError) in
        defer { planDone() }
        return try overview(id, plans, index: index, judge: judge)
      }
    }
    // Each worker reads with its own repository and index handles (neither is shared between threads).
    let gitDirectory = git.gitDirectory
    let found = Mutex([Int: PlanOverview]())
    let failure = Mutex<ReformError?>(nil)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      do throws(ReformError) {
        let repository = try PlanRepository.open(at: gitDirectory)
        let workerIndex = try PlanIndex(git: repository.git)
        let judge = CommitJudge(repository)
        let overviews = try workerIndex.reading { () throws(ReformError) -> [Int: PlanOverview] in
          var overviews: [Int: PlanOverview] = [:]
          for position in stride(from: worker, to: ids.count, by: workers) {
            overviews[position] = try repository.overview(ids[position], plans, index: workerIndex, judge: judge)
            planDone()
          }
          return overviews
        }
        found.withLock { $0.merge(overviews) { first, _ in first } }
      } catch {
        failure.withLock { $0 = error }
      }
    }
    if let error = failure.withLock({ $0 }) { throw error }
    let overviews = found.withLock { $0 }
    return ids.indices.compactMap { overviews[$0] }
  }

  /// Plan `id` as `plans` locate it; `judge` (one per thread, its policies shared by every plan)
  /// decides which records on `main` count.
  private func overview(
    _ id: String, _ plans: PlanLocations, index: PlanIndex, judge: CommitJudge
  ) throws(ReformError) -> PlanOverview {
    let found = plans.branches[id] ?? []
    let version = plans.versions[id]
    let active = found.first { $0.stage != .withdrawn } ?? (version == nil ? found.first : nil)
    let approved = version?.number ?? 0
    // The version in force: plan.md as approved (an edit on main that no approval made does
    // not count), with the records on main.
    // Which records count depends on who wrote them: the newest commit on main touching the
    // plan fixes that history.
    let writer = try index.newestCommitOnMain(touching: id)?.hex ?? ""
    let inForce = try plans.mainFolders[id].map { folder throws(ReformError) in
      try index.cached(.planFacts, folder, qualifier: (version?.tag.merge.hex ?? "") + writer) { () throws(ReformError) in
        let approved = try version.map { version throws(ReformError) in try snapshot(of: version.tag.merge) }
        return PlanFacts.read(
          id, from: try snapshot(of: plans.main), planFrom: approved, refused: try refusedRecords(of: id, index: index, judge: judge))
      }
    }
    guard let active else {
      // Approved on the day of its last approving decision (the merge may come days later).
      let start =
        inForce?.approvalDay ?? version.map { CalendarDate(Date(timeIntervalSince1970: TimeInterval($0.tag.mergeTime))) }
      return PlanOverview(
        id: id, stage: .approved, version: approved, stageStart: start, draft: nil, inForce: inForce,
        inForceMerge: version?.tag.merge)
    }
    let draft = try planFacts(id, at: active.tip, index: index)
    let start = try index.cached(.stageStart, active.tip, qualifier: active.stage.rawValue) { () throws(ReformError) in
      try stageStart(of: active.tip, stage: active.stage)
    }
    return PlanOverview(
      id: id, stage: active.stage, version: approved + 1, stageStart: start, draft: draft,
      inForce: approved > 0 ? inForce : nil, inForceMerge: version?.tag.merge)
  }

  /// The status line of each plan under `rules`, computed on every core.
  public func status(_ rules: DeadlineRules) throws(ReformError) -> [PlanStatus] {
    let plans = try overviews()
    let workers = plans.count < 500 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
    let lines = Mutex([Int: PlanStatus]())
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      var found: [Int: PlanStatus] = [:]
      for index in stride(from: worker, to: plans.count, by: workers) { found[index] = plans[index].status(rules) }
      lines.withLock { $0.merge(found) { first, _ in first } }
    }
    let computed = lines.withLock { $0 }
    return plans.indices.compactMap { computed[$0] }
  }

  /// Each task of the work plan of `year` with the plans among `lines` that name it as their
  /// source; a task without one takes the light of its own `work-plan` deadline.
  public func workPlanStatus(
    _ year: Int, lines: [PlanStatus], rules: DeadlineRules
  ) throws(ReformError) -> [WorkPlanTaskStatus] {
    let plan = try workPlan(year)
    return plan.tasks.map { task in
      let plans = lines.filter { $0.source == task.id && $0.stage != .withdrawn }
      let light =
        plans.isEmpty
        ? rules.light(rules.deadlines(of: WorkPlan(year: year, tasks: [task]), sources: []), inForce: nil)
        : plans.map(\.light).max { Light.allCases.firstIndex(of: $0)! < Light.allCases.firstIndex(of: $1)! }!
      return WorkPlanTaskStatus(
        task: task.id, text: task.text, group: task.group, leadUnit: task.leadUnit, due: task.due, light: light,
        plans: plans)
    }
  }

  /// Every deadline of SPEC section 6 that has passed on the day `rules` judge, plan by plan
  /// in table order, then the work plans' tasks without a plan.
  /// `unjudged` says what could not be judged (`unjudged(_:)`).
  /// - Parameter filter: keeps the plans (and work-plan tasks) of a lead unit, a special group,
  ///   one plan (or task), or one kind of deadline.
  public func overdue(
    _ rules: DeadlineRules, filter: OverdueFilter = OverdueFilter()
  ) throws(ReformError) -> (deadlines: [Deadline], unjudged: [String]) {
    try overdue(rules, filter: filter, among: try overviews())
  }

  /// `overdue` among the plans `all` already located.
  func overdue(
    _ rules: DeadlineRules, filter: OverdueFilter = OverdueFilter(), among all: [PlanOverview]
  ) throws(ReformError) -> (deadlines: [Deadline], unjudged: [String]) {
    let plans = all.filter { filter.admits(id: $0.id, leadUnit: $0.current.leadUnit, group: $0.current.group) }
    let late = plans.flatMap { $0.deadlines(rules) }.filter { $0.isOverdue(on: rules.day) }
    let tasks = try workPlanDeadlines(all, rules).filter { deadline in
      guard deadline.isOverdue(on: rules.day), case .task(let task, _) = deadline.subject else { return false }
      return filter.admits(id: task.id, leadUnit: task.leadUnit, group: task.group)
    }
    let unreadable = plans.filter { $0.stage != .withdrawn && $0.current.planUnreadable }
    let found = (late + tasks).filter { deadline in filter.deadline.map { deadline.deadline == $0 } ?? true }
    return (found, try unjudged(unreadable.map { ($0.id, $0.stage) }))
  }

  /// The `work-plan` deadlines of every valid work plan on `main`.
  func workPlanDeadlines(_ plans: [PlanOverview], _ rules: DeadlineRules) throws(ReformError) -> [Deadline] {
    let sources = Set(plans.filter { $0.stage != .withdrawn }.compactMap(\.current.source))
    return try workPlans().valid.flatMap { rules.deadlines(of: $0, sources: sources) }
  }

  /// The work plans on `main`: the valid ones by year, and the years of those that are not.
  public func workPlans() throws(ReformError) -> (valid: [WorkPlan], invalid: [Int]) {
    let snapshot = try snapshot(of: try mainTip())
    let files = try gitCall { try snapshot.files(under: "work-plans") }
    let validator = Validator(snapshot: snapshot)
    var valid: [WorkPlan] = [], invalid: [Int] = []
    for year in files.compactMap(WorkPlan.year(inPath:)).sorted() {
      if let plan = validator.workPlan(year).workPlan { valid.append(plan) } else { invalid.append(year) }
    }
    return (valid, invalid)
  }

  /// What the deadline queries could not judge, one line each: plans whose `plan.md` does not
  /// parse (among `lines`) and work plans that are not valid.
  public func unjudged(_ lines: [PlanStatus]) throws(ReformError) -> [String] {
    try unjudged(lines.filter(\.planUnreadable).map { ($0.id, $0.stage) })
  }

  /// `unjudged` for the plans (id, stage) whose `plan.md` does not parse.
  private func unjudged(_ unreadable: [(id: String, stage: Stage)]) throws(ReformError) -> [String] {
    let language = Language.current
    let plans = unreadable.map { plan in
      language.choose(
        "plan '\(plan.id)': plans/\(plan.id)/plan.md does not parse at its \(plan.stage.rawValue) stage, so its deadlines"
          + " are not judged (its light is red): run 'reform validate' on it",
        "方案 '\(plan.id)'：plans/\(plan.id)/plan.md 在\(plan.stage.chineseName)阶段无法解析，其时限无法判断（亮红灯）："
          + "请对其运行 'reform validate'")
    }
    let workPlans = try workPlans().invalid.map { year in
      language.choose(
        "\(WorkPlan.path(year)) on main is not valid, so its tasks are not judged: run 'reform validate \(WorkPlan.path(year))'",
        "main 上的 \(WorkPlan.path(year)) 无效，其任务无法判断：请运行 'reform validate \(WorkPlan.path(year))'")
    }
    return plans + workPlans
  }

  /// The work plan of `year` on `main`; throws when it is missing or invalid.
  public func workPlan(_ year: Int) throws(ReformError) -> WorkPlan {
    let validator = Validator(snapshot: try snapshot(of: try mainTip()))
    guard validator.snapshot.exists(WorkPlan.path(year)) else {
      throw .notFound(
        Language.current.choose(
          "no \(WorkPlan.path(year)) on main: commit the year's work plan there first",
          "main 上没有 \(WorkPlan.path(year))：请先在 main 上提交该年度的工作要点"))
    }
    let (plan, diagnostics) = validator.workPlan(year)
    guard let plan else { throw .invalid(diagnostics) }
    return plan
  }

  /// Brings the plan index up to date (telling `progress` how far it is) and returns it.
  /// An index that cannot be brought up to date (a read-only clone, a damaged file) is
  /// replaced by a private one in memory for this run.
  func planIndex() throws(ReformError) -> PlanIndex {
    let progress = { (done: Int, total: Int) in self.progress(.indexing, done, total) }
    // An update reads each new commit once (a first build, all history): libgit2's cache
    // would only churn.
    return try GitLibrary.withoutObjectCache { () throws(ReformError) in
      do throws(ReformError) {
        let index = try PlanIndex(git: git)
        try index.update(progress: progress)
        return index
      } catch .io {
        let index = try PlanIndex(git: git, inMemory: true)
        try index.update(progress: progress)
        return index
      }
    }
  }

  /// The day each of plans `ids` was made: the committer date of the first commit touching it.
  func creationDays(of ids: [String]) throws(ReformError) -> [String: CalendarDate] {
    guard !ids.isEmpty else { return [:] }
    let index = try planIndex()
    var days: [String: CalendarDate] = [:]
    for id in ids {
      guard let first = try index.commits(touching: id).first else { continue }
      days[id] = CalendarDate(try gitCall { try git.commit(first) }.committer.time)
    }
    return days
  }

  /// Deletes the plan index and builds it afresh.
  public func rebuildIndex() throws(ReformError) {
    try PlanIndex.remove(in: git)
    _ = try planIndex()
  }

  /// The facts of plan `id` in `commit`'s tree, kept by commit: finding the plan's folder
  /// would read the commit's whole `plans` tree.
  private func planFacts(_ id: String, at commit: OID, index: PlanIndex) throws(ReformError) -> PlanFacts? {
    try index.cached(.commitPlanFacts, commit, qualifier: id) { () throws(ReformError) in
      let folder: TreeEntry?
      do throws(ReformError) {
        folder = try gitCall { try git.treeEntry(git.commit(commit).treeID, path: "plans/\(id)") }
      } catch .git(let error) where error.isMalformedTree {
        // A folder git cannot parse (the judge's `tree` violation): the plan cannot be read.
        var facts = PlanFacts()
        facts.planUnreadable = true
        return facts
      }
      guard let folder, folder.mode == .tree else { return nil }
      return PlanFacts.read(id, from: try snapshot(of: commit))
    }
  }

  /// The records of plan `id` on `main` whose newest writing commit the judge refuses
  /// (unsigned, signed by a key outside the policy, by a role that may not make them, …): the
  /// queries count them for nothing, as `pre-receive` would have refused them.
  private func refusedRecords(of id: String, index: PlanIndex, judge: CommitJudge) throws(ReformError) -> Set<String> {
    let folder = RepositoryFile.recordsFolder(id) + "/"
    defer { judge.forgetPlans() }
    var accepted: [String: Bool] = [:]
    for commitID in try index.commits(touching: id) where try index.isOnMain(commitID) {
      let commit = try gitCall { try git.commit(commitID) }
      let parentTree = try gitCall { try commit.parentIDs.first.map { try git.commit($0).treeID } }
      let written = try gitCall { try git.differences(from: parentTree, to: commit.treeID) }
        .filter { $0.path.hasPrefix(folder) && $0.new != nil }
      guard !written.isEmpty else { continue }
      let good = try index.cached(.mainVerdict, commitID) { () throws(ReformError) in
        let before = judge.violations.count
        try judge.judge(commitID, ref: Self.mainBranch)
        return judge.violations[before...].allSatisfy { $0.commit != commitID.hex }
      }
      for change in written { accepted[String(change.path.dropFirst(folder.count))] = good }
    }
    return Set(accepted.filter { !$0.value }.keys)
  }

  /// The approval merge a version tag of plan `id` stands on, or `nil` when it does not count.
  private func versionTag(_ tag: Reference, of id: String) throws(ReformError) -> VersionTag? {
    try approvalMerge(taggedBy: tag, of: id).map {
      VersionTag(merge: $0.id, mergeTime: Int64($0.committer.time.timeIntervalSince1970))
    }
  }

  /// The day the branch whose tip is `tip` entered `stage`: the date of the oldest commit of
  /// the unbroken run, along first parents, whose `Reform-Stage` trailer names it.
  private func stageStart(of tip: OID, stage: Stage) throws(ReformError) -> CalendarDate? {
    var start: CalendarDate?
    var current: OID? = tip
    for _ in 0..<10_000 {
      guard let id = current else { break }
      let commit = try gitCall { try git.commit(id) }
      let named = ReformTrailers(message: commit.message ?? "").stage
      if let named, named != stage.rawValue { break }
      if named != nil { start = CalendarDate(commit.committer.time) }
      current = commit.parentIDs.first
    }
    return start
  }
}
