import Foundation
import GitKit

/// Appends a province-sized history to a demo repository for benchmarks: plans walked from
/// drafting to implementation by the demo's members, twenty-one signed commits each (twelve
/// on the plan's stage branches, the approval merge with its signed version tag, eight records
/// on `main`), with one plan in twenty left at a stage on its branch. Objects go straight into one
/// pack (`PackFileWriter`): loose, such a history takes tens of gigabytes.
struct SyntheticHistory {
  private let git: Repository
  private let keys: [String: SSHSigningKey]
  private var pack: PackFileWriter
  /// Unix time of the next commit: from 2024-01-01 09:00 in UTC+8, or from `main`'s tip when
  /// that is later (no commit is dated before its parent), `secondsApart` apart.
  private var time = 1_704_070_800
  /// Seconds between commits: five minutes, or less so that the last is not in the future
  /// (`pre-receive` and `verify` refuse a commit dated before its parent, so a history that
  /// ended in the future would refuse every record made today).
  private var secondsApart = 300
  private var main: OID
  private var rootEntries: [TreeEntry]
  /// The language of the messages, as the repository's policy sets it.
  private let language: Language
  /// `main`'s `plans` folder, in git's order: names and entries' bytes.
  private var plans: [(name: [UInt8], entry: [UInt8])]
  private var lastPlansTree: (id: OID, data: [UInt8], depth: Int)?
  private var references: [ReferenceEdit] = []
  private(set) var commits = 0

  private static let timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
  private static let steps = 12

  init(repository: PlanRepository, keys: [String: SSHSigningKey]) throws {
    let git = repository.git
    self.git = git
    self.keys = keys
    pack = try PackFileWriter(folder: git.gitDirectory + "objects/pack")
    guard let main = try repository.mainTip() else { throw ReformError.notAPlanRepository }
    self.main = main
    language = try repository.policy(at: main).messageLanguage
    time = max(time, Int(try git.commit(main).committer.time.timeIntervalSince1970))
    rootEntries = try git.treeEntries(git.commit(main).treeID)
    let folder = rootEntries.first { $0.nameBytes == Array("plans".utf8) }
    let existing = try folder.map { try git.treeEntries($0.id) } ?? []
    plans = existing.map { ($0.nameBytes, Self.entryBytes($0)) }
  }

  /// Appends `count` plans and moves `main`, the stage branches and the version tags.
  mutating func append(plans count: Int, progress: (Int, Int) -> Void) throws {
    let commitsToWrite = max(1, count * (Self.steps + 9))
    secondsApart = max(0, min(300, (Int(Date().timeIntervalSince1970) - time) / commitsToWrite))
    for number in 0..<count {
      try appendPlan(number, unfinished: number % 20 == 19)
      if number % 100 == 99 { progress(number + 1, count) }
    }
    let packPath = try pack.finish()
    try git.installPack(at: packPath)
    references.append(ReferenceEdit(PlanRepository.mainBranch, from: try git.referenceTarget(PlanRepository.mainBranch), to: main))
    for start in stride(from: 0, to: references.count, by: 1000) {
      try git.updateReferences(Array(references[start..<min(start + 1000, references.count)]), logMessage: "reform demo: synthetic history")
    }
  }

