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

  public var errorDescription: String? { text(in: .current) }

  /// The message in `language`.
  public func text(in language: Language) -> String {
    switch self {
    case .malformed(let detail):
      language.choose("not a valid OpenSSH key or signature: \(detail)", "不是有效的 OpenSSH 密钥或签名：\(detail)")
    case .unsupportedKeyType(let type):
      language.choose(
        "key type \(type) is not supported: use an Ed25519 key (reform keys generate FILE)",
        "不支持密钥类型 \(type)：请使用 Ed25519 密钥（reform keys generate 文件）")
    case .encryptedKey:
      language.choose(
        "the private key is encrypted with a passphrase; reform signs in-process and needs an "
          + "unencrypted key: remove the passphrase with 'ssh-keygen -p -N \"\" -f FILE' or make "
          + "a new key with 'reform keys generate FILE'",
        "私钥设有口令；reform 在进程内签名，需要未加密的密钥：请用 'ssh-keygen -p -N \"\" -f 文件' 去掉口令，"
          + "或用 'reform keys generate 文件' 生成新密钥")
    case .wrongNamespace(let namespace):
      language.choose(
        "the signature is for namespace '\(namespace)', not 'git'", "该签名的命名空间是 '\(namespace)'，而不是 'git'")
    case .invalidSignature:
      language.choose(
        "the signature does not match the signed data (tampered or forged)", "签名与所签数据不符（被篡改或伪造）")
    case .unknownKey(let fingerprint):
      language.choose(
        "the signing key \(fingerprint) belongs to no member of the policy", "签名密钥 \(fingerprint) 不属于策略中的任何成员")
    case .missingSignature: language.choose("the commit is not signed", "该提交没有签名")
    }
  }
}
