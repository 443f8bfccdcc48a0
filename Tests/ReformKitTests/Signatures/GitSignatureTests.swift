import Foundation
import GitKit
import ReformKit
import TestSupport
import Testing

/// Our signed commits against stock git, and stock git's against our verification.
@Suite struct GitSignatureTests {
  @Test func gitVerifiesOurCommitsAndWeVerifyGits() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("work")
    let repository = try Repository.create(at: path)
    let key = SSHSigningKey(comment: "k")
    let keyPath = try folder.write("k", key.openSSH)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyPath)
    let allowed = try folder.write("allowed", "张三 namespaces=\"git\" \(key.publicKey.openSSH)\n")
    let author = Identity(name: "张三", email: "zhang@example.org")
    let commit = try repository.createSignedCommit(
      tree: try repository.writeTree([]), parents: [], author: author, committer: author, message: "签名\n",
      sign: { try SSHSignature.sign($0, with: key) }
    ).id
    try repository.updateReference("refs/heads/main", to: commit, expecting: nil, logMessage: "test")
    for (name, value) in [("gpg.format", "ssh"), ("gpg.ssh.allowedSignersFile", allowed),
      ("user.signingkey", keyPath)]
    {
      try Command.git(["config", name, value], in: path)
    }
    let verified = try Command.git(["verify-commit", commit.hex], in: path)
    #expect(verified.status == 0, "\(verified.stderr)")
    #expect(verified.stderr.contains("Good \"git\" signature for 张三"))
    #expect(try Command.git(["fsck", "--strict"], in: path).status == 0)

    try folder.write("work/a.txt", "a\n")
    try Command.git(["add", "a.txt"], in: path)
    let committed = try Command.git(["commit", "-q", "-S", "-m", "by git"], in: path)
    #expect(committed.status == 0, "\(committed.stderr)")
    let head = try #require(try repository.headCommitID())
    let signature = try #require(try repository.commitSignature(head))
    let signer = try SSHSignature.verify(
      String(decoding: signature.signature, as: UTF8.self), over: signature.signedData,
      allowedKeys: [key.publicKey])
    #expect(signer == key.publicKey)
  }

  @Test func oneSignedCommitTakesLittleTime() throws {
    let folder = try TemporaryDirectory()
    let repository = try Repository.create(at: folder.path("work"))
    let key = SSHSigningKey()
    let author = Identity(name: "a", email: "a@example.org")
    let clock = ContinuousClock()
    let elapsed = try clock.measure {
      _ = try repository.createSignedCommit(
        tree: try repository.writeTree([]), parents: [], author: author, committer: author, message: "m\n",
        sign: { try SSHSignature.sign($0, with: key) })
    }
    // A generous bound: this guards against accidental per-commit process spawning, not speed.
    #expect(elapsed < .seconds(1))
  }
}
