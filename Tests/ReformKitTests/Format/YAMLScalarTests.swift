import ReformKit
import Testing

@Suite struct YAMLScalarTests {
  private func plain(_ text: String) -> YAMLScalar { YAMLScalar(text: text, isPlain: true) }

  @Test func typesFollowTheCoreSchemaForPlainScalars() {
    #expect(plain("42").int == 42)
    #expect(plain("+7").int == 7)
    #expect(plain("-3").int == -3)
    #expect(plain("4.5").int == nil)
    #expect(plain("-").int == nil)
    #expect(plain("4.5").number == 4.5)
    #expect(plain(".5").number == 0.5)
    #expect(plain("5.").number == 5)
    #expect(plain("1e3").number == 1000)
    #expect(plain("-2.5E-1").number == -0.25)
    #expect(plain("1e").number == nil)
    #expect(plain(".").number == nil)
    #expect(plain("12a").number == nil)
    #expect(plain("五").number == nil)
    #expect(plain("true").bool == true)
    #expect(plain("yes").bool == nil)
    #expect(plain("~").isNull)
    #expect(YAMLScalar(text: "42", isPlain: false).int == nil)
    #expect(YAMLScalar(text: "42", isPlain: false).string == "42")
    #expect(plain("42").string == nil)
  }

  @Test func datesAreCalendarDays() {
    #expect(plain("2028-02-29").date?.description == "2028-02-29")
    #expect(plain("2027-02-29").date == nil)
    #expect(plain("2027-04-31").date == nil)
    #expect(plain("2027-4-30").date == nil)
    #expect(plain("2027-00-10").date == nil)
    #expect(plain("２０２７-01-01").date == nil)
  }

  @Test func planIDsFollowTheRule() {
    #expect(PlanID.isValid("abc"))
    #expect(PlanID.isValid("0-plan-2027"))
    #expect(!PlanID.isValid("ab"))
    #expect(!PlanID.isValid("-abc"))
    #expect(!PlanID.isValid("../etc"))
    #expect(!PlanID.isValid("Abc"))
    #expect(!PlanID.isValid("方案一"))
    #expect(!PlanID.isValid(String(repeating: "a", count: 65)))
    #expect(PlanID.isValid(String(repeating: "a", count: 64)))
  }
}
