import Foundation
import GitKit

/// What `reform sync` did.
public struct SyncReport: Sendable {
  /// The local branches created or fast-forwarded from the central repository.
  public var followed: [String] = []
  /// The references published in the atomic push (`-` for a deletion).
  public var published: [String] = []
}

/// Runs the user's own `git` for what only it should do: talk to the central repository, so
/// that the user's SSH configuration and credentials and the server's hooks apply. It is the
/// only program reform starts.
struct GitCommandLine {
  let workTree: URL

  /// Runs `git` with `arguments`; returns its exit status and what it wrote (stdout and
  /// stderr together: `push --porcelain` says why a reference was refused on stdout).
  func run(_ arguments: [String]) throws(ReformError) -> (status: Int32, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git"] + arguments
    process.currentDirectoryURL = workTree
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = errors
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw .io(Language.current.choose("cannot run git: \(error.localizedDescription); install git", "无法运行 git：\(error.localizedDescription)；请安装 git"))
    }
    let text = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: text, as: UTF8.self))
  }
}

extension PlanRepository {
  /// Clones the central repository at `url` into `folder` with the user's own `git`, and
  /// opens the clone.
  public static func clone(_ url: String, into folder: String) throws(ReformError) -> PlanRepository {
    let parent = URL(fileURLWithPath: folder).standardizedFileURL.deletingLastPathComponent()
    let cloned = try GitCommandLine(workTree: parent).run(["clone", "--quiet", "--branch", "main", "--", url, folder])
    guard cloned.status == 0 else { throw .io(Language.current.choose("git clone \(url) failed: \(summary(cloned.errors))", "git clone \(url) 失败：\(summary(cloned.errors))")) }
    return try open(at: folder)
  }

  /// Fetches from the central repository, brings `main`, the version tags and the stage
  /// branches level with it, then publishes what this clone made — stage moves (a deletion and
  /// a creation), new commits, approval merges with their tags — in one atomic push with a
  /// lease on every reference it moves, so that the central repository never shows a plan on
  /// two stage branches or a merge without its tag. `ids` limits the stage branches published
  /// (empty: all). When another member pushed first, the lease refuses the whole push.
  public func sync(ids: [String]) throws(ReformError) -> SyncReport {
    var report = try followCentral(ids: ids)
    let remote = try requireCentralRemote()
    let allPlans = try planIDs(remote: remote)
    let plans = allPlans.filter { ids.isEmpty || ids.contains($0) }
    let updates = try publishedUpdates(remote: remote, plans: plans, all: allPlans)
    guard !updates.isEmpty else { return report }
    var arguments = ["push", "--atomic", "--porcelain", remote]
    for update in updates {
      arguments.append("--force-with-lease=\(update.name):\(update.expected?.hex ?? "")")
      arguments.append(update.target.map { "\($0.hex):\(update.name)" } ?? ":\(update.name)")
    }
    let pushed = try GitCommandLine(workTree: try workTree()).run(arguments)
    guard pushed.status == 0 else {
      // A hook's refusal says why; a lease or a moved reference means another member was first.
      if let reason = Self.hookReason(pushed.errors) {
        throw .io(Language.current.choose("nothing was published: \(reason)", "未发布任何内容：\(reason)"))
      }
      let raced = ["stale info", "fetch first", "failed to update ref", "cannot lock ref", "non-fast-forward"]
      if raced.contains(where: pushed.errors.contains) {
        throw .io(
          Language.current.choose("the central repository changed since this sync fetched (another member published first), so nothing was"
            + " published: run 'reform sync' again; if a command of yours was refused, redo it on top of their work first", "中心仓库在本次同步获取后已有变化（另一成员先发布了），未发布任何内容：请再次运行 'reform sync'；若您的某个命令被拒绝，请先在对方的工作之上重做"))
      }
      throw .io(Language.current.choose("git push \(remote) failed, nothing was published: \(Self.summary(pushed.errors))", "git push \(remote) 失败，未发布任何内容：\(Self.summary(pushed.errors))"))
    }
    report.published = updates.map { ($0.target == nil ? "-" : "") + $0.name }
    return report
  }

