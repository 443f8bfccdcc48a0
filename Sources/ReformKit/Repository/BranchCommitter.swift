import Foundation
import GitKit

/// How the checked-out work tree follows a reference update.
struct WorkTreeMove {
  /// The tree the work tree shows now (the moved branch's old tree).
  let from: OID?
  /// The tree it must show afterwards.
  let to: OID
  /// The paths (pathspecs) that differ; `nil` when unknown (the whole tree is compared).
  let paths: [String]?
}

extension PlanRepository {
  /// Commits `changes` (path → new content, `nil` to delete) on `branch` as one atomic step:
  /// objects first, then the branch moves only if it still points at `tip`, the commit the
  /// caller read its state from (compare-and-swap; `nil`: the branch must not exist yet).
  /// When the branch is checked out, index and work tree follow it, and the commit is refused,
  /// with nothing changed, if that would overwrite uncommitted changes.
  /// - Returns: the new commit.
  @discardableResult
  public func commit(
    on branch: String,
    from tip: OID?,
    changes: [String: Data?],
    message: CommitMessage,
    key: any SSHSigner,
    author: Identity
  ) throws(ReformError) -> OID {
    let (commit, tree, baseTree) = try writeCommit(
      from: tip, changes: changes, message: message, key: key, author: author)
    try update(
      [ReferenceEdit(branch, from: tip, to: commit)], headTo: branch,
      workTree: WorkTreeMove(from: baseTree, to: tree, paths: Array(changes.keys)))
    return commit
  }

  /// Writes a signed commit on top of `tip` (or a root commit) with `changes` applied to its
  /// tree, moving no reference.
  /// - Returns: the commit, its tree and the parent's tree.
  func writeCommit(
    from tip: OID?,
    changes: [String: Data?],
    message: CommitMessage,
    key: any SSHSigner,
    author: Identity,
    extraParents: [OID] = [],
    tree explicitTree: OID? = nil
  ) throws(ReformError) -> (commit: OID, tree: OID, baseTree: OID?) {
    let baseTree = try gitCall { try tip.map { try git.commit($0).treeID } }
    let newTree = try gitCall { () throws -> OID in
      if let explicitTree { return explicitTree }
      var treeChanges: [String: TreeChange] = [:]
      for (path, content) in changes {
        if let content {
          treeChanges[path] = .write(try git.writeBlob(content), .blob)
        } else {
          treeChanges[path] = .delete
        }
      }
      return try git.tree(baseTree, applying: treeChanges)
    }
    do {
      let parents = (tip.map { [$0] } ?? []) + extraParents
      let (commit, isNew) = try git.createSignedCommit(
        tree: newTree, parents: parents, author: author,
        committer: author, message: message.text, sign: { try SSHSignature.sign($0, with: key) })
      if isNew { writtenCommits[commit] = parents }
      return (commit, newTree, baseTree)
    } catch let error as GitError {
      throw .git(error)
    } catch {
      throw .io("could not sign the commit: \(error.localizedDescription)")
    }
  }

