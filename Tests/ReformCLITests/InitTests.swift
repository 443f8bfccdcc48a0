import Foundation
import ReformKit
import TestSupport
import Testing

@Suite struct InitTests {
  @Test func initMakesASignedPlanRepositoryThatGitAccepts() throws {
    let repository = try PlanRepositoryFixture()
    let verify = try repository.git(["verify-commit", "main"])
    #expect(verify.status == 0, "\(verify.stderr)")
    #expect(verify.stderr.contains("Good \"git\" signature for 管理员"))
    #expect(try repository.git(["fsck", "--strict"]).status == 0)
    #expect(try repository.git(["status", "--porcelain"]).stdout == "")
    #expect(try repository.git(["symbolic-ref", "HEAD"]).stdout == "refs/heads/main\n")
    #expect(try repository.git(["config", "gpg.format"]).stdout == "ssh\n")
    #expect(try repository.git(["config", "commit.gpgsign"]).stdout == "true\n")
    #expect(try repository.git(["log", "-1", "--format=%(trailers:key=Reform-Action,valueonly)"]).stdout == "policy\n\n")
    let files = try repository.git(["ls-files"]).stdout.split(separator: "\n")
    #expect(files.contains(".reform/policy.yaml"))
    #expect(files.contains(".reform/allowed_signers"))
    #expect(files.contains(".reform/templates/plans/pilot.md"))
    #expect(files.count == 18)
    for hook in ["pre-commit", "commit-msg", "pre-push"] {
      #expect(FileManager.default.isExecutableFile(atPath: repository.path + "/.git/hooks/" + hook))
    }
  }

  @Test func initRefusesASecondTimeAndChangesNothing() throws {
    let repository = try PlanRepositoryFixture()
    let before = try repository.revParse("main")
    let again = try repository.reform(["init", "--key", repository.folder.path("admin.key"), "--name", "x"])
    #expect(again.status == 2)
    #expect(again.stderr.contains("already a plan repository"))
    #expect(try repository.revParse("main") == before)
  }

  @Test func initAdoptsAnEmptyGitRepositoryButNotOtherBranches() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("plain")
    let key = try folder.write("admin.key", SSHSigningKey().openSSH)
    try Command.git(["init", "-q", "-b", "master", path], in: folder.url.path)
    try folder.write("plain/README.md", "说明\n")
    try Command.git(["add", "README.md"], in: path)
    try Command.git(["commit", "-qm", "readme"], in: path)
    let refused = try Command.reform(["init", "-C", path, "--key", key, "--name", "管理员"])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("HEAD is on 'master'"))
    #expect(try Command.git(["branch", "--list", "main"], in: path).stdout == "")

    try Command.git(["switch", "-q", "-c", "main"], in: path)
    let adopted = try Command.reform(["init", "-C", path, "--key", key, "--name", "管理员"])
    #expect(adopted.status == 0, "\(adopted.stderr)")
    #expect(try Command.git(["rev-list", "--count", "main"], in: path).stdout == "2\n")
    #expect(try Command.git(["status", "--porcelain"], in: path).stdout == "")
  }

  @Test func initRefusesAnEncryptedKeyBeforeWritingAnything() throws {
    let folder = try TemporaryDirectory()
    try Command.run(
      "/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "secret", "-f", folder.path("locked")])
    let result = try Command.reform(["init", "-C", folder.path("repo"), "--key", folder.path("locked"), "--name", "a"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("passphrase"))
    #expect(result.stderr.split(separator: "\n").count == 1)
    #expect(!FileManager.default.fileExists(atPath: folder.path("repo")))
  }

  @Test func keysGenerateWritesAPairOpenSSHReadsAndNeverOverwrites() throws {
    let folder = try TemporaryDirectory()
    let made = try Command.reform(["keys", "generate", folder.path("me")])
    #expect(made.status == 0)
    let attributes = try FileManager.default.attributesOfItem(atPath: folder.path("me"))
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    let derived = try Command.run("/usr/bin/ssh-keygen", ["-y", "-f", folder.path("me")])
    #expect(made.stdout.hasPrefix(derived.stdout.split(separator: " ").prefix(2).joined(separator: " ")))
    let again = try Command.reform(["keys", "generate", folder.path("me")])
    #expect(again.status == 3)
    #expect(again.stderr.contains("already exists"))
  }

  @Test func usageErrorsExitWithTwoAndHelpWithZero() throws {
    let unknown = try Command.reform(["frobnicate"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.split(separator: "\n").count == 1)
    let missing = try Command.reform(["init", "--name", "x"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("--key"))
    let help = try Command.reform(["--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("USAGE"))
    let outside = try TemporaryDirectory()
    let noRepository = try Command.reform(["member", "list", "-C", outside.path("none")])
    #expect(noRepository.status == 3)
  }
}
