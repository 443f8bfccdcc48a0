import Foundation
import ReformKit
import TestSupport
import Testing

@Suite struct RecordValidationTests {
  static let validRecords: [(String, String)] = [
    ("research", "summary: 赴三个市调研\n"),
    ("consultation", "type: public\nopinions_received: 12\nopinions_adopted: 8\nparticipants: [企业代表]\nnot_adopted:\n  - opinion: 取消审批\n    reason: 于法无据\n"),
    ("review", "type: content\nverdict: pass\nstandards:\n  political_correctness: pass\n  problem_targeting: pass\n  breakthrough: revise\n  coherence: pass\n  procedural_completeness: pass\n"),
    ("review", "type: legal\nverdict: pass\nopinions: 合法\n"),
    ("decision", "body: leading-group\nmeeting: 第三次会议\nverdict: approved\n"),
    ("countersign", "unit: 省市场监管局\nverdict: approved\n"),
    ("issuance", "document_number: 皖发〔2027〕5号\n"),
    ("filing", ""),
    ("progress", "period: 2027-H1\nmeasures:\n  - measure: m1\n    achieved: 3\n    status: 推进中\n"),
    ("inspection", "inspector: 督察组\nfindings: 进度滞后\nrectification:\n  - id: r1\n    problem: 未建平台\n    due: 2027-12-31\n"),
    ("lookback", "findings: 成效明显\n"),
    ("pilot-evaluation", "stage: final\nfindings: 可推广\n"),
    ("adjustment", "reason: 中央出台新规定\n"),
  ]

  private func validate(_ records: [String: String]) -> [Diagnostic] {
    var files = ["plans/sample-plan/plan.md": Fixtures.plan()]
    for (name, text) in records { files["plans/sample-plan/records/\(name)"] = text }
    return Validator(snapshot: MemorySnapshot(files)).validate(paths: Array(files.keys)).diagnostics
  }

  @Test func aValidRecordOfEveryKindPasses() {
    for (kind, fields) in Self.validRecords {
      let diagnostics = validate(["2027-02-01-\(kind).md": Fixtures.record(kind: kind, fields: fields)])
      #expect(diagnostics.isEmpty, "\(kind): \(diagnostics)")
    }
  }