  /// Applies `edits` in one locked transaction (compare-and-swap on every old value). When
  /// HEAD names one of the edited branches, HEAD moves to `headTo` and the index and work tree
  /// follow `workTree`; the update is refused before anything is written if that would lose a
  /// local change, or, when HEAD changes branch, if the work tree has any uncommitted change.
  /// A journal written before the references move lets the next command finish the change
  /// after a crash (`recoverInterruptedCommand`).
  /// - Parameter judged: whether the judge of pushes is asked first (everything a command makes;
  ///   not a fast-forward to what the central repository has accepted).
  func update(
    _ edits: [ReferenceEdit], headTo: String, workTree: WorkTreeMove?, judged: Bool = true
  ) throws(ReformError) {
    // What was written is referenced after this update, or abandoned: either way not new again.
    defer { writtenCommits.removeAll() }
    if judged { try requireAccepted(edits) }
    let head = try gitCall { try git.headBranch() }
    let followsHead = !git.isBare && edits.contains { $0.name == head }
    if followsHead {
      // git status and other commands hold the index lock for moments: wait up to five seconds.
      let indexLock = git.gitDirectory + "index.lock"
      var waited = 0
      while FileManager.default.fileExists(atPath: indexLock) {
        if waited == 50 { throw .locked(path: indexLock) }
        usleep(100_000)
        waited += 1
      }
      if head != headTo, try gitCall({ try git.hasUncommittedChanges() }) {
        throw .uncommittedChanges("the work tree of \(head ?? "HEAD")")
      }
      if let workTree {
        try requireRealFolders(above: workTree.paths ?? [])
        try checkout(workTree, mode: .dryRun)
      }
    }
    let journal = Journal(
      process: getpid(), edits: edits.map { Journal.Edit(name: $0.name, old: $0.expected?.hex, new: $0.target?.hex) },
      head: followsHead ? head : nil, headTo: headTo,
      from: followsHead ? workTree?.from?.hex : nil, to: followsHead ? workTree?.to.hex : nil)
    try journal.write(in: git)
    do {
      try moveReferences(edits)
    } catch {
      journal.remove(in: git)
      throw error
    }
    if followsHead {
      if head != headTo { try pointHead(at: headTo) }
      if let workTree { try followAfterMove(workTree, edits) }
    }
    journal.remove(in: git)
    packLooseObjectsWhenMany()
  }

  /// Asks the judge that `pre-push` and `pre-receive` ask, before any reference moves: a
  /// command's change is judged as the push of `edits` to a repository holding the local
  /// references, so the tool never makes what the central repository would refuse.
  private func requireAccepted(_ edits: [ReferenceEdit]) throws(ReformError) {
    let updates = edits.map { RefUpdate(name: $0.name, old: $0.expected ?? .zero, new: $0.target ?? .zero) }
    let violations = try checkPush(updates, known: try receivingFrontier(of: edits))
    if !violations.isEmpty { throw .refusedByJudge(violations) }
  }

  /// What the receiving side of `edits` holds, as the judge asks it (`known`): every
  /// reference's target. When each moved reference lands on a commit this command wrote that
  /// the repository did not hold before, the commits those were written on stand for it
  /// instead: no reference reaches a commit that did not exist, so the judge finds the same new
  /// commits without peeling and hiding each of a province's ten thousand references. (A
  /// commit written by a command that failed before its update is an orphan: its parents only
  /// add to the frontier what the repository held.)
  private func receivingFrontier(of edits: [ReferenceEdit]) throws(ReformError) -> [OID] {
    let targets = edits.compactMap(\.target)
    guard !targets.isEmpty, targets.allSatisfy({ writtenCommits[$0] != nil }) else {
      return try gitCall { try git.references(matching: "refs/*") }.map(\.target)
    }
    let bases = Set(writtenCommits.values.joined()).subtracting(writtenCommits.keys)
    return Array(bases) + [try mainTip()].compactMap { $0 }
  }

  /// Packs the loose objects once there are more than git's `gc.auto` (default 6,700), as
  /// `git gc --auto` does after git's own commands: libgit2 writes every object loose, and on
  /// a repository with thousands of plans each commit writes a large `plans` tree. The change
  /// is made by then, so a failure to pack is left for the next command.
  private func packLooseObjectsWhenMany() {
    let limit = (try? git.config().string("gc.auto")).flatMap { $0.flatMap { Int($0) } } ?? 6_700
    guard limit > 0, git.estimatedLooseObjects() > limit else { return }
    _ = try? git.packLooseObjects()
  }

  /// Brings index and work tree along once the references moved, waiting a little for a lock
  /// another command holds (a checkout cut short by it is finished path by path); when that
  /// fails, the journal stays for the next command and the error says the change is made.
  private func followAfterMove(_ workTree: WorkTreeMove, _ edits: [ReferenceEdit]) throws(ReformError) {
    do {
      try checkout(workTree, mode: .safe)
      return
    } catch .locked {
      for _ in 1...50 {
        usleep(100_000)
        do {
          try finishCheckout(from: workTree.from, to: workTree.to)
          return
        } catch .locked {
          continue
        } catch {
          throw .workTreeBehind(branch: Self.shortNames(edits), reason: error.localizedDescription)
        }
      }
      throw .workTreeBehind(branch: Self.shortNames(edits), reason: "the index stayed locked by another command")
    } catch {
      throw .workTreeBehind(branch: Self.shortNames(edits), reason: error.localizedDescription)
    }
  }

