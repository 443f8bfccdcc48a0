/// The kinds of record of SPEC section 1.
public enum RecordKind: String, Sendable, CaseIterable, Codable {
  case research, consultation, review, decision, countersign, issuance, filing, progress
  case inspection, rectification, lookback
  case pilotEvaluation = "pilot-evaluation"
  case adjustment
}

/// Consultation types (article 7).
public enum ConsultationType: String, Sendable, CaseIterable {
  case departmental, `public`, expert
  case stabilityRisk = "stability-risk"
}

/// Review types (article 8).
public enum ReviewType: String, Sendable, CaseIterable {
  case content, legal, procedure
  case reformOffice = "reform-office"
}

/// Decision bodies (article 9).
public enum DecisionBody: String, Sendable, CaseIterable {
  case leadingGroup = "leading-group"
  case governmentExecutive = "government-executive"
  case groupMeeting = "group-meeting"
  case countersign
  case standingCommittee = "standing-committee"
}

/// The stages of a pilot's evaluation (article 16).
public enum PilotEvaluationStage: String, Sendable, CaseIterable {
  case interim, final
}

/// What a user needs to know to make a record of one kind (`reform record --kinds`).
public struct RecordKindGuide: Sendable {
  public let kind: RecordKind
  /// The fields a record of the kind must have (besides `kind` and `date`), then those it may.
  public let required: [String]
  public let optional: [String]
  /// The stages at which such a record is made.
  public let stages: [Stage]
  /// Who may make it; for reviews, per type.
  public let authorities: [(type: String?, authority: Authority)]
  /// The fields that hold a list, one item per `--field`.
  public var lists: [String] { (required + optional).filter { RecordSchema.shape(of: $0, in: kind).isList } }

  /// A starter file for a record of this kind of plan `id`, dated `date`: the required fields
  /// to fill in, the optional ones commented out, the allowed values named.
  public func template(date: CalendarDate) -> String {
    var lines = ["---", "kind: \(kind.rawValue)", "date: \(date)"]
    for field in required { lines.append("\(field): \(Self.placeholder(kind, field))") }
    // A review starts as a content review, which must judge the five standards.
    let neededHere: Set<String> = kind == .review ? ["standards"] : []
    for field in optional {
      lines.append((neededHere.contains(field) ? "" : "# ") + "\(field): \(Self.placeholder(kind, field))")
    }
    return (lines + ["---", "", ""]).joined(separator: "\n")
  }

  private static func placeholder(_ kind: RecordKind, _ field: String) -> String {
    if let values = RecordSchema.values(of: field, in: kind), let first = values.first {
      return "\(first)  # " + values.joined(separator: " | ")
    }
    switch RecordSchema.shape(of: field, in: kind) {
    case .texts, .mappings: return "[]"
    case .scalar, .textOrTexts: break
    }
    switch field {
    case "opinions_received", "opinions_adopted": return "0"
    case "standards":
      return "{political_correctness: pass, problem_targeting: pass, breakthrough: pass, coherence: pass, procedural_completeness: pass}"
    default: return "\"\""
    }
  }

  /// The guide of every kind but `decision` (made with `reform approve`), in SPEC's order.
  public static var all: [RecordKindGuide] {
    RecordKind.allCases.filter { $0 != .decision }.map { kind in
      let names = RecordSchema.fieldNames(kind)
      let optional = RecordSchema.optionalFieldNames(kind)
      let authorities: [(String?, Authority)] =
        kind == .review
        ? ReviewType.allCases.map { ($0.rawValue, Procedure.authority(for: kind, reviewType: $0)) }
        : [(nil, Procedure.authority(for: kind, reviewType: nil))]
      return RecordKindGuide(
        kind: kind, required: names.filter { !optional.contains($0) }, optional: names.filter(optional.contains),
        stages: Procedure.stages(for: kind), authorities: authorities)
    }
  }
}

/// A valid record file: its kind, date, front matter and body.
public struct Record: Sendable, Equatable {
  /// The file name, e.g. `2027-03-01-consultation-2.md`.
  public let fileName: String
  public let kind: RecordKind
  public let date: CalendarDate
  /// The whole front matter, for the fields of each kind.
  public let fields: YAMLNode
  public let body: String

  /// The text of a top-level scalar field.
  public func text(_ key: String) -> String? { fields[key]?.scalar?.text }
}

