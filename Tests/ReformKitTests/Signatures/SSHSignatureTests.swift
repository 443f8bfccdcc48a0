import Foundation
import GitKit
import ReformKit
import TestSupport
import Testing

@Suite struct SSHSignatureTests {
  let folder: TemporaryDirectory
  let key: SSHSigningKey
  let keyPath: String

  init() throws {
    folder = try TemporaryDirectory()
    key = SSHSigningKey(comment: "test")
    keyPath = try folder.write("id", key.openSSH)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyPath)
    try folder.write("id.pub", key.publicKey.openSSH + " test\n")
  }

  private func sshKeygen(_ arguments: [String], input: String? = nil) throws -> CommandResult {
    try Command.run("/usr/bin/ssh-keygen", arguments, in: folder.url.path, input: input)
  }

  @Test func openSSHReadsOurKeyFiles() throws {
    let derived = try sshKeygen(["-y", "-f", keyPath])
    #expect(derived.status == 0)
    #expect(derived.stdout.hasPrefix(key.publicKey.openSSH))
    let fingerprint = try sshKeygen(["-l", "-f", folder.path("id.pub")])
    #expect(fingerprint.stdout.contains(key.publicKey.fingerprint))
  }

  @Test func weReadKeysOpenSSHMakes() throws {
    let made = try sshKeygen(["-q", "-t", "ed25519", "-N", "", "-C", "made", "-f", folder.path("made")])
    #expect(made.status == 0)
    let text = try String(contentsOfFile: folder.path("made"), encoding: .utf8)
    let parsed = try SSHSigningKey(openSSH: text)
    let publicText = try String(contentsOfFile: folder.path("made.pub"), encoding: .utf8)
    #expect(parsed.publicKey == (try SSHPublicKey(openSSH: publicText)))
    #expect(parsed.comment == "made")
  }

  @Test func anEncryptedKeyIsRefusedWithAClearError() throws {
    _ = try sshKeygen(["-q", "-t", "ed25519", "-N", "secret", "-f", folder.path("locked")])
    let text = try String(contentsOfFile: folder.path("locked"), encoding: .utf8)
    #expect(throws: SignatureError.encryptedKey) { try SSHSigningKey(openSSH: text) }
    #expect(SignatureError.encryptedKey.localizedDescription.contains("passphrase"))
  }

  @Test func otherKeyTypesAndGarbageAreRefused() throws {
    _ = try sshKeygen(["-q", "-t", "ecdsa", "-N", "", "-f", folder.path("ecdsa")])
    let text = try String(contentsOfFile: folder.path("ecdsa"), encoding: .utf8)
    #expect(throws: SignatureError.self) { try SSHSigningKey(openSSH: text) }
    let publicText = try String(contentsOfFile: folder.path("ecdsa.pub"), encoding: .utf8)
    #expect(throws: SignatureError.unsupportedKeyType("ecdsa-sha2-nistp256")) { try SSHPublicKey(openSSH: publicText) }
    #expect(throws: SignatureError.self) { try SSHSigningKey(openSSH: "not a key") }
    #expect(throws: SignatureError.self) { try SSHPublicKey(openSSH: "ssh-ed25519 AAAA") }
  }

  @Test func ourSignatureIsByteIdenticalToSshKeygens() throws {
    let message = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\n改革方案\n"
    let messagePath = try folder.write("message", message)
    let signed = try sshKeygen(["-Y", "sign", "-n", "git", "-f", keyPath, messagePath])
    #expect(signed.status == 0, "\(signed.stderr)")
    let theirs = try String(contentsOfFile: messagePath + ".sig", encoding: .utf8)
    let ours = try SSHSignature.sign(Data(message.utf8), with: key)
    #expect(ours + "\n" == theirs)
  }

  @Test func sshKeygenVerifiesOursAndWeVerifyTheirs() throws {
    let message = Data("数据\n".utf8)
    let messagePath = try folder.write("message", message)
    try folder.write("allowed", "tester namespaces=\"git\" \(key.publicKey.openSSH)\n")
    let ours = try SSHSignature.sign(message, with: key)
    try folder.write("ours.sig", ours + "\n")
    let verified = try sshKeygen(
      ["-Y", "verify", "-f", folder.path("allowed"), "-I", "tester", "-n", "git", "-s", folder.path("ours.sig")],
      input: "数据\n")
    #expect(verified.status == 0, "\(verified.stderr)")

    _ = try sshKeygen(["-Y", "sign", "-n", "git", "-f", keyPath, messagePath])
    let theirs = try String(contentsOfFile: messagePath + ".sig", encoding: .utf8)
    #expect(try SSHSignature.verify(theirs, over: message, allowedKeys: [key.publicKey]) == key.publicKey)
  }

  @Test func tamperedDataWrongNamespaceAndUnknownKeysAreRejected() throws {
    let message = Data("原文\n".utf8)
    let signature = try SSHSignature.sign(message, with: key)
    #expect(throws: SignatureError.invalidSignature) {
      try SSHSignature.verify(signature, over: Data("改过\n".utf8))
    }
    let fileSignature = try SSHSignature.sign(message, with: key, namespace: "file")
    #expect(throws: SignatureError.wrongNamespace("file")) {
      try SSHSignature.verify(fileSignature, over: message)
    }
    let stranger = SSHSigningKey()
    #expect(throws: SignatureError.unknownKey(fingerprint: key.publicKey.fingerprint)) {
      try SSHSignature.verify(signature, over: message, allowedKeys: [stranger.publicKey])
    }
    #expect(throws: SignatureError.self) { try SSHSignature.verify("garbage", over: message) }
    // One bit of the Ed25519 signature itself (the blob's last byte), re-armored correctly.
    let lines = signature.split(separator: "\n")
    var blob = try #require(Data(base64Encoded: lines.dropFirst().dropLast().joined()))
    blob[blob.count - 1] ^= 0x01
    let encoded = Array(blob.base64EncodedString())
    let body = stride(from: 0, to: encoded.count, by: 70).map { String(encoded[$0..<min($0 + 70, encoded.count)]) }
    let forged = ([String(lines[0])] + body + [String(lines[lines.count - 1])]).joined(separator: "\n")
    #expect(throws: SignatureError.invalidSignature) { try SSHSignature.verify(forged, over: message) }
  }
}
