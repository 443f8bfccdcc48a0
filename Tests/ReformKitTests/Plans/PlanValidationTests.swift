import Foundation
import ReformKit
import TestSupport
import Testing

@Suite struct PlanValidationTests {
  private func keys(_ diagnostics: [Diagnostic]) -> [String] { diagnostics.map(\.key) }

  @Test(arguments: ["implementation", "institutional", "pilot"])
  func aValidPlanOfEachKindPasses(kind: String) throws {
    let diagnostics = MemorySnapshot.validatePlan(Fixtures.plan(kind: kind))
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let snapshot = MemorySnapshot(["plans/sample-plan/plan.md": Fixtures.plan(kind: kind)])
    let plan = try #require(Validator(snapshot: snapshot).plan("sample-plan").plan)
    #expect(plan.kind.rawValue == kind)
    #expect(plan.measures.first?.target.value == 1)
    #expect(plan.impacts.governmentDuties)
  }

  @Test func aByteOrderMarkAndCRLFAreAccepted() {
    let windows = "\u{FEFF}" + Fixtures.plan().replacingOccurrences(of: "\n", with: "\r\n")
    #expect(MemorySnapshot.validatePlan(windows).isEmpty)
  }

  @Test func diagnosticsNamePathLineKeyAndMessage() throws {
    let text = Fixtures.plan().replacingOccurrences(of: "major: true", with: "major: 是")
    let diagnostic = try #require(MemorySnapshot.validatePlan(text).first)
    #expect(diagnostic.description == "plans/sample-plan/plan.md:14: major: must be true or false")
  }

  @Test func aTargetThatHoldsItsBaselineIsAWarningNotAProblem() throws {
    let text = Fixtures.plan().replacingOccurrences(of: "value: 1\n", with: "value: 5\n")
    let report = Validator(snapshot: MemorySnapshot(["plans/sample-plan/plan.md": text])).validate(paths: ["plans/sample-plan/plan.md"])
    #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
    #expect(report.warnings.map(\.key) == ["measures[m1].target.value"])
    #expect(Validator(snapshot: MemorySnapshot(["plans/sample-plan/plan.md": text])).plan("sample-plan").plan != nil)
  }

  @Test func everyMissingFieldOfABlockIsReportedInOneRun() {
    let text = Fixtures.plan().replacingOccurrences(
      of: "responsible:\n  leader: 张副省长\n  unit: 省发展改革委\n  person: 李四\n", with: "responsible: {}\n")
    let found = Set(keys(MemorySnapshot.validatePlan(text)))
    #expect(found.isSuperset(of: ["responsible.leader", "responsible.unit", "responsible.person"]), "\(found)")
  }

