import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Makes Ed25519 signatures for one public key: a key file read into memory, or a key that
/// `ssh-agent` holds.
public protocol SSHSigner {
  /// The public key signatures verify with.
  var publicKey: SSHPublicKey { get }
  /// The raw Ed25519 signature of `data`.
  func rawSignature(of data: [UInt8]) throws -> [UInt8]
}

extension SSHSigningKey: SSHSigner {
  public func rawSignature(of data: [UInt8]) throws -> [UInt8] {
    try rawSignature(of: Data(data))
  }
}

/// A key held by `ssh-agent`, which signs through the agent protocol's sign request over its
/// Unix socket, in-process: a passphrase-protected key works once `ssh-add` unlocked it.
public struct SSHAgentKey: SSHSigner {
  public let publicKey: SSHPublicKey
  /// The agent's socket (`SSH_AUTH_SOCK`).
  let socketPath: String

  private static let requestIdentities: UInt8 = 11
  private static let identitiesAnswer: UInt8 = 12
  private static let signRequest: UInt8 = 13
  private static let signResponse: UInt8 = 14

  /// The key `publicKey` in the agent at `SSH_AUTH_SOCK`, or `nil` when no agent runs or it
  /// does not hold that key.
  public init?(_ publicKey: SSHPublicKey, environment: [String: String]) {
    guard let socketPath = environment["SSH_AUTH_SOCK"], !socketPath.isEmpty,
      let held = try? Self.identities(socketPath), held.contains(publicKey)
    else { return nil }
    self.publicKey = publicKey
    self.socketPath = socketPath
  }

  public func rawSignature(of data: [UInt8]) throws -> [UInt8] {
    var request = SSHWriter()
    request.appendRaw([Self.signRequest])
    request.appendString(publicKey.blob)
    request.appendString(data)
    request.appendUInt32(0)
    var reply = try Self.exchange(request.bytes, socketPath: socketPath)
    guard try reply.readRaw(1) == [Self.signResponse] else {
      throw SignatureError.malformed("ssh-agent refused to sign with \(publicKey.fingerprint)")
    }
    var signature = SSHReader(try reply.readString())
    guard try signature.readText() == "ssh-ed25519" else { throw SignatureError.malformed("ssh-agent gave no Ed25519 signature") }
    let raw = try signature.readString()
    guard raw.count == 64 else { throw SignatureError.malformed("ssh-agent gave a signature of \(raw.count) bytes") }
    return raw
  }

  /// The public keys the agent at `socketPath` holds.
  static func identities(_ socketPath: String) throws -> [SSHPublicKey] {
    var reply = try exchange([requestIdentities], socketPath: socketPath)
    guard try reply.readRaw(1) == [identitiesAnswer] else { throw SignatureError.malformed("ssh-agent gave no key list") }
    var keys: [SSHPublicKey] = []
    for _ in 0..<(try reply.readUInt32()) {
      let blob = try reply.readString()
      _ = try reply.readString()
      if let key = try? SSHPublicKey(blob: blob) { keys.append(key) }
    }
    return keys
  }

  /// Sends one message (length-prefixed) and reads one reply.
  private static func exchange(_ message: [UInt8], socketPath: String) throws -> SSHReader {
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw SignatureError.malformed("cannot open a socket to ssh-agent") }
    defer { close(descriptor) }
    // An agent that accepts but never answers must not hang the command: ten seconds each way.
    var limit = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let path = Array(socketPath.utf8)
    guard path.count < MemoryLayout.size(ofValue: address.sun_path) else {
      throw SignatureError.malformed("the ssh-agent socket path is too long")
    }
    withUnsafeMutableBytes(of: &address.sun_path) { buffer in
      for (index, byte) in path.enumerated() { buffer[index] = byte }
    }
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard connected == 0 else {
      throw SignatureError.malformed("cannot reach ssh-agent at \(socketPath): \(String(cString: strerror(errno)))")
    }
    var framed = SSHWriter()
    framed.appendString(message)
    try send(framed.bytes, to: descriptor)
    var length = SSHReader(try receive(4, from: descriptor))
    let size = Int(try length.readUInt32())
    guard size <= 256 << 10 else { throw SignatureError.malformed("ssh-agent sent \(size) bytes") }
    return SSHReader(try receive(size, from: descriptor))
  }

  private static func send(_ bytes: [UInt8], to descriptor: Int32) throws {
    var sent = 0
    while sent < bytes.count {
      let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + sent, $0.count - sent) }
      guard count > 0 else { throw SignatureError.malformed("ssh-agent closed the connection") }
      sent += count
    }
  }

  private static func receive(_ count: Int, from descriptor: Int32) throws -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    var received = 0
    while received < count {
      let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + received, count - received) }
      guard got > 0 else { throw SignatureError.malformed("ssh-agent closed the connection") }
      received += got
    }
    return bytes
  }
}
