import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "record",
      abstract: localized("Adds a record on the plan's current branch (main once approved)."))

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var signing: SigningOptions

    @Argument(help: localized("The plan id."))
    var id: String?

    @Argument(help: localized("research, consultation, review, countersign, issuance, filing, progress, inspection, rectification, lookback, pilot-evaluation or adjustment."))
    var kind: RecordKind?

    @Flag(help: localized("List each kind of record: its fields (required first), the stages and who may make it."))
    var kinds = false

    @Flag(help: localized("Print a starter file for this kind of record (for --file) instead of recording."))
    var template = false

    @Option(help: localized("The record's date, YYYY-MM-DD (default: the --file's date, else today)."))
    var date: CalendarDate?

    @Option(
      name: .customLong("field"),
      help: localized(
        "A top-level field, k=v; v is read as a plain YAML scalar. "
          + "A list field takes one item per --field ({k: v, …} for an item with fields)."))
    var fields: [String] = []

    @Option(help: localized("A record file (front matter and body) for lists and nested fields."))
    var file: String?

    @OptionGroup var publishing: SyncOption

    func validate() throws {
      if !kinds && (id == nil || kind == nil) {
        throw ValidationError(localized("give the plan id and the kind of record (reform record ID KIND), or --kinds"))
      }
      for field in fields where !field.contains("=") {
        throw ValidationError(
          Language.current.choose("--field takes k=v, not '\(field)'", "--field 应为 k=v，而不是 '\(field)'"))
      }
    }

    func run() throws {
      guard let id, let kind, !kinds else { return printKinds() }
      if template {
        guard let guide = RecordKindGuide.all.first(where: { $0.kind == kind }) else {
          throw ValidationError(localized("decisions are recorded with reform approve"))
        }
        return print(guide.template(date: date ?? CalendarDate(Date())), terminator: "")
      }
      let plans = try repository.open()
      try publishing.prepare(plans, id)
      var text: String?
      if let file {
        guard let decoded = String(data: try RegularFile.read(file, limit: FrontMatterFile.sizeLimit), encoding: .utf8)
        else { throw ReformError.io("\(file) is not UTF-8 text: save it as UTF-8") }
        text = decoded
      }
      let pairs = fields.map { field in
        let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        return (key: String(parts[0]), value: String(parts[1]))
      }
      let request = RecordRequest(kind: kind, date: date, fields: pairs, file: text)
      let path = try plans.record(id, request, key: signing.key(for: plans))
      print(path)
      try publishing.publish(plans, id)
    }

    /// `--kinds`: each kind with its fields, stages and who may make it.
    private func printKinds() {
      let language = Language.current
      for guide in RecordKindGuide.all {
        let stages = guide.stages.map(\.localizedName).joined(separator: ", ")
        print("\(guide.kind.rawValue) (\(guide.kind.chineseName))  " + language.choose("stages: ", "阶段：") + stages)
        print("  " + language.choose("required: ", "必填：") + (guide.required.isEmpty ? "-" : guide.required.joined(separator: ", ")))
        if !guide.optional.isEmpty { print("  " + language.choose("optional: ", "选填：") + guide.optional.joined(separator: ", ")) }
        if !guide.lists.isEmpty {
          let lists = guide.lists.joined(separator: ", ")
          print("  " + language.choose("lists, one item per --field: ", "列表，每个 --field 一项：") + lists)
        }
        for (type, authority) in guide.authorities {
          print("  " + language.choose("made by: ", "由：") + (type.map { "\($0): " } ?? "") + authority.description)
        }
      }
    }
  }
}
