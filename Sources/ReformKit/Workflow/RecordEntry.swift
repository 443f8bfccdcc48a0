import Foundation
import GitKit

/// What `reform record` writes: a record's kind, date and fields, or a whole file.
public struct RecordRequest: Sendable {
  /// The record's kind.
  public var kind: RecordKind
  /// Its date; today when `nil`.
  public var date: CalendarDate?
  /// Top-level fields, each value read as YAML reads a plain scalar.
  public var fields: [(key: String, value: String)]
  /// A whole record file (front matter and body) to start from.
  public var file: String?

  /// A request.
  public init(kind: RecordKind, date: CalendarDate?, fields: [(key: String, value: String)], file: String?) {
    self.kind = kind
    self.date = date
    self.fields = fields
    self.file = file
  }
}

extension RecordKind {
  /// Records made after approval, committed on `main`.
  public var isImplementation: Bool { Procedure.stages(for: self) == [.approved] }
}

extension PlanRepository {
  /// `reform record`: adds a record on the plan's current branch (on `main` for the records of
  /// implementation), signed by a member whose role may make it (SPEC section 5).
  /// - Returns: the record's path.
  @discardableResult
  public func record(_ id: String, _ request: RecordRequest, key: any SSHSigner) throws(ReformError) -> String {
    let state = try existingState(of: id)
    let kind = request.kind
    let (branch, tip, stage) = try target(for: kind, state)
    let files = try snapshot(of: tip)
    try requireFolders(RepositoryFile.recordsFolder(id), in: files)
    // A record needs a readable plan beside it (a link or folder there is refused with one line);
    // withdrawing a broken draft does not.
    _ = try gitCall { try files.read(RepositoryFile.planPath(id)) }
    let scope = try planScope(id, at: tip)
    let date = try checkedDate(try Self.date(of: request))
    if let file = request.file, let written = FrontMatterEditor.topLevelValue("kind", in: file),
      RecordKind(word: written) != kind
    {
      throw .badArgument(
        Language.current.choose(
          "the file is a record of kind '\(written)', not \(kind.rawValue): give the kind the file says",
          "该文件是类别为 '\(written)' 的记录，而不是\(kind.chineseName)：请给出文件所写的类别"))
    }
    var text = request.file ?? "---\nkind: \(kind.rawValue)\n---\n"
    text = FrontMatterEditor.setting("kind", to: kind.rawValue, in: text)
    text = FrontMatterEditor.setting("date", to: date.description, in: text)
    for (field, value) in try Self.yamlValues(of: request.fields, kind: kind) {
      text = FrontMatterEditor.setting(field, to: value, in: text)
    }
    let typeWord = FrontMatterEditor.topLevelValue("type", in: text)
    let reviewType = typeWord.flatMap(ReviewType.init)
    if kind == .review, reviewType == nil {
      let types = ReviewType.acceptedWords.joined(separator: ", ")
      throw .badArgument(
        Language.current.choose(
          "a review needs a type, one of: \(types)" + (typeWord.map { ", not '\($0)'" } ?? "") + " (--field type=…)",
          "审核记录须有类型，应为以下之一：\(types)" + (typeWord.map { "，而不是 '\($0)'" } ?? "") + "（--field type=…）"))
    }
    let actor = try actor(
      key, may: Procedure.authority(for: kind, reviewType: kind == .review ? reviewType : nil),
      action: kind == .review
        ? Language.current.choose("a \(reviewType?.rawValue ?? "") review", "作出\(reviewType?.chineseName ?? "")审核记录")
        : Language.current.choose("a record of kind \(kind.rawValue)", "作出\(kind.chineseName)记录"),
      scope: scope, recordUnit: FrontMatterEditor.topLevelValue("unit", in: text))
    let name = try freeFileName(
      for: RecordFileName(date: date, kind: kind, reviewType: reviewType, sequence: nil), id: id, in: files)
    let path = RepositoryFile.recordPath(id, name)
    let data = Data(text.utf8)
    let (record, diagnostics) = Validator(snapshot: OverlaySnapshot(base: files, files: [path: data]))
      .record(id, name)
    guard record != nil else { throw .invalid(diagnostics) }
    let message = CommitMessage.reform(.record(kind, of: id), by: actor, plan: id, action: .record, stage: stage)
    try commit(on: branch, from: tip, changes: [path: data], message: message, key: key, author: actor.identity)
    return path
  }

