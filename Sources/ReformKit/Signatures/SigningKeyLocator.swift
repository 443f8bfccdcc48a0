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
    let text: String
    do {
      let data = try Data(contentsOf: URL(fileURLWithPath: expanded))
      guard let decoded = String(data: data, encoding: .utf8) else {
        throw ReformError.unusableKey(path: path, reason: "not a text file")
      }
      text = decoded
    } catch let error as ReformError {
      throw error
    } catch {
      throw .unusableKey(path: path, reason: error.localizedDescription)
    }
    do {
      return try SSHSigningKey(openSSH: text)
    } catch {
      throw .unusableKey(path: path, reason: error.localizedDescription)
    }
  }
}
