import Foundation
import GitKit

/// Where a plan is in the procedure (SPEC section 2).
public enum Stage: String, Sendable, CaseIterable, Codable {
  case drafting, consultation, review, approved, withdrawn

  /// The stages whose plans live on a branch of their own.
  static let branchStages: [Stage] = [.drafting, .consultation, .review, .withdrawn]

  /// The branch of plan `id` at this stage; `main` when approved.
  public func branch(for id: String) -> String {
    self == .approved ? PlanRepository.mainBranch : "refs/heads/\(rawValue)/\(id)"
  }
}

/// A plan's current stage, the branch and commit that hold it, and its versions.
public struct PlanState: Sendable, Equatable {
  /// The plan id.
  public let id: String
  /// The stage the plan's current version is at.
  public let stage: Stage
  /// The branch that holds the current version (`main` when approved).
  public let branch: String
  /// The commit that branch points to.
  public let tip: OID
  /// How many versions were approved, when telling the stage needed them counted: a plan on
  /// stage branches. For a plan on `main` alone the count waits for
  /// `PlanRepository.approvedVersions(of:)`: it checks each version tag's signature and walks
  /// `main`'s history, which a record on an approved plan does not need.
  let countedVersions: Int?

  /// The highest version number read from a tag; a tag naming a higher one is not a version tag.
  public static let maximumVersion = 9_999
}

extension PlanState {
  /// N of a tag `…/v<N>`, or `nil` when the name holds no version in range.
  public static func version(inTag name: String) -> Int? {
    name.split(separator: "/").last.flatMap(version(named:))
  }

  /// N of the last part of a tag's name, `v<N>`: 1 to 4 digits, the first not 0.
  static func version(named part: Substring) -> Int? {
    let bytes = part.utf8
    guard bytes.first == UInt8(ascii: "v"), (2...5).contains(bytes.count), bytes.dropFirst().allSatisfy(\.isASCIIDigit),
      bytes.dropFirst().first != UInt8(ascii: "0")
    else { return nil }
    return bytes.dropFirst().reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
  }
}

extension PlanRepository {
  /// The state of plan `id`, or `nil` when no branch, tag or `main` holds it.
  /// - Throws: when the plan is on two stage branches at once.
  public func state(of id: String) throws(ReformError) -> PlanState? {
    guard PlanID.isValid(id) else { throw .invalidPlanID(Self.idRule(id)) }
    var found: [(Stage, OID)] = []
    for stage in Stage.branchStages {
      if let tip = try gitCall({ try git.referenceTarget(stage.branch(for: id)) }) { found.append((stage, tip)) }
    }
    // A withdrawn id stays taken: withdrawn/<id> beside any other stage branch is a conflict
    // too, unless the plan has an approved version (withdrawn/<id> then keeps an amendment that
    // was withdrawn, and the plan may be amended again).
    let active = found.filter { $0.0 != .withdrawn }
    let versions = found.isEmpty ? nil : try approvedVersions(of: id)
    if active.count > 1 || (found.count > 1 && versions == 0) {
      let names = found.map { "\($0.0.rawValue)/\(id)" }.joined(separator: " and ")
      throw .conflict(
        Language.current.choose(
          "plan '\(id)' is on two stage branches, \(names): delete the stale one with git",
          "方案 '\(id)' 同时在两个阶段分支上（\(names)）：请用 git 删除过时的一个"))
    }
    if let (stage, tip) = active.first ?? (versions == 0 ? found.first : nil) {
      return PlanState(id: id, stage: stage, branch: stage.branch(for: id), tip: tip, countedVersions: versions)
    }
    guard let main = try mainTip(), try snapshot(of: main).exists(RepositoryFile.planPath(id)) else { return nil }
    return PlanState(id: id, stage: .approved, branch: Self.mainBranch, tip: main, countedVersions: versions)
  }

