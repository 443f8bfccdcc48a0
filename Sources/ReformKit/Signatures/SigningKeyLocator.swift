import Foundation

/// Finds and reads the key a command signs with: `--key FILE`, else `REFORM_SIGNING_KEY`, else
/// git's `user.signingkey` (SPEC section 3).
public enum SigningKeyLocator {
  /// The environment variable that names a key file.
  public static let environmentVariable = "REFORM_SIGNING_KEY"
  /// How git's `user.signingkey` gives a public key itself (for a key in ssh-agent).
  static let literalPrefix = "key::"

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
    if path.hasPrefix(literalPrefix) {
      throw .unusableKey(path: path, reason: Language.current.choose("a literal public key cannot sign: name the private key file", "公钥本身不能签名：请给出私钥文件"))
    }
    var expanded = (path as NSString).expandingTildeInPath
    if expanded.hasSuffix(".pub") && FileManager.default.fileExists(atPath: String(expanded.dropLast(4))) {
      expanded.removeLast(4)
    }
    guard FileManager.default.fileExists(atPath: expanded) else {
      throw .unusableKey(path: path, reason: Language.current.choose("no such file: make a key with 'reform keys generate FILE'", "没有此文件：请用 'reform keys generate 文件' 生成密钥"))
    }
    let text = try readText(expanded, shownAs: path)
    do {
      return try SSHSigningKey(openSSH: text)
    } catch {
      throw .unusableKey(path: path, reason: error.localizedDescription)
    }
  }

  /// What signs for the key at `path`: the key file itself when it is unencrypted; a key
  /// protected by a passphrase, or a `.pub` file with no private key beside it, through
  /// `ssh-agent` (`SSH_AUTH_SOCK`) when the agent holds it.
  public static func signer(path: String, environment: [String: String]) throws(ReformError) -> any SSHSigner {
    do {
      return try load(path: path)
    } catch .unusableKey(let shown, let reason) {
      guard let publicKey = publicHalf(of: path) else { throw .unusableKey(path: shown, reason: reason) }
      if let agent = SSHAgentKey(publicKey, environment: environment) { return agent }
      throw .unusableKey(
        path: shown,
        reason: reason
          + Language.current.choose(
            "; or add the private key to ssh-agent with 'ssh-add' and run reform where SSH_AUTH_SOCK names that agent",
            "；或用 'ssh-add' 把私钥加入 ssh-agent，并在 SSH_AUTH_SOCK 指向该代理的环境中运行 reform"))
    }
  }

  /// The public key of the key at `path`, read without the private part: from the `.pub`
  /// file, or from the unencrypted header of an OpenSSH private key file.
  private static func publicHalf(of path: String) -> SSHPublicKey? {
    if path.hasPrefix(literalPrefix) { return try? SSHPublicKey(openSSH: String(path.dropFirst(literalPrefix.count))) }
    let expanded = (path as NSString).expandingTildeInPath
    for candidate in expanded.hasSuffix(".pub") ? [expanded] : [expanded + ".pub", expanded] {
      guard let text = try? readText(candidate, shownAs: candidate) else { continue }
      if let key = try? SSHPublicKey(openSSH: text.trimmingCharacters(in: .whitespacesAndNewlines)) { return key }
      if let key = try? SSHSigningKey.publicKey(ofOpenSSH: text) { return key }
    }
    return nil
  }

  /// A member's public key: the text `ssh-ed25519 AAAA…`, or a `.pub` file holding it.
  public static func loadPublicKey(_ argument: String) throws(ReformError) -> SSHPublicKey {
    let text = argument.hasPrefix("ssh-") ? argument : try readText(argument, shownAs: argument)
    if text.contains("PRIVATE KEY-----") {
      throw .unusableKey(
        path: argument, reason: Language.current.choose("this is a private key, which must stay with its owner: give the public key, the .pub file beside it", "这是私钥，应由其所有者保管：请给出公钥，即旁边的 .pub 文件"))
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
      throw .unusableKey(path: shown, reason: Language.current.choose("not a text file", "不是文本文件"))
    }
    return text
  }
}
