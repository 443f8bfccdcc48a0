import Foundation
import GitKit
import TestSupport
import Testing

@Suite struct MergeTests {
  /// The shortcut accepts exactly the merge `git_merge_trees` writes when the sides changed
  /// different entries, also deep inside folders both changed, and nothing else.
  @Test func aOneSidedMergeIsTheMergeLibgit2Writes() throws {
    let folder = try TemporaryDirectory()
    let repository = try Repository.create(at: folder.path("work"))
    let one = try repository.writeBlob(Data("1".utf8))
    let two = try repository.writeBlob(Data("2".utf8))
    let base = try repository.tree(nil, applying: [
      "plans/a/plan.md": .write(one, .blob), "plans/b/plan.md": .write(one, .blob), "README.md": .write(one, .blob),
    ])
    let ours = try repository.tree(base, applying: [
      "plans/a/records/r.md": .write(one, .blob), "plans/c/plan.md": .write(two, .blob),
    ])
    let theirs = try repository.tree(base, applying: ["plans/a/plan.md": .write(two, .blob), "README.md": .delete])
    let merged = try #require(try repository.mergeTrees(ancestor: base, ours: ours, theirs: theirs))
    #expect(try repository.isOneSidedMerge(base: base, ours: ours, theirs: theirs, merged: merged))
    #expect(try repository.isOneSidedMerge(base: nil, ours: ours, theirs: ours, merged: ours))
    #expect(try repository.isOneSidedMerge(base: base, ours: base, theirs: theirs, merged: theirs))

    let evil = try repository.tree(merged, applying: ["plans/b/plan.md": .write(two, .blob)])
    #expect(try !repository.isOneSidedMerge(base: base, ours: ours, theirs: theirs, merged: evil))
    let dropped = try repository.tree(merged, applying: ["plans/c/plan.md": .delete])
    #expect(try !repository.isOneSidedMerge(base: base, ours: ours, theirs: theirs, merged: dropped))
    let executable = try repository.tree(merged, applying: ["plans/a/plan.md": .write(two, .executable)])
    #expect(try !repository.isOneSidedMerge(base: base, ours: ours, theirs: theirs, merged: executable))

    // A tree holding one name twice (written with plain git) is not the merge, whichever entry
    // a lookup finds.
    let top = try repository.tree(nil, applying: ["a.md": .write(one, .blob)])
    let topOurs = try repository.tree(top, applying: ["o.md": .write(one, .blob)])
    let topTheirs = try repository.tree(top, applying: ["a.md": .write(two, .blob)])
    let entry = { (name: String, id: OID) in Array("100644 \(name)\0".utf8) + id.bytes }
    let twice = folder.path("twice")
    try Data(entry("a.md", one) + entry("a.md", two) + entry("o.md", one)).write(to: URL(fileURLWithPath: twice))
    let written = try Command.git(["hash-object", "-t", "tree", "--literally", "-w", twice], in: folder.path("work"))
    let duplicated = try #require(OID(hex: written.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(try repository.isOneSidedMerge(
      base: top, ours: topOurs, theirs: topTheirs, merged: try #require(try repository.mergeTrees(ancestor: top, ours: topOurs, theirs: topTheirs))))
    #expect(try !repository.isOneSidedMerge(base: top, ours: topOurs, theirs: topTheirs, merged: duplicated))

    // A file both sides changed is left to git_merge_trees, even when it merges cleanly.
    let lines = try repository.writeBlob(Data("1\n2\n3\n4\n5\n".utf8))
    let start = try repository.tree(nil, applying: ["plan.md": .write(lines, .blob)])
    let first = try repository.tree(start, applying: ["plan.md": .write(try repository.writeBlob(Data("一\n2\n3\n4\n5\n".utf8)), .blob)])
    let last = try repository.tree(start, applying: ["plan.md": .write(try repository.writeBlob(Data("1\n2\n3\n4\n五\n".utf8)), .blob)])
    let both = try #require(try repository.mergeTrees(ancestor: start, ours: first, theirs: last))
    #expect(try !repository.isOneSidedMerge(base: start, ours: first, theirs: last, merged: both))

    // A file renamed on one side and deleted on the other is git's to judge (a conflict).
    let renamed = try repository.tree(nil, applying: ["moved.md": .write(lines, .blob)])
    let deleted = try repository.tree(nil, applying: ["other.md": .write(one, .blob)])
    let guess = try repository.tree(deleted, applying: ["moved.md": .write(lines, .blob)])
    #expect(try repository.mergeTrees(ancestor: start, ours: renamed, theirs: deleted) == nil)
    #expect(try !repository.isOneSidedMerge(base: start, ours: renamed, theirs: deleted, merged: guess))
  }
}
