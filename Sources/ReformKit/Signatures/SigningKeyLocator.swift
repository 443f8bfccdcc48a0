import Foundation

/// Finds and reads the key a command signs with: `--key FILE`, else `REFORM_SIGNING_KEY`, else
/// git's `user.signingkey` (SPEC section 3).
public enum SigningKeyLocator {
  /// The environment variable that names a key file.
  public static let environmentVariable = "REFORM_SIGNING_KEY"

  /// The key file to use, or `nil` when none is configured.
  public static func keyPath(explicit: String?, environment: [String: String], gitSigningKey: String?) -> String? {
    for candidate in [explicit, environment[environmentVariable], gitSigningKey] {
      if let candidate, !candidate.isEmpty { return candidate }
    }
    return nil
  }

  /// Reads the private key at `path`; `~/` is expanded and a `.pub` path stands for the private
  /// key beside it, as git's `user.signingkey` may name either.
  public static func load(path: String) throws(ReformError) -> SSHSigningKey {
    if path.hasPrefix("key::") {
      throw .unusableKey(path: path, reason: "a literal public key cannot sign: name the private key file")
    }
    var expanded = (path as NSString).expandingTildeInPath
    if expanded.hasSuffix(".pub") && FileManager.default.fileExists(atPath: String(expanded.dropLast(4))) {
      expanded.removeLast(4)
    }
    guard FileManager.default.fileExists(atPath: expanded) else {
      throw .unusableKey(path: path, reason: "no such file: make a key with 'reform keys generate FILE'")
    }
    let text = try readText(expanded, shownAs: path)
    do {
      return try SSHSigningKey(openSSH: text)
    } catch {
      throw .unusableKey(path: path, reason: error.localizedDescription)
    }
  }

  /// A member's public key: the text `ssh-ed25519 AAAA…`, or a `.pub` file holding it.
  public static func loadPublicKey(_ argument: String) throws(ReformError) -> SSHPublicKey {
    let text = argument.hasPrefix("ssh-") ? argument : try readText(argument, shownAs: argument)
    if text.contains("PRIVATE KEY-----") {
      throw .unusableKey(
        path: argument, reason: "this is a private key, which must stay with its owner: give the public key, the .pub file beside it")
    }
    do {
      return try SSHPublicKey(openSSH: text.trimmingCharacters(in: .whitespacesAndNewlines))
    } catch {
      throw .unusableKey(path: argument, reason: error.localizedDescription)
    }
  }

  /// The UTF-8 text of a small regular key file.
  private static func readText(_ path: String, shownAs shown: String) throws(ReformError) -> String {
    let data: Data
    do {
      data = try RegularFile.read(path, limit: 64 << 10)
    } catch {
      throw .unusableKey(path: shown, reason: error.localizedDescription)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw .unusableKey(path: shown, reason: "not a text file")
    }
    return text
  }
}
