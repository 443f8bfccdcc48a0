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
}