  /// Brings the paths that differ between `from` and `to` to `to`, when each still shows the
  /// old content, the new one, a part of the new one (a write cut short) or nothing.
  func finishCheckout(from: OID?, to: OID) throws(ReformError) {
    guard from != to else { return }
    let root = try workTree()
    let differences = try gitCall { try git.differences(from: from, to: to) }
    var foreign: [String] = []
    for difference in differences {
      let path = root.appendingPathComponent(difference.path).path
      if RegularFile.isFolderOrMissing(path) && !FileManager.default.fileExists(atPath: path) { continue }
      let content = try? RegularFile.read(path, limit: 64 << 20)
      let old = try gitCall { try difference.old.map { try git.readBlob($0) } }
      let new = try gitCall { try difference.new.map { try git.readBlob($0) } }
      guard let content, content == old || (new.map { $0.starts(with: content) } ?? false) else {
        foreign.append(difference.path)
        continue
      }
    }
    guard foreign.isEmpty else { throw .uncommittedChanges(foreign.joined(separator: ", ")) }
    guard !differences.isEmpty else { return }
    try checkout(WorkTreeMove(from: from, to: to, paths: differences.map(\.path)), mode: .force)
  }


  /// Refuses when a folder above one of `paths` is, in the work tree, a symbolic link or a file,
  /// which a checkout would write through or replace.
  private func requireRealFolders(above paths: [String]) throws(ReformError) {
    let root = try workTree()
    for path in paths {
      var folder = ""
      for part in path.split(separator: "/").dropLast() {
        folder += (folder.isEmpty ? "" : "/") + part
        if !RegularFile.isFolderOrMissing(root.appendingPathComponent(folder).path) { throw .notAFolder(folder) }
      }
    }
  }

  /// Points HEAD at `branch`, naming `HEAD.lock` when a crashed command left it behind.
  func pointHead(at branch: String) throws(ReformError) {
    do throws(GitError) {
      try git.setHead(to: branch)
    } catch {
      let lock = git.gitDirectory + "HEAD.lock"
      throw error.isLocked || FileManager.default.fileExists(atPath: lock) ? .locked(path: lock) : .git(error)
    }
  }

  /// Moves `edits` in one locked transaction, naming a lock file that is in the way.
  func moveReferences(_ edits: [ReferenceEdit]) throws(ReformError) {
    do throws(GitError) {
      try git.updateReferences(edits, logMessage: "reform")
    } catch where error.isLocked {
      let candidates = edits.map { git.gitDirectory + $0.name + ".lock" } + [git.gitDirectory + "packed-refs.lock"]
      guard let lock = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
        throw .concurrentUpdate(branch: Self.shortNames(edits))
      }
      throw .locked(path: lock)
    } catch where error.isConcurrentUpdate {
      throw .concurrentUpdate(branch: Self.shortNames(edits))
    } catch {
      throw .git(error)
    }
  }

  static func shortNames(_ edits: [ReferenceEdit]) -> String {
    edits.map { $0.name.replacingOccurrences(of: "refs/heads/", with: "") }.joined(separator: ", ")
  }

  func checkout(_ move: WorkTreeMove, mode: CheckoutMode) throws(ReformError) {
    guard move.from != move.to else { return }
    do throws(GitError) {
      try git.checkout(tree: move.to, baseline: move.from ?? OID.emptyTree, mode: mode, paths: move.paths)
    } catch where error.isCheckoutConflict {
      throw .uncommittedChanges((move.paths ?? ["the work tree"]).sorted().joined(separator: ", "))
    } catch where error.isLocked {
      throw .locked(path: git.gitDirectory + "index.lock")
    } catch {
      throw .git(error)
    }
  }
}