  private mutating func appendPlan(_ number: Int, unfinished: Bool) throws {
    let base = DemoPlans.businessEnvironment
    // Not major, issued by the government: one decision (the executive meeting) approves it.
    let sample = DemoPlans.Sample(
      id: String(format: "reform-%05d", number), kind: base.kind, title: base.title, group: base.group,
      leadUnit: base.leadUnit, units: base.units, major: false, issuance: .government, impacts: base.impacts,
      pilot: base.pilot, problem: base.problem, measure: base.measure, metric: base.metric, unit: base.unit,
      baseline: base.baseline, value: base.value)
    let id = sample.id
    var folder = Folder(plan: try pack.add(.blob, Array(sample.text(value: 9).utf8)))
    var tip = main
    let lastStep = unfinished ? number / 20 % Self.steps + 1 : Self.steps
    var stage = Stage.drafting
    for step in 1...lastStep {
      var message = ""
      var action: ReformAction? = .record
      var signer = "李明"
      switch step {
      case 1:
        message = CommitSummary.newPlan(id, .implementation).text(in: language)
        action = .new
      case 2, 4:
        folder.plan = try pack.add(.blob, Array(sample.text(value: step == 2 ? 3 : nil).utf8))
        message = "起草：\(sample.title)"
        action = nil
      case 3: try addRecord("research", "summary: 开展专题调研\n", to: &folder)
      case 5, 8:
        stage = step == 5 ? .consultation : .review
        message = CommitSummary.submit(id, to: stage).text(in: language)
        action = .submit
      case 6, 7:
        let type = step == 6 ? "departmental" : "public"
        try addRecord("consultation", "type: \(type)\nopinions_received: 12\nopinions_adopted: 9\n", to: &folder)
      case 9...11:
        let type = ["content", "procedure", "legal"][step - 9]
        signer = ["张伟", "张伟", "刘洋"][step - 9]
        let standards =
          type == "content"
          ? "standards: {political_correctness: pass, problem_targeting: pass, breakthrough: pass, coherence: pass, procedural_completeness: pass}\n"
          : ""
        try addRecord("review", "type: \(type)\nverdict: pass\n" + standards, to: &folder)
      default:
        signer = "孙丽"
        message = CommitSummary.decision(.governmentExecutive, .approved, of: id).text(in: language)
        action = .approve
        try addRecord("decision", "body: government-executive\nmeeting: 省政府第\(number + 1)次常务会议\nverdict: approved\n", to: &folder)
      }
      if action == .record, let kind = RecordKind(rawValue: lastRecordKind) {
        message = CommitSummary.record(kind, of: id).text(in: language)
      }
      tip = try commit(
        parents: [tip], plan: (id, try folder.write(to: &pack)), message: message,
        trailers: ReformTrailers(plan: id, action: action, stage: stage),
        by: signer, onMain: false)
    }
    guard !unfinished else {
      references.append(ReferenceEdit("refs/heads/\(stage.rawValue)/\(id)", from: nil, to: tip))
      return
    }
    let merge = try commit(
      parents: [main, tip], plan: (id, try folder.write(to: &pack)), message: CommitSummary.approve(id, version: 1).text(in: language),
      trailers: ReformTrailers(plan: id, action: .approve, stage: .approved), by: "孙丽",
      onMain: true)
    references.append(ReferenceEdit("refs/tags/plans/\(id)/v1", from: nil, to: try tag(merge, id: id, title: sample.title)))
    let inspection = "\(day(after: 3 * secondsApart))-inspection.md"
    let implementation: [(String, String, String)] = [
      ("issuance", "document_number: 皖政〔2025〕\(number + 1)号\n", "孙丽"),
      ("filing", "", "李明"),
      ("progress", "period: \(halfYear())\nmeasures:\n  - {measure: m1, achieved: 4}\n", "李明"),
      ("inspection", "inspector: 省委督查室\nfindings: 推进有力\nrectification:\n  - {id: r1, problem: 台账不全, due: \(day(after: 60 * 86_400))}\n", "吴刚"),
      ("rectification", "inspection: \(inspection)\nitems:\n  - {id: r1, done: true}\n", "李明"),
      ("progress", "period: \(halfYear())\nmeasures:\n  - {measure: m1, achieved: 3}\n", "李明"),
      ("progress", "period: \(halfYear())\nmeasures:\n  - {measure: m1, achieved: 2}\n", "李明"),
      ("lookback", "findings: 企业开办时间明显缩短\n", "李明"),
    ]
    for (kind, fields, signer) in implementation {
      try addRecord(kind, fields, to: &folder)
      let summary = RecordKind(rawValue: kind).map { CommitSummary.record($0, of: id).text(in: language) } ?? kind
      _ = try commit(
        parents: [main], plan: (id, try folder.write(to: &pack)), message: summary,
        trailers: ReformTrailers(plan: id, action: .record, stage: .approved), by: signer,
        onMain: true)
    }
  }

  private var lastRecordKind = ""

  /// A plan folder being built: its `plan.md` and its records, by file name.
  private struct Folder {
    var plan: OID
    var records: [String: OID] = [:]

    func write(to pack: inout PackFileWriter) throws -> OID {
      let recordEntries = records.keys.sorted().map { TreeEntry(nameBytes: Array($0.utf8), id: records[$0]!, mode: .blob) }
      var entries = [TreeEntry(nameBytes: Array("plan.md".utf8), id: plan, mode: .blob)]
      if !recordEntries.isEmpty {
        entries.append(
          TreeEntry(nameBytes: Array("records".utf8), id: try pack.add(.tree, SyntheticHistory.treeBytes(recordEntries)), mode: .tree))
      }
      return try pack.add(.tree, SyntheticHistory.treeBytes(entries))
    }
  }

  private mutating func addRecord(_ kind: String, _ fields: String, to folder: inout Folder) throws {
    let date = day(after: 0)
    var name = "\(date)-\(kind).md"
    var sequence = 2
    while folder.records[name] != nil {
      name = "\(date)-\(kind)-\(sequence).md"
      sequence += 1
    }
    let text = "---\nkind: \(kind)\ndate: \(date)\n\(fields)---\n\n记录正文。\n"
    folder.records[name] = try pack.add(.blob, Array(text.utf8))
    lastRecordKind = kind
  }

