import ArgumentParser
import Foundation
import ReformKit

extension Reform.Member {
  /// `reform member update`: changes a member's roles, groups, unit, e-mail or key.
  struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "update",
      abstract:
        localized("Changes a member in an admin's signed commit on main; a new key retires the old one."),
      discussion: localized(
        """
        Only the fields given change. With --key the member's current key is retired: it stays \
        in the policy and in .reform/allowed_signers with valid-before set to this commit's \
        time, so that git verify-commit still accepts what it signed before, and it signs \
        nothing new.
        """))

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: localized("The member's name."))
    var name: String

    @Option(
      help: localized(
        "The new roles, comma-separated: drafter, reviewer, legal, reform-office, approver, inspector, admin."))
    var roles: String?

    @Option(help: localized("The new special groups a reviewer reviews for, comma-separated ('' for none)."))
    var groups: String?

    @Option(help: localized("The new unit."))
    var unit: String?

    @Option(help: localized("The new e-mail address, which the member's commits and tags carry."))
    var email: String?

    @Option(help: localized("The member's new public key: a .pub file, or the text 'ssh-ed25519 AAAA…'."))
    var key: String?

    @OptionGroup var admin: AdminSigningOptions

    func validate() throws {
      if roles == nil && groups == nil && unit == nil && email == nil && key == nil {
        throw ValidationError(
          localized("nothing to change: give --roles, --groups, --unit, --email or --key"))
      }
    }

    func run() throws {
      let change = MemberChange(
        roles: try roles.map(parseRoles), groups: groups.map(commaSeparated), unit: unit,
        email: email,
        key: try key.map(SigningKeyLocator.loadPublicKey))
      let plans = try repository.open()
      let signer = try admin.key(for: plans)
      guard let update = try plans.updateMember(named: name, change, signedBy: signer) else {
        print(Output.escaped(Language.current.choose("\(name) already has these values; nothing to do", "\(name) 已是这些值；无需变更")))
        return
      }
      let fields = update.changed.map(\.rawValue).joined(separator: ", ")
      print(Output.escaped(Language.current.choose("updated \(name) (\(fields)) in \(update.commit.hex)", "已更新 \(name)（\(fields)），提交 \(update.commit.hex)")))
      if update.changed.contains(.key),
        let retired = try plans.members().first(where: { $0.name == name })?.retiredKeys.last
      {
        let fingerprint = retired.key.fingerprint
        print(Language.current.choose("retired \(fingerprint): it verifies what it signed up to \(retired.timestamp)", "已停用 \(fingerprint)：它仍可验证 \(retired.timestamp) 之前签署的内容"))
      }
    }
  }
}