/// The parts of a record's file name: `<YYYY-MM-DD>-<kind>[-<type>][-<n>].md`, where a review
/// names its type (`2025-04-01-review-legal.md`). Names written before reviews carried their
/// type (`2025-04-01-review.md`, `2025-04-01-review-3.md`) stay valid.
public struct RecordFileName: Sendable, Equatable {
  public let date: CalendarDate
  public let kind: RecordKind
  /// The review type the name carries; `nil` for other kinds and for older review names.
  public let reviewType: ReviewType?
  public let sequence: Int?

  /// Parses a file name; `nil` when it does not follow the pattern.
  public init?(_ name: String) {
    guard name.hasSuffix(".md"), name.count > 14,
      let date = CalendarDate(String(name.prefix(10))),
      name.dropFirst(10).first == "-"
    else { return nil }
    var rest = Substring(name.dropFirst(11).dropLast(3))
    // No kind's or type's name is the start of another's, so the first match is the only one.
    guard let kind = RecordKind.allCases.first(where: { Self.consume($0.rawValue, from: &rest) }) else {
      return nil
    }
    let reviewType =
      kind == .review ? ReviewType.allCases.first { Self.consume("-" + $0.rawValue, from: &rest) } : nil
    guard !rest.isEmpty else {
      self.init(date: date, kind: kind, reviewType: reviewType, sequence: nil)
      return
    }
    guard rest.first == "-", rest.dropFirst().allSatisfy(\.isASCII), let number = Int(rest.dropFirst()),
      (2...Self.maximumSequence).contains(number)
    else { return nil }
    self.init(date: date, kind: kind, reviewType: reviewType, sequence: number)
  }

  /// Removes `word` from the start of `rest` when the word ends there or at a `-`; whether it did.
  private static func consume(_ word: String, from rest: inout Substring) -> Bool {
    guard rest.hasPrefix(word) else { return false }
    let after = rest.dropFirst(word.count)
    guard after.isEmpty || after.first == "-" else { return false }
    rest = after
    return true
  }

  /// The highest `<n>` a record file name may carry.
  public static let maximumSequence = 9_999

  /// The parts of a name; `reviewType` is kept only for a review.
  public init(date: CalendarDate, kind: RecordKind, reviewType: ReviewType? = nil, sequence: Int?) {
    self.date = date
    self.kind = kind
    self.reviewType = kind == .review ? reviewType : nil
    self.sequence = sequence
  }

  /// The file name these parts make.
  public var fileName: String {
    "\(date)-\(kind.rawValue)" + (reviewType.map { "-\($0.rawValue)" } ?? "")
      + (sequence.map { "-\($0)" } ?? "") + ".md"
  }

  /// This name with the number `sequence` (`nil`: none).
  func numbered(_ sequence: Int?) -> RecordFileName {
    RecordFileName(date: date, kind: kind, reviewType: reviewType, sequence: sequence)
  }

  /// Whether the record named `lhs` was made before the one named `rhs`: by date, then older
  /// names before those that carry a review's type (which the tool wrote later), then by number
  /// (the first of a day has none, so `…-decision.md` comes before `…-decision-2.md`, which a
  /// comparison of the names would put first), then by name.
  public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
    guard let left = RecordFileName(lhs), let right = RecordFileName(rhs) else { return lhs < rhs }
    let typed = { (name: RecordFileName) in name.reviewType == nil ? 0 : 1 }
    return (left.date, typed(left), left.sequence ?? 1, lhs)
      < (right.date, typed(right), right.sequence ?? 1, rhs)
  }
}

/// Validation of `plans/<id>/records/*.md` against SPEC section 1.
enum RecordSchema {
  /// What a record's checks need to know about the rest of the repository.
  struct Context {
    /// The measures of the plan the record belongs to, when the plan could be read.
    var measureIDs: Set<String>?
    /// The ids of the rectification items an inspection record of the same plan lists, or
    /// `nil` when no record of that name exists.
    var inspectionItems: (String) -> Set<String>?
  }

