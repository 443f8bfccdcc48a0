import Foundation
import GitKit
import ReformKit
import TestSupport
import Testing

@Suite struct SnapshotTests {
  /// `exists` answers from the tree's entries: a record name is looked up without reading the
  /// blob, so an entry whose blob this clone lacks (or that is a link) still counts as taken.
  @Test func aTreeSnapshotFindsEntriesWithoutReadingTheirBlobs() throws {
    let folder = try TemporaryDirectory()
    let work = folder.path("work")
    let repository = try Repository.create(at: work)
    _ = try folder.write("work/here.md", "here")
    _ = try Command.git(["add", "here.md"], in: work)
    let here = try Command.git(["rev-parse", ":here.md"], in: work).stdout.dropLast()
    let missing = String(repeating: "ab", count: 20)
    let listing = "100644 blob \(here)\there.md\n100644 blob \(missing)\tghost.md\n120000 blob \(here)\tlink.md\n"
    let tree = try #require(OID(hex: String(try Command.git(["mktree", "--missing"], in: work, input: listing).stdout.dropLast())))
    let snapshot = TreeSnapshot(repository: repository, tree: tree)

    #expect(snapshot.exists("here.md"))
    #expect(snapshot.exists("ghost.md"))
    #expect(throws: (any Error).self) { try snapshot.size("ghost.md") }
    #expect(snapshot.exists("link.md"))
    #expect(!snapshot.exists("none.md"))
    #expect(!snapshot.exists("here.md/inner"))
    #expect(!TreeSnapshot(repository: repository, tree: nil).exists("here.md"))
  }
}