  @Test func everyProblemIsReportedInOneRun() {
    let text = Fixtures.plan()
      .replacingOccurrences(of: "kind: implementation", with: "kind: 方案")
      .replacingOccurrences(of: "drafting_deadline: 2027-06-30", with: "drafting_deadline: 2027-02-30")
      .replacingOccurrences(of: "baseline: 5", with: "baseline: 五")
      .replacingOccurrences(of: "jurisdiction: 安徽省\n", with: "")
      .replacingOccurrences(of: "source: 2027-01", with: "sauce: 2027-01")
    let found = Set(keys(MemorySnapshot.validatePlan(text)))
    #expect(
      found.isSuperset(of: [
        "kind", "drafting_deadline", "measures[m1].target.baseline", "jurisdiction", "source", "sauce",
      ]), "\(found)")
  }

  @Test func theIdMustBeValidAndEqualTheFolder() {
    let other = MemorySnapshot.validatePlan(Fixtures.plan(id: "other-plan"))
    #expect(other.contains { $0.key == "id" && $0.message.contains("folder") })
    let bad = MemorySnapshot.validatePlan(Fixtures.plan(id: "Bad_Id"), id: "Bad_Id")
    #expect(bad.contains { $0.key == "id" && $0.message.contains("not a valid id") })
  }

  @Test func relatedPlansMustExist() {
    let missing = MemorySnapshot.validatePlan(Fixtures.plan(related: ["nowhere-plan"]))
    #expect(missing.contains { $0.key == "related[0]" && $0.message.contains("no plan 'nowhere-plan'") })
    let present = MemorySnapshot.validatePlan(
      Fixtures.plan(related: ["other-plan"]), others: ["plans/other-plan/plan.md": Fixtures.plan(id: "other-plan")])
    #expect(present.isEmpty)
  }

  @Test func headingsMustBeKeptInOrder() {
    let swapped = Fixtures.plan().replacingOccurrences(of: "## 总体要求", with: "## 临时")
      .replacingOccurrences(of: "## 保障措施", with: "## 保障措施\n\n## 总体要求")
    let diagnostics = MemorySnapshot.validatePlan(swapped)
    #expect(diagnostics.contains { $0.key == "body" && $0.message.contains("out of order") })
    let fenced = Fixtures.plan().replacingOccurrences(of: "## 主要任务", with: "```\n## 主要任务\n```")
    #expect(MemorySnapshot.validatePlan(fenced).contains { $0.message == "missing heading '## 主要任务'" })
  }

  @Test func measuresNeedUniqueIdsNumbersAndOwners() {
    let text = Fixtures.plan().replacingOccurrences(
      of: "measures:\n", with: "measures:\n  - id: m1\n    text: 重复\n    target: {}\n")
    let found = keys(MemorySnapshot.validatePlan(text))
    #expect(found.contains("measures[m1].id"))
    #expect(found.contains("measures[m1].target.metric"))
    #expect(found.contains("measures[m1].responsible"))
    let quoted = Fixtures.plan().replacingOccurrences(of: "value: 1", with: "value: \"1\"")
    #expect(keys(MemorySnapshot.validatePlan(quoted)) == ["measures[m1].target.value"])
  }

  @Test func aPilotNeedsItsScope() {
    let text = Fixtures.plan(kind: "pilot").replacingOccurrences(of: "  end: 2028-06-30\n", with: "  end: 2026-01-01\n")
    #expect(keys(MemorySnapshot.validatePlan(text)) == ["pilot.end"])
    let noScope = Fixtures.plan().replacingOccurrences(of: "kind: implementation", with: "kind: pilot")
    #expect(keys(MemorySnapshot.validatePlan(noScope)).contains("pilot"))
  }

  @Test func wrongTypesAreReportedNotCrashedOn() {
    let text = Fixtures.plan()
      .replacingOccurrences(of: "units: [省市场监管局, 省数据资源局]", with: "units: 省市场监管局")
      .replacingOccurrences(of: "problems:\n  - 企业开办环节多、时间长", with: "problems: []")
      .replacingOccurrences(of: "responsible:\n  leader: 张副省长\n  unit: 省发展改革委\n  person: 李四", with: "responsible: [张]")
      .replacingOccurrences(of: "impacts:\n", with: "impacts:\n  extra: true\n")
    let found = keys(MemorySnapshot.validatePlan(text))
    #expect(Set(found).isSuperset(of: ["units", "problems", "responsible", "impacts.extra"]), "\(found)")
  }
}

/// Inputs that must give a clear diagnostic and never a crash or a hang.
@Suite struct HostileInputTests {
  private func only(_ data: Data) -> Diagnostic? {
    let diagnostics = MemorySnapshot.validatePlan(data)
    return diagnostics.count == 1 ? diagnostics[0] : nil
  }

  @Test func invalidUTF8NamesItsLine() throws {
    var data = Data("---\nid: sample-plan\ntitle: ".utf8)
    data.append(contentsOf: [0xE6, 0x94])
    data.append(Data("\n---\n".utf8))
    let diagnostic = try #require(only(data))
    #expect(diagnostic.line == 3)
    #expect(diagnostic.message.contains("invalid UTF-8"))
  }

  @Test func binaryDataIsRefused() throws {
    let diagnostic = try #require(only(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00])))
    #expect(diagnostic.message.contains("binary"))
  }

  @Test func anEmptyFileHasNoFrontMatter() throws {
    #expect(try #require(only(Data())).key == "front matter")
  }

  @Test func aMissingOrUnclosedFrontMatterIsReported() throws {
    #expect(try #require(only(Data("# 标题\n\n正文\n".utf8))).message.contains("must begin with a line '---'"))
    #expect(try #require(only(Data("---\nid: a\n".utf8))).message.contains("not closed"))
  }

