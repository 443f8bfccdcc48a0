import Foundation
import TestSupport
import Testing

/// A passphrase-protected key, unlocked in a real `ssh-agent` started by the test, signs
/// through the agent protocol: commits that stock git verifies.
@Suite struct AgentTests {
  @Test func aPassphraseProtectedKeyInSSHAgentSignsCommitsGitVerifies() throws {
    let repository = try PlanRepositoryFixture()
    let folder = repository.folder
    let key = folder.path("protected")
    let made = try Command.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "秘密口令", "-C", "protected", "-f", key])
    #expect(made.status == 0, "\(made.stderr)")
    let added = try repository.reform([
      "member", "add", "李四", "--key", key + ".pub", "--unit", "省发展改革委", "--roles", "drafter", "--email", "lisi@fgw.ah.gov.cn",
    ])
    #expect(added.status == 0, "\(added.stderr)")

    // Without an agent the key cannot sign, and the message says how to use one.
    var environment = Command.hermeticEnvironment
    environment["REFORM_SIGNING_KEY"] = key
    environment["SSH_AUTH_SOCK"] = nil
    let refused = try Command.reform(["new", "a-plan", "--kind", "pilot"], in: repository.path, environment: environment)
    #expect(refused.status == 2 && refused.stderr.contains("ssh-add"), "\(refused.stderr)")

    // A real agent, the key added with its passphrase (given by an askpass program).
    let socket = folder.path("agent.sock")
    // The agent runs in the foreground as a child the test ends, with no pipe to it (a
    // daemon would keep a pipe of Foundation's Process open forever).
    let agent = Process()
    agent.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-agent")
    agent.arguments = ["-D", "-a", socket]
    agent.standardOutput = FileHandle.nullDevice
    agent.standardError = FileHandle.nullDevice
    agent.standardInput = FileHandle.nullDevice
    try agent.run()
    defer {
      // SIGKILL: the test process may block SIGTERM in its children, which left agents running.
      kill(agent.processIdentifier, SIGKILL)
      agent.waitUntilExit()
    }
    for _ in 0..<50 where !FileManager.default.fileExists(atPath: socket) { usleep(100_000) }
    let askpass = try folder.write("askpass.sh", "#!/bin/sh\necho '秘密口令'\n")
    try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: askpass)
    var agentEnvironment = environment
    agentEnvironment["SSH_AUTH_SOCK"] = socket
    var adding = agentEnvironment
    adding["SSH_ASKPASS"] = askpass
    adding["SSH_ASKPASS_REQUIRE"] = "force"
    adding["DISPLAY"] = ":0"
    let unlocked = try Command.run("/usr/bin/ssh-add", [key], environment: adding)
    #expect(unlocked.status == 0, "\(unlocked.stderr)")

    let signed = try Command.reform(["new", "a-plan", "--kind", "pilot"], in: repository.path, environment: agentEnvironment)
    #expect(signed.status == 0, "\(signed.stderr)")
    let verified = try repository.git(["verify-commit", "drafting/a-plan"])
    #expect(verified.status == 0 && verified.stderr.contains("Good \"git\" signature for 李四"), "\(verified.stderr)")
    #expect(try repository.git(["log", "-1", "--format=%ae", "drafting/a-plan"]).stdout == "lisi@fgw.ah.gov.cn\n")

    // reform setup makes plain git sign through the agent too.
    let setup = try Command.reform(["setup", "--key", key], in: repository.path, environment: agentEnvironment)
    #expect(setup.status == 0, "\(setup.stderr)")
    #expect(try repository.git(["config", "user.signingkey"]).stdout.hasPrefix("key::ssh-ed25519 "))
    try repository.git(["switch", "-q", "drafting/a-plan"])
    try repository.write("plans/a-plan/notes.md", "附注\n")
    try repository.git(["add", "plans/a-plan/notes.md"])
    let committed = try Command.run("/usr/bin/git", ["commit", "-q", "-m", "附注"], in: repository.path, environment: agentEnvironment)
    #expect(committed.status == 0, "\(committed.stderr)")
    let plain = try repository.git(["verify-commit", "HEAD"])
    #expect(plain.status == 0 && plain.stderr.contains("Good \"git\" signature for 李四"), "\(plain.stderr)")
  }
}
