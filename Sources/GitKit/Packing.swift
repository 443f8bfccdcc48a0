internal import Clibgit2
import Foundation

extension Repository {
  /// How many loose objects the repository holds, estimated as git's `gc --auto` does: the
  /// files in `objects/17/` times 256.
  public func estimatedLooseObjects() -> Int {
    let folder = URL(fileURLWithPath: gitDirectory).appendingPathComponent("objects/17").path
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0.count == 38 }.count * 256
  }

  /// Writes every loose object into one new pack with deltas (`git_packbuilder_insert`,
  /// `git_packbuilder_write` into `objects/pack/`), then deletes the loose copies, as
  /// `git repack -d` and `git prune-packed` do. The pack is complete on disk (written under a
  /// temporary name and renamed) before any loose object goes, so a crash loses nothing.
  /// Returns how many objects were packed.
  @discardableResult
  public func packLooseObjects() throws(GitError) -> Int {
    let objects = URL(fileURLWithPath: gitDirectory).appendingPathComponent("objects")
    var loose: [(OID, String)] = []
    for prefix in (try? FileManager.default.contentsOfDirectory(atPath: objects.path)) ?? [] where prefix.count == 2 {
      let folder = objects.appendingPathComponent(prefix)
      for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.count == 38 {
        if let id = OID(hex: prefix + name) { loose.append((id, folder.appendingPathComponent(name).path)) }
      }
    }
    guard !loose.isEmpty else { return 0 }
    var builder: OpaquePointer?
    try check(git_packbuilder_new(&builder, pointer), "git_packbuilder_new")
    defer { git_packbuilder_free(builder) }
    for (id, _) in loose {
      var raw = id.raw
      try check(git_packbuilder_insert(builder, &raw, nil), "git_packbuilder_insert")
    }
    try check(git_packbuilder_write(builder, nil, 0, nil, nil), "git_packbuilder_write")
    for (_, path) in loose { try? FileManager.default.removeItem(atPath: path) }
    return loose.count
  }
}

extension Repository {
  /// Indexes the pack file at `path` into `objects/pack/` (`git_indexer_new`,
  /// `git_indexer_append`, `git_indexer_commit`), resolving its deltas, then deletes `path`.
  /// Returns how many objects the pack holds.
  @discardableResult
  public func installPack(at path: String) throws(GitError) -> Int {
    var odb: OpaquePointer?
    try check(git_repository_odb(&odb, pointer), "git_repository_odb")
    defer { git_odb_free(odb) }
    let folder = URL(fileURLWithPath: gitDirectory).appendingPathComponent("objects/pack").path
    var indexer: OpaquePointer?
    try check(git_indexer_new(&indexer, folder, 0, odb, nil), "git_indexer_new")
    defer { git_indexer_free(indexer) }
    var progress = git_indexer_progress()
    guard let input = FileHandle(forReadingAtPath: path) else {
      throw GitError(code: -1, errorClass: 0, message: "cannot read \(path)", function: "installPack")
    }
    defer { try? input.close() }
    while let chunk = try? input.read(upToCount: 8 << 20), !chunk.isEmpty {
      let rc = chunk.withUnsafeBytes { git_indexer_append(indexer, $0.baseAddress, $0.count, &progress) }
      try check(rc, "git_indexer_append")
    }
    try check(git_indexer_commit(indexer, &progress), "git_indexer_commit")
    try? FileManager.default.removeItem(atPath: path)
    return Int(progress.total_objects)
  }
}