  static func check(
    _ file: FrontMatterFile, fileName: String, context: Context, checker: SchemaChecker
  ) -> Record? {
    let root = file.frontMatter
    let before = checker.diagnostics.count
    let name = RecordFileName(fileName)
    if name == nil {
      checker.report(
        line: 1, key: "file name",
        Language.current.choose(
          "'\(fileName)' does not follow <YYYY-MM-DD>-<kind>[-<type>][-<n>].md, ",
          "'\(fileName)' 不符合 <YYYY-MM-DD>-<类别>[-<类型>][-<序号>].md，")
          + Language.current.choose("e.g. ", "例如 ") + "2027-03-01-consultation.md, 2027-03-01-review-legal.md")
    }
    let kind = checker.choice(root, "kind", from: RecordKind.allCases.map(\.rawValue)).flatMap(RecordKind.init)
    let date = checker.date(root, "date")
    if let name, let kind, name.kind != kind {
      checker.report(
        line: root["kind"]?.line ?? 1, key: "kind",
        Language.current.choose("is '\(kind.rawValue)' but the file name says '\(name.kind.rawValue)'", "为 '\(kind.rawValue)'，但文件名表明为 '\(name.kind.rawValue)'"))
    }
    if let name, let date, name.date != date {
      checker.report(
        line: root["date"]?.line ?? 1, key: "date", Language.current.choose("is \(date) but the file name says \(name.date)", "为 \(date)，但文件名表明为 \(name.date)"))
    }
    if let kind {
      checker.rejectUnknownKeys(in: root, allowed: ["kind", "date"] + fieldNames(kind))
      checkFields(of: kind, root, named: name?.reviewType, context: context, checker: checker)
    }
    guard checker.diagnostics.count == before, let kind, let date else { return nil }
    return Record(fileName: fileName, kind: kind, date: date, fields: root, body: file.body)
  }

  /// The fields of `kind` a record may leave out (a content review's `standards` aside).
  static func optionalFieldNames(_ kind: RecordKind) -> Set<String> {
    switch kind {
    case .consultation: ["participants", "not_adopted"]
    case .review: ["opinions", "standards"]
    case .countersign: ["opinions"]
    case .progress: ["measures"]
    case .inspection: ["rectification"]
    default: []
    }
  }

  static func fieldNames(_ kind: RecordKind) -> [String] {
    switch kind {
    case .research: ["summary"]
    case .consultation: ["type", "opinions_received", "opinions_adopted", "participants", "not_adopted"]
    case .review: ["type", "verdict", "opinions", "standards"]
    case .decision: ["body", "meeting", "verdict"]
    case .countersign: ["unit", "verdict", "opinions"]
    case .issuance: ["document_number"]
    case .filing: []
    case .progress: ["period", "measures"]
    case .inspection: ["inspector", "findings", "rectification"]
    case .rectification: ["inspection", "items"]
    case .lookback: ["findings"]
    case .pilotEvaluation: ["stage", "findings"]
    case .adjustment: ["reason"]
    }
  }

  /// How a field of a record holds its value: what `reform record --field` may give once, or
  /// once per item.
  enum FieldShape: Equatable {
    /// One value.
    case scalar
    /// One text, or a list of texts.
    case textOrTexts
    /// A list of texts.
    case texts
    /// A list of mappings with these keys.
    case mappings([String])

    /// Whether the field takes several values, one per `--field`.
    var isList: Bool { self != .scalar }
  }

  /// The shape of the field `key` of a record of `kind`.
  static func shape(of key: String, in kind: RecordKind) -> FieldShape {
    switch (kind, key) {
    case (.consultation, "participants"): .texts
    case (.consultation, "not_adopted"): .mappings(["opinion", "reason"])
    case (.review, "opinions"), (.countersign, "opinions"), (.inspection, "findings"): .textOrTexts
    case (.progress, "measures"): .mappings(["measure", "achieved", "status", "problems"])
    case (.inspection, "rectification"): .mappings(["id", "problem", "due"])
    case (.rectification, "items"): .mappings(["id", "done"])
    default: .scalar
    }
  }

  /// The keys of an item of the list of mappings `key` of a record of `kind`.
  static func itemKeys(of key: String, in kind: RecordKind) -> [String] {
    guard case .mappings(let keys) = shape(of: key, in: kind) else { return [] }
    return keys
  }

  /// The standards of article 3 a content review gives a verdict on.
  static let standards = [
    "political_correctness", "problem_targeting", "breakthrough", "coherence", "procedural_completeness",
  ]

  /// The values of the enumerated field `key` of a record of `kind`; `nil` when it is not one.
  static func enumeration(of key: String, in kind: RecordKind) -> (any NamedInChinese.Type)? {
    switch (kind, key) {
    case (.consultation, "type"): ConsultationType.self
    case (.review, "type"): ReviewType.self
    case (.review, "verdict"): ReviewVerdict.self
    case (.decision, "body"): DecisionBody.self
    case (.decision, "verdict"): DecisionVerdict.self
    case (.countersign, "verdict"): CountersignVerdict.self
    case (.pilotEvaluation, "stage"): PilotEvaluationStage.self
    default: nil
    }
  }

