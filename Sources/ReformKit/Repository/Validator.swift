import Foundation

/// What a path of a plan repository holds, as far as validation is concerned.
public enum RepositoryFile: Sendable, Equatable {
  /// `plans/<id>/plan.md`
  case plan(id: String)
  /// `plans/<id>/records/<fileName>`
  case record(planID: String, fileName: String)
  /// `.reform/policy.yaml`
  case policy
  /// `work-plans/<year>.yaml`
  case workPlan(year: Int)

  /// Classifies a slash-separated path; `nil` for files validation ignores.
  public init?(path: String) {
    if path == Policy.path {
      self = .policy
      return
    }
    if let year = WorkPlan.year(inPath: path) {
      self = .workPlan(year: year)
      return
    }
    let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard parts.count >= 3, parts[0] == "plans" else { return nil }
    if parts.count == 3, parts[2] == "plan.md" {
      self = .plan(id: parts[1])
    } else if parts.count >= 4, parts[2] == "records" {
      self = .record(planID: parts[1], fileName: parts[3...].joined(separator: "/"))
    } else {
      return nil
    }
  }

  /// The path of plan `id`'s `plan.md`.
  public static func planPath(_ id: String) -> String { "plans/\(id)/plan.md" }

  /// The name of a plan folder's records folder.
  static let recordsFolderName = "records"

  /// The folder of plan `id`'s records.
  public static func recordsFolder(_ id: String) -> String { "plans/\(id)/\(recordsFolderName)" }

  /// The path of a record of plan `id`.
  public static func recordPath(_ id: String, _ fileName: String) -> String {
    "plans/\(id)/records/\(fileName)"
  }
}

/// The outcome of validating some files.
public struct ValidationReport: Sendable, Equatable {
  /// How many plan, record and policy files were checked.
  public let filesChecked: Int
  /// Every problem found.
  public let diagnostics: [Diagnostic]
  /// What is shown but refuses nothing: the missing or empty values of a draft.
  public var warnings: [Diagnostic] = []
}

/// Validates plans, records and the policy of one snapshot of a repository (SPEC section 1),
/// reporting every problem as a `Diagnostic` and never failing on the content of a file.
public struct Validator {
  /// The files being validated.
  public let snapshot: any RepositorySnapshot

  /// A validator of `snapshot`.
  public init(snapshot: any RepositorySnapshot) {
    self.snapshot = snapshot
  }

  /// Validates the files at `paths` (relative to the top folder); files that are not plans,
  /// records or the policy are skipped.
  public func validate(paths: [String]) -> ValidationReport {
    var diagnostics: [Diagnostic] = []
    var warnings: [Diagnostic] = []
    var measures: [String: Set<String>?] = [:]
    let checked = Set(paths).filter { RepositoryFile(path: $0) != nil }.sorted()
    for path in checked {
      switch RepositoryFile(path: path) {
      case .plan(let id):
        let checked = checkedPlan(id)
        diagnostics += checked.diagnostics
        warnings += checked.warnings
      case .record(let planID, let fileName):
        if measures[planID] == nil { measures[planID] = measureIDs(planID) }
        diagnostics += record(planID, fileName, measureIDs: measures[planID] ?? nil).diagnostics
      case .policy: diagnostics += policy().diagnostics
      case .workPlan(let year): diagnostics += workPlan(year).diagnostics
      case nil: continue
      }
    }
    return ValidationReport(filesChecked: checked.count, diagnostics: diagnostics, warnings: warnings)
  }

  /// Validates every plan and record and the policy.
  public func validateAll() throws -> ValidationReport {
    let paths =
      try snapshot.files(under: "plans") + snapshot.files(under: "work-plans")
      + (snapshot.exists(Policy.path) ? [Policy.path] : [])
    return validate(paths: paths)
  }

  /// Reads and validates plan `id`: the plan, or `nil` and its problems.
  public func plan(_ id: String) -> (plan: Plan?, diagnostics: [Diagnostic]) {
    let checked = checkedPlan(id)
    return (checked.plan, checked.diagnostics)
  }

  /// Plan `id`, its problems, and what is shown beside them but refuses nothing.
  private func checkedPlan(_ id: String) -> (plan: Plan?, diagnostics: [Diagnostic], warnings: [Diagnostic]) {
    let path = RepositoryFile.planPath(id)
    let checker = SchemaChecker(path: path)
    guard let file = frontMatterFile(path, checker: checker) else { return (nil, checker.diagnostics, []) }
    let plan = PlanSchema.check(
      file, folderID: id, planExists: { snapshot.exists(RepositoryFile.planPath($0)) }, checker: checker)
    return (plan, checker.diagnostics, checker.warnings)
  }

  /// Reads and validates a record of plan `planID`: the record, or `nil` and its problems.
  public func record(_ planID: String, _ fileName: String) -> (record: Record?, diagnostics: [Diagnostic]) {
    record(planID, fileName, measureIDs: measureIDs(planID))
  }

