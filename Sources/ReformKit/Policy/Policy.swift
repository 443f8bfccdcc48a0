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
  /// The keys the member signed with before, oldest first: each verifies what it signed up to
  /// its retirement and authorises nothing new.
  public var retiredKeys: [RetiredKey]

  /// A member.
  public init(
    name: String, key: SSHPublicKey, unit: String, roles: [Role], groups: [String] = [],
    email: String? = nil, retiredKeys: [RetiredKey] = []
  ) {
    self.name = name
    self.key = key
    self.unit = unit
    self.roles = roles
    self.groups = groups
    self.email = email
    self.retiredKeys = retiredKeys
  }

  /// Whether the member has `role`.
  public func has(_ role: Role) -> Bool { roles.contains(role) }

  /// The current key, then the retired ones.
  var keysEverHeld: [SSHPublicKey] { [key] + retiredKeys.map(\.key) }
}

/// A key a member signed with until `reform member update --key` replaced it. It stays in the
/// policy, and in `allowed_signers` with OpenSSH's `valid-before`, so that `git verify-commit`
/// still reports a good signature on what it signed before; it signs nothing new.
public struct RetiredKey: Sendable, Equatable {
  /// The old key.
  public var key: SSHPublicKey
  /// The last second the key was valid: the committer time of the commit that retired it
  /// (OpenSSH's `valid-before` includes it).
  public var validBefore: Date

  /// A key retired at `validBefore`, to the second.
  public init(key: SSHPublicKey, validBefore: Date) {
    self.key = key
    let seconds = validBefore.timeIntervalSince1970.rounded(.down)
    self.validBefore = Date(timeIntervalSince1970: seconds)
  }

  /// A key retired at `timestamp`, written `YYYYMMDDHHMMSSZ` (UTC) as OpenSSH writes times;
  /// `nil` when `timestamp` is not such a moment.
  public init?(key: SSHPublicKey, timestamp: String) {
    let digits = timestamp.dropLast()
    guard timestamp.count == 15, timestamp.last == "Z",
      digits.allSatisfy({ $0.isASCII && $0.isNumber })
    else { return nil }
    let number = { (offset: Int, length: Int) -> Int? in
      Int(digits.dropFirst(offset).prefix(length))
    }
    var components = DateComponents()
    components.year = number(0, 4)
    components.month = number(4, 2)
    components.day = number(6, 2)
    components.hour = number(8, 2)
    components.minute = number(10, 2)
    components.second = number(12, 2)
    // A date the calendar rolls over (30 February, 24:00) does not write back the same.
    guard let date = Self.calendar.date(from: components) else { return nil }
    self.init(key: key, validBefore: date)
    guard self.timestamp == timestamp else { return nil }
  }

  /// `validBefore` as `YYYYMMDDHHMMSSZ` (UTC): the policy's `valid_before` and the
  /// `valid-before` of `allowed_signers`.
  public var timestamp: String {
    let parts = Self.calendar.dateComponents(
      [.year, .month, .day, .hour, .minute, .second], from: validBefore)
    let fields = [
      (parts.year, 4), (parts.month, 2), (parts.day, 2), (parts.hour, 2), (parts.minute, 2),
      (parts.second, 2),
    ]
    return fields.map { value, width in
      let text = String(value ?? 0)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }.joined() + "Z"
  }

  /// Whether the key still verifies a signature made at `time` (by the commit's date, as git
  /// asks `ssh-keygen`).
  public func verifies(at time: Date) -> Bool { time <= validBefore }

  private static let calendar: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
    return calendar
  }()
}

/// A field of a member that `reform member update` may change.
public enum MemberField: String, Sendable, CaseIterable {
  case roles, groups, unit, email, key
}

/// What `reform member update` changes in a member; a `nil` field stays as it is.
public struct MemberChange: Sendable, Equatable {
  /// The new roles.
  public var roles: [Role]?
  /// The new special groups (empty: none).
  public var groups: [String]?
  /// The new unit.
  public var unit: String?
  /// The new e-mail address.
  public var email: String?
  /// The new key; the current one is retired.
  public var key: SSHPublicKey?

  /// A change of the fields given.
  public init(
    roles: [Role]? = nil, groups: [String]? = nil, unit: String? = nil, email: String? = nil,
    key: SSHPublicKey? = nil
  ) {
    self.roles = roles
    self.groups = groups
    self.unit = unit
    self.email = email
    self.key = key
  }
}

/// Why a change to the policy was refused.
public enum PolicyError: Error, Equatable, LocalizedError {
  /// Another member already has this name.
  case duplicateName(String)
  /// Another member already has this key, now or as a retired key.
  case duplicateKey(name: String)
  /// The key is one this member retired: a retired key signs nothing again.
  case retiredKeyReused(name: String)
  /// No member has this name.
  case unknownMember(String)
  /// The change would leave no admin to change the policy.
  case lastAdmin(String)
  /// A member's name or fields break the policy's rules.
  case invalidMember(String)
  /// The update leaves the member as they were.
  case unchanged(String)

