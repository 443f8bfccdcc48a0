import Foundation
import GitKit
import TestSupport
import Testing

/// `Index.changes(since:)` skips folders by the index's cache of trees; stock git's
/// `diff --cached` is the oracle, whatever state the cache is in.
@Suite struct StagedChangesTests {
  private static let paths = [
    "a", "a.b", "a0", "b/x", "b/y/z", "b/y/z0", "b.c", "plans/p1/plan.md", "plans/p1/records/r.md",
    "plans/p2/plan.md", "plans/p10/plan.md", "plans/p1.md", "日本/文件.md",
  ]

  private func git(_ arguments: [String], in folder: String) throws -> String {
    let result = try Command.git(arguments, in: folder)
    #expect(result.status == 0, "git \(arguments): \(result.stderr)")
    return result.stdout
  }

  /// git's answer: `<A|M|D>\t<path>` per change, in path order.
  private func gitChanges(in folder: String) throws -> [String] {
    try git(["-c", "core.quotepath=off", "diff", "--cached", "--name-status", "--no-renames"], in: folder)
      .split(separator: "\n").map(String.init)
  }

  private func ourChanges(in folder: String) throws -> [String] {
    let repository = try Repository.open(at: folder)
    let head = try repository.headCommitID().map { try repository.commit($0).treeID }
    return try repository.index().changes(since: head).map { change in
      let letter = switch change.kind {
      case .added: "A"
      case .modified: "M"
      case .deleted: "D"
      }
      return "\(letter)\t\(change.path)"
    }
  }

  @Test(arguments: [2, 3, 4])
  func randomStagingAgreesWithGitDiffCached(indexVersion: Int) throws {
    let folder = try TemporaryDirectory()
    let work = folder.path("work")
    _ = try Repository.create(at: work)
    _ = try git(["config", "index.version", "\(indexVersion)"], in: work)
    var generator = SplitMix64(seed: UInt64(indexVersion))
    for round in 0..<60 {
      // Change a few paths in the work tree, stage some or all, sometimes commit.
      for path in Self.paths.shuffled(using: &generator).prefix(Int.random(in: 1...4, using: &generator)) {
        let file = URL(fileURLWithPath: work).appendingPathComponent(path)
        if Bool.random(using: &generator), FileManager.default.fileExists(atPath: file.path) {
          try FileManager.default.removeItem(at: file)
        } else {
          try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
          try Data("\(round) \(path)\n".utf8).write(to: file)
          if Int.random(in: 0..<5, using: &generator) == 0 { chmod(file.path, 0o755) }
        }
      }
      switch Int.random(in: 0..<5, using: &generator) {
      case 0: _ = try git(["add", "-A"], in: work)
      case 1: _ = try git(["add", "-A", "--", ".", ":!a*"], in: work)
      case 2: _ = try git(["add", "-A", "--", ".", ":!plans/p2", ":!b"], in: work)
      case 3:
        // The cache then holds the staged trees, which differ from HEAD's.
        _ = try git(["add", "-A", "--", ".", ":!b"], in: work)
        _ = try git(["write-tree"], in: work)
      default:
        _ = try git(["add", "-A"], in: work)
        _ = try git(["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "\(round)"], in: work)
      }
      if round % 7 == 3 {
        // Meant to be added, not staged: git diff --cached does not list it.
        _ = try folder.write("work/plans/p3/plan-\(round).md", "intent")
        _ = try git(["add", "-N", "plans/p3/plan-\(round).md"], in: work)
      }
      #expect(try ourChanges(in: work) == gitChanges(in: work), "round \(round)")
    }
  }

  @Test func filesTurnedFoldersIntentToAddAndIgnoredCaseAgreeWithGitDiffCached() throws {
    let folder = try TemporaryDirectory()
    let work = folder.path("work")
    _ = try Repository.create(at: work)
    // libgit2 sorts such an index without regard to case; trees stay in byte order.
    _ = try git(["config", "core.ignorecase", "true"], in: work)
    for path in ["README.md", "c", "d/e", "f", "plans/p1/plan.md", "Zeta/a", "zz"] { _ = try folder.write("work/" + path, path) }
    _ = try git(["add", "-A"], in: work)
    _ = try git(["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one"], in: work)
    try FileManager.default.removeItem(atPath: folder.path("work/c"))
    _ = try folder.write("work/c/inner", "now a folder")
    try FileManager.default.removeItem(atPath: folder.path("work/d"))
    _ = try folder.write("work/d", "now a file")
    _ = try folder.write("work/Y", "new")
    _ = try git(["add", "-A", "--", ".", ":!f"], in: work)
    // f, tracked, is taken out of the index and only meant to be added again: a deletion.
    _ = try git(["rm", "-q", "--cached", "f"], in: work)
    _ = try git(["add", "-N", "f"], in: work)
    #expect(try gitChanges(in: work) == ["A\tY", "D\tc", "A\tc/inner", "A\td", "D\td/e", "D\tf"])
    #expect(try ourChanges(in: work) == gitChanges(in: work))
  }

  @Test func modesGitWouldNotWriteCountAsGitReadsThem() throws {
    let folder = try TemporaryDirectory()
    let work = folder.path("work")
    _ = try Repository.create(at: work)
    for path in ["f", "d/e"] { _ = try folder.write("work/" + path, path) }
    _ = try git(["add", "-A"], in: work)
    _ = try git(["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one"], in: work)
    let (blob, subtree) = (try git(["rev-parse", "HEAD:f"], in: work), try git(["rev-parse", "HEAD:d"], in: work))
    // A file stored as 100664 and a folder as 40755: git's diff reads them as 100644 and 040000.
    let listing = "100664 blob \(blob.dropLast())\tf\n40755 tree \(subtree.dropLast())\td\n"
    let root = try Command.git(["mktree"], in: work, input: listing).stdout.dropLast()
    let commit = try git(["-c", "user.name=t", "-c", "user.email=t@t", "commit-tree", String(root), "-p", "HEAD", "-m", "odd modes"], in: work)
    _ = try git(["reset", "-q", "--hard", String(commit.dropLast())], in: work)
    _ = try folder.write("work/d/new", "new")
    _ = try git(["add", "d/new"], in: work)
    #expect(try gitChanges(in: work) == ["A\td/new"])
    #expect(try ourChanges(in: work) == gitChanges(in: work))
  }

  @Test func aCacheOfTreesOlderThanTheStagedEntriesIsNotTrusted() throws {
    let folder = try TemporaryDirectory()
    let work = folder.path("work")
    _ = try Repository.create(at: work)
    for path in Self.paths { _ = try folder.write("work/" + path, path) }
    _ = try git(["add", "-A"], in: work)
    _ = try git(["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one"], in: work)
    _ = try folder.write("work/plans/p2/plan.md", "changed")
    _ = try git(["add", "plans/p2/plan.md"], in: work)
    // Staged through libgit2 after the index was read: the file on disk is older.
    let repository = try Repository.open(at: work)
    let index = try repository.index()
    _ = try folder.write("work/plans/p1/plan.md", "changed too")
    try index.add(path: "plans/p1/plan.md")
    let head = try repository.commit(try #require(try repository.headCommitID())).treeID
    #expect(try index.changes(since: head).map(\.path) == ["plans/p1/plan.md", "plans/p2/plan.md"])
    // libgit2 refuses a cache that is not git's form, before it is read here.
    _ = try git(["reset", "-q", "--hard"], in: work)
    #expect(try ourChanges(in: work).isEmpty)
  }
}

