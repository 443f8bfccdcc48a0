import Foundation
import TestSupport
import Testing

/// A real OpenSSH server, started by the test on a loopback port with its own host key and
/// configuration, serving the central bare repository; two users push with stock git.
final class SSHServer {
  let folder: TemporaryDirectory
  let port: Int

  /// Whether a server can be started here: Debian's `sshd`, run as root (as CI does).
  static let isAvailable = FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") && getuid() == 0

  /// Starts `sshd -D` accepting the public keys `authorizedKeys` for the current user.
  init(authorizedKeys: [String]) throws {
    folder = try TemporaryDirectory()
    let keygen = try Command.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", folder.path("host_key")])
    guard keygen.status == 0 else { throw FixtureError("ssh-keygen: \(keygen.stderr)") }
    try folder.write("authorized_keys", authorizedKeys.joined(separator: "\n") + "\n")
    try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
    port = try SSHServer.freeLoopbackPort()
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

  /// A loopback port the kernel reports free: bound to port 0, read back, released.
  private static func freeLoopbackPort() throws -> Int {
    let socketHandle = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socketHandle >= 0 else { throw FixtureError("socket: \(errno)") }
    defer { close(socketHandle) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
        bind(socketHandle, generic, length) == 0 && getsockname(socketHandle, generic, &length) == 0
      }
    }
    guard bound else { throw FixtureError("bind: \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  /// Waits until the server accepts `key`: up to a minute, as a loaded CI machine may need.
  func waitUntilReady(key: String) throws {
    for _ in 0..<600 {
      let probe = try Command.run(
        "/usr/bin/ssh",
        ["-i", key, "-p", String(port), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
          "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "127.0.0.1", "true"])
      if probe.status == 0 { return }
      usleep(100_000)
    }
    let log = (try? String(contentsOfFile: folder.path("sshd.log"), encoding: .utf8)) ?? ""
    throw FixtureError("sshd did not start on port \(port) within a minute: \(log)")
  }
}

@Suite struct SSHServerTests {
  @Test(.enabled(if: SSHServer.isAvailable))
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

    // Bob, attacks made with plain git: each refused, the hook's lines shown, nothing written.
    let attacks: [(rule: String, refspecs: [String], force: Bool, make: (AttackBed) throws -> Void)] = [
      ("main", ["main"], false, { try $0.commit(["plans/a-plan/plan.md": "改了\n"], on: "main", as: "drafter") }),
      ("signature", ["main"], false, { bed in
        try bed.git(["switch", "-q", "main"])
        try bed.git(["-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "--allow-empty", "-m", "未签名"])
      }),
      ("role", ["review/b-plan"], false, { bed in
        try bed.commit(
          ["plans/b-plan/records/2026-04-01-decision.md":
            "---\nkind: decision\ndate: 2026-04-01\nbody: leading-group\nmeeting: 会\nverdict: approved\n---\n"],
          on: "review/b-plan", as: "reviewer")
      }),
      ("protected", ["main"], true, { bed in
        try bed.git(["switch", "-q", "main"])
        try bed.git(["reset", "-q", "--hard", "main~3"])
      }),
      ("protected", [":refs/tags/plans/a-plan/v1"], false, { try $0.git(["tag", "-d", "plans/a-plan/v1"]) }),
    ]
    for attack in attacks {
      let attacked = try AttackBed()
      try attacked.git(["remote", "set-url", "origin", server.url(attacked.server)])
      try attack.make(attacked)
      let before = try attacked.serverReferences()
      let refused = try Command.run(
        "/usr/bin/git", ["push", "--no-verify"] + (attack.force ? ["--force"] : []) + ["origin"] + attack.refspecs,
        in: attacked.repository, environment: server.environment(key: keys["bob"]!))
      #expect(refused.status != 0, "\(attack.rule) \(attack.refspecs) was accepted")
      #expect(refused.stderr.contains("remote: ") && refused.stderr.contains(": \(attack.rule): "), "\(refused.stderr)")
      #expect(refused.stderr.contains("pre-receive hook declined"))
      #expect(try attacked.serverReferences() == before)
    }
  }
}