  /// The enumerated field `key` of a record of `kind`, as a map from a word a user typed
  /// (SPEC's value or its Chinese name) to SPEC's value; `nil` when the field is not enumerated.
  static func choices(of key: String, in kind: RecordKind) -> ((String) -> String?)? {
    func words<Value: NamedInChinese>(_: Value.Type) -> (String) -> String? { { Value(word: $0)?.rawValue } }
    return enumeration(of: key, in: kind).map { words($0) }
  }

  /// SPEC's values of the enumerated field `key` of a record of `kind`.
  static func values(of key: String, in kind: RecordKind) -> [String]? {
    func values<Value: NamedInChinese>(_: Value.Type) -> [String] { Value.allCases.map(\.rawValue) }
    return enumeration(of: key, in: kind).map { values($0) }
  }

  /// The fields of a record of `kind` whose file name carries the review type `named`.
  private static func checkFields(
    of kind: RecordKind, _ root: YAMLNode, named: ReviewType?, context: Context, checker: SchemaChecker
  ) {
    switch kind {
    case .research:
      _ = checker.string(root, "summary")
    case .consultation:
      checkConsultation(root, checker: checker)
    case .review:
      let type = checkReviewType(root, named: named, checker: checker)
      _ = checker.choice(root, "verdict", from: ReviewVerdict.allCases.map(\.rawValue))
      checker.textOrList(root, "opinions", required: false)
      if let standards = checker.mapping(root, "standards", required: type == "content") {
        checker.rejectUnknownKeys(in: standards, allowed: Self.standards, prefix: "standards.")
        for standard in Self.standards {
          _ = checker.choice(standards, standard, from: ReviewVerdict.allCases.map(\.rawValue), prefix: "standards.")
        }
      }
    case .decision:
      _ = checker.choice(root, "body", from: DecisionBody.allCases.map(\.rawValue))
      _ = checker.string(root, "meeting")
      _ = checker.choice(root, "verdict", from: DecisionVerdict.allCases.map(\.rawValue))
    case .countersign:
      _ = checker.string(root, "unit")
      _ = checker.choice(root, "verdict", from: CountersignVerdict.allCases.map(\.rawValue))
      checker.textOrList(root, "opinions", required: false)
    case .issuance:
      _ = checker.string(root, "document_number")
    case .filing:
      break
    case .progress:
      checkProgress(root, context: context, checker: checker)
    case .inspection:
      checkInspection(root, checker: checker)
    case .rectification:
      checkRectification(root, context: context, checker: checker)
    case .lookback, .pilotEvaluation, .adjustment:
      if kind == .pilotEvaluation { _ = checker.choice(root, "stage", from: PilotEvaluationStage.allCases.map(\.rawValue)) }
      _ = checker.string(root, kind == .adjustment ? "reason" : "findings")
    }
  }

  /// A review's `type`, which must agree with the type its file name carries (one problem
  /// that names both when it does not); `nil` when it is not valid.
  private static func checkReviewType(
    _ root: YAMLNode, named: ReviewType?, checker: SchemaChecker
  ) -> String? {
    guard let named, let node = root["type"], let written = node.scalar, !written.isNull,
      written.text != named.rawValue
    else { return checker.choice(root, "type", from: ReviewType.allCases.map(\.rawValue)) }
    let text = ControlCharacters.escaped(written.text)
    checker.report(
      line: node.line, key: "type",
      Language.current.choose(
        "is '\(text)' but the file name says '\(named.rawValue)': make the type and the file name agree",
        "为 '\(text)'，但文件名表明审核类型为 '\(named.rawValue)'：请使类型与文件名一致"))
    return nil
  }

  private static func checkConsultation(_ root: YAMLNode, checker: SchemaChecker) {
    _ = checker.choice(root, "type", from: ConsultationType.allCases.map(\.rawValue))
    let received = checker.int(root, "opinions_received")
    let adopted = checker.int(root, "opinions_adopted")
    if let received, let adopted, adopted > received {
      checker.report(
        line: root["opinions_adopted"]?.line ?? 1, key: "opinions_adopted",
        Language.current.choose("\(adopted) adopted is more than the \(received) received", "采纳 \(adopted) 条，多于收到的 \(received) 条"))
    }
    _ = checker.stringList(root, "participants", required: false)
    for (index, item) in (checker.list(root, "not_adopted", required: false) ?? []).enumerated() {
      let prefix = "not_adopted[\(index)]."
      guard checker.requireMapping(item, key: "not_adopted[\(index)]") != nil else { continue }
      checker.rejectUnknownKeys(
        in: item, allowed: itemKeys(of: "not_adopted", in: .consultation), prefix: prefix)
      _ = checker.string(item, "opinion", prefix: prefix)
      _ = checker.string(item, "reason", prefix: prefix)
    }
  }