  /// The state of plan `id`, which must exist; a plan branch must carry `main`'s `.reform/`.
  /// In a clone, the plan's stage branch comes from the central repository when it is there
  /// and not here, or is fast-forwarded to it when behind (`followCentralStageBranch`).
  func existingState(of id: String) throws(ReformError) -> PlanState {
    try fastForwardMainIfBehind()
    try followCentralStageBranch(of: id)
    guard let state = try state(of: id) else { throw .unknownPlan(id) }
    if state.stage != .approved { try checkPolicyUnchanged(on: state) }
    return state
  }

  /// Brings the local stage branch of plan `id` level with the central repository's
  /// remote-tracking one: deletes a stale one (gone there, its commits published), creates it
  /// when the plan has no local stage branch, fast-forwards it when it is behind and not
  /// checked out, and refuses when the two have diverged. A local branch at another stage (a
  /// move not yet synced) is left as it is. Says what it did.
  func followCentralStageBranch(of id: String) throws(ReformError) {
    guard let remote = try centralRemote() else { return }
    var local: [Stage: OID] = [:]
    var central: [Stage: OID] = [:]
    for stage in Stage.branchStages {
      local[stage] = try gitCall { try git.referenceTarget(stage.branch(for: id)) }
      central[stage] = try gitCall { try git.referenceTarget("refs/remotes/\(remote)/\(stage.rawValue)/\(id)") }
    }
    let name = { (stage: Stage) in "\(stage.rawValue)/\(id)" }
    // A local stage branch the central repository no longer has, all of whose commits it holds
    // (on main, or under the plan's next stage), is stale: the plan moved on without this clone.
    let centralMain = try gitCall { try git.referenceTarget("refs/remotes/\(remote)/main") }
    for (stage, mine) in local where central[stage] == nil {
      var published = false
      for tip in Array(central.values) + (centralMain.map { [$0] } ?? []) where !published {
        published = try gitCall { try git.isAncestor(mine, of: tip) }
      }
      guard published, try gitCall({ try git.headBranch() }) != stage.branch(for: id) else { continue }
      try gitCall { try git.updateReferences([ReferenceEdit(stage.branch(for: id), from: mine, to: nil)], logMessage: "reform: stale") }
      local[stage] = nil
      notice(Language.current.choose("\(name(stage)) was stale (\(remote) has the plan further on): deleted the local branch", "\(name(stage)) 已过时（\(remote) 上的方案更靠后）：已删除本地分支"))
    }
    if local.isEmpty, let (stage, tip) = central.first(where: { $0.key != .withdrawn }) ?? central.first {
      // A branch that main already holds was approved here and awaits publishing.
      if let main = try mainTip(), try gitCall({ try git.isAncestor(tip, of: main) }) { return }
      try gitCall { try git.updateReferences([ReferenceEdit(stage.branch(for: id), from: nil, to: tip)], logMessage: "reform: from \(remote)") }
      notice(Language.current.choose("using \(remote)/\(name(stage)): created the local branch \(name(stage))", "使用 \(remote)/\(name(stage))：已创建本地分支 \(name(stage))"))
      return
    }
    for (stage, mine) in local {
      guard let theirs = central[stage], theirs != mine else { continue }
      if try gitCall({ try git.isAncestor(theirs, of: mine) }) { continue }
      guard try gitCall({ try git.isAncestor(mine, of: theirs) }) else {
        throw .conflict(
          Language.current.choose("\(name(stage)) and \(remote)/\(name(stage)) have diverged: someone else changed the plan since you last synced;"
            + " keep your work on another branch, reset \(name(stage)) to \(remote)/\(name(stage)), and redo your change", "\(name(stage)) 与 \(remote)/\(name(stage)) 已分叉：自您上次同步后他人修改了方案；请把您的工作留在另一分支上，将 \(name(stage)) 重置为 \(remote)/\(name(stage))，再重做您的更改"))
      }
      guard try gitCall({ try git.headBranch() }) != stage.branch(for: id) else {
        throw .conflict(
          Language.current.choose(
            "\(name(stage)) is checked out and behind \(remote)/\(name(stage)): run 'git merge --ff-only \(remote)/\(name(stage))'"
              + " first",
            "\(name(stage)) 已检出且落后于 \(remote)/\(name(stage))：请先运行 'git merge --ff-only \(remote)/\(name(stage))'"))
      }
      try gitCall { try git.updateReferences([ReferenceEdit(stage.branch(for: id), from: mine, to: theirs)], logMessage: "reform: from \(remote)") }
      notice(Language.current.choose("\(name(stage)) was behind \(remote)/\(name(stage)): fast-forwarded it", "\(name(stage)) 落后于 \(remote)/\(name(stage))：已快进"))
    }
  }

