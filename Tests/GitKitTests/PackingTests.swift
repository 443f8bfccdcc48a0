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

@Suite struct TreeBytesTests {
  @Test func changedEntryNamesAreExactlyTheEntriesThatDiffer() throws {
    let folder = try TemporaryDirectory()
    let repository = try Repository.create(at: folder.path("work"))
    var generator = SystemRandomNumberGenerator()
    let blobs = try (0..<8).map { try repository.writeBlob(Data("\($0)".utf8)) }
    let names = (0..<60).map { index in ["a", "a-b", "ab", "b", "plan-\(index)", "x\(index)y"][index % 6] + String(index / 6) }
    for _ in 0..<200 {
      var old: [String: (OID, FileMode)] = [:]
      for name in names where Bool.random(using: &generator) {
        old[name] = (blobs.randomElement(using: &generator)!, Bool.random(using: &generator) ? .blob : .tree)
      }
      var new = old
      for _ in 0..<Int.random(in: 0...4, using: &generator) {
        let name = names.randomElement(using: &generator)!
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: new[name] = nil
        case 1: new[name] = (blobs.randomElement(using: &generator)!, .blob)
        default: new[name] = (blobs[0], .tree)
        }
      }
      // Folders all hold the empty tree: only their mode tells them from files.
      let entries = { (tree: [String: (OID, FileMode)]) in
        tree.map { TreeEntry(nameBytes: Array($0.key.utf8), id: $0.value.1 == .tree ? OID.emptyTree : $0.value.0, mode: $0.value.1) }
      }
      let oldTree = try repository.writeTree(entries(old))
      let newTree = try repository.writeTree(entries(new))
      let expected = Set(names.filter { name in
        let before = old[name].map { $0.1 == .tree ? "tree" : $0.0.hex }
        let after = new[name].map { $0.1 == .tree ? "tree" : $0.0.hex }
        return before != after
      })
      let found = try repository.changedEntryNames(from: oldTree, to: newTree).map { String(decoding: $0, as: UTF8.self) }
      #expect(Set(found) == expected)
      #expect(found.count == expected.count)
    }
  }

  /// `changes(from:to:)` compares trees by their stored bytes; what it finds, in its order, is
  /// what `git diff-tree -r` reports, over random edits of trees whose names sort around each
  /// other (`a`, `a-b`, `a.b`, `a/`), files turned into folders, modes, and a long folder.
  @Test func changesAreWhatGitDiffTreeReports() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("work")
    let repository = try Repository.create(at: path)
    var generator = SystemRandomNumberGenerator()
    let blobs = try (0..<6).map { try repository.writeBlob(Data("\($0)\n".utf8)) }
    let names = ["a", "a-b", "a.b", "ab", "b", "plan-1", "plan-1-x", "plan-10", "计划"]
    let long = (0..<2_000).map { String(format: "plan-%05d", $0) }
    let paths = names.flatMap { first in [first] + names.prefix(4).map { first + "/" + $0 } } + long.map { "plans/\($0)/plan.md" }
    for _ in 0..<60 {
      var files: [String: (OID, FileMode)] = [:]
      for path in paths where Int.random(in: 0..<3, using: &generator) == 0 {
        // A path is a file only where no other path makes it a folder.
        if files.keys.contains(where: { $0.hasPrefix(path + "/") || path.hasPrefix($0 + "/") }) { continue }
        files[path] = (blobs.randomElement(using: &generator)!, Bool.random(using: &generator) ? .blob : .executable)
      }
      let old = try repository.tree(nil, applying: files.mapValues { .write($0.0, $0.1) })
      var edits: [String: TreeChange] = [:]
      for _ in 0..<Int.random(in: 1...5, using: &generator) {
        let path = paths.randomElement(using: &generator)!
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: edits[path] = .delete
        case 1: edits[path] = .write(blobs.randomElement(using: &generator)!, .blob)
        default: edits[path] = .write(blobs[0], .executable)
        }
      }
      guard let new = try? repository.tree(old, applying: edits) else { continue }
      let changes = try repository.changes(from: old, to: new)
      #expect(changes.malformedTrees.isEmpty)
      let ours = changes.differences.map { difference in
        [difference.path, difference.old?.hex ?? "-", difference.new?.hex ?? "-", difference.newMode.map { String($0, radix: 8) } ?? "-"]
          .joined(separator: " ")
      }
      let raw = try Command.git(["diff-tree", "-r", "-z", "--no-renames", "--full-index", old.hex, new.hex], in: path).stdout
      let fields = raw.split(separator: "\0", omittingEmptySubsequences: false).dropLast()
      let zero = String(repeating: "0", count: 40)
      let theirs = stride(from: 0, to: fields.count, by: 2).map { index in
        let parts = fields[index].dropFirst().split(separator: " ")
        let (newMode, oldID, newID) = (String(parts[1]), String(parts[2]), String(parts[3]))
        return [String(fields[index + 1]), oldID == zero ? "-" : oldID, newID == zero ? "-" : newID, newMode == "000000" ? "-" : newMode]
          .joined(separator: " ")
      }
      #expect(ours == theirs)
      // The new tree was indexed from the old, and the folders that differ are known on both
      // sides: every lookup in either tree is what git finds there.
      let changedPaths = changes.differences.map(\.path)
      for path in (0..<6).map({ _ in paths.randomElement(using: &generator)! }) + changedPaths + ["plans", "a", "a-b", "plans/x"] {
        for tree in [old, new] {
          let found = try repository.treeEntry(tree, path: path)
          let git = try Command.git(["rev-parse", "--verify", "--quiet", "\(tree.hex):\(path)"], in: folder.path("work"))
          #expect(found?.id.hex == (git.status == 0 ? git.stdout.trimmingCharacters(in: .newlines) : nil), "\(path)")
        }
      }
    }
  }
}