  /// The ids of the rectification items record `name` of plan `planID` lists (read leniently),
  /// or `nil` when it does not exist.
  private func inspectionItems(_ planID: String, _ name: String) -> Set<String>? {
    guard let data = try? snapshot.read(RepositoryFile.recordPath(planID, name)) else { return nil }
    var sink = DiagnosticSink(path: name)
    guard data.count <= FrontMatterFile.sizeLimit, let file = FrontMatterFile.parse(data, sink: &sink) else { return [] }
    return Set((file.frontMatter["rectification"]?.sequence ?? []).compactMap { $0["id"]?.scalar?.text })
  }

  /// Reads and validates the work plan of `year`: the work plan, or `nil` and its problems.
  public func workPlan(_ year: Int) -> (workPlan: WorkPlan?, diagnostics: [Diagnostic]) {
    var sink = DiagnosticSink(path: WorkPlan.path(year))
    guard let data = read(WorkPlan.path(year), sink: &sink) else { return (nil, sink.diagnostics) }
    return WorkPlan.parse(data, year: year)
  }

  /// Reads and validates `.reform/policy.yaml` and, unless told not to, checks that
  /// `allowed_signers` matches it.
  public func policy(checkingAllowedSigners: Bool = true) -> (policy: Policy?, diagnostics: [Diagnostic]) {
    var sink = DiagnosticSink(path: Policy.path)
    guard let data = read(Policy.path, sink: &sink) else { return (nil, sink.diagnostics) }
    let (policy, diagnostics) = Policy.parse(data)
    guard let policy, checkingAllowedSigners else { return (policy, diagnostics) }
    let signers = (try? snapshot.read(Policy.allowedSignersPath)) ?? nil
    if signers != Data(policy.allowedSigners.utf8) {
      let problem = Diagnostic(
        path: Policy.allowedSignersPath, line: 1, key: "file",
        message: "does not match .reform/policy.yaml: change members with 'reform member', which writes both")
      return (nil, [problem])
    }
    return (policy, [])
  }

  /// Reads and validates a record of plan `planID` whose plan has the measures `measureIDs`
  /// (`nil`: unreadable), for callers that read the plan once for many records.
  func record(
    _ planID: String, _ fileName: String, measureIDs: Set<String>?
  ) -> (record: Record?, diagnostics: [Diagnostic]) {
    let path = RepositoryFile.recordPath(planID, fileName)
    let checker = SchemaChecker(path: path)
    if !snapshot.exists(RepositoryFile.planPath(planID)) {
      checker.report(
        line: 1, key: "file",
        Language.current.choose("a record of plan '\(planID)', which has no plans/\(planID)/plan.md: add the plan first", "方案 '\(planID)' 的记录，但没有 plans/\(planID)/plan.md：请先添加方案"))
    }
    guard let file = frontMatterFile(path, checker: checker) else { return (nil, checker.diagnostics) }
    let context = RecordSchema.Context(
      measureIDs: measureIDs,
      inspectionItems: { name in inspectionItems(planID, name) })
    let record = RecordSchema.check(file, fileName: fileName, context: context, checker: checker)
    return (checker.diagnostics.isEmpty ? record : nil, checker.diagnostics)
  }

  /// The ids of plan `planID`'s measures, read leniently, or `nil` when the plan is unreadable.
  func measureIDs(_ planID: String) -> Set<String>? {
    var sink = DiagnosticSink(path: RepositoryFile.planPath(planID))
    guard let data = read(RepositoryFile.planPath(planID), sink: &sink),
      let file = FrontMatterFile.parse(data, sink: &sink),
      let measures = file.frontMatter["measures"]?.sequence
    else { return nil }
    return Set(measures.compactMap { $0["id"]?.scalar?.text })
  }

  private func frontMatterFile(_ path: String, checker: SchemaChecker) -> FrontMatterFile? {
    var sink = DiagnosticSink(path: path)
    defer { checker.append(sink.diagnostics) }
    guard let data = read(path, sink: &sink) else { return nil }
    return FrontMatterFile.parse(data, sink: &sink)
  }

  /// The file's bytes, refusing oversized files before reading them.
  private func read(_ path: String, sink: inout DiagnosticSink) -> Data? {
    do {
      guard let size = try snapshot.size(path) else {
        sink.report(line: 1, key: "file", Language.current.choose("does not exist", "不存在"))
        return nil
      }
      guard FrontMatterFile.checkSize(size, sink: &sink) else { return nil }
      return try snapshot.read(path)
    } catch SnapshotError.notARegularFile(_, let found) {
      sink.report(line: 1, key: "file", Language.current.choose("must be a regular file, not \(found)", "应为普通文件，而不是 \(found)"))
      return nil
    } catch {
      sink.report(line: 1, key: "file", Language.current.choose("could not be read: \(error)", "无法读取：\(error)"))
      return nil
    }
  }
}
