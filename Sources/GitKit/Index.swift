internal import Clibgit2
import Foundation

/// One staged path of the index, copied out of libgit2.
public struct IndexEntry: Sendable, Equatable {
  /// The slash-separated path.
  public let path: String
  /// The staged blob.
  public let id: OID
  /// The staged mode.
  public let mode: FileMode?
}

/// What a staged path looks like compared with HEAD.
public enum StagedChangeKind: Sendable, Equatable {
  case added, modified, deleted
}

/// A path whose staged content differs from HEAD's.
public struct StagedChange: Sendable, Equatable {
  /// The slash-separated path.
  public let path: String
  /// Added, modified or deleted.
  public let kind: StagedChangeKind
  /// The staged blob; `nil` for a deletion.
  public let stagedID: OID?
}

/// The repository's index (staging area); owns libgit2's `git_index` handle.
public final class Index {
  let pointer: OpaquePointer
  /// The repository stays alive as long as its index.
  let repository: Repository

  init(pointer: OpaquePointer, repository: Repository) {
    self.pointer = pointer
    self.repository = repository
  }

  deinit {
    git_index_free(pointer)
  }

  /// The number of entries (`git_index_entrycount`).
  public var count: Int { git_index_entrycount(pointer) }

  /// The entry at `path` in stage 0, or `nil` (`git_index_get_bypath`).
  public func entry(at path: String) -> IndexEntry? {
    guard let entry = git_index_get_bypath(pointer, path, 0) else { return nil }
    return IndexEntry(entry)
  }

  /// All entries (`git_index_get_byindex`).
  public func entries() -> [IndexEntry] {
    (0..<count).compactMap { git_index_get_byindex(pointer, $0).map(IndexEntry.init) }
  }

  /// Stages the work tree file at `path` (`git_index_add_bypath`).
  public func add(path: String) throws(GitError) {
    try check(git_index_add_bypath(pointer, path), "git_index_add_bypath")
    repository.indexHasUnwrittenChanges = true
  }

  /// Writes the index back to disk (`git_index_write`).
  public func write() throws(GitError) {
    try check(git_index_write(pointer), "git_index_write")
    repository.indexHasUnwrittenChanges = false
  }

  /// Writes the staged content as a tree (`git_index_write_tree`).
  public func writeTree() throws(GitError) -> OID {
    var oid = git_oid()
    try check(git_index_write_tree(&oid, pointer), "git_index_write_tree")
    return OID(oid)
  }
}

extension IndexEntry {
  init(_ entry: UnsafePointer<git_index_entry>) {
    path = String(cString: entry.pointee.path)
    id = OID(entry.pointee.id)
    mode = FileMode(rawValue: entry.pointee.mode)
  }
}

extension Repository {
  /// The repository's index, read from disk (`git_repository_index`).
  public func index() throws(GitError) -> Index {
    var handle: OpaquePointer?
    try check(git_repository_index(&handle, pointer), "git_repository_index")
    guard let handle else { throw GitError.missingResult("git_repository_index") }
    return Index(pointer: handle, repository: self)
  }
}
