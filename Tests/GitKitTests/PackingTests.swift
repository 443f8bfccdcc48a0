import Foundation
import GitKit
import TestSupport
import Testing

@Suite struct PackingTests {
  @Test func looseObjectsGoIntoOnePackThatStockGitReads() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("work")
    let repository = try Repository.create(at: path)
    // Similar large trees, as a plans/ folder of many plans: the pack stores them as deltas.
    let blobs = try (0..<400).map { try repository.writeBlob(Data("计划 \($0)\n".utf8)) }
    var trees: [OID] = []
    for round in 0..<20 {
      trees.append(
        try repository.writeTree(
          blobs.enumerated().map { index, blob in
            TreeEntry(nameBytes: Array("plan-\(index)-\(index == 0 ? round : 0)".utf8), id: blob, mode: .blob)
          }))
    }
    #expect(try repository.packLooseObjects() == 420)
    let counts = try Command.git(["count-objects", "-v"], in: path).stdout
    #expect(counts.contains("count: 0\n"), "\(counts)")
    #expect(counts.contains("in-pack: 420\n"), "\(counts)")
    let packs = try FileManager.default.contentsOfDirectory(atPath: path + "/.git/objects/pack")
    let size = try packs.filter { $0.hasSuffix(".pack") }.reduce(0) { total, name in
      total + (try FileManager.default.attributesOfItem(atPath: path + "/.git/objects/pack/" + name)[.size] as? Int ?? 0)
    }
    #expect(size < 20 * 400 * 30 / 4, "trees are stored as deltas: \(size) bytes")
    #expect(try Command.git(["fsck", "--strict", "--no-dangling"], in: path).status == 0)
    let reopened = try Repository.open(at: path)
    #expect(try reopened.readBlob(blobs[7]) == Data("计划 7\n".utf8))
    #expect(try reopened.treeEntries(trees[19]).count == 400)
    #expect(try reopened.packLooseObjects() == 0)
  }
}
