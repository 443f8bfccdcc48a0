import Foundation
import GitKit

/// The rules of SPEC section 5 a commit, tag or reference can break.
public enum Rule: String, Sendable, Codable, CaseIterable {
  /// No signature, a bad one, or a key outside the policy in force.
  case signature
  /// `.reform/` changed off `main`, by a non-admin, or into a policy without an admin.
  case policy
  /// A change the signer's role or scope may not make.
  case role
  /// A record or change at a stage where it does not belong.
  case stage
  /// A plan branch changed files outside its plan's folder.
  case scope
  /// `main` changed other than by an approval merge, or a plan branch carries another `.reform/`.
  case main
  /// `main` or a version tag deleted or rewritten.
  case protected
  /// A branch or tag name outside the namespaces, or a plan on two stage branches.
  case namespace
  /// A record dated after its commit.
  case recordDate = "record-date"
  /// A transition whose gate did not hold.
  case gate
  /// A version tag that is unsigned, signed by a non-approver, or points elsewhere.
  case tag
  /// `Reform-*` trailers that contradict what the commit does.
  case trailer
  /// A plan or record that does not validate, a record deleted, or a message too long.
  case content
  /// A merge whose tree is not the clean merge of its parents.
  case merge
  /// A tree entry that is not plain: a link, gitlink, executable or misplaced file under
  /// `plans/`, a case or normalisation twin, a name that is not UTF-8, or a git presentation
  /// file (`.gitattributes`, `.gitmodules`, `.mailmap`) outside the root or by a non-admin.
  case tree
  /// A commit dated before its parents, or (on the server) long before the push.
  case time
}

/// One violation: the commit (when the rule is about one), the reference it was reached
/// through, the rule and what is wrong.
public struct Violation: Sendable, Equatable, Codable, CustomStringConvertible {
  /// The commit's id, or `nil` for a violation of a reference.
  public let commit: String?
  /// The reference.
  public let ref: String
  /// The rule broken.
  public let rule: Rule
  /// What is wrong, in one line.
  public let detail: String

  /// A violation.
  public init(commit: OID?, ref: String, rule: Rule, detail: String) {
    self.commit = commit?.hex
    self.ref = ref
    self.rule = rule
    self.detail = detail
  }

  private enum CodingKeys: String, CodingKey {
    case commit, ref, rule, detail
  }

  /// Encodes every key, `commit` as `null` for a violation of a reference.
  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(commit, forKey: .commit)
    try container.encode(ref, forKey: .ref)
    try container.encode(rule, forKey: .rule)
    try container.encode(detail, forKey: .detail)
  }

  /// `<commit> <ref>: <rule>: <detail>`, with the colons of the reader's language; the rule
  /// keeps SPEC's name.
  public var description: String {
    let colon = Language.current.choose(": ", "：")
    return (commit.map { "\($0.prefix(12)) " } ?? "") + ref + colon + rule.rawValue + colon + detail
  }
}
