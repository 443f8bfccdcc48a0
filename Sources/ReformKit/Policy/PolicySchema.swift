import Foundation
import Synchronization

extension Policy {
  /// What a parse depends on: the bytes, the path named in problems and their language.
  private struct ParseInput: Equatable {
    let data: Data
    let path: String
    let language: Language
  }

  /// The last few policies parsed: a command meets `main`'s policy, and those its version tags
  /// were approved under, along several paths (its own checks, the judge's, the tags'), and
  /// parsing YAML is much of a short command's work.
  private static let recentlyParsed = Mutex<[(input: ParseInput, result: (Policy?, [Diagnostic]))]>([])

  /// Parses and checks `.reform/policy.yaml`: the policy, or `nil` and every problem found.
  public static func parse(_ data: Data, path: String = Policy.path) -> (Policy?, [Diagnostic]) {
    let input = ParseInput(data: data, path: path, language: Language.current)
    if let known = recentlyParsed.withLock({ $0.last { $0.input == input } }) { return known.result }
    let result = parsed(data, path: path)
    recentlyParsed.withLock { recent in
      recent.append((input, result))
      if recent.count > 4 { recent.removeFirst() }
    }
    return result
  }

  private static func parsed(_ data: Data, path: String) -> (Policy?, [Diagnostic]) {
    var sink = DiagnosticSink(path: path)
    guard let text = FrontMatterFile.decodeText(data, sink: &sink),
      let root = YAMLLoader.load(text, firstLine: 1, sink: &sink)
    else { return (nil, sink.diagnostics) }
    let checker = SchemaChecker(path: path)
    guard checker.requireMapping(root, key: "policy") != nil else { return (nil, checker.diagnostics) }
    checker.rejectUnknownKeys(in: root, allowed: ["members", Policy.commitDateWindowKey, Policy.languageKey])
    var policy = try? Policy(members: [])
    if let word = checker.choice(root, Policy.languageKey, from: Policy.languageValues.map(\.0), required: false) {
      policy?.language = Policy.languageValues.first { $0.0 == word }?.1
    }
    if let days = checker.int(root, Policy.commitDateWindowKey, required: false) {
      if Policy.commitDateWindowRange.contains(days) {
        policy?.commitDateWindowDays = days
      } else {
        checker.report(
          line: root.line, key: Policy.commitDateWindowKey,
          Language.current.choose(
            "must be a number of days from \(Policy.commitDateWindowRange.lowerBound) to \(Policy.commitDateWindowRange.upperBound)",
            "应为 \(Policy.commitDateWindowRange.lowerBound) 到 \(Policy.commitDateWindowRange.upperBound) 之间的天数"))
      }
    }
    for (index, item) in (checker.list(root, "members", nonEmpty: true) ?? []).enumerated() {
      guard let member = member(item, index: index, checker: checker) else { continue }
      do {
        try policy?.add(member)
      } catch {
        checker.report(line: item.line, key: "members[\(index)]", error.localizedDescription)
      }
    }
    if checker.diagnostics.isEmpty, let policy, !policy.members.contains(where: { $0.has(.admin) }) {
      checker.report(line: root.line, key: "members", Language.current.choose("no member has the role admin: the policy needs one", "没有成员具有管理员（admin）角色：策略至少需要一名"))
    }
    return checker.diagnostics.isEmpty ? (policy, []) : (nil, checker.diagnostics)
  }

  private static func member(_ item: YAMLNode, index: Int, checker: SchemaChecker) -> Member? {
    let prefix = "members[\(index)]."
    guard checker.requireMapping(item, key: "members[\(index)]") != nil else { return nil }
    let keys = ["name", "key", "unit", "roles", "groups", "email", Policy.retiredKeysKey]
    checker.rejectUnknownKeys(in: item, allowed: keys, prefix: prefix)
    let name = checker.string(item, "name", prefix: prefix)
    let key = publicKey(item, prefix: prefix, checker: checker)
    let unit = checker.string(item, "unit", prefix: prefix)
    var roles: [Role] = []
    for (roleIndex, text) in (checker.stringList(item, "roles", prefix: prefix, nonEmpty: true) ?? []).enumerated() {
      if let role = Role(rawValue: text) {
        roles.append(role)
      } else {
        checker.report(
          line: item["roles"]?.line ?? item.line, key: "\(prefix)roles[\(roleIndex)]",
          Language.current.choose("unknown role '\(text)'; the roles are: \(Role.allCases.map(\.rawValue).joined(separator: ", "))", "未知角色 '\(text)'；角色有：\(Role.allCases.map(\.rawValue).joined(separator: "、"))"))
      }
    }
    let groups = checker.stringList(item, "groups", prefix: prefix, required: false) ?? []
    let email = checker.string(item, "email", prefix: prefix, required: false)
    let retiredKeys = retiredKeys(item, prefix: prefix, checker: checker)
    guard let name, let key, let unit, !roles.isEmpty, let retiredKeys else { return nil }
    return Member(
      name: name, key: key, unit: unit, roles: roles, groups: groups, email: email,
      retiredKeys: retiredKeys)
  }

  /// The `key` of `mapping`, an `ssh-ed25519 …` public key.
  private static func publicKey(
    _ mapping: YAMLNode, prefix: String, checker: SchemaChecker
  ) -> SSHPublicKey? {
    guard let text = checker.string(mapping, "key", prefix: prefix) else { return nil }
    do {
      return try SSHPublicKey(openSSH: text)
    } catch {
      let line = mapping["key"]?.line ?? mapping.line
      checker.report(line: line, key: prefix + "key", error.localizedDescription)
      return nil
    }
  }

  /// A member's `retired_keys`: a list of `{key, valid_before}`; `nil` when one is wrong.
  private static func retiredKeys(
    _ item: YAMLNode, prefix: String, checker: SchemaChecker
  ) -> [RetiredKey]? {
    let listKey = prefix + Policy.retiredKeysKey
    var retired: [RetiredKey] = []
    var complete = true
    let entries = checker.list(item, Policy.retiredKeysKey, prefix: prefix, required: false) ?? []
    for (index, entry) in entries.enumerated() {
      let entryPrefix = "\(listKey)[\(index)]."
      guard checker.requireMapping(entry, key: "\(listKey)[\(index)]") != nil else {
        complete = false
        continue
      }
      checker.rejectUnknownKeys(
        in: entry, allowed: ["key", Policy.validBeforeKey], prefix: entryPrefix)
      let key = publicKey(entry, prefix: entryPrefix, checker: checker)
      let time = checker.string(entry, Policy.validBeforeKey, prefix: entryPrefix)
      guard let key, let time else {
        complete = false
        continue
      }
      guard let retiredKey = RetiredKey(key: key, timestamp: time) else {
        checker.report(
          line: entry[Policy.validBeforeKey]?.line ?? entry.line,
          key: entryPrefix + Policy.validBeforeKey,
          Language.current.choose("must be a time written YYYYMMDDHHMMSSZ (UTC), as OpenSSH's valid-before", "应为时间，写作 YYYYMMDDHHMMSSZ（UTC），同 OpenSSH 的 valid-before"))
        complete = false
        continue
      }
      retired.append(retiredKey)
    }
    return complete ? retired : nil
  }
}