  /// The `--field` values of a record of `kind` as one YAML value per field, in the order the
  /// fields first come: a field that holds a list takes one item per `--field` (a text, or for
  /// a list of mappings `{key: value, …}`), any other field one value, read as YAML reads a plain
  /// scalar (an enumerated value may be given in Chinese).
  static func yamlValues(
    of fields: [(key: String, value: String)], kind: RecordKind
  ) throws(ReformError) -> [(key: String, value: String)] {
    var order: [String] = []
    var given: [String: [String]] = [:]
    for (field, value) in fields {
      try checkFieldName(field)
      if given[field] == nil { order.append(field) }
      given[field, default: []].append(value)
    }
    return try order.map { field throws(ReformError) in
      let values = given[field] ?? []
      let shape = RecordSchema.shape(of: field, in: kind)
      switch shape {
      case .scalar, .textOrTexts:
        guard values.count > 1 else {
          let word = RecordSchema.choices(of: field, in: kind)?(values[0]) ?? values[0]
          return (field, plainScalar(word))
        }
        guard shape == .textOrTexts else {
          throw .badArgument(Self.repeatedScalar(field, times: values.count, kind: kind))
        }
        return (field, YAMLText.list(values))
      case .texts:
        return (field, YAMLText.list(values))
      case .mappings(let keys):
        let items = try values.map { item throws(ReformError) in
          try flowMapping(item, of: field, keys: keys)
        }
        return (field, "[" + items.joined(separator: ", ") + "]")
      }
    }
  }

  /// Refuses a `--field` name that is no field, or that names what is set otherwise.
  private static func checkFieldName(_ field: String) throws(ReformError) {
    let lowercase = field.utf8.allSatisfy {
      ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 == UInt8(ascii: "_")
    }
    guard !field.isEmpty, lowercase else {
      let shown = ControlCharacters.escaped(field)
      throw .badArgument(
        Language.current.choose(
          "'\(shown)' is not a field name: fields are lowercase words joined by '_' (--field name=value)",
          "'\(shown)' 不是字段名：字段名由小写英文单词和 '_' 组成（--field 字段=值）"))
    }
    guard field != "date", field != "kind" else {
      throw .badArgument(
        field == "date"
          ? Language.current.choose(
            "a record's date is set with --date YYYY-MM-DD, not --field date=…",
            "记录日期请用 --date YYYY-MM-DD 给出，而不是 --field date=…")
          : Language.current.choose(
            "a record's kind is the command's argument (reform record ID KIND), not --field kind=…",
            "记录类别是命令的参数（reform record 编号 类别），而不是 --field kind=…"))
    }
  }

  /// Why a field that takes one value may not be given `times` times.
  private static func repeatedScalar(_ field: String, times: Int, kind: RecordKind) -> String {
    let lists = RecordSchema.fieldNames(kind).filter { RecordSchema.shape(of: $0, in: kind).isList }
    return Language.current.choose(
      "--field \(field) is given \(times) times, but \(field) takes one value"
        + (lists.isEmpty
          ? " (a \(kind.rawValue) record has no list field)"
          : " (the lists of a \(kind.rawValue) record, one item per --field: "
            + lists.joined(separator: ", ") + ")"),
      "--field \(field) 给出了 \(times) 次，但 \(field) 只取一个值"
        + (lists.isEmpty
          ? "（\(kind.chineseName)记录没有列表字段）"
          : "（\(kind.chineseName)记录的列表字段，每个 --field 给出一项：\(lists.joined(separator: "、"))）"))
  }

  /// One item of the list of mappings `field`, given as `{key: value, …}`, as YAML text whose
  /// values YAML reads back as the user wrote them (plain ones typed, quoted ones text).
  private static func flowMapping(
    _ item: String, of field: String, keys: [String]
  ) throws(ReformError) -> String {
    var sink = DiagnosticSink(path: "")
    let pairs = YAMLLoader.load(item, firstLine: 1, sink: &sink)?.mapping
    let scalars = pairs?.compactMap { pair in pair.value.scalar.map { (pair.key, $0) } }
    guard let pairs, let scalars, scalars.count == pairs.count, !scalars.isEmpty else {
      let shape = "{" + keys.map { "\($0): …" }.joined(separator: ", ") + "}"
      let shown = ControlCharacters.escaped(item)
      throw .badArgument(
        Language.current.choose(
          "--field \(field) takes one item per --field, written \(shape), not '\(shown)'",
          "--field \(field) 每次给出一项，写作 \(shape)，而不是 '\(shown)'"))
    }
    let written = scalars.map { key, scalar in
      YAMLText.quoted(key) + ": " + (scalar.isPlain ? plainScalar(scalar.text) : YAMLText.quoted(scalar.text))
    }
    return "{" + written.joined(separator: ", ") + "}"
  }

