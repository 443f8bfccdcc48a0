import Foundation

/// A snapshot with some files added or replaced: what a commit would contain, for validating
/// it before it is written.
struct OverlaySnapshot: RepositorySnapshot {
  let base: any RepositorySnapshot
  let files: [String: Data]

  func read(_ path: String) throws -> Data? {
    try files[path] ?? base.read(path)
  }

  func size(_ path: String) throws -> Int? {
    try files[path]?.count ?? base.size(path)
  }

  func exists(_ path: String) -> Bool {
    files[path] != nil || base.exists(path)
  }

  func files(under folder: String) throws -> [String] {
    let added = files.keys.filter { $0.hasPrefix(folder + "/") }
    return Array(Set(try base.files(under: folder) + added)).sorted()
  }
}
