import Foundation
import GitKit

/// Read access to one state of a plan repository's files: the work tree, the index (what is
/// staged) or a commit's tree. Paths are slash-separated and relative to the top folder.
public protocol RepositorySnapshot {
  /// The file's content, or `nil` when there is nothing at `path`.
  /// - Throws: `SnapshotError.notARegularFile` when something else than a regular file is there.
  func read(_ path: String) throws -> Data?
  /// The file's size in bytes without reading it, or `nil` when there is nothing at `path`.
  /// - Throws: `SnapshotError.notARegularFile` when something else than a regular file is there.
  func size(_ path: String) throws -> Int?
  /// The paths of all files below `folder` (recursively).
  func files(under folder: String) throws -> [String]
  /// Whether anything (a file, or something else where a file belongs) exists at `path`.
  func exists(_ path: String) -> Bool
}

extension RepositorySnapshot {
  /// Whether anything exists at `path`, from its size: for a work tree, one `stat`.
  public func exists(_ path: String) -> Bool {
    do {
      return try size(path) != nil
    } catch SnapshotError.notARegularFile {
      return true
    } catch {
      return false
    }
  }
}

/// The files of a work tree on disk.
public struct WorkTreeSnapshot: RepositorySnapshot {
  /// The work tree's top folder.
  public let root: URL

  /// A snapshot of the work tree at `root`.
  public init(root: URL) {
    self.root = root
  }

  public func read(_ path: String) throws -> Data? {
    guard try size(path) != nil else { return nil }
    return try RegularFile.read(root.appendingPathComponent(path).path, limit: .max)
  }

  public func size(_ path: String) throws -> Int? {
    do {
      return try RegularFile.size(at: root.appendingPathComponent(path).path)
    } catch SnapshotError.notARegularFile(_, let found) {
      throw SnapshotError.notARegularFile(path: path, found: found)
    }
  }

  /// Every entry below `folder` that is not a folder (links, FIFOs and devices included, so
  /// that validation reports them), and every folder named like a file validation reads
  /// (`*.md`); links to folders are not followed.
  public func files(under folder: String) throws -> [String] {
    let base = root.appendingPathComponent(folder)
    guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
    var result: [String] = []
    while let relative = walker.nextObject() as? String {
      let path = folder.isEmpty ? relative : folder + "/" + relative
      if RegularFile.nonRegularKind(at: root.appendingPathComponent(path).path) != "a folder" {
        result.append(path)
      } else if path.hasSuffix(".md") {
        result.append(path)
        walker.skipDescendants()
      }
    }
    return result.sorted()
  }
}

/// The files of a commit's tree.
public struct TreeSnapshot: RepositorySnapshot {
  let repository: Repository
  /// The root tree, `nil` for an empty repository.
  public let tree: OID?

  /// A snapshot of the tree `tree` (`nil`: no files).
  public init(repository: Repository, tree: OID?) {
    self.repository = repository
    self.tree = tree
  }

  public func read(_ path: String) throws -> Data? {
    guard let tree, let entry = try repository.treeEntry(tree, path: path) else { return nil }
    try requireRegularFile(entry.mode, path)
    return try repository.readBlob(entry.id)
  }

  public func size(_ path: String) throws -> Int? {
    guard let tree, let entry = try repository.treeEntry(tree, path: path) else { return nil }
    try requireRegularFile(entry.mode, path)
    return try repository.blobSize(entry.id)
  }

  /// Whether the tree has an entry at `path`, without reading the blob.
  public func exists(_ path: String) -> Bool {
    guard let tree else { return false }
    return (try? repository.treeEntry(tree, path: path)) != nil
  }

  public func files(under folder: String) throws -> [String] {
    guard let tree else { return [] }
    let start: OID
    if folder.isEmpty {
      start = tree
    } else {
      // A file or link where the folder belongs holds no files; commands report it themselves.
      guard let entry = try repository.treeEntry(tree, path: folder), entry.mode == .tree else { return [] }
      start = entry.id
    }
    var result: [String] = []
    var pending: [(String, OID)] = [(folder, start)]
    while let (prefix, id) = pending.popLast() {
      for entry in try repository.treeEntries(id) {
        let name = String(decoding: entry.nameBytes, as: UTF8.self)
        let path = prefix.isEmpty ? name : prefix + "/" + name
        if entry.mode == .tree { pending.append((path, entry.id)) } else { result.append(path) }
      }
    }
    return result.sorted()
  }
}

/// The files staged in the index.
public struct IndexSnapshot: RepositorySnapshot {
  let repository: Repository
  let index: Index

  /// A snapshot of what `index` stages.
  public init(repository: Repository, index: Index) {
    self.repository = repository
    self.index = index
  }

  public func read(_ path: String) throws -> Data? {
    guard let entry = index.entry(at: path) else { return nil }
    try requireRegularFile(entry.mode, path)
    return try repository.readBlob(entry.id)
  }

  public func size(_ path: String) throws -> Int? {
    guard let entry = index.entry(at: path) else { return nil }
    try requireRegularFile(entry.mode, path)
    return try repository.blobSize(entry.id)
  }

  public func files(under folder: String) throws -> [String] {
    let prefix = folder.isEmpty ? "" : folder + "/"
    return index.entries().map(\.path).filter { $0.hasPrefix(prefix) }
  }
}

/// Refuses a tree or index entry of another mode than a (possibly executable) regular file.
private func requireRegularFile(_ mode: FileMode?, _ path: String) throws {
  switch mode {
  case .blob, .executable: return
  case .link: throw SnapshotError.notARegularFile(path: path, found: "a symbolic link")
  case .tree: throw SnapshotError.notARegularFile(path: path, found: "a folder")
  case .commit: throw SnapshotError.notARegularFile(path: path, found: "a submodule")
  case nil: throw SnapshotError.notARegularFile(path: path, found: "an entry of unknown mode")
  }
}