  public var errorDescription: String? {
    let language = Language.current
    return switch self {
    case .duplicateName(let name):
      language.choose(
        "a member named '\(name)' already exists: choose another name", "已有名为 '\(name)' 的成员：请换一个名字")
    case .duplicateKey(let name):
      language.choose(
        "this key already belongs to member '\(name)': each member has a key of their own",
        "此密钥已属于成员 '\(name)'：每位成员应有自己的密钥")
    case .retiredKeyReused(let name):
      language.choose(
        "this key is one '\(name)' retired, and a retired key signs nothing again: "
          + "give a new key (reform keys generate FILE)",
        "此密钥是 '\(name)' 已停用的密钥，停用的密钥不能再签名：请给出新密钥（reform keys generate 文件）")
    case .unknownMember(let name):
      language.choose(
        "no member named '\(name)': see reform member list", "没有名为 '\(name)' 的成员：请查看 reform member list")
    case .lastAdmin(let name):
      language.choose(
        "'\(name)' is the last admin: add another admin first", "'\(name)' 是最后一位管理员：请先增加另一位管理员")
    case .invalidMember(let detail): detail
    case .unchanged(let name):
      language.choose("'\(name)' already has these values: nothing to change", "'\(name)' 已是这些值：无需变更")
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

  /// The language of the commit and tag messages the tool writes for every member (`nil`:
  /// none set, English, as before the setting existed). `reform init` sets Chinese.
  public var language: Language?

  /// The language the tool's messages are written in.
  var messageLanguage: Language { language ?? .english }

  /// The policy key of `language`, and its values.
  static let languageKey = "language"
  static let languageValues: [(String, Language)] = [("zh", .chinese), ("en", .english)]

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

  /// The member whose current key is `key`: only a current key authorises anything.
  public func member(for key: SSHPublicKey) -> Member? {
    members.first { $0.key == key }
  }

  /// The member who signed with `key` at `time`: the holder of the current key `key`, or of
  /// the retired key `key` when `time` is not after its retirement (what git accepts with
  /// `allowed_signers`). For a record written in the past, counted by a later policy.
  public func member(signingWith key: SSHPublicKey, at time: Date) -> Member? {
    if let member = member(for: key) { return member }
    guard let (member, retired) = retirement(of: key), retired.verifies(at: time) else {
      return nil
    }
    return member
  }

  /// The member who retired `key`, and when.
  public func retirement(of key: SSHPublicKey) -> (member: Member, key: RetiredKey)? {
    for member in members {
      if let retired = member.retiredKeys.first(where: { $0.key == key }) {
        return (member, retired)
      }
    }
    return nil
  }

  /// The member called `name`.
  public func member(named name: String) -> Member? {
    members.first { $0.name == name }
  }

  /// Adds `member`, refusing a duplicate name or key, or a name `allowed_signers` cannot carry.
  public mutating func add(_ member: Member) throws(PolicyError) {
    try Self.check(member, besides: members)
    members.append(member)
  }

  /// Changes the member called `name` as `change` says, at `time`, the moment of the commit
  /// that makes the change: a new key retires the current one, which stays in the policy as
  /// valid up to `time`. The member is checked as `add` checks one, and the last admin keeps
  /// the role.
  /// - Returns: the fields that changed; none when the member already was so.
  @discardableResult
  public mutating func update(
    named name: String, _ change: MemberChange, at time: Date
  ) throws(PolicyError) -> [MemberField] {
    guard let index = members.firstIndex(where: { $0.name == name }) else {
      throw .unknownMember(name)
    }
    let old = members[index]
    var new = old
    if let roles = change.roles { new.roles = roles }
    if let groups = change.groups { new.groups = groups }
    if let unit = change.unit { new.unit = unit }
    if let email = change.email { new.email = email }
    if let key = change.key, key != old.key {
      new.retiredKeys.append(RetiredKey(key: old.key, validBefore: time))
      new.key = key
    }
    var others = members
    others.remove(at: index)
    try Self.check(new, besides: others)
    if old.has(.admin) && !new.has(.admin) && !others.contains(where: { $0.has(.admin) }) {
      throw .lastAdmin(name)
    }
    members[index] = new
    let changed: [MemberField: Bool] = [
      .roles: old.roles != new.roles, .groups: old.groups != new.groups,
      .unit: old.unit != new.unit, .email: old.email != new.email, .key: old.key != new.key,
    ]
    return MemberField.allCases.filter { changed[$0] == true }
  }

  /// Checks `member` on its own and beside `others`: a name `allowed_signers` can carry, the
  /// fields its roles need, and a name and keys (current or retired) no one else has.
  private static func check(_ member: Member, besides others: [Member]) throws(PolicyError) {
    if let problem = Self.nameProblem(member.name) { throw .invalidMember(problem) }
    let language = Language.current
    if member.unit.allSatisfy(\.isWhitespace) {
      throw .invalidMember(language.choose("member '\(member.name)' needs a unit", "成员 '\(member.name)' 须有单位"))
    }
    if member.roles.isEmpty {
      throw .invalidMember(language.choose("member '\(member.name)' needs at least one role", "成员 '\(member.name)' 至少须有一个角色"))
    }
    if let email = member.email, !Self.isAddress(email) {
      throw .invalidMember(
        language.choose(
          "'\(ControlCharacters.escaped(email))' is not an e-mail address: one @, no spaces, no < > quotes or invisible characters",
          "'\(ControlCharacters.escaped(email))' 不是电子邮件地址：应有一个 @，不含空格、< >、引号或不可见字符"))
    }
    if member.has(.reviewer) && member.groups.isEmpty {
      throw .invalidMember(
        language.choose(
          "reviewer '\(member.name)' needs the special groups they review for (--groups)",
          "审核人 '\(member.name)' 须有其审核的专项小组（--groups）"))
    }
    if others.contains(where: { $0.name == member.name }) { throw .duplicateName(member.name) }
    for key in member.keysEverHeld {
      if let owner = others.first(where: { $0.keysEverHeld.contains(key) }) {
        throw .duplicateKey(name: owner.name)
      }
    }
    if member.retiredKeys.contains(where: { $0.key == member.key })
      || Set(member.retiredKeys.map(\.key)).count != member.retiredKeys.count
    {
      throw .retiredKeyReused(name: member.name)
    }
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
    if name.isEmpty { return Language.current.choose("a member name must not be empty", "成员姓名不能为空") }
    let forbidden = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: ",\"'*?!#\\"))
      .union(.controlCharacters)
    if name.unicodeScalars.contains(where: forbidden.contains) {
      return Language.current.choose(
        "member name '\(name)' may not contain spaces, commas, quotes or * ? ! # \\",
        "成员姓名 '\(name)' 不能包含空格、逗号、引号或 * ? ! # \\")
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
      "# Change it with `reform member add|update|remove`; only an admin's signed commit may"
        + " change .reform/.",
      "members:",
    ]
    if commitDateWindowDays != Self.defaultCommitDateWindowDays {
      lines.insert("\(Self.commitDateWindowKey): \(commitDateWindowDays)", at: 2)
    }
    if let language, let word = Self.languageValues.first(where: { $0.1 == language })?.0 {
      lines.insert("\(Self.languageKey): \(word)", at: 2)
    }
    for member in members {
      lines.append("  - name: \(YAMLText.quoted(member.name))")
      lines.append("    key: \(YAMLText.quoted(member.key.openSSH))")
      lines.append("    unit: \(YAMLText.quoted(member.unit))")
      lines.append("    roles: \(YAMLText.list(member.roles.map(\.rawValue)))")
      if !member.groups.isEmpty { lines.append("    groups: \(YAMLText.list(member.groups))") }
      if let email = member.email { lines.append("    email: \(YAMLText.quoted(email))") }
      if !member.retiredKeys.isEmpty { lines.append("    \(Self.retiredKeysKey):") }
      for retired in member.retiredKeys {
        lines.append("      - key: \(YAMLText.quoted(retired.key.openSSH))")
        lines.append("        \(Self.validBeforeKey): \(YAMLText.quoted(retired.timestamp))")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The `allowed_signers` file (`ssh-keygen(1)`): one line per key, principal = name,
  /// restricted to git's namespace; a retired key's line is `valid-before` its retirement, so
  /// git verifies what it signed before and refuses what it signs after.
  public var allowedSigners: String {
    members.map { member in
      "\(member.name) namespaces=\"git\" \(member.key.openSSH)\n"
        + member.retiredKeys.map {
          "\(member.name) namespaces=\"git\",valid-before=\"\($0.timestamp)\" \($0.key.openSSH)\n"
        }.joined()
    }.joined()
  }

  /// The current keys of all members: the keys that authorise.
  public var keys: Set<SSHPublicKey> { Set(members.map(\.key)) }

  /// Every key of every member, current or retired: the keys a signature of the past may carry.
  public var keysEverHeld: Set<SSHPublicKey> { Set(members.flatMap(\.keysEverHeld)) }

  /// The policy keys of a member's retired keys and of each one's retirement.
  static let retiredKeysKey = "retired_keys"
  static let validBeforeKey = "valid_before"
}