  /// The first half of `sync`: fetches from the central repository and brings `main`, the
  /// version tags and the stage branches of `ids` (empty: all) level with it. The commands
  /// run with `--sync` do this before their change, so that it is made on the newest work.
  public func followCentral(ids: [String]) throws(ReformError) -> SyncReport {
    let remote = try requireCentralRemote()
    for id in ids where !PlanID.isValid(id) { throw .invalidPlanID(Self.idRule(id)) }
    // Tags go to a namespace of their own, so that a tag made here and not yet published can be
    // told from one fetched.
    let fetched = try GitCommandLine(workTree: try workTree()).run([
      "fetch", "--prune", "--no-tags", remote, "+refs/heads/*:refs/remotes/\(remote)/*",
      "+refs/tags/plans/*:refs/remotes/\(remote)/tags/plans/*",
    ])
    guard fetched.status == 0 else { throw .io(Language.current.choose("git fetch \(remote) failed: \(Self.summary(fetched.errors))", "git fetch \(remote) 失败：\(Self.summary(fetched.errors))")) }
    var report = SyncReport()
    try followCentralMain(remote, report: &report)
    try followCentralTags(remote, report: &report)
    let allPlans = try planIDs(remote: remote)
    for id in ids where !allPlans.contains(id) {
      guard try state(of: id) != nil else { throw .unknownPlan(id) }
    }
    for id in allPlans where ids.isEmpty || ids.contains(id) { try followCentralStageBranch(of: id) }
    return report
  }

  private func requireCentralRemote() throws(ReformError) -> String {
    guard let remote = try centralRemote() else {
      throw .badArgument(
        Language.current.choose("this repository has no central repository: clone it with 'reform clone URL', or add one with"
          + " 'git remote add origin URL' and 'git branch -u origin/main main'", "此仓库没有中心仓库：请用 'reform clone 地址' 克隆，或用 'git remote add origin 地址' 和 'git branch -u origin/main main' 添加"))
    }
    return remote
  }

  /// A reference the push moves: to `target` (`nil`: delete) from `expected` on the central
  /// repository (`nil`: it must not exist there).
  private struct PublishedUpdate {
    let name: String
    let expected: OID?
    let target: OID?
  }

  /// Fast-forwards `main` to the central repository's as last fetched when it is strictly
  /// behind (the work tree follows when it is checked out); returns whether it moved.
  @discardableResult
  func fastForwardMainIfBehind() throws(ReformError) -> Bool {
    guard let remote = try centralRemote(),
      let theirs = try gitCall({ try git.referenceTarget("refs/remotes/\(remote)/main") })
    else { return false }
    let mine = try mainTip()
    guard mine != theirs, try mine.map({ mine throws(ReformError) in try gitCall { try git.isAncestor(mine, of: theirs) } }) ?? true
    else { return false }
    try fastForward(Self.mainBranch, from: mine, to: theirs)
    notice(Language.current.choose("main was behind \(remote)/main: fast-forwarded it", "main 落后于 \(remote)/main：已快进"))
    return true
  }

