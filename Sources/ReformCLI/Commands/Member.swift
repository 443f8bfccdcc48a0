import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Member: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "member",
      abstract: localized("Changes or shows the members of the policy."),
      subcommands: [Add.self, Update.self, Remove.self, Sync.self, List.self])
  }
}

extension Reform.Member {
  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: localized("Adds a member in an admin's signed commit on main."))

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: localized("The member's name (no spaces, commas or quotes)."))
    var name: String

    @Option(help: localized("The member's public key: a .pub file, or the text 'ssh-ed25519 AAAA…'."))
    var key: String

    @Option(help: localized("The member's unit."))
    var unit: String

    @Option(help: localized("Comma-separated roles: drafter, reviewer, legal, reform-office, approver, inspector, admin."))
    var roles: String

    @Option(help: localized("Comma-separated special groups a reviewer reviews for."))
    var groups: String?

    @Option(help: localized("The member's e-mail address, which their commits and tags carry."))
    var email: String?

    @OptionGroup var admin: AdminSigningOptions

    func run() throws {
      let publicKey = try SigningKeyLocator.loadPublicKey(key)
      let parsedRoles = try parseRoles(roles)
      let member = ReformKit.Member(
        name: name, key: publicKey, unit: unit, roles: parsedRoles, groups: commaSeparated(groups ?? ""),
        email: email)
      let plans = try repository.open()
      let signer = try admin.key(for: plans)
      let commit = try plans.addMember(member, signedBy: signer)
      print(Language.current.choose("added \(name) (\(parsedRoles.map(\.rawValue).joined(separator: ", "))) in \(commit.hex)", "已添加 \(name)（\(parsedRoles.map(\.chineseName).joined(separator: "、"))），提交 \(commit.hex)"))
    }
  }

  struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "remove",
      abstract: localized("Removes a member in an admin's signed commit on main."))

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: localized("The member's name."))
    var name: String

    @OptionGroup var admin: AdminSigningOptions

    func run() throws {
      let plans = try repository.open()
      let signer = try admin.key(for: plans)
      let commit = try plans.removeMember(named: name, signedBy: signer)
      print(Language.current.choose("removed \(name) in \(commit.hex)", "已移除 \(name)，提交 \(commit.hex)"))
    }
  }

  struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "sync",
      abstract: localized("Rewrites .reform/allowed_signers from the policy on main (an admin's signed commit)."))

    @OptionGroup var repository: RepositoryOptions

    @OptionGroup var admin: AdminSigningOptions

    func run() throws {
      let plans = try repository.open()
      let signer = try admin.key(for: plans)
      if let commit = try plans.syncAllowedSigners(signedBy: signer) {
        print(Language.current.choose("rewrote .reform/allowed_signers in \(commit.hex)", "已重写 .reform/allowed_signers，提交 \(commit.hex)"))
      } else {
        print(localized(".reform/allowed_signers matches the policy; nothing to do") as String)
      }
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: localized("Lists the members of the policy on main."))

    @OptionGroup var repository: RepositoryOptions

    @Flag(help: localized("Print JSON."))
    var json = false

    struct Row: Encodable {
      let name: String
      let unit: String
      let roles: [String]
      let groups: [String]
      let email: String?
      let key: String
      let fingerprint: String
      let retiredKeys: [RetiredKeyRow]
    }

    /// A key the member signed with before, valid up to `validBefore` (`YYYYMMDDHHMMSSZ`).
    struct RetiredKeyRow: Encodable {
      let key: String
      let fingerprint: String
      let validBefore: String
    }

    func run() throws {
      let rows = try repository.open().members().map { member in
        Row(
          name: member.name, unit: member.unit, roles: member.roles.map(\.rawValue), groups: member.groups,
          email: member.email, key: member.key.openSSH, fingerprint: member.key.fingerprint,
          retiredKeys: member.retiredKeys.map { retired in
            RetiredKeyRow(
              key: retired.key.openSSH, fingerprint: retired.key.fingerprint,
              validBefore: retired.timestamp)
          })
      }
      if json { return try Output.json(rows) }
      let header =
        Language.current == .chinese
        ? ["姓名", "单位", "角色", "专项小组", "电子邮件", "密钥", "停用的密钥（有效至）"]
        : ["name", "unit", "roles", "groups", "email", "key", "retired keys (valid up to)"]
      Board.print(aligned: [header] + rows.map(cells))
    }

    /// A row's cells for the text table, escaped, `-` for none.
    private func cells(_ row: Row) -> [String] {
      let retired = row.retiredKeys.map { "\($0.fingerprint) (\($0.validBefore))" }
      return [
        row.name, row.unit,
        row.roles.map { Role(rawValue: $0)?.localizedName ?? $0 }.joined(separator: ","), row.groups.joined(separator: ","),
        row.email ?? "", row.fingerprint, retired.joined(separator: ", "),
      ].map { $0.isEmpty ? "-" : Output.escaped($0) }
    }
  }
}

/// The roles of a `--roles` option.
/// - Throws: `ValidationError` (a usage error) naming an unknown role and the known ones.
func parseRoles(_ text: String) throws -> [Role] {
  var seen: Set<Role> = []
  return try commaSeparated(text).map { item in
    guard let role = Role(word: item) else {
      let known = Role.acceptedWords.joined(separator: ", ")
      throw ValidationError(Language.current.choose("unknown role '\(item)'; the roles are: \(known)", "未知角色 '\(item)'；角色有：\(known)"))
    }
    return role
  }.filter { seen.insert($0).inserted }
}

/// The non-empty, trimmed items of a comma-separated option.
func commaSeparated(_ text: String) -> [String] {
  text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

/// The `--signing-key` option of the `member` commands (`--key` names the new member's key).
struct AdminSigningOptions: ParsableArguments, KeyOption {
  @Option(
    name: .customLong("signing-key"),
    help: localized("The admin's private key (default: $REFORM_SIGNING_KEY, else git's user.signingkey)."))
  var keyPath: String?
}