  private static func checkProgress(_ root: YAMLNode, context: Context, checker: SchemaChecker) {
    if let period = checker.string(root, "period"), !isHalfYear(period) {
      checker.report(
        line: root["period"]?.line ?? 1, key: "period", Language.current.choose("must be a half year written like 2027-H1 or 2027-H2", "应为半年，写作 2027-H1 或 2027-H2"))
    }
    for (index, item) in (checker.list(root, "measures", required: false) ?? []).enumerated() {
      let prefix = "measures[\(index)]."
      guard checker.requireMapping(item, key: "measures[\(index)]") != nil else { continue }
      checker.rejectUnknownKeys(in: item, allowed: itemKeys(of: "measures", in: .progress), prefix: prefix)
      if let measure = checker.string(item, "measure", prefix: prefix), let known = context.measureIDs,
        !known.contains(measure)
      {
        checker.report(
          line: item["measure"]?.line ?? item.line, key: prefix + "measure",
          Language.current.choose("the plan has no measure '\(measure)'; its measures are: \(known.sorted().joined(separator: ", "))", "方案中没有举措 '\(measure)'；其举措有：\(known.sorted().joined(separator: "、"))"))
      }
      _ = checker.number(item, "achieved", prefix: prefix, required: false)
      _ = checker.string(item, "status", prefix: prefix, required: false)
      checker.textOrList(item, "problems", prefix: prefix, required: false)
    }
  }

  /// Whether `text` names a half year: `2027-H1` or `2027-H2`.
  private static func isHalfYear(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    return bytes.count == 7 && bytes[0..<4].allSatisfy(\.isASCIIDigit) && bytes[4...5] == [0x2D, 0x48]
      && (bytes[6] == UInt8(ascii: "1") || bytes[6] == UInt8(ascii: "2"))
  }

  private static func checkInspection(_ root: YAMLNode, checker: SchemaChecker) {
    _ = checker.string(root, "inspector")
    checker.textOrList(root, "findings")
    var seen: Set<String> = []
    for (index, item) in (checker.list(root, "rectification", required: false) ?? []).enumerated() {
      let prefix = "rectification[\(index)]."
      guard checker.requireMapping(item, key: "rectification[\(index)]") != nil else { continue }
      checker.rejectUnknownKeys(
        in: item, allowed: itemKeys(of: "rectification", in: .inspection), prefix: prefix)
      if let id = checker.string(item, "id", prefix: prefix), !seen.insert(id).inserted {
        checker.report(line: item.line, key: prefix + "id", Language.current.choose("'\(id)' is used by another item", "'\(id)' 已被另一事项使用"))
      }
      _ = checker.string(item, "problem", prefix: prefix)
      _ = checker.date(item, "due", prefix: prefix)
    }
  }

  private static func checkRectification(_ root: YAMLNode, context: Context, checker: SchemaChecker) {
    var listed: Set<String>?
    if let inspection = checker.string(root, "inspection") {
      let line = root["inspection"]?.line ?? 1
      if RecordFileName(inspection)?.kind != .inspection {
        checker.report(
          line: line, key: "inspection", Language.current.choose("must name an inspection record file, e.g. 2027-09-01-inspection.md", "应为督察记录文件名，例如 2027-09-01-inspection.md"))
      } else if let items = context.inspectionItems(inspection) {
        listed = items
      } else {
        checker.report(line: line, key: "inspection", Language.current.choose("no record '\(inspection)' in this plan's records", "本方案的记录中没有 '\(inspection)'"))
      }
    }
    for (index, item) in (checker.list(root, "items", nonEmpty: true) ?? []).enumerated() {
      let prefix = "items[\(index)]."
      guard checker.requireMapping(item, key: "items[\(index)]") != nil else { continue }
      checker.rejectUnknownKeys(in: item, allowed: itemKeys(of: "items", in: .rectification), prefix: prefix)
      if let id = checker.string(item, "id", prefix: prefix), let listed, !listed.contains(id) {
        checker.report(
          line: item["id"]?.line ?? item.line, key: prefix + "id",
          Language.current.choose(
            "'\(id)' is not an item of the inspection's rectification list: "
              + (listed.isEmpty ? "it lists none" : "it lists " + listed.sorted().joined(separator: ", ")),
            "'\(id)' 不在该督察的整改清单中："
              + (listed.isEmpty ? "清单为空" : "清单为 " + listed.sorted().joined(separator: "、"))))
      }
      _ = checker.bool(item, "done", prefix: prefix)
    }
  }
}
