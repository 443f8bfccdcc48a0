import Foundation
import GitKit

/// What the judge finds wrong with a commit or a reference: a violation's detail, worded in each
/// language in one place. Rule names, paths, reference names and SPEC's keys stay as they are.
enum Finding {
  // MARK: Every commit

  /// git cannot parse a folder of the commit or of its parent; git's own message.
  case unreadableTree(String)
  /// A commit message of `size` bytes, over the bound.
  case messageTooLong(size: Int)
  /// Committed at `time`, after the judge's clock.
  case datedAfterClock(Date)
  /// Committed at `time`, before its parent `parent`, committed at `parentTime`.
  case datedBeforeParent(Date, parent: OID, parentTime: Date)
  /// Committed at `time`, before the central repository's window (`pre-receive`).
  case datedBeforeWindow(Date)
  /// A folder object git would not write, at `path` (empty: the root).
  case malformedTree(path: String, MalformedTree.Problem)
  /// A merge with another number of parents than two.
  case mergeParents(Int)
  /// A merge whose parents conflict.
  case mergeConflict
  /// A merge that changes `paths` itself.
  case mergeChanges([String])
  /// A name that is not UTF-8 (shown escaped).
  case nameNotUTF8(String)
  /// An entry at `path` where SPEC's layout has no place for it.
  case layout(String, LayoutProblem)
  /// Two new names of one folder that fold to the same.
  case caseTwins(String, String)

  // MARK: Transitions and merges

  /// A merge into `main` that is not an approval merge.
  case notAnApprovalMerge
  /// An approval merge of plan `id` that changes `paths` outside its folder.
  case approvalChangesOutside(id: String, paths: [String])
  /// The review → approved gate of plan `id` did not hold.
  case approvalGate(id: String, ApprovalGateFailure)
  /// Plan `id` approved with a `plan.md` that does not validate.
  case approvalOfInvalidPlan(id: String)
  /// Plan `id` submitted with a `plan.md` that does not validate.
  case submitOfInvalidPlan(id: String)
  /// Plan `id` left drafting without the research record a major plan needs.
  case noResearch(id: String)
  /// Plan `id` left consultation without consultations of `types`.
  case missingConsultations(id: String, [ConsultationType])
  /// A `new` or `amend` commit without a valid `Reform-Plan`.
  case noPlanTrailer(ReformAction)
  /// A `new` or `amend` commit that changes other paths than `only` (`nil`: none).
  case openingChanges(ReformAction, only: String?)
  /// `new` of a plan already on `main`.
  case planExists(id: String)
  /// `amend` of a plan not approved on `main`.
  case planNotApproved(id: String)
  /// A transition commit that changes files.
  case transitionChangesFiles(ReformAction)
  /// `action` from a stage it does not leave.
  case notATransition(ReformAction, from: Stage)
  /// An opening on a plan branch, or another transition on `main`.
  case transitionMisplaced(ReformAction, onPlanBranch: Bool)

  // MARK: Files

  /// A `plan.md` changed on `main` other than by an approval merge.
  case planChangedOnMain(path: String)
  /// A path outside the folder of the plan `id` whose branch changed it.
  case outsidePlanFolder(path: String, id: String)
  /// A `plan.md` deleted on its branch.
  case planDeleted(path: String)
  /// A `plan.md` changed at a stage where it is fixed.
  case planChangedAtStage(Stage)
  /// An attachment changed at a stage where it is fixed.
  case fileChangedAtStage(path: String, Stage)
  /// `lead_unit` changed from `before` to `after`.
  case leadUnitChanged(from: String, to: String)
  /// A record deleted.
  case recordDeleted(path: String)
  /// A record that does not validate: its first diagnostic, when there is one.
  case invalidRecord(path: String, Diagnostic?)
  /// A record of `kind` at a stage where it is not made.
  case recordAtStage(RecordKind, Stage)
  /// A record dated `date`, after its commit's day `committed`.
  case recordDatedAfterCommit(path: String, date: CalendarDate, committed: CalendarDate)

  // MARK: The policy and who may act

