import Foundation
import GitKit
import TestSupport
import Testing

@Suite struct TreeEditingTests {
  @Test func anEditKeepsEveryOtherEntryByteForByte() throws {
    let folder = try TemporaryDirectory()
    let repository = try Repository.create(at: folder.path("work"))
    let blob = try repository.writeBlob(Data("x".utf8))
    let names: [[UInt8]] = [
      [0xB8, 0xBD, 0xBC, 0xFE] + Array(".txt".utf8),  // 附件 in GBK: not UTF-8
      Array("caf\u{E9}.txt".utf8),  // NFC
      Array("cafe\u{301}.txt".utf8),  // NFD: equal to the NFC name as a Swift String
      Array("plan.md".utf8),
    ]
    let folderTree = try repository.writeTree(names.map { TreeEntry(nameBytes: $0, id: blob, mode: .blob) })
    let templates = try repository.writeTree([TreeEntry(nameBytes: Array("records".utf8), id: folderTree, mode: .tree)])
    let root = try repository.writeTree([
      TreeEntry(nameBytes: Array("plans".utf8), id: try repository.writeTree([
        TreeEntry(nameBytes: Array("a-plan".utf8), id: folderTree, mode: .tree),
      ]), mode: .tree),
      TreeEntry(nameBytes: Array(".reform".utf8), id: templates, mode: .tree),
    ])
    let edited = try repository.tree(root, applying: ["plans/a-plan/records/new.md": .write(blob, .blob)])
    let plan = try #require(try repository.treeEntry(edited, path: "plans/a-plan"))
    let entries = try repository.treeEntries(plan.id)
    #expect(Set(entries.map(\.nameBytes)) == Set(names + [Array("records".utf8)]))
    #expect(entries.filter { $0.name == nil }.count == 1, "the GBK name stays undecodable bytes")
    #expect(try repository.treeEntry(edited, path: ".reform")?.id == templates, "a folder of the same name elsewhere is untouched")

    let removed = try repository.tree(edited, applying: ["plans/a-plan/records/new.md": .delete])
    #expect(removed == root, "deleting the only file of a folder removes the folder, as git does")
    #expect(try repository.tree(nil, applying: [:]) == OID.emptyTree)
  }

  @Test func differencesAreWhatGitDiffTreeReports() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("work")
    let repository = try Repository.create(at: path)
    let one = try repository.writeBlob(Data("1".utf8))
    let two = try repository.writeBlob(Data("2".utf8))
    let old = try repository.tree(nil, applying: [
      "a/x.md": .write(one, .blob), "a/y.md": .write(one, .blob), "b": .write(one, .blob), "c/d/e.md": .write(one, .blob),
      "same/z.md": .write(one, .blob),
    ])
    let new = try repository.tree(old, applying: [
      "a/x.md": .write(two, .blob), "a/y.md": .delete, "b": .delete, "b/now-a-folder.md": .write(one, .blob),
      "c/d/e.md": .delete, "f.md": .write(two, .executable),
    ])
    let ours = try repository.differences(from: old, to: new).map(\.path).sorted()
    let theirs = try Command.git(["diff-tree", "-r", "--no-renames", "--name-only", old.hex, new.hex], in: path).stdout
      .split(separator: "\n").map(String.init).sorted()
    #expect(ours == theirs)
    #expect(try repository.differences(from: nil, to: old).count == 5)
    #expect(try repository.differences(from: old, to: old).isEmpty)
  }
}
