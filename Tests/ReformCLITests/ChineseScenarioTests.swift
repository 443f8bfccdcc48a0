import Foundation
import TestSupport
import Testing

/// The lifecycle and the supervisor's queries as a Chinese user meets them (`LANG=zh_CN.UTF-8`):
/// every line `reform` prints, successes and refusals, is Chinese apart from what SPEC and git
/// name (ids, paths, options, commands to type, SPEC's values, hashes).
@Suite struct ChineseScenarioTests {
  /// Words a Chinese line may hold: the command, git's words, and names of formats.
  private static let allowedWords: Set<String> = [
    "reform", "git", "main", "YAML", "UTF", "SSH", "JSON", "CSV", "HTML", "MiB", "HEAD", "pre", "receive", "push",
    "commit", "hook", "ssh", "agent", "keygen", "allowed_signers", "signingkey", "user", "true", "false", "valid",
    "before", "id", "KB", "MB", "NUL", "OpenSSH", "Ed25519", "md", "yaml", "Markdown", "subcommand", "origin", "YYYY", "MM", "DD",
    // The subcommands, which help lists and messages name.
    "init", "member", "keys", "new", "record", "submit", "return", "approve", "amend", "withdraw", "validate", "status",
    "log", "show", "diff", "overdue", "report", "ledger", "todo", "verify", "index", "demo", "clone", "setup", "sync",
    "help",
  ]

  /// The English words of `text` outside what a Chinese line may hold: quoted text, options,
  /// commands to type (from `reform ` or `git ` up to the next Chinese character), paths, ids.
  static func englishWords(in text: String) -> [String] {
    var stripped = text
    for pattern in [
      #"SHA256:[A-Za-z0-9+/=]+"#, #"'[^']*'"#, #"“[^”]*”"#, #"(reform|git) [^\p{Han}（）：；，。]*"#, #"--[a-z-]+(=[^\s，；：）]*)?"#,
      #"[A-Za-z0-9_.-]*/[A-Za-z0-9_./<>-]*"#, #"[a-z0-9]+(-[a-z0-9]+)+"#, #"[a-z_]+\.(md|yaml|key|pub)"#,
      #"\b[a-z]+_[a-z_]+\b"#, #"\b[0-9a-f]{7,40}\b"#,
    ] {
      stripped = stripped.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
    }
    let words = stripped.components(separatedBy: CharacterSet.letters.inverted.union(.init(charactersIn: "0123456789")))
      .filter { $0.count >= 2 && $0.allSatisfy { $0.isASCII && $0.isLetter } }
    return words.filter { !allowedWords.contains($0) && !specValues.contains($0) }
  }

  /// SPEC's values, which files and messages keep as they are.
  private static let specValues: Set<String> = [
    "drafting", "consultation", "review", "approved", "withdrawn", "institutional", "implementation", "pilot",
    "drafter", "reviewer", "legal", "approver", "inspector", "admin", "office", "research", "decision",
    "countersign", "issuance", "filing", "progress", "inspection", "rectification", "lookback", "adjustment",
    "content", "procedure", "departmental", "public", "expert", "stability", "risk", "pass", "revise",
    "leading", "group", "government", "executive", "meeting", "standing", "committee", "rejected", "deferred",
    "major", "kind", "type", "verdict", "body", "units", "unit", "date", "period", "target", "work", "plan",
    "summary", "standards", "party", "findings", "items", "measures", "participants", "opinions", "reason",
    "inspector", "achieved", "problem", "due", "done", "meeting", "document", "number", "stage", "final", "end",
    // The lights and the JSON keys that help names.
    "red", "yellow", "green", "title", "version", "light", "reasons", "deadline", "detail", "commit", "signer",
    "verified", "path", "old", "rule", "ref",
  ]

  @Test func theLifecycleAndTheQueriesSpeakChinese() throws {
    let fixture = try LifecycleFixture()
    fixture.repository.language = "zh_CN.UTF-8"
    fixture.repository.recording = true
    // The lifecycle: a plan taken to review and approved, then recorded on main.
    try fixture.planInReview("zh-plan")
    try fixture.must(LifecycleFixture.decision("zh-plan", "leading-group"), as: "approver")
    try fixture.must(["record", "zh-plan", "issuance", "--field", "document_number=皖发〔2026〕1号", "--date", "2026-04-10"], as: "approver")
    // Refusals a user meets.
    let refused: [([String], String)] = [
      (["submit", "zh-plan"], "drafter"), (["new", "Bad_Id", "--kind", "实施方案"], "drafter"),
      (["new", "zh-two", "--kind", "实施方案"], "reviewer"), (["record", "zh-plan", "progress", "--field", "period=2026-H9"], "drafter"),
      (["approve", "zh-plan", "--body", "会签", "--meeting", "会", "--date", "2026-04-01"], "approver"),
      (["new"], "drafter"), (["new", "zh-three", "--kind", "方案"], "drafter"), (["status", "--bogus"], "drafter"),
      (["show", "zh-plan", "--version", "9"], "drafter"), (["diff", "zh-plan"], "drafter"),
      (["member", "add", "x"], "admin"),
    ]
    for (arguments, signer) in refused {
      let result = try fixture.reform(arguments, as: signer)
      #expect(result.status != 0, "\(arguments) was accepted")
    }
    // The supervisor's queries.
    for arguments in [
      ["status"], ["status", "--summary", "单位"], ["overdue"], ["overdue", "--summary", "单位"], ["log", "zh-plan"], ["log"],
      ["todo", "--as", "孙丽"], ["report"], ["ledger", "-o", fixture.repository.folder.path("ledger.csv")],
      ["validate"], ["verify"], ["member", "list"], ["record", "--kinds"], ["--help"], ["status", "--help"],
    ] {
      try fixture.reform(arguments, as: "admin")
    }
    for (arguments, result) in fixture.repository.transcript {
      for line in (result.stdout + result.stderr).split(separator: "\n") {
        let english = Self.englishWords(in: String(line))
        #expect(english.isEmpty, "reform \(arguments.joined(separator: " ")): \(english) in: \(line)")
      }
    }
  }

  @Test func theCheckerFindsEnglishAndLetsThroughWhatSPECNames() {
    #expect(Self.englishWords(in: "reform: plan 'a' is approved") == ["is"])
    #expect(Self.englishWords(in: "方案 'a-plan' 已审定：请运行 reform status --as-of 2026-01-01").isEmpty)
    #expect(Self.englishWords(in: "plans/a-plan/records/2026-01-01-review-legal.md:3: type: 不能为空").isEmpty)
  }
}
