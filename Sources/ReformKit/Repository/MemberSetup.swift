import Foundation
import GitKit

/// What `reform setup` found and configured in a clone.
public struct SetupReport: Sendable {
  /// The member the key belongs to, in the policy on `main`.
  public let member: Member
  /// The hook scripts installed.
  public let hooks: [String]
  /// The local stage branches created from the central repository's.
  public let branches: [String]
}

extension PlanRepository {
  /// Makes this clone the working place of the member who owns the key at `keyPath`: checks
  /// that the key belongs to a member of the policy on `main`, installs the client hooks that
  /// run `binary`, sets git to sign with that key and verify with `allowed_signers`, sets
  /// `user.name`/`user.email` to the member's, and creates local branches for the stage
  /// branches of the central repository (the remote of `main`).
  public func setUp(keyPath: String, binary: String) throws(ReformError) -> SetupReport {
    let key = try SigningKeyLocator.signer(path: keyPath, environment: ProcessInfo.processInfo.environment)
    let member = try memberOnMain(owning: key.publicKey, keyPath: keyPath)
    try HookInstaller.checkInstallable(HookName.client, in: git)
    let hooks = try HookInstaller.install(HookName.client, in: git, binary: binary)
    // git signs through ssh-agent when user.signingkey gives the public key itself.
    try configureSigning(keyPath: key is SSHAgentKey ? SigningKeyLocator.literalPrefix + key.publicKey.openSSH : keyPath, member: member)
    return SetupReport(member: member, hooks: hooks, branches: try trackRemoteStageBranches())
  }

  /// What is wrong with this clone's signing set-up, one line each (none: all is well): a
  /// `user.signingkey` that is missing, unreadable, of nobody in the policy on `main`, or of
  /// another member than `user.name`/`user.email` say.
  public func setupProblems() throws(ReformError) -> [String] {
    let config = try gitCall { try git.config() }
    guard let keyPath = try gitCall({ try config.string("user.signingkey") }), !keyPath.isEmpty else {
      return [Language.current.choose("user.signingkey is not set: run 'reform setup --key YOUR_KEY'", "未设置 user.signingkey：请运行 'reform setup --key 您的密钥'")]
    }
    let key: any SSHSigner
    do {
      key = try SigningKeyLocator.signer(path: keyPath, environment: ProcessInfo.processInfo.environment)
    } catch {
      return [Language.current.choose("user.signingkey \(keyPath) cannot be used (\(error.localizedDescription)): run 'reform setup --key YOUR_KEY'", "user.signingkey \(keyPath) 无法使用（\(error.localizedDescription)）：请运行 'reform setup --key 您的密钥'")]
    }
    let policy = try policy(at: try mainTip())
    guard let member = policy.member(for: key.publicKey) else {
      if let (owner, _) = policy.retirement(of: key.publicKey) {
        return [
          Language.current.choose("user.signingkey \(keyPath) is a key \(owner.name) retired: plain git commits signed"
            + " with it would be refused; run 'reform setup --key YOUR_NEW_KEY'", "user.signingkey \(keyPath) 是 \(owner.name) 已停用的密钥：用它签名的 git 提交会被拒绝；请运行 'reform setup --key 您的新密钥'")
        ]
      }
      return [
        Language.current.choose("user.signingkey \(keyPath) belongs to no member of the policy on main: plain git commits would be refused;"
          + " run 'reform setup --key YOUR_KEY'", "user.signingkey \(keyPath) 不属于 main 上策略中的任何成员：git 提交会被拒绝；请运行 'reform setup --key 您的密钥'")
      ]
    }
    var problems: [String] = []
    let name = try gitCall { try config.string("user.name") }
    let email = try gitCall { try config.string("user.email") }
    if name != member.name || email != identity(of: member).email {
      problems.append(
        Language.current.choose("user.signingkey belongs to \(member.summary), but git commits as \(name ?? "?") <\(email ?? "?")>:"
          + " whoever commits here signs with \(member.name)'s key; each member works in a clone set up with"
          + " 'reform setup --key THEIR_KEY'", "user.signingkey 属于 \(member.summary)，但 git 以 \(name ?? "?") <\(email ?? "?")> 的身份提交：在此提交的人都会用 \(member.name) 的密钥签名；每位成员应使用用 'reform setup --key 其密钥' 设置的克隆"))
    }
    let format = try gitCall { try config.string("gpg.format") }
    let signs = try gitCall { try config.bool("commit.gpgsign") }
    if format != "ssh" || signs != true {
      problems.append(Language.current.choose("git does not sign commits with SSH keys here: run 'reform setup --key YOUR_KEY'", "此处 git 不用 SSH 密钥签署提交：请运行 'reform setup --key 您的密钥'"))
    }
    return problems
  }

  /// The member of the policy on `main` whose key is `key`.
  private func memberOnMain(owning key: SSHPublicKey, keyPath: String) throws(ReformError) -> Member {
    try policy(at: try mainTip()).owner(of: key)
  }

  /// Sets what plain git needs to sign as `member` with the key at `keyPath` and to verify
  /// like reform does.
  func configureSigning(keyPath: String, member: Member) throws(ReformError) {
    let absoluteKey =
      keyPath.hasPrefix(SigningKeyLocator.literalPrefix)
      ? keyPath : URL(fileURLWithPath: (keyPath as NSString).expandingTildeInPath).standardizedFileURL.path
    let signers = try workTree().appendingPathComponent(Policy.allowedSignersPath).path
    let settings = [
      ("gpg.format", "ssh"), ("commit.gpgsign", "true"), ("user.signingkey", absoluteKey),
      ("gpg.ssh.allowedSignersFile", signers), ("user.name", member.name), ("user.email", identity(of: member).email),
    ]
    for (key, value) in settings {
      try gitCall { try git.setLocalConfig(key, to: value) }
    }
  }

  /// The remote `main` follows (`branch.main.remote`), else `origin` when there is one.
  func centralRemote() throws(ReformError) -> String? {
    if let configured = try gitCall({ try git.config().string("branch.main.remote") }), !configured.isEmpty {
      return configured
    }
    return try gitCall({ try git.config().string("remote.origin.url") }) == nil ? nil : "origin"
  }

  /// Creates a local branch for each stage branch of the central repository that has none.
  private func trackRemoteStageBranches() throws(ReformError) -> [String] {
    guard let remote = try centralRemote() else { return [] }
    var created: [String] = []
    for stage in Stage.branchStages {
      let prefix = "refs/remotes/\(remote)/\(stage.rawValue)/"
      for reference in try gitCall({ try git.references(matching: prefix + "*") }) {
        let branch = "refs/heads/" + reference.name.dropFirst("refs/remotes/\(remote)/".count)
        guard PlanID.isValid(String(reference.name.dropFirst(prefix.count))),
          try gitCall({ try git.referenceTarget(branch) }) == nil
        else { continue }
        try gitCall { try git.updateReferences([ReferenceEdit(branch, from: nil, to: reference.target)], logMessage: "reform setup") }
        created.append(String(branch.dropFirst("refs/heads/".count)))
      }
    }
    return created
  }
}
