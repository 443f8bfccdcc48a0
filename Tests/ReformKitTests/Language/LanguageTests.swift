import ReformKit
import Testing

@Suite struct LanguageTests {
  @Test(arguments: [
    (["LANG": "zh_CN.UTF-8"], Language.chinese),
    (["LANG": "zh_TW"], .chinese),
    (["LANG": "C.UTF-8"], .english),
    ([:], .english),
    (["LC_ALL": "C", "LANG": "zh_CN.UTF-8"], .english),
    (["LC_ALL": "", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"], .chinese),
    (["LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"], .english),
  ])
  func theFirstLocaleVariableSetDecides(environment: [String: String], expected: Language) {
    #expect(Language.from(environment: environment) == expected)
  }

  @Test func everyEnumeratedValueHasAChineseNameThatNamesOnlyIt() {
    func check<Value: NamedInChinese & Equatable>(_: Value.Type) {
      for value in Value.allCases {
        #expect(!value.chineseNames.isEmpty)
        for name in value.chineseNames { #expect(Value(word: name) == value, "\(name)") }
        #expect(Value(word: value.rawValue) == value)
      }
    }
    check(PlanKind.self)
    check(Stage.self)
    check(Role.self)
    check(RecordKind.self)
    check(ConsultationType.self)
    check(ReviewType.self)
    check(ReviewVerdict.self)
    check(DecisionBody.self)
    check(DecisionVerdict.self)
    check(CountersignVerdict.self)
    check(PilotEvaluationStage.self)
    check(Light.self)
    check(DeadlineName.self)
  }
}