  @Test func aYAMLSyntaxErrorGivesItsLineAndColumn() throws {
    let diagnostic = try #require(only(Data("---\nid: sample-plan\ntitle: [未闭合\nkind: pilot\n---\n".utf8)))
    #expect(diagnostic.key == "front matter")
    #expect(diagnostic.message.contains("YAML syntax error at column"))
    #expect((3...5).contains(diagnostic.line))
  }

  @Test func duplicateKeysAreReported() throws {
    let diagnostic = try #require(only(Data("---\nid: sample-plan\nid: sample-plan\n---\n".utf8)))
    #expect(diagnostic.message.contains("duplicate key 'id'"))
    #expect(diagnostic.line == 2 || diagnostic.line == 3)
  }

  @Test func deepNestingIsRefused() throws {
    let deep = "---\nid: " + String(repeating: "[", count: 100_000) + "\n---\n"
    #expect(try #require(only(Data(deep.utf8))).key == "front matter")
    let block = "---\n" + (0..<2000).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n") + "\n---\n"
    #expect(!MemorySnapshot.validatePlan(block).isEmpty)
    let dashes = "---\nid: sample-plan\nproblems:\n" + String(repeating: "- ", count: 50_000) + "x\n---\n"
    #expect(!MemorySnapshot.validatePlan(dashes).isEmpty)
  }

  @Test func anAliasBombIsRefusedQuickly() throws {
    var lines = ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in 1..<12 {
      lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]")
    }
    lines += ["id: *a11", "---"]
    let clock = ContinuousClock()
    var diagnostics: [Diagnostic] = []
    let elapsed = clock.measure { diagnostics = MemorySnapshot.validatePlan(Data(lines.joined(separator: "\n").utf8)) }
    #expect(diagnostics.contains { $0.message.contains("anchors") })
    #expect(elapsed < .seconds(2))
    let keyBomb = lines.dropLast(2).joined(separator: "\n") + "\n? *a11\n: v\n---\n"
    #expect(MemorySnapshot.validatePlan(Data(keyBomb.utf8)).contains { $0.message.contains("keys") })
  }

  @Test func tagsAndSeveralDocumentsAreRefused() throws {
    let tagged = try #require(only(Data("---\nid: !custom sample-plan\n---\n".utf8)))
    #expect(tagged.message.contains("tags"))
    let documents = MemorySnapshot.validatePlan(Data("---\nid: a\n...\n---\nid: b\n---\n".utf8))
    #expect(!documents.isEmpty)
  }

  @Test func aFiftyMegabyteFileIsRefusedWithoutParsing() throws {
    var data = Data("---\nid: sample-plan\ntitle: ".utf8)
    data.append(Data(repeating: UInt8(ascii: "a"), count: 50 << 20))
    let clock = ContinuousClock()
    var diagnostic: Diagnostic?
    let elapsed = clock.measure { diagnostic = only(data) }
    #expect(try #require(diagnostic).message.contains("over the limit of 1 MiB"))
    #expect(elapsed < .seconds(2))
  }

  @Test func thousandsOfRandomMutationsGiveOnlyResultsOrDiagnostics() {
    var generator = SplitMix64(seed: 20_261_126)
    let original = Array(Fixtures.plan().utf8)
    let alphabet = Array("-:[]{}&*!?|>#'\"\n \t,0123456789abc中文\u{0}".utf8)
    var clean = 0
    for _ in 0..<3000 {
      var bytes = original
      for _ in 0..<Int.random(in: 1...8, using: &generator) {
        let position = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: bytes[position] = alphabet.randomElement(using: &generator) ?? 0
        case 1: bytes.remove(at: position)
        case 2: bytes.insert(alphabet.randomElement(using: &generator) ?? 0, at: position)
        default:
          let length = Int.random(in: 1...40, using: &generator)
          let start = Int.random(in: 0..<bytes.count, using: &generator)
          bytes.insert(contentsOf: bytes[start..<min(bytes.count, start + length)], at: position)
        }
      }
      let diagnostics = MemorySnapshot.validatePlan(Data(bytes))
      if diagnostics.isEmpty { clean += 1 }
      for diagnostic in diagnostics {
        #expect(diagnostic.line >= 1 && !diagnostic.message.isEmpty)
      }
    }
    #expect(clean > 0 && clean < 3000)
  }
}