  /// Fast-forwards `main` to the central repository's when behind; refuses when they diverged.
  private func followCentralMain(_ remote: String, report: inout SyncReport) throws(ReformError) {
    guard let theirs = try gitCall({ try git.referenceTarget("refs/remotes/\(remote)/main") }) else { return }
    let mine = try mainTip()
    guard mine != theirs else { return }
    if let mine, try gitCall({ try git.isAncestor(theirs, of: mine) }) { return }
    if let mine, try !gitCall({ try git.isAncestor(mine, of: theirs) }) {
      // Lost a race: approvals of versions another member published first are dropped.
      guard let redundant = try redundantApprovals(on: mine, since: theirs, remote: remote) else {
        throw .conflict(
          Language.current.choose("main and \(remote)/main have diverged: another member published to main since your last sync; nothing was"
            + " published: keep your commits on another branch, reset main to \(remote)/main, and redo your change", "main 与 \(remote)/main 已分叉：自您上次同步后另一成员向 main 发布了内容；未发布任何内容：请把您的提交留在另一分支上，将 main 重置为 \(remote)/main，再重做您的更改"))
      }
      try gitCall {
        try git.updateReferences(redundant.map { ReferenceEdit($0.name, from: $0.target, to: nil) }, logMessage: "reform sync")
      }
      for tag in redundant {
        notice(
          Language.current.choose("your approval of \(tag.name.dropFirst("refs/tags/".count)) was not published: another member published that"
            + " version first; your merge and tag are dropped, theirs are in force", "您对 \(tag.name.dropFirst("refs/tags/".count)) 的审定未发布：另一成员先发布了该版本；您的合并和标签已丢弃，以对方的为准"))
      }
    }
    try fastForward(Self.mainBranch, from: mine, to: theirs)
    report.followed.append("main")
  }

  /// The local version tags of the commits on `mine` that `theirs` lacks, when every one of
  /// them is an approval merge of a version the central repository tagged on another merge;
  /// `nil` when any is something else (work of this clone that must not be dropped).
  private func redundantApprovals(on mine: OID, since theirs: OID, remote: String) throws(ReformError) -> [Reference]? {
    // Main's own commits since the two parted: the approval merges, not what they merged.
    let localOnly = try gitCall { try git.commitIDs(from: [mine], excluding: [theirs], firstParentOnly: true) }
    let tags = try gitCall { try git.references(matching: "refs/tags/plans/*") }
    var redundant: [Reference] = []
    for commit in localOnly {
      let merge = try gitCall { try git.commit(commit) }
      let trailers = ReformTrailers(message: merge.message ?? "")
      var tagged: Reference?
      for tag in tags where try peeled(tag.target) == commit { tagged = tag }
      guard merge.parentIDs.count == 2, trailers.knownAction == .approve,
        let tag = tagged, let central = try fetchedTag(tag.name, remote: remote), central != tag.target
      else { return nil }
      redundant.append(tag)
    }
    return redundant
  }

  /// The commit a tag object points at.
  private func peeled(_ tag: OID) throws(ReformError) -> OID? {
    try gitCall { try git.rawObject(tag).type == "tag" ? git.annotatedTag(tag).target : tag }
  }

  /// Creates the version tags the central repository has and this clone lacks.
  private func followCentralTags(_ remote: String, report: inout SyncReport) throws(ReformError) {
    let prefix = "refs/remotes/\(remote)/tags/"
    for tag in try gitCall({ try git.references(matching: prefix + "plans/*") }) {
      let name = "refs/tags/" + tag.name.dropFirst(prefix.count)
      guard try gitCall({ try git.referenceTarget(name) }) == nil else { continue }
      try gitCall { try git.updateReferences([ReferenceEdit(name, from: nil, to: tag.target)], logMessage: "reform sync") }
      report.followed.append(String(name.dropFirst("refs/".count)))
    }
  }

  /// Moves `branch` forward, bringing HEAD's index and work tree along when it is checked out.
  private func fastForward(_ branch: String, from old: OID?, to new: OID) throws(ReformError) {
    let oldTree = try gitCall { try old.map { try git.commit($0).treeID } }
    let newTree = try gitCall { try git.commit(new).treeID }
    try update(
      [ReferenceEdit(branch, from: old, to: new)], headTo: branch,
      workTree: WorkTreeMove(from: oldTree, to: newTree, paths: nil), judged: false)
  }