  /// Writes a signed commit whose tree is `main`'s with plan folder `plan`; on `main`, it
  /// becomes `main`'s new tip.
  private mutating func commit(
    parents: [OID], plan: (id: String, folder: OID), message: String, trailers: ReformTrailers, by signer: String,
    onMain: Bool
  ) throws -> OID {
    let name = Array(plan.id.utf8)
    let entry = Self.entryBytes(TreeEntry(nameBytes: name, id: plan.folder, mode: .tree))
    let position = Self.position(of: name, in: plans)
    let exists = position < plans.count && plans[position].name == name
    var data: [UInt8] = []
    data.reserveCapacity(plans.count * 40 + 64)
    for index in 0..<plans.count {
      if index == position { data += entry }
      if !(index == position && exists) { data += plans[index].entry }
    }
    if position == plans.count { data += entry }
    let plansTree = try addPlansTree(data)
    if onMain {
      if exists { plans[position].entry = entry } else { plans.insert((name, entry), at: position) }
    }
    let root = rootEntries.map { $0.nameBytes == Array("plans".utf8) ? TreeEntry(nameBytes: $0.nameBytes, id: plansTree, mode: .tree) : $0 }
    let rootTree = try pack.add(.tree, Self.treeBytes(root))
    guard let key = keys[signer] else { throw ReformError.io("the demo has no key for \(signer)") }
    let identity = "\(signer) <\(key.comment)@reform.invalid> \(time) +0800"
    var header = "tree \(rootTree.hex)\n" + parents.map { "parent \($0.hex)\n" }.joined()
    header += "author \(identity)\ncommitter \(identity)\n"
    let text = CommitMessage(summary: message, trailers: trailers.lines).text
    let unsigned = header + "\n" + text
    let signature = try SSHSignature.sign(Data(unsigned.utf8), with: key)
    let signed = header + "gpgsig " + signature.split(separator: "\n").joined(separator: "\n ") + "\n\n" + text
    let id = try pack.add(.commit, Array(signed.utf8))
    if onMain { main = id }
    time += secondsApart
    commits += 1
    return id
  }

  /// The annotated version tag on `merge`, signed by the approver as `git tag -s` signs.
  private func tag(_ merge: OID, id: String, title: String) throws -> OID {
    guard let key = keys["孙丽"] else { throw ReformError.io("the demo has no key for 孙丽") }
    let unsigned =
      "object \(merge.hex)\ntype commit\ntag plans/\(id)/v1\ntagger 孙丽 <\(key.comment)@reform.invalid> \(time) +0800\n\n"
      + "\(title) v1\n"
    let signature = try SSHSignature.sign(Data(unsigned.utf8), with: key)
    return try pack.add(.tag, Array((unsigned + signature + "\n").utf8))
  }

  /// Adds a `plans` tree, as a delta against the previous one unless the chain is long.
  private mutating func addPlansTree(_ data: [UInt8]) throws -> OID {
    let id: OID
    let depth: Int
    if let last = lastPlansTree, last.depth < PackFileWriter.maximumDepth {
      id = try pack.add(.tree, data, deltaFrom: (last.id, last.data))
      depth = last.depth + 1
    } else {
      id = try pack.add(.tree, data)
      depth = 0
    }
    lastPlansTree = (id, data, depth)
    return id
  }

  /// The day of the next commit plus `seconds`, in UTC+8.
  private func day(after seconds: Int) -> CalendarDate {
    CalendarDate(Date(timeIntervalSince1970: TimeInterval(time + seconds)), in: Self.timeZone)
  }

  private func halfYear() -> String {
    let today = day(after: 0)
    return "\(today.year)-H\(today.month <= 6 ? 1 : 2)"
  }

  /// Where `name` (a folder) goes among `entries` in git's order.
  private static func position(of name: [UInt8], in entries: [(name: [UInt8], entry: [UInt8])]) -> Int {
    let key = name + [0x2F]
    var low = 0, high = entries.count
    while low < high {
      let middle = (low + high) / 2
      if (entries[middle].name + [0x2F]).lexicographicallyPrecedes(key) { low = middle + 1 } else { high = middle }
    }
    return low
  }

  static func entryBytes(_ entry: TreeEntry) -> [UInt8] {
    Array((entry.mode == .tree ? "40000 " : "100644 ").utf8) + entry.nameBytes + [0] + entry.id.bytes
  }

  /// A tree's bytes; `entries` sorted as git sorts (folders as if their name ended in `/`).
  static func treeBytes(_ entries: [TreeEntry]) -> [UInt8] {
    let sorted = entries.sorted { lhs, rhs in
      (lhs.nameBytes + (lhs.mode == .tree ? [0x2F] : [])).lexicographicallyPrecedes(rhs.nameBytes + (rhs.mode == .tree ? [0x2F] : []))
    }
    return sorted.flatMap(entryBytes)
  }
}

extension Demo {
  /// Appends `plans` synthetic plans (twenty-one signed commits each, written into one pack) to the
  /// demonstration built in `folder` by `build`; returns how many commits it made.
  public static func appendSyntheticHistory(
    in folder: URL, plans: Int, progress: (Int, Int) -> Void = { _, _ in }
  ) throws(ReformError) -> Int {
    var keys: [String: SSHSigningKey] = [:]
    for member in members {
      keys[member.name] = try SigningKeyLocator.load(path: folder.appendingPathComponent("keys/\(member.file).key").path)
    }
    let repository = try PlanRepository.open(at: folder.appendingPathComponent("repo").path)
    do {
      var history = try SyntheticHistory(repository: repository, keys: keys)
      try history.append(plans: plans, progress: progress)
      return history.commits
    } catch let error as ReformError {
      throw error
    } catch let error as GitError {
      throw .git(error)
    } catch {
      throw .io("cannot write the synthetic history: \(error)")
    }
  }
}
