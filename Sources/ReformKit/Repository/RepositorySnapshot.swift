import Foundation
import GitKit

/// Read access to one state of a plan repository's files: the work tree, the index (what is
/// staged) or a commit's tree. Paths are slash-separated and relative to the top folder.
public protocol RepositorySnapshot {
  /// The file's content, or `nil` when there is no file at `path`.
  func read(_ path: String) throws -> Data?
  /// The file's size in bytes without reading it, or `nil` when there is no file at `path`.
  func size(_ path: String) throws -> Int?
  /// The paths of all files below `folder` (recursively).
  func files(under folder: String) throws -> [String]
}

extension RepositorySnapshot {
  /// Whether a file exists at `path`.
  public func exists(_ path: String) -> Bool {
    ((try? size(path)) ?? nil) != nil
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
    return try Data(contentsOf: root.appendingPathComponent(path))
  }

  public func size(_ path: String) throws -> Int? {
    var isFolder: ObjCBool = false
    let url = root.appendingPathComponent(path)
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue
    else { return nil }
    return (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue
  }

  public func files(under folder: String) throws -> [String] {
    let base = root.appendingPathComponent(folder)
    guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
    var result: [String] = []
    while let relative = walker.nextObject() as? String {
      let path = folder.isEmpty ? relative : folder + "/" + relative
      if try size(path) != nil { result.append(path) }
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
    guard let tree else { return nil }
    return try repository.readFile(tree, path: path)
  }

  public func size(_ path: String) throws -> Int? {
    guard let tree, let entry = try repository.treeEntry(tree, path: path), entry.mode != .tree else {
      return nil
    }
    return try repository.blobSize(entry.id)
  }

  public func files(under folder: String) throws -> [String] {
    guard let tree else { return [] }
    guard let start = folder.isEmpty ? tree : try repository.treeEntry(tree, path: folder)?.id else {
      return []
    }
    var result: [String] = []
    var pending: [(String, OID)] = [(folder, start)]
    while let (prefix, id) = pending.popLast() {
      for entry in try repository.treeEntries(id) {
        let path = prefix.isEmpty ? entry.name : prefix + "/" + entry.name
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
    return try repository.readBlob(entry.id)
  }

  public func size(_ path: String) throws -> Int? {
    guard let entry = index.entry(at: path) else { return nil }
    return try repository.blobSize(entry.id)
  }

  public func files(under folder: String) throws -> [String] {
    let prefix = folder.isEmpty ? "" : folder + "/"
    return index.entries().map(\.path).filter { $0.hasPrefix(prefix) }
  }
}