  /// Every plan with a stage branch here or on the central repository.
  private func planIDs(remote: String) throws(ReformError) -> [String] {
    var ids: Set<String> = []
    for stage in Stage.branchStages {
      for prefix in ["refs/heads/\(stage.rawValue)/", "refs/remotes/\(remote)/\(stage.rawValue)/"] {
        for reference in try gitCall({ try git.references(matching: prefix + "*") }) {
          let id = String(reference.name.dropFirst(prefix.count))
          if PlanID.isValid(id) { ids.insert(id) }
        }
      }
    }
    return ids.sorted()
  }

  /// What this clone has that the central repository lacks: `main` and every version tag
  /// ahead of it, the stage branches of `plans` ahead of it or new, the central stage branches
  /// of `plans` this clone moved to another stage, and those of any plan (among `all`) that
  /// `main` merged (deleted).
  private func publishedUpdates(remote: String, plans: [String], all: [String]) throws(ReformError) -> [PublishedUpdate] {
    var updates: [PublishedUpdate] = []
    let central = { (name: String) throws(ReformError) -> OID? in
      try self.gitCall { try self.git.referenceTarget(name.replacingOccurrences(of: "refs/heads/", with: "refs/remotes/\(remote)/")) }
    }
    if let mine = try mainTip(), try central(Self.mainBranch) != mine {
      updates.append(PublishedUpdate(name: Self.mainBranch, expected: try central(Self.mainBranch), target: mine))
    }
    let main = try mainTip()
    // The review branches that published approvals end go with main, whichever plans were named.
    for id in all {
      let named = plans.contains(id)
      for stage in Stage.branchStages {
        let branch = stage.branch(for: id)
        let mine = try gitCall { try git.referenceTarget(branch) }
        let theirs = try central(branch)
        switch (mine, theirs) {
        case (let mine?, let theirs) where mine != theirs && named:
          updates.append(PublishedUpdate(name: branch, expected: theirs, target: mine))
        case (nil, let theirs?):
          // Gone here: moved to another stage, or merged into main by an approval.
          var moved = false
          for other in Stage.branchStages where other != stage {
            guard let tip = try gitCall({ try git.referenceTarget(other.branch(for: id)) }) else { continue }
            if try gitCall({ try git.isAncestor(theirs, of: tip) }) { moved = true }
          }
          let approved = try main.map { main throws(ReformError) in try gitCall { try git.isAncestor(theirs, of: main) } } ?? false
          if (moved && named) || approved { updates.append(PublishedUpdate(name: branch, expected: theirs, target: nil)) }
        default: break
        }
      }
    }
    // Every version tag not yet published goes with main, whichever plans were named: the
    // central repository accepts an approval merge only together with its tag.
    for tag in try gitCall({ try git.references(matching: "refs/tags/plans/*") }) {
      let theirs = try fetchedTag(tag.name, remote: remote)
      if theirs != tag.target { updates.append(PublishedUpdate(name: tag.name, expected: theirs, target: tag.target)) }
    }
    return updates
  }

  /// The central repository's tag `name` as the last fetch saw it.
  private func fetchedTag(_ name: String, remote: String) throws(ReformError) -> OID? {
    try gitCall { try git.referenceTarget("refs/remotes/\(remote)/tags/" + name.dropFirst("refs/tags/".count)) }
  }

  /// What git said, on one line.
  private static func summary(_ text: String) -> String {
    let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    return lines.isEmpty ? "no message" : lines.joined(separator: " / ")
  }

  /// The first violation a reform hook (pre-push here, or pre-receive on the server) named.
  private static func hookReason(_ text: String) -> String? {
    let lines = text.split(separator: "\n").map { line in
      line.hasPrefix("remote: ") ? String(line.dropFirst("remote: ".count)) : String(line)
    }
    let declined = text.contains("hook declined") || text.contains("pre-push hook")
      || lines.contains { $0.hasPrefix("reform: push refused") }
    guard declined else { return nil }
    let violation = lines.first { !$0.hasPrefix("reform: ") && $0.contains(": ") && !$0.hasPrefix("error:") && !$0.hasPrefix("To ") }
    return violation ?? lines.first { $0.hasPrefix("reform: ") }
  }
}
