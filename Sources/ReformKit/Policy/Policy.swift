import Foundation

/// The roles of SPEC section 5.
public enum Role: String, Sendable, CaseIterable, Codable {
  case drafter, reviewer, legal
  case reformOffice = "reform-office"
  case approver, inspector, admin
}

/// A member of the policy: a person bound to a signing key, a unit and roles.
public struct Member: Sendable, Equatable {
  /// The name, unique in the policy; it is the principal in `allowed_signers`.
  public var name: String
  /// The member's Ed25519 public key.
  public var key: SSHPublicKey
  /// The member's unit (单位).
  public var unit: String
  /// What the member may do.
  public var roles: [Role]
  /// The special groups a reviewer reviews for.
  public var groups: [String]
  /// The address the member's commits and tags carry (`nil`: none given).
  public var email: String?

  /// A member.
  public init(
    name: String, key: SSHPublicKey, unit: String, roles: [Role], groups: [String] = [], email: String? = nil
  ) {
    self.name = name
    self.key = key
    self.unit = unit
    self.roles = roles
    self.groups = groups
    self.email = email
  }

  /// Whether the member has `role`.
  public func has(_ role: Role) -> Bool { roles.contains(role) }
}

/// Why a change to the policy was refused.
public enum PolicyError: Error, Equatable, LocalizedError {
  /// Another member already has this name.
  case duplicateName(String)
  /// Another member already has this key.
  case duplicateKey(name: String)
  /// No member has this name.
  case unknownMember(String)
  /// The change would leave no admin to change the policy.
  case lastAdmin(String)
  /// A member's name or fields break the policy's rules.
  case invalidMember(String)

  public var errorDescription: String? {
    switch self {
    case .duplicateName(let name): "a member named '\(name)' already exists: choose another name"
    case .duplicateKey(let name): "this key already belongs to member '\(name)': each member has a key of their own"
    case .unknownMember(let name): "no member named '\(name)': see reform member list"
    case .lastAdmin(let name): "'\(name)' is the last admin: add another admin first"
    case .invalidMember(let detail): detail
    }
  }
}

/// `.reform/policy.yaml`: who may sign what.
public struct Policy: Sendable, Equatable {
  /// Where the policy lives in a plan repository.
  public static let path = ".reform/policy.yaml"
  /// Where the `allowed_signers` file generated from it lives.
  public static let allowedSignersPath = ".reform/allowed_signers"

  /// The members, in file order.
  public private(set) var members: [Member]
  /// How many days before a push its new commits may be dated (`pre-receive` refuses older
  /// ones): what on-time figures rest on.
  public var commitDateWindowDays = Policy.defaultCommitDateWindowDays

  /// The policy key of `commitDateWindowDays`.
  static let commitDateWindowKey = "commit_date_window_days"
  /// The window when the policy names none.
  public static let defaultCommitDateWindowDays = 7
  /// The windows a policy may set.
  static let commitDateWindowRange = 1...366

  /// A policy of `members`, checked as `adding` checks each.
  public init(members: [Member]) throws(PolicyError) {
    self.members = []
    for member in members { try add(member) }
  }

  /// The member whose key is `key`.
  public func member(for key: SSHPublicKey) -> Member? {
    members.first { $0.key == key }
  }

  /// The member called `name`.
  public func member(named name: String) -> Member? {
    members.first { $0.name == name }
  }

  /// Adds `member`, refusing a duplicate name or key, or a name `allowed_signers` cannot carry.
  public mutating func add(_ member: Member) throws(PolicyError) {
    if let problem = Self.nameProblem(member.name) { throw .invalidMember(problem) }
    if member.unit.allSatisfy(\.isWhitespace) { throw .invalidMember("member '\(member.name)' needs a unit") }
    if member.roles.isEmpty { throw .invalidMember("member '\(member.name)' needs at least one role") }
    if let email = member.email, !Self.isAddress(email) {
      throw .invalidMember(
        "'\(ControlCharacters.escaped(email))' is not an e-mail address: one @, no spaces, no < > quotes or invisible characters")
    }
    if member.has(.reviewer) && member.groups.isEmpty {
      throw .invalidMember("reviewer '\(member.name)' needs the special groups they review for (--groups)")
    }
    if self.member(named: member.name) != nil { throw .duplicateName(member.name) }
    if let owner = self.member(for: member.key) { throw .duplicateKey(name: owner.name) }
    members.append(member)
  }

  /// Removes the member called `name`, refusing to remove the last admin.
  public mutating func remove(named name: String) throws(PolicyError) {
    guard let index = members.firstIndex(where: { $0.name == name }) else { throw .unknownMember(name) }
    if members[index].has(.admin) && members.filter({ $0.has(.admin) }).count == 1 {
      throw .lastAdmin(name)
    }
    members.remove(at: index)
  }

  /// Why `name` cannot be a member name, or `nil` when it can: it is the principal of
  /// `allowed_signers`, where whitespace, commas, quotes and pattern characters have meaning.
  static func nameProblem(_ name: String) -> String? {
    if name.isEmpty { return "a member name must not be empty" }
    let forbidden = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: ",\"'*?!#\\"))
      .union(.controlCharacters)
    if name.unicodeScalars.contains(where: forbidden.contains) {
      return "member name '\(name)' may not contain spaces, commas, quotes or * ? ! # \\"
    }
    return nil
  }

  /// Whether `text` can stand as the address of a git identity: `local@domain`, nothing
  /// that would break the `Name <address>` header.
  static func isAddress(_ text: String) -> Bool {
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && text.count <= 254
      && !text.unicodeScalars.contains { scalar in
        scalar.properties.isWhitespace || [.control, .format, .lineSeparator, .paragraphSeparator].contains(scalar.properties.generalCategory)
          || "<>\"".unicodeScalars.contains(scalar)
      }
  }

  /// The policy as YAML, as `reform member` writes it.
  public var yaml: String {
    var lines = [
      "# reform policy (SPEC section 5): members, their signing keys, units and roles.",
      "# Change it with `reform member add|remove`; only an admin's signed commit may change .reform/.",
      "members:",
    ]
    if commitDateWindowDays != Self.defaultCommitDateWindowDays {
      lines.insert("\(Self.commitDateWindowKey): \(commitDateWindowDays)", at: 2)
    }
    for member in members {
      lines.append("  - name: \(YAMLText.quoted(member.name))")
      lines.append("    key: \(YAMLText.quoted(member.key.openSSH))")
      lines.append("    unit: \(YAMLText.quoted(member.unit))")
      lines.append("    roles: \(YAMLText.list(member.roles.map(\.rawValue)))")
      if !member.groups.isEmpty { lines.append("    groups: \(YAMLText.list(member.groups))") }
      if let email = member.email { lines.append("    email: \(YAMLText.quoted(email))") }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The `allowed_signers` file (`ssh-keygen(1)`): one line per member, principal = name,
  /// restricted to git's namespace.
  public var allowedSigners: String {
    members.map { "\($0.name) namespaces=\"git\" \($0.key.openSSH)\n" }.joined()
  }

  /// The set of keys of all members.
  public var keys: Set<SSHPublicKey> { Set(members.map(\.key)) }
}
