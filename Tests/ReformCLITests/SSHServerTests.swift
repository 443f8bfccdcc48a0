import Foundation
import TestSupport
import Testing

/// A real OpenSSH server, started by the test on a loopback port with its own host key and
/// configuration, serving the central bare repository; two users push with stock git.
final class SSHServer {
  let folder: TemporaryDirectory
  let port: Int

  /// Starts `sshd -D` accepting the public keys `authorizedKeys` for the current user.
  init(authorizedKeys: [String]) throws {
    folder = try TemporaryDirectory()
    let keygen = try Command.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", folder.path("host_key")])
    guard keygen.status == 0 else { throw FixtureError("ssh-keygen: \(keygen.stderr)") }
    try folder.write("authorized_keys", authorizedKeys.joined(separator: "\n") + "\n")
    try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
    port = Int.random(in: 20_000..<60_000)
    let user = ProcessInfo.processInfo.environment["USER"] ?? NSUserName()
    let config = """
      Port \(port)
      ListenAddress 127.0.0.1
      HostKey \(folder.path("host_key"))
      PidFile \(folder.path("sshd.pid"))
      AuthorizedKeysFile \(folder.path("authorized_keys"))
      StrictModes no
      UsePAM no
      PasswordAuthentication no
      KbdInteractiveAuthentication no
      PubkeyAuthentication yes
      PermitRootLogin prohibit-password
      AllowUsers \(user)
      LogLevel ERROR

      """
    try folder.write("sshd_config", config)
    // sshd daemonises itself (Foundation's Process blocks in waitpid on a child that never
    // ends, so the server must not stay its child); it is stopped through its pid file.
    let started = try Command.run("/usr/sbin/sshd", ["-f", folder.path("sshd_config"), "-E", folder.path("sshd.log")])
    guard started.status == 0 else { throw FixtureError("sshd: \(started.stderr)") }
  }

  deinit {
    if let text = try? String(contentsOfFile: folder.path("sshd.pid"), encoding: .utf8),
      let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    {
      kill(pid, SIGTERM)
    }
  }

  /// The environment that makes stock git reach this server with `key`.
  func environment(key: String) -> [String: String] {
    var environment = Command.hermeticEnvironment
    environment["GIT_SSH_COMMAND"] =
      "ssh -i \(key) -p \(port) -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no "
      + "-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
    return environment
  }

  /// `ssh://user@127.0.0.1:port/path`.
  func url(_ path: String) -> String {
    "ssh://\(ProcessInfo.processInfo.environment["USER"] ?? NSUserName())@127.0.0.1:\(port)\(path)"
  }

  /// Waits until the server accepts `key`.
  func waitUntilReady(key: String) throws {
    for _ in 0..<50 {
      let probe = try Command.run(
        "/usr/bin/ssh",
        ["-i", key, "-p", String(port), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
          "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "127.0.0.1", "true"])
      if probe.status == 0 { return }
      usleep(100_000)
    }
    throw FixtureError("sshd did not start on port \(port)")
  }
}

@Suite struct SSHServerTests {
  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") && getuid() == 0))
  func pushesOverSSHAreJudgedByTheInstalledPreReceive() throws {
    let bed = try AttackBed()
    var keys: [String: String] = [:]
    for user in ["alice", "bob"] {
      let path = bed.folder.path("\(user)_ssh")
      let made = try Command.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", user, "-f", path])
      #expect(made.status == 0, "\(made.stderr)")
      keys[user] = path
    }
    let authorized = try ["alice", "bob"].map { try String(contentsOfFile: keys[$0]! + ".pub", encoding: .utf8) }
    let server = try SSHServer(authorizedKeys: authorized.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
    try server.waitUntilReady(key: keys["alice"]!)
    try bed.git(["remote", "set-url", "origin", server.url(bed.server)])

    // Alice, a legitimate push: the admin's signed note on main.
    try bed.commit(["notes.txt": "说明\n"], on: "main", as: "admin")
    let accepted = try Command.run(
      "/usr/bin/git", ["push", "origin", "main"], in: bed.repository, environment: server.environment(key: keys["alice"]!))
    #expect(accepted.status == 0, "\(accepted.stderr)")
    #expect(try bed.serverReferences().contains(try bed.git(["rev-parse", "main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)))

    // Bob, an attack: a drafter's change of an approved plan on main.
    try bed.commit(["plans/a-plan/plan.md": "改了\n"], on: "main", as: "drafter")
    let before = try bed.serverReferences()
    let refused = try Command.run(
      "/usr/bin/git", ["push", "--no-verify", "origin", "main"], in: bed.repository,
      environment: server.environment(key: keys["bob"]!))
    #expect(refused.status != 0)
    #expect(refused.stderr.contains("remote: "), "the hook's lines reach the pusher: \(refused.stderr)")
    #expect(refused.stderr.contains("plans/a-plan/plan.md changes on main only through an approval merge"), "\(refused.stderr)")
    #expect(refused.stderr.contains("pre-receive hook declined"))
    #expect(try bed.serverReferences() == before)
  }
}
