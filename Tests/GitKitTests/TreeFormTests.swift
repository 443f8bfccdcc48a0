import Foundation
import GitKit
import TestSupport
import Testing

/// Trees plain git can store but never writes (`git hash-object --literally`), and what
/// `changes(from:to:)` says of them against what `git fsck` says.
@Suite struct TreeFormTests {
  /// One stored entry: the mode as spelt, the name, the object.
  private typealias Entry = (mode: String, name: String, id: OID)

  private func write(_ entries: [Entry], in folder: TemporaryDirectory) throws -> OID {
    let bytes = entries.flatMap { Array("\($0.mode) \($0.name)\0".utf8) + $0.id.bytes }
    let file = folder.path("tree-\(UUID().uuidString)")
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    let written = try Command.git(["hash-object", "-t", "tree", "--literally", "-w", file], in: folder.path("work"))
    return try #require(OID(hex: written.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
  }

  @Test(arguments: [
    ("as git writes it", nil), ("a name twice", .misordered), ("a file and a folder of one name", .misordered),
    ("out of order", .misordered), ("a mode with a leading zero", .paddedMode), ("a world-writable mode", .unknownMode),
    ("a name .git", .forbiddenName), ("a name with a slash", .forbiddenName),
  ] as [(String, MalformedTree.Problem?)])
  func aTreeGitWouldNotWriteIsNamedWithItsFolder(_ label: String, _ problem: MalformedTree.Problem?) throws {
    let folder = try TemporaryDirectory()
    let repository = try Repository.create(at: folder.path("work"))
    let one = try repository.writeBlob(Data("1".utf8)), two = try repository.writeBlob(Data("2".utf8))
    let inner = try repository.tree(nil, applying: ["plan.md": .write(one, .blob)])
    // In git's order: a folder sorts as its name and a slash.
    let good: [Entry] = [("100644", "a-b.md", one), ("100644", "a.md", one), ("40000", "a", inner), ("100644", "z.md", two)]
    let entries: [Entry] =
      switch label {
      case "a name twice": good + [("100644", "z.md", one)]
      case "a file and a folder of one name": [("100644", "a", one)] + good
      case "out of order": good.reversed()
      case "a mode with a leading zero": good.map { $0.name == "a" ? ("040000", "a", inner) : $0 }
      case "a world-writable mode": good + [("100666", "zz.md", one)]
      case "a name .git": [("100644", ".GIT", one)] + good
      case "a name with a slash": good + [("100644", "zz/x.md", one)]
      default: good
      }
    let tree = try write(entries, in: folder)
    let fsck = try Command.git(["fsck", "--strict", "--no-dangling"], in: folder.path("work"))
    // git fsck reads a file's mode as 100644 or 100755 (`canon_mode`), so a strange mode passes it.
    #expect((fsck.status == 0) == (problem == nil || problem == .unknownMode), "git fsck: \(fsck.stderr)")

    let root = try repository.tree(nil, applying: ["docs": .write(tree, .tree)])
    let found = try repository.changes(from: nil, to: root).malformedTrees
    #expect(found.map(\.path) == (problem == nil ? [] : ["docs/"]))
    #expect(found.map(\.problem) == (problem.map { [$0] } ?? []))
    // A tree met unchanged was judged where it first appeared; under another name it is judged again.
    #expect(try repository.changes(from: root, to: root).malformedTrees.isEmpty)
    let copied = try repository.tree(root, applying: ["other": .write(tree, .tree)])
    #expect(try repository.changes(from: root, to: copied).malformedTrees.map(\.path) == found.map { _ in "other/" })
    #expect(try repository.differences(from: nil, to: root).isEmpty == false)
  }

  /// A tree libgit2 cannot parse fails the walk with an error that says so, not another.
  @Test(arguments: ["a mode of seven digits", "no space after the mode", "a name of 70,000 bytes"])
  func aTreeLibgit2CannotParse(_ label: String) throws {
    let prefix =
      switch label {
      case "a mode of seven digits": "1100644 x.md\0"
      case "no space after the mode": "100644x.md\0"
      default: "100644 " + String(repeating: "x", count: 70_000) + "\0"
      }
    let folder = try TemporaryDirectory()
    let repository = try Repository.create(at: folder.path("work"))
    let one = try repository.writeBlob(Data("1".utf8))
    let file = folder.path("tree")
    try Data(Array(prefix.utf8) + one.bytes).write(to: URL(fileURLWithPath: file))
    let written = try Command.git(["hash-object", "-t", "tree", "--literally", "-w", file], in: folder.path("work"))
    let tree = try #require(OID(hex: written.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect { try repository.changes(from: nil, to: tree) } throws: { ($0 as? GitError)?.isMalformedTree == true }
  }

  /// A tree git would not write stays reported in every later tree that keeps it, and answers
  /// lookups as git does: bytes kept from a malformed tree are never taken on trust.
  @Test func aMalformedTreeKeptByTheNextIsReportedAgain() throws {
    let folder = try TemporaryDirectory()
    let repository = try Repository.create(at: folder.path("work"))
    let one = try repository.writeBlob(Data("1".utf8))
    let inner = try repository.tree(nil, applying: ["plan.md": .write(one, .blob)])
    let write = { (entries: [(String, String, OID)]) throws -> OID in
      let file = folder.path("tree-\(UUID().uuidString)")
      try Data(entries.flatMap { Array("\($0.0) \($0.1)\0".utf8) + $0.2.bytes }).write(to: URL(fileURLWithPath: file))
      let written = try Command.git(["hash-object", "-t", "tree", "--literally", "-w", file], in: folder.path("work"))
      return try #require(OID(hex: written.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    }
    // A file and a folder of one name; then the same with a file added before them.
    let first = try write([("100644", "z", one), ("40000", "z", inner)])
    let second = try write([("100644", "a", one), ("100644", "z", one), ("40000", "z", inner)])
    #expect(try repository.changes(from: nil, to: first).malformedTrees.map(\.problem) == [.misordered])
    #expect(try repository.changes(from: first, to: second).malformedTrees.map(\.problem) == [.misordered])
    // The well-formed tree the malformed one turns into: its file is found where git finds it.
    let third = try write([("100644", "z", one)])
    _ = try repository.changes(from: first, to: third)
    #expect(try repository.treeEntry(third, path: "z")?.id == one)
  }
}