  /// `.reform/` changed off `main`.
  case policyOffMain
  /// A new policy that does not validate: its first diagnostic, when there is one.
  case invalidPolicy(Diagnostic?)
  /// A new policy without an admin.
  case policyWithoutAdmin
  /// `act`, which `refusal` says the signer may not do, by the policy in force (or, with
  /// `now`, by the policy on `main` now).
  case refused(Act, AuthorityRefusal, signer: Member, now: Bool)
  /// `act` signed by `name`, whom the policy on `main` no longer lists.
  case signerRemoved(Act, name: String)
  /// The commit's signature does not verify, or is missing.
  case signature(SignatureError)
  /// The signing key is one `member` retired at `retired` (a git timestamp).
  case retiredKey(fingerprint: String, member: String, retired: String)
  /// The signing key is in the policy, but no member's current key.
  case keyOfNoMemberInForce

  // MARK: Trailers

  /// `Reform-Stage: stage` on a commit of `main`.
  case stageTrailerOnMain(String)
  /// `Reform-Stage: stage` on a commit of plan `id` at another stage.
  case stageTrailerMismatch(String, id: String, actual: Stage)
  /// `Reform-Plan: plan` on a commit of another plan's branch.
  case planTrailerMismatch(String, id: String)

  // MARK: References

  /// A reference outside the namespaces.
  case outsideNamespaces
  /// A branch that points at something else than a commit.
  case branchNotAtCommit
  /// `main` at a commit of plan `id`'s branch, at `stage`.
  case mainAtPlanCommit(id: String, Stage)
  /// Plan `id` on the stage branches `names`.
  case planOnBranches(id: String, [String])
  /// A stage branch whose history does not put plan `id` at its stage.
  case branchHistoryStage(id: String, Stage)
  /// A plan branch whose `.reform/` differs from its merge base with `main`.
  case branchPolicyDiffers
  /// `stage/id` continues the review that `main` approved in `merge`.
  case pastApproval(Stage, id: String, merge: OID)
  /// `main` no longer contains the central repository's `main` as last fetched (`remote`).
  case mainRewritten(remote: String)
  /// A version tag object that counts for nothing.
  case versionTag(PlanRepository.VersionTagProblem)
  /// A version tag of plan `id` that does not point at one of its approval merges on `main`.
  case tagNotOnApproval(id: String)
  /// A tag named `v<named>` on the approval merge of `v<actual>`.
  case tagVersionMismatch(named: Int, actual: Int)
  /// The approval merge of `id` version `version` without its tag `tag`.
  case untaggedApproval(id: String, version: Int, tag: String)
  /// An approval merge of `id` pushed without its version tag.
  case approvalWithoutTag(id: String)
  /// An approval merge of `id` pushed while `review/<id>` stays.
  case reviewLeftInPlace(id: String)
  /// An approval merge of `id` that does not contain the tip `tip` of `review/<id>`.
  case reviewTipNotMerged(id: String, tip: OID)

  // MARK: Moves of protected references

  /// `main` deleted.
  case mainDeleted
  /// `main` moved other than forward.
  case mainRewound
  /// A version tag moved or deleted.
  case versionTagMoved
  /// A stage branch created at a commit the repository holds.
  case stageBranchAtOldCommit
  /// `stage/id` moved other than forward.
  case stageBranchRewound(Stage, id: String)
  /// `stage/id` deleted in a push that does not move the plan on.
  case stageBranchDeleted(Stage, id: String)

  /// What a signer did, for a violation of the `role` rule.
  enum Act {
    /// A transition or an opening by `reform <action>`.
    case action(ReformAction)
    /// A change of `path` (a plan's files, a git presentation file, `.reform/`).
    case change(String)
    /// A record.
    case record(Record)
    /// An approval merge.
    case approvalMerge

    func text(in language: Language) -> String {
      switch self {
      case .action(let action):
        language.choose("reform \(action.rawValue)", "\(action.chineseName)（reform \(action.rawValue)）")
      case .change(let path): language.choose("a change of \(path)", "对 \(path) 的修改")
      case .record(let record):
        language.choose("\(record.article) \(record.description)", record.chineseDescription + "记录")
      case .approvalMerge: language.choose("an approval merge", "审定合并")
      }
    }
  }

