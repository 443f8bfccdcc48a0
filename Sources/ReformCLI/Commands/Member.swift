import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Member: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Changes or shows the members of the policy.",
      subcommands: [Add.self, Remove.self, List.self])
  }
}

extension Reform.Member {
  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Adds a member in an admin's signed commit on main.")

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The member's name (no spaces, commas or quotes).")
    var name: String

    @Option(help: "The member's public key: a .pub file, or the text 'ssh-ed25519 AAAA…'.")
    var key: String

    @Option(help: "The member's unit.")
    var unit: String

    @Option(help: "Comma-separated roles: drafter, reviewer, legal, reform-office, approver, inspector, admin.")
    var roles: String

    @Option(help: "Comma-separated special groups a reviewer reviews for.")
    var groups: String?

    @Option(name: .customLong("signing-key"), help: "The admin's private key (default: $REFORM_SIGNING_KEY, else git's user.signingkey).")
    var signingKey: String?

    func run() throws {
      let publicKey = try readPublicKey(key)
      var parsedRoles: [Role] = []
      for text in commaSeparated(roles) {
        guard let role = Role(rawValue: text) else {
          let known = Role.allCases.map(\.rawValue).joined(separator: ", ")
          throw ValidationError("unknown role '\(text)'; the roles are: \(known)")
        }
        parsedRoles.append(role)
      }
      let member = ReformKit.Member(
        name: name, key: publicKey, unit: unit, roles: parsedRoles, groups: commaSeparated(groups ?? ""))
      let plans = try repository.open()
      let signer = try plans.signingKey(explicit: signingKey, environment: ProcessInfo.processInfo.environment)
      let commit = try plans.addMember(member, signedBy: signer)
      print("added \(name) (\(parsedRoles.map(\.rawValue).joined(separator: ", "))) in \(commit.hex)")
    }

    private func readPublicKey(_ argument: String) throws -> SSHPublicKey {
      let text: String
      if argument.hasPrefix("ssh-") {
        text = argument
      } else {
        guard let data = FileManager.default.contents(atPath: argument),
          let decoded = String(data: data, encoding: .utf8)
        else { throw ReformError.unusableKey(path: argument, reason: "no readable public key file there") }
        text = decoded
      }
      do {
        return try SSHPublicKey(openSSH: text.trimmingCharacters(in: .whitespacesAndNewlines))
      } catch {
        throw ReformError.unusableKey(path: argument, reason: error.localizedDescription)
      }
    }
  }

  struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Removes a member in an admin's signed commit on main.")

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The member's name.")
    var name: String

    @Option(name: .customLong("signing-key"), help: "The admin's private key (default: $REFORM_SIGNING_KEY, else git's user.signingkey).")
    var signingKey: String?

    func run() throws {
      let plans = try repository.open()
      let signer = try plans.signingKey(explicit: signingKey, environment: ProcessInfo.processInfo.environment)
      let commit = try plans.removeMember(named: name, signedBy: signer)
      print("removed \(name) in \(commit.hex)")
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Lists the members of the policy on main.")

    @OptionGroup var repository: RepositoryOptions

    @Flag(help: "Print JSON.")
    var json = false

    struct Row: Encodable {
      let name: String
      let unit: String
      let roles: [String]
      let groups: [String]
      let key: String
      let fingerprint: String
    }

    func run() throws {
      let rows = try repository.open().members().map { member in
        Row(
          name: member.name, unit: member.unit, roles: member.roles.map(\.rawValue), groups: member.groups,
          key: member.key.openSSH, fingerprint: member.key.fingerprint)
      }
      if json { return try Output.json(rows) }
      for row in rows {
        let groups = row.groups.isEmpty ? "" : "  groups: " + row.groups.joined(separator: ",")
        print("\(row.name)  \(row.unit)  \(row.roles.joined(separator: ","))  \(row.fingerprint)\(groups)")
      }
    }
  }
}

/// The non-empty, trimmed items of a comma-separated option.
func commaSeparated(_ text: String) -> [String] {
  text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}
