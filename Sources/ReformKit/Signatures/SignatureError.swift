import Foundation

/// Why a key or a signature could not be read, made or accepted.
public enum SignatureError: Error, Equatable, LocalizedError {
  /// The key or signature bytes do not follow OpenSSH's format.
  case malformed(String)
  /// The key is of a type other than Ed25519.
  case unsupportedKeyType(String)
  /// The private key is protected by a passphrase.
  case encryptedKey
  /// The signature was made for another namespace than git's.
  case wrongNamespace(String)
  /// The signature does not match the data and key.
  case invalidSignature
  /// The signing key is not among the allowed keys.
  case unknownKey(fingerprint: String)
  /// The commit carries no signature.
  case missingSignature

  public var errorDescription: String? {
    switch self {
    case .malformed(let detail): "not a valid OpenSSH key or signature: \(detail)"
    case .unsupportedKeyType(let type):
      "key type \(type) is not supported: use an Ed25519 key (reform keys generate FILE)"
    case .encryptedKey:
      "the private key is encrypted with a passphrase; reform signs in-process and needs an "
        + "unencrypted key: remove the passphrase with 'ssh-keygen -p -N \"\" -f FILE' or make "
        + "a new key with 'reform keys generate FILE'"
    case .wrongNamespace(let namespace):
      "the signature is for namespace '\(namespace)', not 'git'"
    case .invalidSignature: "the signature does not match the signed data (tampered or forged)"
    case .unknownKey(let fingerprint):
      "the signing key \(fingerprint) belongs to no member of the policy"
    case .missingSignature: "the commit is not signed"
    }
  }
}
