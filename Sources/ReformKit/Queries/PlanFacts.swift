import Foundation
import GitKit

/// What the supervision queries need to know of one plan folder (`plans/<id>/`): the plan's
/// headline fields and targets, and the dates its records carry. Read once per folder tree and
/// kept in the plan index, keyed by that tree's id, since a tree never changes.
public struct PlanFacts: Sendable, Equatable {
  /// A measure's target.
  public struct TargetFacts: Sendable, Equatable {
    public var measure: String
    public var baseline: Double
    public var value: Double
    public var due: CalendarDate
    /// The measure's 责任单位 and 责任人.
    public var owners = Owners()
  }

  /// A 责任单位 and 责任人 (`responsible.unit`, `responsible.person`), as far as they are given.
  public struct Owners: Sendable, Equatable {
    public var unit: String?
    public var person: String?
  }

  /// A `progress` record.
  public struct Progress: Sendable, Equatable {
    public var date: CalendarDate
    public var period: String
    /// What each measure achieved, by measure id.
    public var achieved: [String: Double]
  }

  /// A rectification item of an inspection.
  public struct RectificationItem: Sendable, Equatable {
    public var id: String
    public var due: CalendarDate
  }

  /// An `inspection` record and its rectification items.
  public struct Inspection: Sendable, Equatable {
    public var file: String
    public var date: CalendarDate
    public var items: [RectificationItem]
  }

  /// A `rectification` record: the items of inspection `inspection` it reports done.
  public struct Rectification: Sendable, Equatable {
    public var inspection: String
    public var date: CalendarDate
    public var done: [String]
  }

  public var title: String?
  public var kind: String?
  public var source: String?
  public var group: String?
  public var leadUnit: String?
  public var jurisdiction: String?
  /// The plan's own 责任单位 and 责任人.
  public var owners = Owners()
  public var draftingDeadline: CalendarDate?
  public var pilotEnd: CalendarDate?
  public var targets: [TargetFacts] = []
  /// The dates of the `approved` decisions.
  public var approvals: [CalendarDate] = []
  public var issuances: [CalendarDate] = []
  public var filings: [CalendarDate] = []
  public var progress: [Progress] = []
  public var inspections: [Inspection] = []
  public var rectifications: [Rectification] = []
  public var lookbacks: [CalendarDate] = []
  public var finalPilotEvaluations: [CalendarDate] = []
  /// The date of the latest record (`nil`: none).
  public var latestRecord: CalendarDate?
  /// Whether `plan.md` is missing or does not parse: its deadlines cannot be judged.
  public var planUnreadable = false
}

extension PlanFacts {
  /// Reads plan `id` from `snapshot`. The plan's fields are read leniently (a draft may not be
  /// valid yet); a record counts only when it is valid, as the hooks require.
  /// `planSnapshot` gives `plan.md` (the approved version's, for the version in force), `snapshot`
  /// the records.
  /// - Parameter refused: record file names that count for nothing (the judge refused the
  ///   commit that last wrote them).
  static func read(
    _ id: String, from snapshot: any RepositorySnapshot, planFrom planSnapshot: (any RepositorySnapshot)? = nil,
    refused: Set<String> = []
  ) -> PlanFacts {
    let validator = Validator(snapshot: snapshot)
    var facts = PlanFacts()
    var sink = DiagnosticSink(path: RepositoryFile.planPath(id))
    if let data = try? (planSnapshot ?? snapshot).read(RepositoryFile.planPath(id)), data.count <= FrontMatterFile.sizeLimit,
      let file = FrontMatterFile.parse(data, sink: &sink)
    {
      facts.readPlan(file.frontMatter)
    } else {
      facts.planUnreadable = true
    }
    let measureIDs = Set(facts.targets.map(\.measure))
    let files = (try? snapshot.files(under: RepositoryFile.recordsFolder(id))) ?? []
    for path in files {
      let fileName = String(path.split(separator: "/").last ?? "")
      guard !refused.contains(fileName), let record = validator.record(id, fileName, measureIDs: measureIDs).record else { continue }
      facts.add(record)
    }
    return facts
  }

  private mutating func readPlan(_ root: YAMLNode) {
    let text = { (node: YAMLNode?) in node?.scalar?.text }
    title = text(root["title"])
    kind = text(root["kind"])
    source = text(root["source"])
    group = text(root["group"])
    leadUnit = text(root["lead_unit"])
    jurisdiction = text(root["jurisdiction"])
    owners = Self.owners(root["responsible"])
    draftingDeadline = root["drafting_deadline"]?.scalar?.date
    pilotEnd = root["pilot"]?["end"]?.scalar?.date
    targets = (root["measures"]?.sequence ?? []).compactMap { measure in
      guard let id = text(measure["id"]), let target = measure["target"],
        let baseline = target["baseline"]?.scalar?.number, let value = target["value"]?.scalar?.number,
        let due = target["due"]?.scalar?.date
      else { return nil }
      return TargetFacts(
        measure: id, baseline: baseline, value: value, due: due, owners: Self.owners(measure["responsible"]))
    }
  }

  private static func owners(_ node: YAMLNode?) -> Owners {
    Owners(unit: node?["unit"]?.scalar?.text, person: node?["person"]?.scalar?.text)
  }

  private mutating func add(_ record: Record) {
    latestRecord = max(latestRecord ?? record.date, record.date)
    let fields = record.fields
    switch record.kind {
    case .decision where record.text("verdict") == DecisionVerdict.approved.rawValue:
      approvals.append(record.date)
    case .issuance: issuances.append(record.date)
    case .filing: filings.append(record.date)
    case .lookback: lookbacks.append(record.date)
    case .pilotEvaluation where record.text("stage") == "final": finalPilotEvaluations.append(record.date)
    case .progress:
      var achieved: [String: Double] = [:]
      for item in fields["measures"]?.sequence ?? [] {
        if let measure = item["measure"]?.scalar?.text, let value = item["achieved"]?.scalar?.number {
          achieved[measure] = value
        }
      }
      progress.append(Progress(date: record.date, period: record.text("period") ?? "", achieved: achieved))
    case .inspection:
      let items = (fields["rectification"]?.sequence ?? []).compactMap { item -> RectificationItem? in
        guard let id = item["id"]?.scalar?.text, let due = item["due"]?.scalar?.date else { return nil }
        return RectificationItem(id: id, due: due)
      }
      inspections.append(Inspection(file: record.fileName, date: record.date, items: items))
    case .rectification:
      let done = (fields["items"]?.sequence ?? []).compactMap { item in
        item["done"]?.scalar?.bool == true ? item["id"]?.scalar?.text : nil
      }
      rectifications.append(Rectification(inspection: record.text("inspection") ?? "", date: record.date, done: done))
    default: break
    }
  }
}