  /// Refuses a plan branch whose `.reform/` differs from that of its merge base with `main`:
  /// `.reform/` changes only on `main` (SPEC section 5).
  func checkPolicyUnchanged(on state: PlanState) throws(ReformError) {
    guard let main = try mainTip() else { throw .notAPlanRepository }
    let base = try gitCall { try git.mergeBase(main, state.tip) }
    guard base != nil, try reformFolder(at: base) == reformFolder(at: state.tip) else {
      throw .policyChangedOnBranch(branch: state.branch.replacingOccurrences(of: "refs/heads/", with: ""))
    }
  }

  /// The tree `.reform/` holds at `commit` (`nil`: no commit, or no such folder).
  func reformFolder(at commit: OID?) throws(ReformError) -> OID? {
    try gitCall { try commit.flatMap { try git.treeEntry(git.commit($0).treeID, path: ".reform")?.id } }
  }

  /// The refusal of a new version of plan `id`, which has `versions`, the most a plan may have.
  static func tooManyVersions(_ id: String, _ versions: Int) -> String {
    Language.current.choose(
      "plan '\(id)' has \(versions) versions, the most a plan may have", "方案 '\(id)' 已有 \(versions) 个版本，达到上限")
  }

  /// The highest N of the version tags `plans/<id>/v<N>` (N from 1 to
  /// `PlanState.maximumVersion`, written without leading zeros). A tag counts only when it is
  /// an annotated tag on an approval merge of the plan in `main`'s history; anything else
  /// anyone can make with plain git, and `reform verify` reports it.
  /// Tags are tried from the highest version down, and the first that counts answers: each
  /// costs a signature check and a walk of `main`'s history.
  func approvedVersions(of id: String) throws(ReformError) -> Int {
    guard let main = try mainTip() else { return 0 }
    let tags = try gitCall { try git.references(matching: "refs/tags/plans/\(id)/v*") }
    let versioned = tags.compactMap { tag in PlanState.version(inTag: tag.name).map { (version: $0, tag: tag) } }
    for (version, tag) in versioned.sorted(by: { $0.version > $1.version }) {
      if let merge = try approvalMerge(taggedBy: tag, of: id), try gitCall({ try git.isAncestor(merge.id, of: main) }) {
        return version
      }
    }
    return 0
  }

  /// How many versions of the plan in `state` were approved: as `state` counted them, else
  /// counted now.
  func approvedVersions(of state: PlanState) throws(ReformError) -> Int {
    if let counted = state.countedVersions { return counted }
    return try approvedVersions(of: state.id)
  }

  /// The approval merge of plan `id` that the annotated tag object `tag` points at, or `nil`
  /// when `tag` is not an annotated tag signed by an approver of the policy in force at the
  /// merge, or points at anything else (whether `main` reaches the merge is the caller's to
  /// check). Anyone can make an unsigned tag with plain git; it counts for nothing.
  func approvalMerge(taggedBy tag: Reference, of id: String) throws(ReformError) -> Commit? {
    let checked = try checkedVersionTag(tag) { merge throws(ReformError) in try? policy(at: merge.parentIDs[0]) }
    guard case .success(let merge) = checked else { return nil }
    guard ReformTrailers(message: merge.message ?? "").say(.approve, of: id) else { return nil }
    return merge
  }

