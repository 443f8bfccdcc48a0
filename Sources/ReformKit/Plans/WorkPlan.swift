import Foundation

/// An annual work plan, `work-plans/<year>.yaml` (article 5): the tasks that need a plan.
public struct WorkPlan: Sendable, Equatable {
  /// A task of the work plan.
  public struct Task: Sendable, Equatable {
    public var id: String
    public var text: String
    public var group: String
    public var leadUnit: String
    /// The day by which the task's plan is due.
    public var due: CalendarDate
  }

  public var year: Int
  public var tasks: [Task]

  /// The path of the work plan of `year`.
  public static func path(_ year: Int) -> String { "work-plans/\(year).yaml" }

  /// The year a path names, when it is `work-plans/<YYYY>.yaml`.
  static func year(inPath path: String) -> Int? {
    let prefix = "work-plans/", suffix = ".yaml"
    guard path.hasPrefix(prefix), path.hasSuffix(suffix) else { return nil }
    let digits = path.dropFirst(prefix.count).dropLast(suffix.count)
    guard digits.count == 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return Int(digits)
  }

  /// Reads and validates the work plan of `year` from `data`, reporting every problem.
  public static func parse(_ data: Data, year: Int) -> (WorkPlan?, [Diagnostic]) {
    let path = Self.path(year)
    var sink = DiagnosticSink(path: path)
    guard FrontMatterFile.checkSize(data.count, sink: &sink),
      let text = FrontMatterFile.decodeText(data, sink: &sink),
      let root = YAMLLoader.load(text, firstLine: 1, sink: &sink)
    else { return (nil, sink.diagnostics) }
    let checker = SchemaChecker(path: path)
    guard checker.requireMapping(root, key: "work plan") != nil else { return (nil, checker.diagnostics) }
    checker.rejectUnknownKeys(in: root, allowed: ["tasks"])
    var tasks: [Task] = []
    var seen: Set<String> = []
    for (index, item) in (checker.list(root, "tasks", nonEmpty: true) ?? []).enumerated() {
      let prefix = "tasks[\(index)]."
      guard checker.requireMapping(item, key: "tasks[\(index)]") != nil else { continue }
      checker.rejectUnknownKeys(in: item, allowed: ["id", "text", "group", "lead_unit", "due"], prefix: prefix)
      let id = checker.string(item, "id", prefix: prefix)
      if let id, !seen.insert(id).inserted {
        checker.report(line: item["id"]?.line ?? item.line, key: prefix + "id", Language.current.choose("'\(id)' is used by another task", "'\(id)' 已被另一任务使用"))
      }
      let text = checker.string(item, "text", prefix: prefix)
      let group = checker.string(item, "group", prefix: prefix)
      let leadUnit = checker.string(item, "lead_unit", prefix: prefix)
      let due = checker.date(item, "due", prefix: prefix)
      if let id, let text, let group, let leadUnit, let due {
        tasks.append(Task(id: id, text: text, group: group, leadUnit: leadUnit, due: due))
      }
    }
    guard checker.diagnostics.isEmpty else { return (nil, checker.diagnostics) }
    return (WorkPlan(year: year, tasks: tasks), [])
  }
}
