import Crypto
import Foundation

/// An Ed25519 public key in OpenSSH's formats.
public struct SSHPublicKey: Hashable, Sendable {
  /// The 32 raw key bytes.
  public let rawBytes: [UInt8]

  /// A key from its 32 raw bytes.
  public init(rawBytes: [UInt8]) throws(SignatureError) {
    guard rawBytes.count == 32 else { throw .malformed("an Ed25519 key has 32 bytes") }
    self.rawBytes = rawBytes
  }

  /// Parses `ssh-ed25519 AAAA… [comment]`, the format of `.pub` files and `authorized_keys`.
  public init(openSSH line: String) throws(SignatureError) {
    let fields = line.split(whereSeparator: \.isWhitespace)
    guard fields.count >= 2 else {
      throw .malformed("expected 'ssh-ed25519 <base64> [comment]'")
    }
    guard fields[0] == "ssh-ed25519" else { throw .unsupportedKeyType(String(fields[0])) }
    guard let blob = Data(base64Encoded: String(fields[1])) else {
      throw .malformed("the key's base64 does not decode")
    }
    try self.init(blob: Array(blob))
  }

  /// Parses the wire blob: string `ssh-ed25519`, string key.
  init(blob: [UInt8]) throws(SignatureError) {
    var reader = SSHReader(blob)
    let type = try reader.readText()
    guard type == "ssh-ed25519" else { throw .unsupportedKeyType(type) }
    let key = try reader.readString()
    guard reader.isAtEnd else { throw .malformed("trailing bytes after the key") }
    try self.init(rawBytes: key)
  }

  /// The wire blob: string `ssh-ed25519`, string key.
  var blob: [UInt8] {
    var writer = SSHWriter()
    writer.appendString("ssh-ed25519")
    writer.appendString(rawBytes)
    return writer.bytes
  }

  /// `ssh-ed25519 AAAA…`, without a comment.
  public var openSSH: String {
    "ssh-ed25519 " + Data(blob).base64EncodedString()
  }

  /// `SHA256:…` as `ssh-keygen -l` prints it.
  public var fingerprint: String {
    let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
    return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
  }
}

/// An unencrypted Ed25519 private key in OpenSSH's `openssh-key-v1` format.
public struct SSHSigningKey {
  private let key: Curve25519.Signing.PrivateKey
  /// The matching public key.
  public let publicKey: SSHPublicKey
  /// The comment stored with the key.
  public let comment: String

  /// A new random key.
  public init(comment: String = "") {
    key = Curve25519.Signing.PrivateKey()
    publicKey = SSHPublicKey(key.publicKey)
    self.comment = comment
  }

  /// Parses the text of an OpenSSH private key file.
  public init(openSSH text: String) throws(SignatureError) {
    let bytes = try SSHArmor.unwrap(text, label: "OPENSSH PRIVATE KEY")
    var reader = SSHReader(bytes)
    guard try reader.readRaw(15) == Array("openssh-key-v1\0".utf8) else {
      throw .malformed("not an openssh-key-v1 private key")
    }
    let cipher = try reader.readText()
    let kdf = try reader.readText()
    _ = try reader.readString()
    guard cipher == "none", kdf == "none" else { throw .encryptedKey }
    guard try reader.readUInt32() == 1 else { throw .malformed("exactly one key expected") }
    let storedPublicKey = try SSHPublicKey(blob: try reader.readString())
    var secret = SSHReader(try reader.readString())
    guard try secret.readUInt32() == (try secret.readUInt32()) else {
      throw .malformed("check integers differ (wrong passphrase or damaged file)")
    }
    let type = try secret.readText()
    guard type == "ssh-ed25519" else { throw .unsupportedKeyType(type) }
    guard try secret.readString() == storedPublicKey.rawBytes else {
      throw .malformed("public and private parts do not match")
    }
    let secretBytes = try secret.readString()
    guard secretBytes.count == 64 else { throw .malformed("an Ed25519 secret has 64 bytes") }
    do {
      key = try Curve25519.Signing.PrivateKey(rawRepresentation: secretBytes[0..<32])
    } catch {
      throw .malformed("the secret key is not a valid Ed25519 seed")
    }
    publicKey = SSHPublicKey(key.publicKey)
    guard publicKey == storedPublicKey else {
      throw .malformed("the secret key does not produce its public key")
    }
    comment = try secret.readText()
  }


  /// The public key stored, unencrypted, in the header of an OpenSSH private key file, which
  /// an encrypted file has too.
  static func publicKey(ofOpenSSH text: String) throws(SignatureError) -> SSHPublicKey {
    var reader = SSHReader(try SSHArmor.unwrap(text, label: "OPENSSH PRIVATE KEY"))
    guard try reader.readRaw(15) == Array("openssh-key-v1\0".utf8) else {
      throw .malformed("not an openssh-key-v1 private key")
    }
    for _ in 0..<3 { _ = try reader.readString() }
    guard try reader.readUInt32() == 1 else { throw .malformed("exactly one key expected") }
    return try SSHPublicKey(blob: try reader.readString())
  }

  /// The key as an OpenSSH private key file, as `ssh-keygen -t ed25519 -N ''` writes it.
  public var openSSH: String {
    let publicBytes = Array(key.publicKey.rawRepresentation)
    let check = UInt32.random(in: .min ... .max)
    var secret = SSHWriter()
    secret.appendUInt32(check)
    secret.appendUInt32(check)
    secret.appendString("ssh-ed25519")
    secret.appendString(publicBytes)
    secret.appendString(Array(key.rawRepresentation) + publicBytes)
    secret.appendString(comment)
    var padding: UInt8 = 1
    while secret.bytes.count % 8 != 0 {
      secret.appendRaw([padding])
      padding += 1
    }
    var writer = SSHWriter()
    writer.appendRaw(Array("openssh-key-v1\0".utf8))
    writer.appendString("none")
    writer.appendString("none")
    writer.appendString("")
    writer.appendUInt32(1)
    writer.appendString(publicKey.blob)
    writer.appendString(secret.bytes)
    return SSHArmor.wrap(writer.bytes, label: "OPENSSH PRIVATE KEY") + "\n"
  }

  /// The raw Ed25519 signature of `data`.
  func rawSignature<D: DataProtocol>(of data: D) throws -> [UInt8] {
    Array(try key.signature(for: data))
  }
}

extension SSHPublicKey {
  /// The public half of a swift-crypto key, which always has 32 bytes.
  init(_ key: Curve25519.Signing.PublicKey) {
    rawBytes = Array(key.rawRepresentation)
  }

  var cryptoKey: Curve25519.Signing.PublicKey? {
    try? Curve25519.Signing.PublicKey(rawRepresentation: rawBytes)
  }
}