  /// What `reform record --kinds` says is required is what validation requires: each valid
  /// record without one of its required fields is refused naming that field.
  @Test func theGuideOfEachKindNamesWhatValidationRequires() {
    let guides = Dictionary(uniqueKeysWithValues: RecordKindGuide.all.map { ($0.kind.rawValue, $0) })
    #expect(Set(guides.keys) == Set(RecordKind.allCases.map(\.rawValue)).subtracting(["decision"]))
    for (kind, fields) in Self.validRecords where kind != "rectification" {
      guard let guide = guides[kind] else { continue }
      for key in guide.required {
        let without = fields.split(separator: "\n", omittingEmptySubsequences: false)
          .filter { !$0.hasPrefix(key + ":") }.joined(separator: "\n")
        let diagnostics = validate(["2027-02-01-\(kind).md": Fixtures.record(kind: kind, fields: without)])
        #expect(diagnostics.contains { $0.key == key }, "\(kind) without \(key): \(diagnostics)")
      }
      #expect(Set(guide.required + guide.optional) == Set(fields.split(separator: "\n").compactMap {
        $0.first == " " ? nil : $0.split(separator: ":").first.map(String.init) }).union(guide.optional),
        "\(kind): the guide names the fields a record has")
    }
  }

  @Test func aReviewsTypeAgreesWithTheTypeItsFileNameCarries() {
    let legal = Fixtures.record(kind: "review", fields: "type: legal\nverdict: pass\n")
    let named = { (type: String) in
      validate(["2027-02-01-review-legal.md": legal.replacingOccurrences(of: "type: legal\n", with: type)])
    }
    #expect(validate(["2027-02-01-review-legal.md": legal]).isEmpty)
    #expect(validate(["2027-02-01-review-legal-2.md": legal]).isEmpty)
    #expect(validate(["2027-02-01-review.md": legal, "2027-02-01-review-3.md": legal]).isEmpty)
    let procedure = named("type: procedure\n")
    #expect(procedure.count == 1 && procedure.first?.key == "type", "\(procedure)")
    #expect(procedure.first?.message.contains("'procedure' but the file name says 'legal'") == true)
    let expert = named("type: expert\n")
    #expect(expert.count == 1, "\(expert)")
    #expect(expert.first?.message.contains("'expert' but the file name says 'legal'") == true, "\(expert)")
    #expect(named("").map(\.key) == ["type"])
    let consultation = Fixtures.record(
      kind: "consultation", fields: "type: public\nopinions_received: 1\nopinions_adopted: 1\n")
    #expect(validate(["2027-02-01-consultation-legal.md": consultation]).map(\.key) == ["file name"])
  }

  @Test func aRectificationClosesOnlyItemsItsInspectionListed() {
    let inspection = Fixtures.record(
      kind: "inspection",
      fields: "inspector: 督察组\nfindings: 滞后\nrectification:\n  - {id: r1, problem: 未建平台, due: 2027-12-31}\n")
    let closing = { (ids: [String]) in
      Fixtures.record(
        kind: "rectification", date: "2027-03-01",
        fields: "inspection: 2027-02-01-inspection.md\nitems:\n" + ids.map { "  - {id: \($0), done: true}\n" }.joined())
    }
    let records = ["2027-02-01-inspection.md": inspection]
    #expect(validate(records.merging(["2027-03-01-rectification.md": closing(["r1"])]) { $1 }).isEmpty)
    let diagnostics = validate(records.merging(["2027-03-01-rectification.md": closing(["r1", "r9"])]) { $1 })
    #expect(diagnostics.map(\.key) == ["items[1].id"], "\(diagnostics)")
    #expect(diagnostics.first?.message.contains("lists r1") == true)
  }

  @Test func theFileNameMustMatchKindAndDate() {
    let record = Fixtures.record(kind: "research", fields: "summary: 调研\n")
    #expect(validate(["2027-02-01-research-2.md": record]).isEmpty)
    #expect(validate(["2027-02-02-research.md": record]).map(\.key) == ["date"])
    #expect(validate(["2027-02-01-consultation.md": record]).map(\.key) == ["kind"])
    #expect(validate(["调研.md": record]).map(\.key) == ["file name"])
  }

  @Test func fieldsAreCheckedPerKind() {
    let consultation = Fixtures.record(
      kind: "consultation", fields: "type: online\nopinions_received: 2\nopinions_adopted: 3\n")
    #expect(validate(["2027-02-01-consultation.md": consultation]).map(\.key) == ["type", "opinions_adopted"])
    let review = Fixtures.record(kind: "review", fields: "type: content\nverdict: ok\n")
    #expect(validate(["2027-02-01-review.md": review]).map(\.key) == ["verdict", "standards"])
    let progress = Fixtures.record(kind: "progress", fields: "period: 2027-Q1\nmeasures:\n  - measure: m9\n")
    #expect(validate(["2027-02-01-progress.md": progress]).map(\.key) == ["period", "measures[0].measure"])
    let unknown = Fixtures.record(kind: "filing", fields: "note: 已备案\n")
    #expect(validate(["2027-02-01-filing.md": unknown]).map(\.key) == ["note"])
  }

  @Test func aRectificationNamesAnExistingInspection() {
    let rectification = Fixtures.record(
      kind: "rectification", fields: "inspection: 2027-02-01-inspection.md\nitems:\n  - id: r1\n    done: true\n")
    #expect(validate(["2027-03-01-rectification.md": rectification]).map(\.key) == ["date", "inspection"])
    let inspection = Fixtures.record(
      kind: "inspection", fields: "inspector: 督察组\nfindings: 无\nrectification:\n  - {id: r1, problem: 台账, due: 2027-12-31}\n")
    let both = validate([
      "2027-02-01-rectification.md": rectification, "2027-02-01-inspection.md": inspection,
    ])
    #expect(both.isEmpty, "\(both)")
  }

  @Test func aRecordNeedsItsPlan() {
    let snapshot = MemorySnapshot([
      "plans/ghost-plan/records/2027-02-01-research.md": Fixtures.record(kind: "research", fields: "summary: x\n")
    ])
    let diagnostics = Validator(snapshot: snapshot).validate(paths: Array(snapshot.files.keys)).diagnostics
    #expect(diagnostics.map(\.message).contains { $0.contains("plans/ghost-plan/plan.md") })
  }

  @Test func recordFileNamesRoundTrip() throws {
    let name = try #require(RecordFileName("2027-03-01-pilot-evaluation-3.md"))
    #expect(name.kind == .pilotEvaluation)
    #expect(name.sequence == 3)
    #expect(name.fileName == "2027-03-01-pilot-evaluation-3.md")
    #expect(RecordFileName("2027-03-01-pilot-evaluation-1.md") == nil)
    #expect(RecordFileName("2027-13-01-research.md") == nil)
  }
}
