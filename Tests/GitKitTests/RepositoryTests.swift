import Foundation
import GitKit
import TestSupport
import Testing

@Suite struct RepositoryTests {
  @Test func linksLibgit2AtLeast15() {
    let version = GitLibrary.version
    #expect(version.major > 1 || (version.major == 1 && version.minor >= 5))
  }

  @Test func createsRepositoriesOnMain() throws {
    let folder = try TemporaryDirectory()
    let repository = try Repository.create(at: folder.path("work"))
    #expect(try repository.headBranch() == "refs/heads/main")
    #expect(try repository.headCommitID() == nil)
    #expect(!repository.isBare)
    let bare = try Repository.create(at: folder.path("bare.git"), bare: true)
    #expect(bare.isBare)
    #expect(bare.workingDirectory == nil)
    #expect(try Command.git(["symbolic-ref", "HEAD"], in: folder.path("bare.git")).stdout == "refs/heads/main\n")
  }

  @Test func openingAMissingRepositoryIsNotFound() throws {
    let folder = try TemporaryDirectory()
    #expect {
      try Repository.open(at: folder.path("nothing"), searchParents: false)
    } throws: { ($0 as? GitError)?.isNotFound == true }
  }

  @Test func writesObjectsThatGitReads() throws {
    let folder = try TemporaryDirectory()
    let repository = try Repository.create(at: folder.path("work"))
    let blob = try repository.writeBlob(Data("内容\n".utf8))
    #expect(try repository.readBlob(blob) == Data("内容\n".utf8))
    #expect(try repository.blobSize(blob) == Data("内容\n".utf8).count)
    let tree = try #require(
      try repository.tree(nil, applying: ["plans/a/plan.md": .write(blob, .blob), "README": .write(blob, .blob)]))
    #expect(try repository.readFile(tree, path: "plans/a/plan.md") == Data("内容\n".utf8))
    #expect(try repository.treeEntry(tree, path: "plans/missing") == nil)
    let edited = try repository.tree(tree, applying: ["plans/a/plan.md": .delete])
    #expect(try repository.treeEntry(edited, path: "plans") == nil, "empty folders disappear")
    let author = Identity(name: "张三", email: "zhang@example.org")
    let commit = try repository.createCommit(
      tree: tree, parents: [], author: author, committer: author, message: "第一次\n")
    let read = try repository.commit(commit)
    #expect(read.treeID == tree)
    #expect(read.author.name == "张三")
    #expect(read.message == "第一次\n")
    let path = folder.path("work")
    #expect(try Command.git(["cat-file", "-t", commit.hex], in: path).stdout == "commit\n")
    #expect(try Command.git(["show", "\(tree.hex):plans/a/plan.md"], in: path).stdout == "内容\n")
  }

  @Test func referencesMoveOnlyFromTheExpectedValue() throws {
    let folder = try TemporaryDirectory()
    let repository = try Repository.create(at: folder.path("work"))
    let author = Identity(name: "a", email: "a@example.org")
    let empty = try repository.writeTree([])
    let first = try repository.createCommit(tree: empty, parents: [], author: author, committer: author, message: "1\n")
    let second = try repository.createCommit(
      tree: empty, parents: [first], author: author, committer: author, message: "2\n")
    try repository.updateReference("refs/heads/drafting/a-plan", to: first, expecting: nil, logMessage: "test")
    #expect {
      try repository.updateReference("refs/heads/drafting/a-plan", to: second, expecting: nil, logMessage: "test")
    } throws: { ($0 as? GitError)?.isConcurrentUpdate == true }
    #expect {
      try repository.updateReference("refs/heads/drafting/a-plan", to: second, expecting: second, logMessage: "t")
    } throws: { ($0 as? GitError)?.isConcurrentUpdate == true }
    try repository.updateReference("refs/heads/drafting/a-plan", to: second, expecting: first, logMessage: "test")
    #expect(try repository.referenceTarget("refs/heads/drafting/a-plan") == second)
    try repository.updateReference("refs/heads/review/b-plan", to: first, expecting: nil, logMessage: "test")
    #expect(try repository.references(matching: "refs/heads/drafting/*").map(\.name) == ["refs/heads/drafting/a-plan"])
    #expect(try repository.commitIDs(from: [second]) == [second, first])
    #expect(try repository.commitIDs(from: [second], excluding: [first]) == [second])
    #expect(try repository.isAncestor(first, of: second))
    #expect(try !repository.isAncestor(second, of: first))
    #expect { try repository.deleteReference("refs/heads/review/b-plan", expecting: second) } throws: { _ in true }
    try repository.deleteReference("refs/heads/review/b-plan", expecting: first)
    #expect(try repository.referenceTarget("refs/heads/review/b-plan") == nil)
  }

  @Test func annotatedTagsAndConfig() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("work")
    let repository = try Repository.create(at: path)
    let author = Identity(name: "a", email: "a@example.org")
    let commit = try repository.createCommit(
      tree: try repository.writeTree([]), parents: [], author: author, committer: author, message: "1\n")
    let armor = "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----"
    var signed = Data()
    let tag = try repository.createSignedTagObject(
      named: "plans/a-plan/v1", target: commit, tagger: author, message: "v1\n", sign: { data in
        signed = data
        return armor
      })
    try repository.updateReferences([ReferenceEdit("refs/tags/plans/a-plan/v1", from: nil, to: tag)], logMessage: "t")
    #expect(try repository.annotatedTag(tag).target == commit)
    let object = try repository.rawObject(tag)
    #expect(object.type == "tag" && object.data == signed + Data((armor + "\n").utf8))
    #expect(String(decoding: signed, as: UTF8.self).hasPrefix("object \(commit.hex)\ntype commit\ntag plans/a-plan/v1\ntagger a <a@example.org> "))
    #expect(try Command.git(["cat-file", "-t", "plans/a-plan/v1"], in: path).stdout == "tag\n")
    #expect(try Command.git(["fsck", "--strict"], in: path).status == 0)
    try repository.setLocalConfig("gpg.format", to: "ssh")
    #expect(try repository.config().string("gpg.format") == "ssh")
    #expect(try repository.config().string("reform.nothing") == nil)
    #expect(try Command.git(["config", "gpg.format"], in: path).stdout == "ssh\n")
  }

  @Test func signedCommitsStoreTheSignatureAsGitDoes() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("work")
    let repository = try Repository.create(at: path)
    let author = Identity(name: "a", email: "a@example.org")
    let armor = "-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----"
    var signed = Data()
    let commit = try repository.createSignedCommit(
      tree: try repository.writeTree([]), parents: [], author: author, committer: author, message: "m\n",
      sign: { data in
        signed = data
        return armor
      }
    ).id
    let signature = try #require(try repository.commitSignature(commit))
    #expect(String(decoding: signature.signature, as: UTF8.self) == armor)
    #expect(signature.signedData == signed)
    let unsigned = try repository.createCommit(
      tree: try repository.writeTree([]), parents: [], author: author, committer: author, message: "u\n")
    #expect(try repository.commitSignature(unsigned) == nil)
    let raw = try Command.git(["cat-file", "commit", commit.hex], in: path).stdout
    #expect(raw.contains("gpgsig -----BEGIN SSH SIGNATURE-----\n AAAA\n -----END SSH SIGNATURE-----\n\nm\n"))
  }

  /// The same content signed the same way is the same commit: the second write says so.
  @Test func aSignedCommitWrittenAgainIsNotNew() throws {
    let folder = try TemporaryDirectory()
    let repository = try Repository.create(at: folder.path("work"))
    let author = Identity(name: "a", email: "a@example.org", time: Date(timeIntervalSince1970: 1_800_000_000), offsetMinutes: 480)
    let write = { (message: String) in
      try repository.createSignedCommit(
        tree: try repository.writeTree([]), parents: [], author: author, committer: author, message: message,
        sign: { _ in "-----BEGIN SSH SIGNATURE-----\nAAAA\nBBBB\n-----END SSH SIGNATURE-----\n" })
    }
    let first = try write("m\n\nbody\n")
    #expect(first.isNew)
    let again = try write("m\n\nbody\n")
    #expect(again.id == first.id && !again.isNew)
    #expect(try write("other\n").isNew)
    #expect(try Command.git(["cat-file", "-t", first.id.hex], in: folder.path("work")).stdout == "commit\n")
  }

  /// A work tree in `folder`'s `work` with one commit of `a.txt` ("one").
  private func repositoryWithOneCommit(in folder: TemporaryDirectory) throws -> Repository {
    let path = folder.path("work")
    let repository = try Repository.create(at: path)
    try folder.write("work/a.txt", "one\n")
    try Command.git(["add", "a.txt"], in: path)
    try Command.git(["commit", "-qm", "one"], in: path)
    return repository
  }

  @Test func indexReportsStagedChangesAndCheckoutProtectsLocalEdits() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("work")
    let repository = try repositoryWithOneCommit(in: folder)
    try folder.write("work/a.txt", "two\n")
    try folder.write("work/b.txt", "new\n")
    try Command.git(["add", "a.txt", "b.txt"], in: path)
    let head = try #require(try repository.headCommitID())
    let headTree = try repository.commit(head).treeID
    let changes = try repository.index().changes(since: headTree)
    #expect(changes.map(\.path) == ["a.txt", "b.txt"])
    #expect(changes.map(\.kind) == [.modified, .added])
    #expect(try repository.index().entry(at: "b.txt") != nil)

    let blob = try repository.writeBlob(Data("three\n".utf8))
    let target = try repository.tree(headTree, applying: ["a.txt": .write(blob, .blob)])
    #expect {
      try repository.checkout(tree: target, baseline: headTree, mode: .dryRun)
    } throws: { ($0 as? GitError)?.isCheckoutConflict == true }
    #expect(try String(contentsOfFile: folder.path("work/a.txt"), encoding: .utf8) == "two\n")
  }

  /// A dry run writes nothing, not even the index it read: written back, that index would undo
  /// a checkout another process made meanwhile (two approvals at once left the index behind).
  @Test func dryRunCheckoutLeavesTheIndexFileAlone() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("work")
    let repository = try repositoryWithOneCommit(in: folder)
    let headTree = try repository.commit(try #require(try repository.headCommitID())).treeID
    let blob = try repository.writeBlob(Data("two\n".utf8))
    let target = try repository.tree(headTree, applying: ["a.txt": .write(blob, .blob)])
    let indexPath = folder.path("work/.git/index")
    let before = try FileManager.default.attributesOfItem(atPath: indexPath)[.systemFileNumber] as? Int
    try repository.checkout(tree: target, baseline: headTree, mode: .dryRun)
    let after = try FileManager.default.attributesOfItem(atPath: indexPath)[.systemFileNumber] as? Int
    #expect(before != nil && before == after)
    #expect(try Command.git(["status", "--porcelain"], in: path).stdout == "")
  }
}