  /// The detail in `language`.
  func text(in language: Language = .current) -> String {
    let english = language == .english
    func stage(_ stage: Stage) -> String { stage.name(in: language) }
    func action(_ action: ReformAction) -> String { action.name(in: language) }
    func list(_ items: [String]) -> String { items.joined(separator: english ? ", " : "、") }
    let drafted = stage(.drafting) + language.choose(" or ", "或") + stage(.consultation)
    switch self {
    case .unreadableTree(let message):
      return language.choose(
        "git cannot read a folder of this commit or of its parent (\(message)): it was not written by git",
        "git 无法读取此提交或其父提交中的一个文件夹（\(message)）：它不是 git 写入的")
    case .messageTooLong(let size):
      return language.choose(
        "the commit message has \(size) bytes, more than the \(CommitMessage.maximumSize) a message may have",
        "提交说明有 \(size) 字节，超过了允许的 \(CommitMessage.maximumSize) 字节")
    case .datedAfterClock(let time):
      return language.choose(
        "committed at \(time), after the clock of the one who judges it: every later commit, "
          + "which may not be older than it, would be refused until then; set the clock right and commit again",
        "提交时间 \(time) 晚于判定方的时钟：此后的提交不得早于它，在那之前都会被拒绝；请校准时钟后重新提交")
    case .datedBeforeParent(let time, let parent, let parentTime):
      return language.choose(
        "committed at \(time), before its parent \(parent.hex.prefix(12)) (\(parentTime))",
        "提交时间 \(time) 早于其父提交 \(parent.hex.prefix(12))（\(parentTime)）")
    case .datedBeforeWindow(let time):
      return language.choose(
        "committed at \(time), before the push by more than the policy's \(Policy.commitDateWindowKey)",
        "提交时间 \(time) 早于推送时间，超出了策略的 \(Policy.commitDateWindowKey)")
    case .malformedTree(let path, let problem):
      let folder = path.isEmpty ? language.choose("the root folder", "根文件夹") : ControlCharacters.escaped(path)
      return "\(folder)\(language.choose(": ", "："))\(Self.explanation(of: problem, in: language))"
    case .mergeParents(let count):
      return language.choose("a merge has two parents, not \(count)", "合并提交应有两个父提交，而不是 \(count) 个")
    case .mergeConflict:
      return language.choose(
        "its parents conflict, and a merge may resolve nothing by hand: resolve it on the branch first",
        "其父提交相互冲突，而合并不得手工解决任何冲突：请先在分支上解决")
    case .mergeChanges(let paths):
      let shown = list(paths.prefix(3).map(ControlCharacters.escaped))
      return language.choose(
        "the merge itself changes " + shown + (paths.count > 3 ? " and \(paths.count - 3) more" : "")
          + ": its tree must be the clean merge of its parents",
        "合并本身改动了 " + shown + (paths.count > 3 ? " 等 \(paths.count) 个路径" : "") + "：其树必须是父提交的干净合并")
    case .nameNotUTF8(let path):
      return language.choose("\(path): a name that is not UTF-8", "\(path)：名称不是 UTF-8")
    case .layout(let path, let problem):
      return "\(path)\(language.choose(": ", "："))\(problem.text(in: language))"
    case .caseTwins(let path, let twin):
      return language.choose(
        "\(path) and \(twin) differ only in case or Unicode normalisation", "\(path) 与 \(twin) 仅在大小写或 Unicode 规范化上不同")

    case .notAnApprovalMerge:
      return language.choose(
        "a merge into main that is not an approval merge of a plan in review", "并入 main 的合并不是审核阶段方案的审定合并")
    case .approvalChangesOutside(let id, let paths):
      return language.choose("the approval merge of \(id) changes ", "\(id) 的审定合并改动了 ") + list(Array(paths.prefix(3)))
    case .approvalGate(let id, let failure):
      return language.choose("review → approved of \(id): ", "\(id) 由审核转为已批准：") + failure.text(in: language)
    case .approvalOfInvalidPlan(let id):
      return language.choose("review → approved of \(id): plan.md is not valid", "\(id) 由审核转为已批准：plan.md 无效")
    case .submitOfInvalidPlan(let id):
      return language.choose("submit of \(id): plan.md is not valid", "提交 \(id)：plan.md 无效")
    case .noResearch(let id):
      return language.choose(
        "drafting → consultation of \(id) without a research record (major is true)",
        "\(id) 由起草转入论证评估，却没有调研记录（major 为 true）")
    case .missingConsultations(let id, let types):
      return language.choose(
        "consultation → review of \(id) without a consultation of type "
          + types.map(\.rawValue).joined(separator: ", "),
        "\(id) 由论证评估转入审核，却缺少" + types.map(\.chineseName).joined(separator: "、") + "的论证评估记录")
    case .noPlanTrailer(let act):
      return language.choose(
        "a \(act.rawValue) commit names no plan (Reform-Plan)", "\(act.chineseName)操作的提交未指明方案（Reform-Plan）")
    case .openingChanges(let act, let only):
      return language.choose(
        "a \(act.rawValue) commit may change only " + (only ?? "nothing"),
        "\(act.chineseName)操作的提交" + (only.map { "只能改动 \($0)" } ?? "不能改动任何文件"))
    case .planExists(let id):
      return language.choose("plan \(id) exists already on main", "方案 \(id) 已在 main 上")
    case .planNotApproved(let id):
      return language.choose("plan \(id) is not approved on main", "方案 \(id) 在 main 上尚未批准")
    case .transitionChangesFiles(let act):
      return language.choose("a \(act.rawValue) transition may change no file", "\(act.chineseName)操作不能改动任何文件")
    case .notATransition(let act, let from):
      return language.choose(
        "\(act.rawValue) is not a transition from \(from.rawValue)", "\(stage(from))阶段不能进行\(action(act))操作")
    case .transitionMisplaced(let act, let onPlanBranch):
      return language.choose(
        "\(act.rawValue) does not apply " + (onPlanBranch ? "on a plan branch" : "on main"),
        "\(action(act))操作不适用于" + (onPlanBranch ? "方案分支" : " main"))

    case .planChangedOnMain(let path):
      return language.choose(
        "\(path) changes on main only through an approval merge", "\(path) 在 main 上只能经审定合并改动")
    case .outsidePlanFolder(let path, let id):
      return language.choose(
        "\(path) is outside plans/\(id)/, which this branch may change",
        "\(path) 在 plans/\(id)/ 之外，而此分支只能改动该文件夹")
    case .planDeleted(let path):
      return language.choose("\(path) is deleted", "\(path) 被删除")
    case .planChangedAtStage(let at):
      return language.choose(
        "plan.md changes in \(drafted), not in \(at.rawValue)", "plan.md 只能在\(drafted)阶段修改，不能在\(stage(at))阶段修改")
    case .fileChangedAtStage(let path, let at):
      return language.choose(
        "\(path): files change in \(drafted), not in \(at.rawValue)",
        "\(path)：文件只能在\(drafted)阶段修改，不能在\(stage(at))阶段修改")
    case .leadUnitChanged(let before, let after):
      return language.choose(
        "plan.md changes lead_unit from \(before) to \(after): a plan stays with the unit that started it",
        "plan.md 把 lead_unit 从 \(before) 改为 \(after)：方案始终归属发起它的牵头单位")
    case .recordDeleted(let path):
      return language.choose("\(path) is deleted: records are never deleted", "\(path) 被删除：记录永不删除")
    case .invalidRecord(let path, let diagnostic):
      return diagnostic?.description ?? language.choose("\(path) is not a valid record", "\(path) 不是有效的记录")
    case .recordAtStage(let kind, let at):
      return language.choose(
        "a \(kind.rawValue) record is not made in \(at.rawValue)", "\(stage(at))阶段不能制作\(kind.chineseName)记录")
    case .recordDatedAfterCommit(let path, let date, let committed):
      return language.choose(
        "\(path) is dated \(date), after its commit (\(committed))", "\(path) 的日期为 \(date)，晚于其提交（\(committed)）")

    case .policyOffMain:
      return language.choose(".reform/ changes only on main", ".reform/ 只能在 main 上修改")
    case .invalidPolicy(let diagnostic):
      return diagnostic?.description ?? language.choose("the new policy is not valid", "新策略无效")
    case .policyWithoutAdmin:
      return language.choose("the new policy has no admin", "新策略中没有管理员")
    case .refused(let act, let refusal, let signer, let now):
      return language.choose(
        "\(act.text(in: language)) \(refusal.text(in: language))" + (now ? " by the policy on main now" : "")
          + "; it was signed by \(signer.summary(in: language))",
        (now ? "按 main 上现行的策略，" : "") + "\(act.text(in: language))\(refusal.text(in: language))"
          + "；签名者为 \(signer.summary(in: language))")
    case .signerRemoved(let act, let name):
      return language.choose(
        "\(act.text(in: language)) was signed by \(name), who is no longer a member of the policy on main",
        "\(act.text(in: language))由 \(name) 签名，而其已不是 main 上策略的成员")
    case .signature(let error):
      return error.text(in: language)
    case .retiredKey(let fingerprint, let member, let retired):
      return language.choose(
        "the signing key \(fingerprint) is one \(member) retired at \(retired): a retired key signs nothing new",
        "签名密钥 \(fingerprint) 已由 \(member) 于 \(retired) 停用：停用的密钥不能签署新内容")
    case .keyOfNoMemberInForce:
      return language.choose(
        "the signing key belongs to no member of the policy in force", "签名密钥不属于现行策略中的任何成员")

    case .stageTrailerOnMain(let written):
      return language.choose(
        "\(ReformTrailers.stageKey) says \(written), but the commit is on main",
        "\(ReformTrailers.stageKey) 写的是 \(written)，但该提交在 main 上")
    case .stageTrailerMismatch(let written, let id, let actual):
      return language.choose(
        "\(ReformTrailers.stageKey) says \(written), but \(id) is in \(actual.rawValue)",
        "\(ReformTrailers.stageKey) 写的是 \(written)，但 \(id) 处于\(stage(actual))阶段")
    case .planTrailerMismatch(let written, let id):
      return language.choose(
        "\(ReformTrailers.planKey) says \(written), but the commit is on a branch of \(id)",
        "\(ReformTrailers.planKey) 写的是 \(written)，但该提交在 \(id) 的分支上")

    case .outsideNamespaces:
      return language.choose(
        "references are main, drafting/, consultation/, review/, withdrawn/ followed by a plan id, and tags plans/<id>/v<N>",
        "引用只能是 main，或 drafting/、consultation/、review/、withdrawn/ 后接方案编号，以及标签 plans/<id>/v<N>")
    case .branchNotAtCommit:
      return language.choose("a branch must point at a commit", "分支必须指向提交")
    case .mainAtPlanCommit(let id, let at):
      return language.choose(
        "main points at a commit of \(id) in \(at.rawValue), not at a commit of main",
        "main 指向 \(id) 在\(stage(at))阶段的提交，而不是 main 的提交")
    case .planOnBranches(let id, let names):
      return language.choose(
        "plan \(id) is on \(names.count) stage branches: ", "方案 \(id) 同时位于 \(names.count) 个阶段分支上：") + list(names)
    case .branchHistoryStage(let id, let at):
      return language.choose(
        "the branch's history does not put \(id) in \(at.rawValue)", "该分支的历史并未使 \(id) 处于\(stage(at))阶段")
    case .branchPolicyDiffers:
      return language.choose(
        "the branch's .reform/ differs from its merge base with main", "该分支的 .reform/ 与它和 main 的合并基础不同")
    case .pastApproval(let at, let id, let merge):
      return language.choose(
        "\(at.rawValue)/\(id) goes on from a review that main approved in \(merge.hex.prefix(12)): "
          + "a new version starts from main with reform amend",
        "\(at.rawValue)/\(id) 延续了 main 已在 \(merge.hex.prefix(12)) 批准的审核：新版本须用 reform amend 从 main 开始")
    case .mainRewritten(let remote):
      return language.choose(
        "main was rewritten: it does not contain \(remote)", "main 被改写：它不再包含 \(remote)")
    case .versionTag(let problem):
      return problem.text(in: language)
    case .tagNotOnApproval(let id):
      return language.choose(
        "the tag does not point at an approval merge of \(id) on main", "该标签未指向 main 上 \(id) 的审定合并")
    case .tagVersionMismatch(let named, let actual):
      return language.choose(
        "the tag names v\(named), but it points at the approval merge of v\(actual)",
        "该标签名为 v\(named)，但指向 v\(actual) 的审定合并")
    case .untaggedApproval(let id, let version, let tag):
      return language.choose(
        "the approval merge of \(id) v\(version) has no tag \(tag)", "\(id) v\(version) 的审定合并没有标签 \(tag)")
    case .approvalWithoutTag(let id):
      return language.choose(
        "the approval merge of \(id) comes without its version tag in the same push",
        "\(id) 的审定合并未在同一次推送中附带其版本标签")
    case .reviewLeftInPlace(let id):
      return language.choose(
        "the approval merge of \(id) leaves review/\(id) in place: the push that approves deletes it",
        "\(id) 的审定合并保留了 review/\(id)：审定的推送应将其删除")
    case .reviewTipNotMerged(let id, let tip):
      return language.choose(
        "the approval merge of \(id) does not contain the tip of review/\(id) (\(tip.hex.prefix(12)))",
        "\(id) 的审定合并不包含 review/\(id) 的最新提交（\(tip.hex.prefix(12))）")

    case .mainDeleted:
      return language.choose("main may not be deleted", "main 不得删除")
    case .mainRewound:
      return language.choose("main may only move forward (no force push)", "main 只能向前移动（不得强制推送）")
    case .versionTagMoved:
      return language.choose("a version tag may not be moved or deleted", "版本标签不得移动或删除")
    case .stageBranchAtOldCommit:
      return language.choose(
        "a stage branch is created only at a new commit, not at one the repository holds",
        "阶段分支只能在新提交上创建，不能在仓库已有的提交上创建")
    case .stageBranchRewound(let at, let id):
      return language.choose("\(at.rawValue)/\(id) may only move forward", "\(at.rawValue)/\(id) 只能向前移动")
    case .stageBranchDeleted(let at, let id):
      return language.choose(
        "\(at.rawValue)/\(id) is deleted only in the push that moves the plan on (its next stage's branch or main then contains it)",
        "\(at.rawValue)/\(id) 只能在推动方案进入下一步的推送中删除（届时下一阶段的分支或 main 包含它）")
    }
  }

