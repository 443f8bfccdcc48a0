import Crypto
import Foundation

/// Signatures in OpenSSH's `SSHSIG` format (`PROTOCOL.sshsig`), as `ssh-keygen -Y sign` makes
/// them and git stores them in a commit's `gpgsig` header.
public enum SSHSignature {
  /// The namespace git signs commits and tags in.
  public static let gitNamespace = "git"

  /// Signs `message` with `key`: the armored `SSH SIGNATURE` block, without a trailing newline.
  public static func sign<D: DataProtocol>(
    _ message: D,
    with key: any SSHSigner,
    namespace: String = gitNamespace
  ) throws -> String {
    let hashAlgorithm = "sha512"
    let signature = try key.rawSignature(
      of: signedData(message, namespace: namespace, hashAlgorithm: hashAlgorithm))
    var signatureBlob = SSHWriter()
    signatureBlob.appendString("ssh-ed25519")
    signatureBlob.appendString(signature)
    var blob = SSHWriter()
    blob.appendRaw(Array("SSHSIG".utf8))
    blob.appendUInt32(1)
    blob.appendString(key.publicKey.blob)
    blob.appendString(namespace)
    blob.appendString("")
    blob.appendString(hashAlgorithm)
    blob.appendString(signatureBlob.bytes)
    return SSHArmor.wrap(blob.bytes, label: "SSH SIGNATURE")
  }

  /// Checks an armored signature over `message` and returns the key that made it.
  /// - Parameter allowedKeys: the keys to accept; any valid key when `nil`.
  /// - Throws: `SignatureError` when the armor is malformed, the namespace is not `namespace`,
  ///   the signature does not match, or the key is not allowed.
  public static func verify<D: DataProtocol>(
    _ armored: String,
    over message: D,
    namespace: String = gitNamespace,
    allowedKeys: Set<SSHPublicKey>? = nil
  ) throws(SignatureError) -> SSHPublicKey {
    var reader = SSHReader(try SSHArmor.unwrap(armored, label: "SSH SIGNATURE"))
    guard try reader.readRaw(6) == Array("SSHSIG".utf8) else { throw .malformed("no SSHSIG magic") }
    guard try reader.readUInt32() == 1 else { throw .malformed("unsupported SSHSIG version") }
    let publicKey = try SSHPublicKey(blob: try reader.readString())
    let signedNamespace = try reader.readText()
    _ = try reader.readString()
    let hashAlgorithm = try reader.readText()
    var signatureReader = SSHReader(try reader.readString())
    guard reader.isAtEnd else { throw .malformed("trailing bytes after the signature") }
    let signatureType = try signatureReader.readText()
    guard signatureType == "ssh-ed25519" else { throw .unsupportedKeyType(signatureType) }
    let signature = try signatureReader.readString()
    guard signedNamespace == namespace else { throw .wrongNamespace(signedNamespace) }
    guard hashAlgorithm == "sha512" || hashAlgorithm == "sha256" else {
      throw .malformed("unsupported hash algorithm \(hashAlgorithm)")
    }
    let data = signedData(message, namespace: signedNamespace, hashAlgorithm: hashAlgorithm)
    guard let cryptoKey = publicKey.cryptoKey, cryptoKey.isValidSignature(signature, for: data)
    else { throw .invalidSignature }
    if let allowedKeys, !allowedKeys.contains(publicKey) {
      throw .unknownKey(fingerprint: publicKey.fingerprint)
    }
    return publicKey
  }

  /// The bytes an SSHSIG signature covers: magic, namespace, reserved, hash name, message hash.
  private static func signedData<D: DataProtocol>(
    _ message: D,
    namespace: String,
    hashAlgorithm: String
  ) -> [UInt8] {
    let digest: [UInt8] =
      hashAlgorithm == "sha256" ? Array(SHA256.hash(data: message)) : Array(SHA512.hash(data: message))
    var writer = SSHWriter()
    writer.appendRaw(Array("SSHSIG".utf8))
    writer.appendString(namespace)
    writer.appendString("")
    writer.appendString(hashAlgorithm)
    writer.appendString(digest)
    return writer.bytes
  }
}