  /// The record's date: `--date`, else the `date` of the file given, else today. A `--date`
  /// that differs from the file's own date is refused rather than silently replacing it.
  static func date(of request: RecordRequest) throws(ReformError) -> CalendarDate {
    let written = request.file.flatMap { FrontMatterEditor.topLevelValue("date", in: $0) }
    let fileDate = written.flatMap { CalendarDate($0) }
    if let written, fileDate == nil {
      throw .badArgument(
        Language.current.choose(
          "the file's date '\(written)' is not a date: write it as YYYY-MM-DD",
          "文件中的日期 '\(written)' 不是日期：请写作 YYYY-MM-DD"))
    }
    if let given = request.date, let fileDate, given != fileDate {
      throw .badArgument(
        Language.current.choose(
          "--date \(given) differs from the file's date \(fileDate): give one date, or make them agree",
          "--date \(given) 与文件中的日期 \(fileDate) 不一致：请只给出一个日期，或使二者一致"))
    }
    return request.date ?? fileDate ?? CalendarDate(Date())
  }

  /// `date`, refused when it is in the future or before `Procedure.earliestDate`.
  func checkedDate(_ date: CalendarDate) throws(ReformError) -> CalendarDate {
    guard date <= CalendarDate(Date()) else {
      throw .gate(
        Language.current.choose(
          "the date \(date) is in the future: a record is made on or after the day it records",
          "日期 \(date) 在未来：记录应在所记事项当天或之后作出"))
    }
    guard date >= Procedure.earliestDate else {
      throw .gate(
        Language.current.choose(
          "the date \(date) is before \(Procedure.earliestDate): give the real date (YYYY-MM-DD)",
          "日期 \(date) 早于 \(Procedure.earliestDate)：请给出实际日期（YYYY-MM-DD）"))
    }
    return date
  }

  /// Refuses when `folder` or a folder above it is, in `files`, something else than a folder
  /// (a file or a symbolic link), which a new file below it would replace or be written through.
  func requireFolders(_ folder: String, in files: TreeSnapshot) throws(ReformError) {
    var path = ""
    for part in folder.split(separator: "/") {
      path += (path.isEmpty ? "" : "/") + part
      let entry = try gitCall { try files.tree.flatMap { try git.treeEntry($0, path: path) } }
      if let entry, entry.mode != .tree { throw .notAFolder(path) }
    }
  }

  /// The branch a record of `kind` goes to, its tip, and the stage the commit names.
  private func target(
    for kind: RecordKind, _ state: PlanState
  ) throws(ReformError) -> (branch: String, tip: OID, stage: Stage) {
    if kind == .decision {
      throw .gate(
        Language.current.choose("decisions are recorded with ", "决策请用以下命令记录：")
          + "'reform approve \(state.id) --body B --meeting M --date D'")
    }
    let stages = Procedure.stages(for: kind)
    if stages == [.approved] {
      // A plan on main alone is approved; one on a stage branch may have a version in force.
      let approved = state.stage == .approved ? true : try approvedVersions(of: state) > 0
      guard approved, let main = try mainTip() else {
        throw .wrongStage(
          Language.current.choose(
            "plan '\(state.id)' was never approved: \(kind.rawValue) records are made on main after approval",
            "方案 '\(state.id)' 从未获批：\(kind.chineseName)记录在批准后记在 main 上"))
      }
      return (Self.mainBranch, main, .approved)
    }
    guard stages.contains(state.stage) else {
      throw .wrongStage(
        Language.current.choose(
          "plan '\(state.id)' is \(state.stage.rawValue): \(kind.rawValue) records are made in "
            + stages.map(\.rawValue).joined(separator: " or "),
          "方案 '\(state.id)' 处于\(state.stage.chineseName)阶段：\(kind.chineseName)记录只能在"
            + stages.map(\.chineseName).joined(separator: "或") + "阶段作出"))
    }
    return (state.branch, state.tip, state.stage)
  }

  /// `name`, or the same with `-2`, `-3`, … when a record of that name exists.
  func freeFileName(
    for name: RecordFileName, id: String, in files: TreeSnapshot
  ) throws(ReformError) -> String {
    var candidate = name
    while files.exists(RepositoryFile.recordPath(id, candidate.fileName)) {
      guard (candidate.sequence ?? 1) < RecordFileName.maximumSequence else {
        throw .gate(
          Language.current.choose(
            "plan '\(id)' has \(RecordFileName.maximumSequence) \(name.kind.rawValue) records of \(name.date): give another --date",
            "方案 '\(id)' 在 \(name.date) 已有 \(RecordFileName.maximumSequence) 份\(name.kind.chineseName)记录：请换一个 --date"))
      }
      candidate = name.numbered((candidate.sequence ?? 1) + 1)
    }
    return candidate.fileName
  }

  /// `value` as YAML text that YAML reads back as the same plain scalar: numbers, booleans,
  /// dates and null stay plain; anything else becomes a quoted string.
  static func plainScalar(_ value: String) -> String {
    let scalar = YAMLScalar(text: value, isPlain: true)
    let typed = scalar.bool != nil || scalar.number != nil || scalar.date != nil
    return typed && !value.isEmpty ? value : YAMLText.quoted(value)
  }
}