  /// The merge a version tag stands on, when the tag is an annotated tag object named as its
  /// reference, on a two-parent commit, with a message within bounds, signed by an approver of
  /// `policy(merge)` (the policy in force at the merge); else why it counts for nothing. The one
  /// check of a tag object, for the queries, the commands and the judge.
  func checkedVersionTag(
    _ tag: Reference, policy: (Commit) throws(ReformError) -> Policy?
  ) throws(ReformError) -> Result<Commit, VersionTagProblem> {
    let object = try gitCall { try git.rawObject(tag.target) }
    guard object.type == "tag" else { return .failure(.notAnnotated) }
    guard object.data.count <= CommitMessage.maximumSize else { return .failure(.tooLong) }
    guard let (signed, signature) = Self.splitTagSignature(object.data) else { return .failure(.unsigned) }
    let annotated = try gitCall { try git.annotatedTag(tag.target) }
    guard Self.tagNameMatches(annotated, reference: tag.name) else { return .failure(.misnamed(annotated.name)) }
    guard try gitCall({ try git.objectType(annotated.target) }) == "commit",
      let merge = try? gitCall({ try git.commit(annotated.target) }), merge.parentIDs.count == 2
    else { return .failure(.notOnAMerge) }
    guard let policy = try policy(merge),
      let key = try? SSHSignature.verify(String(decoding: signature, as: UTF8.self), over: signed, allowedKeys: policy.keys),
      let member = policy.member(for: key)
    else { return .failure(.badSignature) }
    if Procedure.refusal(of: member, for: Procedure.authority(for: .approve), plan: PlanScope(leadUnit: nil, group: nil)) != nil {
      return .failure(.notAnApprover(member))
    }
    return .success(merge)
  }

  /// Why a version tag object counts for nothing.
  enum VersionTagProblem: Error, CustomStringConvertible {
    case notAnnotated, tooLong, unsigned, misnamed(String), notOnAMerge, badSignature, notAnApprover(Member)

    var description: String { text(in: .current) }

    /// The problem in `language`.
    func text(in language: Language) -> String {
      switch self {
      case .notAnnotated: language.choose("a version tag must be an annotated, signed tag", "版本标签必须是附注并签名的标签")
      case .tooLong:
        language.choose(
          "the tag object is longer than \(CommitMessage.maximumSize) bytes", "标签对象超过 \(CommitMessage.maximumSize) 字节")
      case .unsigned: language.choose("the version tag is not signed", "版本标签没有签名")
      case .misnamed(let name):
        language.choose(
          "the tag object is named \(ControlCharacters.escaped(name)), not as its reference",
          "标签对象名为 \(ControlCharacters.escaped(name))，与其引用名不同")
      case .notOnAMerge: language.choose("the tag does not point at a merge", "标签没有指向合并提交")
      case .badSignature:
        language.choose(
          "the tag's signature is not good, or its key belongs to no member of the policy in force",
          "标签的签名无效，或其密钥不属于现行策略中的任何成员")
      case .notAnApprover(let member):
        language.choose(
          "the tag is signed by \(member.summary(in: language)), who is not an approver",
          "标签由 \(member.summary(in: language)) 签名，其不是审定人")
      }
    }
  }

  /// Whether the tag object names the reference that points at it: a second reference to the
  /// genuine tag object of v1 (`plans/<id>/v5`) is not version 5.
  static func tagNameMatches(_ tag: AnnotatedTag, reference: String) -> Bool {
    "refs/tags/" + tag.name == reference
  }

  /// A tag object's signed part and its SSH signature, as `git tag -s` appends it.
  static func splitTagSignature(_ data: Data) -> (signed: Data, signature: Data)? {
    let marker = Data("\n-----BEGIN SSH SIGNATURE-----".utf8)
    guard let range = data.range(of: marker, options: .backwards) else { return nil }
    return (data[..<(range.lowerBound + 1)], data[(range.lowerBound + 1)...])
  }

  static func idRule(_ id: String) -> String {
    Language.current.choose(
      "'\(id)' is not a valid plan id: 3 to 64 of a-z, 0-9 and '-', starting with a letter or digit",
      "'\(id)' 不是有效的方案编号：应为 3 到 64 个 a-z、0-9 和 '-'，以字母或数字开头")
  }
}