  /// What `git fsck` would say of a tree object git did not write.
  private static func explanation(of problem: MalformedTree.Problem, in language: Language) -> String {
    let fsck =
      switch problem {
      case .misordered: "treeNotSorted, duplicateEntries"
      case .unknownMode: "badFilemode"
      case .forbiddenName: "hasDot, hasDotgit, fullPathname"
      case .paddedMode: "zeroPaddedFilemode"
      }
    guard language == .english else {
      let what =
        switch problem {
        case .misordered: "的条目未按 git 的顺序排列，或有重名"
        case .unknownMode: "含有 git 不会写入的模式的条目"
        case .forbiddenName: "含有名为 .、..、.git 或带斜杠的条目"
        case .paddedMode: "的模式写有前导零"
        }
      return "该文件夹\(what)（git fsck：\(fsck)）：请用 git 写入，不要手工构造"
    }
    let what =
      switch problem {
      case .misordered: "lists its entries out of git's order or a name twice"
      case .unknownMode: "holds an entry of a mode git does not write"
      case .forbiddenName: "holds an entry named ., .., .git or with a slash"
      case .paddedMode: "spells a mode with leading zeros"
      }
    return "the folder \(what) (git fsck: \(fsck)): write it with git, not by hand"
  }
}

extension Violation {
  /// A violation whose detail is `finding`, worded in the reader's language.
  init(commit: OID?, ref: String, rule: Rule, _ finding: Finding) {
    self.init(commit: commit, ref: ref, rule: rule, detail: finding.text())
  }
}
