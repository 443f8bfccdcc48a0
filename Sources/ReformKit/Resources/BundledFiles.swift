import Foundation

/// The git hooks `reform` provides.
public enum HookName: String, Sendable, CaseIterable {
  case preCommit = "pre-commit"
  case commitMsg = "commit-msg"
  case prePush = "pre-push"
  case preReceive = "pre-receive"

  /// The hooks a clone runs; `pre-receive` runs on the server.
  public static let client: [HookName] = [.preCommit, .commitMsg, .prePush]
}

/// The default templates and hook scripts that ship inside the binary.
public enum BundledFiles {
  /// Every bundled file keyed by its path in the source tree (`templates/…`, `hooks/…`).
  public static var all: [String: String] { EmbeddedFiles.files }

  /// The folder of a plan repository that holds its templates.
  public static let repositoryTemplateFolder = ".reform/templates"

  /// The templates as `reform init` copies them into `.reform/templates/`, keyed by path.
  public static var repositoryTemplates: [String: String] {
    var result: [String: String] = [:]
    for (path, text) in EmbeddedFiles.files where path.hasPrefix("templates/") {
      result[repositoryTemplateFolder + "/" + path.dropFirst("templates/".count)] = text
    }
    return result
  }

  /// The default template of a plan kind.
  public static func planTemplate(_ kind: PlanKind) -> String {
    EmbeddedFiles.files["templates/plans/\(kind.rawValue).md"] ?? ""
  }

  /// The default template of a record kind.
  public static func recordTemplate(_ kind: RecordKind) -> String {
    EmbeddedFiles.files["templates/records/\(kind.rawValue).md"] ?? ""
  }

  /// The script of a hook, set to run the reform binary at `binary` first.
  public static func hookScript(_ hook: HookName, binary: String) -> String {
    let quoted = binary.replacingOccurrences(of: "'", with: "'\\''")
    return (EmbeddedFiles.files["hooks/\(hook.rawValue)"] ?? "")
      .replacingOccurrences(of: "@REFORM_BINARY@", with: quoted)
  }
}
