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
  /// The signing key belongs to no member of the policy in force.
  case unknownSigner(fingerprint: String)
  /// The signing key is one `member` retired (`reform member update --key`).
  case retiredSigner(fingerprint: String, member: String)
  /// Local changes would be overwritten.
  case uncommittedChanges(String)
  /// The plan's file in the work tree differs from the committed one that a gate would judge.
  case uncommittedPlan(String)
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
  /// The signer (described) may not do `action`: the refusal says which role or scope is missing.
  case notPermitted(action: String, signer: String, AuthorityRefusal)
  /// A required text option (`--reason`, `--meeting`) is empty.
  case emptyText(String)
  /// An argument is malformed; the text says which and how.
  case badArgument(String)
  /// What was asked for (a version, a draft, a work plan) does not exist; the text says so.
  case notFound(String)
  /// A plan branch carries a `.reform/` that differs from its merge base with `main`.
  case policyChangedOnBranch(branch: String)
  /// The review branch changes paths outside its plan's folder since its merge base with `main`.
  case changesOutsidePlan(branch: String, paths: [String])
  /// Something else than a folder (a file or symbolic link) is where a folder belongs.
  case notAFolder(String)
  /// Something else than a regular file is where a plan, record, policy or input file belongs.
  case notARegularFile(path: String, found: String)
  /// The references moved, but the work tree could not follow, for `reason`.
  case workTreeBehind(branch: String, reason: String)
  /// A revision names no commit.
  case unknownRevision(String)
  /// A lock file prevents the change: another command is running, or one crashed.
  case locked(path: String)
  /// Two versions of the same file conflict.
  case conflict(String)
  /// The judge of history would refuse the command's change, as the central repository would.
  case refusedByJudge([Violation])

  public var errorDescription: String? {
    Language.current == .chinese ? chineseDescription ?? englishDescription : englishDescription
  }

  /// The message in Chinese, for the errors whose words are all the tool's own (`nil`: an
  /// error that carries a sentence made elsewhere, shown as it is).
  private var chineseDescription: String? {
    switch self {
    case .notARepository(let path):
      "\(path) 不是 git 仓库：请在该处运行 'reform init --key 密钥 --name 姓名'，或用 -C 指定仓库"
    case .bareRepository(let path): "\(path) 是裸仓库：此命令需要工作区（克隆）"
    case .alreadyInitialised: "此仓库已是方案仓库（.reform/policy.yaml 已存在）：成员变更请用 'reform member'"
    case .notAPlanRepository: "main 分支上没有 .reform/policy.yaml：请用 'reform init --key 密钥 --name 姓名' 建立方案仓库"
    case .wrongBranch(let current, let needed):
      "HEAD 在 '\(current)' 上，此操作需要 '\(needed)'：请先运行 'git switch \(needed)'"
    case .noSigningKey: "没有签名密钥：请用 --key 文件 指定，或设置 REFORM_SIGNING_KEY，或设置 git 的 user.signingkey"
    case .unusableKey(let path, let reason): "无法使用密钥 \(path)：\(reason)"
    case .emptyText(let option): "\(option) 不能为空：请用文字写明决定内容或理由"
    case .notAFolder(let path): "\(path) 应为文件夹，现为文件或符号链接：请用 git 改为文件夹后重试"
    case .notARegularFile(let path, let found): "\(path) 应为普通文件，而不是 \(found)：请改为普通文件"
    case .locked(let path):
      "另一个命令正在修改仓库（\(path) 存在），未做任何更改：请重试。若没有 git 或 reform 命令在运行，该锁是崩溃遗留的：请删除 \(path)"
    case .unknownRevision(let revision): "'\(revision)' 不指向任何提交：请给出分支、标签或提交编号"
    case .unknownSigner(let fingerprint):
      "签名密钥 \(fingerprint) 不属于策略中的任何成员：请管理员运行 'reform member add'，或使用您自己的密钥（--key）"
    case .retiredSigner(let fingerprint, let member):
      "签名密钥 \(fingerprint) 是 \(member) 已停用的密钥，不能再签署新内容：请使用 \(member) 的现用密钥（--key）"
    case .uncommittedChanges(let paths): "对 \(paths) 的未提交修改将被覆盖：请先提交或暂存（stash），再运行命令"
    case .uncommittedPlan(let path):
      "\(path) 有未提交的修改，而提交审核只判断已提交的方案：请提交（git commit -a）或撤销（git restore \(path)）后再提交审核"
    case .concurrentUpdate(let branch): "\(branch) 已被他人同时改动，未做任何更改：请重试"
    case .wouldOverwrite(let path): "\(path) 已存在：请移开或删除后重试"
    case .unknownPlan(let id):
      "main 或阶段分支上没有方案 '\(id)'：请核对编号（'git branch --list \"*/\(id)\"'），或用 'reform new \(id) --kind 类别' 新建"
    case .notPermitted(let action, let signer, let refusal):
      "\(action)：\(refusal)；签名密钥属于 \(signer)：请使用有权成员的密钥签名"
    case .policyChangedOnBranch(let branch):
      "\(branch) 修改了 .reform/，而 .reform/ 只能由管理员在 main 上修改：请在 \(branch) 上运行 "
        + "'git checkout $(git merge-base main \(branch)) -- .reform' 恢复后提交"
    case .changesOutsidePlan(let branch, let paths):
      "\(branch) 修改了方案文件夹以外的文件（\(paths.joined(separator: "、"))）：审定只合并 plans/<编号>/；请先在 \(branch) 上撤销这些修改"
    case .workTreeBehind(let branch, let reason):
      "更改已完成（\(branch)），但工作区未能跟上（\(reason)）；解决后运行任一 reform 命令即可同步"
    case .refusedByJudge(let violations):
      "程序不允许此更改（中心仓库的 pre-receive 同样会拒绝），未做任何更改："
        + violations.prefix(3).map(\.description).joined(separator: "；")
    default: nil
    }
  }

  private var englishDescription: String {
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
    case .notPermitted(let action, let signer, let refusal):
      "\(action) \(refusal); the signing key belongs to \(signer): sign with the key of a member who may"
    case .emptyText(let option): "\(option) must not be empty: say what was decided or why, in words"
    case .badArgument(let detail), .notFound(let detail): detail
    case .policyChangedOnBranch(let branch):
      "\(branch) changes .reform/, which changes only on main by an admin: restore it with "
        + "'git checkout $(git merge-base main \(branch)) -- .reform' on \(branch) and commit"
    case .changesOutsidePlan(let branch, let paths):
      "\(branch) changes files outside its plan's folder (\(paths.joined(separator: ", "))): "
        + "an approval merges only plans/<id>/; undo those changes on \(branch) first"
    case .notAFolder(let path):
      "\(path) is a file or symbolic link where a folder belongs: replace it with a folder with git, then run the command again"
    case .notARegularFile(let path, let found):
      "\(path) must be a regular file, not \(found): replace it with a file"
    case .locked(let path):
      "another command is changing the repository (\(path) exists); nothing was changed: run the command again. "
        + "If no git or reform command is running, the lock was left by a crash: remove \(path)"
    case .workTreeBehind(let branch, let reason):
      "the change is made (\(branch)), but the work tree could not follow (\(reason)); "
        + "run any reform command to bring it along once that is resolved"
    case .unknownRevision(let revision): "'\(revision)' names no commit: give a branch, tag or commit id"
    case .unknownSigner(let fingerprint):
      "the signing key \(fingerprint) belongs to no member of the policy: ask an admin to run 'reform member add', or use your own key (--key)"
    case .retiredSigner(let fingerprint, let member):
      "the signing key \(fingerprint) is one \(member) retired, and a retired key signs nothing"
        + " new: sign with \(member)'s current key (--key)"
    case .uncommittedChanges(let paths):
      "uncommitted changes to \(paths) would be overwritten: commit or stash them, then run the command again"
    case .uncommittedPlan(let path):
      "\(path) has changes that are not committed, and submit judges the committed plan: commit them "
        + "(git commit -a) or undo them (git restore \(path)), then submit"
    case .concurrentUpdate(let branch):
      "\(branch) was moved by someone else meanwhile; nothing was changed: run the command again"
    case .wouldOverwrite(let path): "\(path) already exists: move it aside or remove it, then run the command again"
    case .invalid(let diagnostics): diagnostics.map(\.description).joined(separator: "\n")
    case .policy(let error): error.localizedDescription
    case .signature(let error): error.localizedDescription
    case .git(let error): "git: \(error)"
    case .io(let detail): detail
    case .unknownPlan(let id):
      "no plan '\(id)' on main or a stage branch: check the id ('git branch --list \"*/\(id)\"'), or start one with 'reform new \(id) --kind K'"
    case .invalidPlanID(let detail), .wrongStage(let detail), .gate(let detail), .conflict(let detail):
      detail
    case .refusedByJudge(let violations):
      "the procedure refuses this change, as the central repository's pre-receive would; nothing was changed: "
        + violations.prefix(3).map(\.description).joined(separator: "; ")
    }
  }

  /// Which exit code family the failure belongs to.
  public var kind: FailureKind {
    switch self {
    case .invalid, .unknownSigner, .signature, .policy, .wrongStage, .gate, .notPermitted, .conflict, .refusedByJudge,
      .unknownPlan, .policyChangedOnBranch, .changesOutsidePlan, .notAFolder, .notARegularFile,
      .notFound, .retiredSigner:
      .check
    case .invalidPlanID, .emptyText, .unknownRevision, .badArgument: .usage
    case .noSigningKey, .wrongBranch, .alreadyInitialised, .notAPlanRepository, .unusableKey: .usage
    case .notARepository, .bareRepository, .uncommittedChanges, .uncommittedPlan, .concurrentUpdate, .wouldOverwrite, .git, .io,
      .locked, .workTreeBehind:
      .repository
    }
  }
}

extension ReformError {
  /// The index cannot be read: damaged, or written with a git feature libgit2 does not read;
  /// the message names those features and how to turn them off.
  static func unreadableIndex(_ error: GitError) -> ReformError {
    .io(
      Language.current.choose(
        "cannot read the index (\(error.message)); if git wrote it with index.skipHash, a split index or a sparse index, which libgit2 cannot read, turn them off ('git config index.skipHash false', 'git update-index --no-split-index', 'git sparse-checkout disable'), then stage again",
        "无法读取暂存区（\(error.message)）；如果它是 git 以 index.skipHash、拆分索引或稀疏索引写成的（libgit2 无法读取），请关闭这些设置（'git config index.skipHash false'、'git update-index --no-split-index'、'git sparse-checkout disable'）后重新暂存"))
  }
}
