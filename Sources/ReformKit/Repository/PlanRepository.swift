import Foundation
import GitKit

/// A plan repository: a git repository whose `main` holds `.reform/` (SPEC section 1).
public final class PlanRepository {
  /// The branch that holds approved plans and the policy.
  public static let mainBranch = "refs/heads/main"

  /// The underlying git repository.
  let git: Repository
  /// Hears what a command did on its own besides its job, one line each (a local branch
  /// created or fast-forwarded from the central repository's).
  public var notice: (String) -> Void = { _ in }
  /// Hears how far long work has come: the work, the units done and their total, now and
  /// then and once more when it is done. Called from one thread at a time, not always the same.
  public var progress: @Sendable (LongWork, Int, Int) -> Void = { _, _, _ in }
  /// The commits written since the last reference update that the repository did not hold
  /// before, with their parents (`writeCommit`): what a command's own change adds to the
  /// repository, for the judge's look at it (`requireAccepted`).
  var writtenCommits: [OID: [OID]] = [:]

  /// Wraps an open repository.
  init(git: Repository) {
    self.git = git
  }

  /// Opens the repository at or above `path`, as git does.
  public static func open(at path: String) throws(ReformError) -> PlanRepository {
    do {
      return PlanRepository(git: try Repository.open(at: path))
    } catch {
      throw error.isNotFound ? .notARepository(path) : .git(error)
    }
  }

  /// The work tree's top folder; throws for a bare repository.
  public func workTree() throws(ReformError) -> URL {
    guard let path = git.workingDirectory else { throw .bareRepository(git.gitDirectory) }
    return URL(fileURLWithPath: path, isDirectory: true)
  }

  /// The commit `main` points to, or `nil` before the first commit.
  public func mainTip() throws(ReformError) -> OID? {
    try gitCall { try git.referenceTarget(Self.mainBranch) }
  }

  /// The files of the commit `commit` (`nil`: none).
  public func snapshot(of commit: OID?) throws(ReformError) -> TreeSnapshot {
    guard let commit else { return TreeSnapshot(repository: git, tree: nil) }
    return TreeSnapshot(repository: git, tree: try gitCall { try git.commit(commit).treeID })
  }

  /// The policy in `commit`'s tree, read from `policy.yaml` alone (a missing or stale
  /// `allowed_signers` does not change who may act; `reform member sync` rewrites it).
  public func policy(at commit: OID?) throws(ReformError) -> Policy {
    let validator = Validator(snapshot: try snapshot(of: commit))
    guard validator.snapshot.exists(Policy.path) else { throw .notAPlanRepository }
    let (policy, diagnostics) = validator.policy(checkingAllowedSigners: false)
    guard let policy else { throw .invalid(diagnostics) }
    return policy
  }

  /// The signing key: `explicit`, else `REFORM_SIGNING_KEY`, else git's `user.signingkey`.
  public func signingKey(explicit: String?, environment: [String: String]) throws(ReformError) -> any SSHSigner {
    let configured = try gitCall { try git.config().string("user.signingkey") }
    guard
      let path = SigningKeyLocator.keyPath(
        explicit: explicit, environment: environment, gitSigningKey: configured)
    else { throw .noSigningKey }
    return try SigningKeyLocator.signer(path: path, environment: environment)
  }

  /// The identity a member's commits and tags carry: the member's name and e-mail from the
  /// policy, never the machine's git identity (a shared checkout would give the approver the
  /// drafter's address); a placeholder address when the policy gives none (git requires one;
  /// the signature, not the address, is the proof).
  public func identity(of member: Member) -> Identity {
    Identity(name: member.name, email: member.email ?? "noreply@reform.invalid")
  }

  /// Runs a GitKit call, turning its error into a `ReformError`.
  func gitCall<T>(_ body: () throws -> T) throws(ReformError) -> T {
    do {
      return try body()
    } catch let error as GitError {
      throw .git(error)
    } catch let error as ReformError {
      throw error
    } catch SnapshotError.notARegularFile(let path, let found) {
      throw .notARegularFile(path: path, found: found)
    } catch {
      throw .io(error.localizedDescription)
    }
  }
}

extension PlanRepository {
  /// Opens the repository git's environment names, as hooks run by git must.
  public static func openFromEnvironment() throws(ReformError) -> PlanRepository {
    do {
      return PlanRepository(git: try Repository.openFromEnvironment())
    } catch {
      if error.isUnreadableIndex { throw .unreadableIndex(error) }
      throw error.isNotFound ? .notARepository(FileManager.default.currentDirectoryPath) : .git(error)
    }
  }
}
