import Foundation
import GitKit

/// `reform init`: makes a plan repository, or adopts an existing git repository.
public enum RepositoryInitializer {
  /// What `initialise` did.
  public struct Result: Sendable {
    /// The work tree's top folder.
    public let workTree: String
    /// The first commit on `main`.
    public let commit: OID
    /// The hook scripts written.
    public let hooks: [String]
  }

  /// Creates `.reform/` (policy with the key's owner as first admin, `allowed_signers`,
  /// templates) in one signed commit on `main`, installs the client hooks and sets git's
  /// configuration for SSH signing. Everything that can be checked is checked before the
  /// first write.
  /// - Parameters:
  ///   - path: the repository's folder; made if missing, adopted if it is a repository.
  ///   - keyPath: the first admin's private key.
  ///   - binary: the reform binary the hooks should run.
  public static func initialise(
    at path: String, keyPath: String, name: String, unit: String, binary: String
  ) throws(ReformError) -> Result {
    let key = try SigningKeyLocator.load(path: keyPath)
    let admin = Member(name: name, key: key.publicKey, unit: unit, roles: [.admin])
    var policy: Policy
    do {
      policy = try Policy(members: [admin])
    } catch {
      throw .policy(error)
    }
    // Every member's tool writes the commit and tag messages in the repository's language.
    policy.language = .chinese
    let repository = try openOrCreate(path)
    let workTree = try repository.workTree()
    try prepareHead(of: repository)
    if try repository.snapshot(of: repository.mainTip()).exists(Policy.path) {
      throw .alreadyInitialised
    }
    try HookInstaller.checkInstallable(HookName.client, in: repository.git)

    var changes: [String: Data?] = [
      Policy.path: Data(policy.yaml.utf8),
      Policy.allowedSignersPath: Data(policy.allowedSigners.utf8),
    ]
    for (path, text) in BundledFiles.repositoryTemplates { changes[path] = Data(text.utf8) }
    let message = CommitMessage(
      summary: CommitSummary.start(admin: name).text(in: policy.messageLanguage),
      trailers: ReformTrailers(action: .policy).lines)
    let commit = try repository.commit(
      on: PlanRepository.mainBranch, from: repository.mainTip(), changes: changes, message: message,
      key: key, author: repository.identity(of: admin))
    let hooks = try HookInstaller.install(HookName.client, in: repository.git, binary: binary)
    try repository.configureSigning(keyPath: keyPath, member: admin)
    return Result(workTree: workTree.path, commit: commit, hooks: hooks)
  }

  private static func openOrCreate(_ path: String) throws(ReformError) -> PlanRepository {
    do {
      return PlanRepository(git: try Repository.open(at: path, searchParents: false))
    } catch where error.isNotFound {
      do {
        return PlanRepository(git: try Repository.create(at: path, initialBranch: "main"))
      } catch {
        throw .git(error)
      }
    } catch {
      throw .git(error)
    }
  }

  /// HEAD must name `main`; an unborn HEAD on another name (a plain `git init`) is moved.
  private static func prepareHead(of repository: PlanRepository) throws(ReformError) {
    let head = try repository.gitCall { try repository.git.headBranch() }
    guard head != PlanRepository.mainBranch else { return }
    let headCommit = try repository.gitCall { try repository.git.headCommitID() }
    guard headCommit == nil, try repository.mainTip() == nil else {
      let current = head.map { String($0.dropFirst("refs/heads/".count)) } ?? "a detached HEAD"
      throw .wrongBranch(current: current, needed: "main")
    }
    try repository.gitCall { try repository.git.setHead(to: PlanRepository.mainBranch) }
  }
}
