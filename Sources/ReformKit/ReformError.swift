import Foundation
import GitKit

/// What kind of failure an error is; the command line maps it to SPEC's exit codes.
public enum FailureKind: Sendable {
  /// A check found problems (validation, gate, verify): exit 1.
  case check
  /// The command was used wrongly: exit 2.
  case usage
  /// The repository or a file could not be read or written: exit 3.
  case repository
}

/// A failure of a `reform` operation, with a message that says what and how to fix it.
public enum ReformError: Error, LocalizedError {
  /// No git repository at or above the path.
  case notARepository(String)
  /// The repository has no work tree but the operation needs one.
  case bareRepository(String)
  /// The repository already holds `.reform/policy.yaml`.
  case alreadyInitialised
  /// The repository holds no `.reform/policy.yaml` on `main`.
  case notAPlanRepository
  /// HEAD is on a branch the operation cannot work from.
  case wrongBranch(current: String, needed: String)
  /// No key was given by `--key`, `REFORM_SIGNING_KEY` or `user.signingkey`.
  case noSigningKey
  /// A key file could not be used.
  case unusableKey(path: String, reason: String)
  /// The signer lacks the role the operation needs.
  case roleRequired(role: Role, action: String, signer: String)
  /// The signing key belongs to no member of the policy in force.
  case unknownSigner(fingerprint: String)
  /// Local changes would be overwritten.
  case uncommittedChanges(String)
  /// Someone else moved the branch meanwhile; nothing was changed.
  case concurrentUpdate(branch: String)
  /// A file exists that the operation would have to overwrite.
  case wouldOverwrite(String)
  /// The policy or a file the operation writes is invalid.
  case invalid([Diagnostic])
  /// A policy change was refused.
  case policy(PolicyError)
  /// A key or signature problem.
  case signature(SignatureError)
  /// libgit2 failed.
  case git(GitError)
  /// A file could not be read or written.
  case io(String)
  /// No plan has this id.
  case unknownPlan(String)
  /// The id is not a valid plan id or is taken.
  case invalidPlanID(String)
  /// The plan is not at the stage the command works on.
  case wrongStage(String)
  /// A gate of SPEC section 2 does not hold; the message says what is missing and how to add it.
  case gate(String)
  /// The signer may not do this (role, unit or group).
  case notPermitted(String)
  /// Two versions of the same file conflict.
  case conflict(String)

  public var errorDescription: String? {
    switch self {
    case .notARepository(let path):
      "no git repository at \(path): run 'reform init --key KEY --name NAME' there, or pass -C REPOSITORY"
    case .bareRepository(let path):
      "\(path) is a bare repository: this command needs a work tree (a clone)"
    case .alreadyInitialised:
      "this repository is already a plan repository (.reform/policy.yaml exists): change members with 'reform member'"
    case .notAPlanRepository:
      "main holds no .reform/policy.yaml: make a plan repository with 'reform init --key KEY --name NAME'"
    case .wrongBranch(let current, let needed):
      "HEAD is on '\(current)'; this needs '\(needed)': run 'git switch \(needed)' (or 'git switch -c \(needed)') first"
    case .noSigningKey:
      "no signing key: pass --key FILE, set REFORM_SIGNING_KEY, or set git's user.signingkey"
    case .unusableKey(let path, let reason): "cannot use the key \(path): \(reason)"
    case .roleRequired(let role, let action, let signer):
      "\(action) needs a member with the role \(role.rawValue); the signing key belongs to \(signer): sign with the key of a member who has it"
    case .unknownSigner(let fingerprint):
      "the signing key \(fingerprint) belongs to no member of the policy: ask an admin to run 'reform member add', or use your own key (--key)"
    case .uncommittedChanges(let paths):
      "uncommitted changes to \(paths) would be overwritten: commit or stash them, then run the command again"
    case .concurrentUpdate(let branch):
      "\(branch) was moved by someone else meanwhile; nothing was changed: run the command again"
    case .wouldOverwrite(let path): "\(path) already exists: move it aside or remove it, then run the command again"
    case .invalid(let diagnostics): diagnostics.map(\.description).joined(separator: "\n")
    case .policy(let error): error.localizedDescription
    case .signature(let error): error.localizedDescription
    case .git(let error): "git: \(error.message) (\(error.function))"
    case .io(let detail): detail
    case .unknownPlan(let id): "no plan '\(id)': see 'reform status', or start one with 'reform new \(id) --kind K'"
    case .invalidPlanID(let detail), .wrongStage(let detail), .gate(let detail), .notPermitted(let detail),
      .conflict(let detail):
      detail
    }
  }

  /// Which exit code family the failure belongs to.
  public var kind: FailureKind {
    switch self {
    case .invalid, .roleRequired, .unknownSigner, .signature, .policy, .wrongStage, .gate, .notPermitted,
      .conflict:
      .check
    case .unknownPlan, .invalidPlanID: .usage
    case .noSigningKey, .wrongBranch, .alreadyInitialised, .notAPlanRepository, .unusableKey: .usage
    case .notARepository, .bareRepository, .uncommittedChanges, .concurrentUpdate, .wouldOverwrite, .git, .io:
      .repository
    }
  }
}
