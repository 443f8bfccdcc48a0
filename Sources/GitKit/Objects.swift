internal import Clibgit2
import Foundation

/// The type of an entry in a tree.
public enum FileMode: UInt32, Sendable {
  case tree = 0o040000
  case blob = 0o100644
  case executable = 0o100755
  case link = 0o120000
  case commit = 0o160000
}

/// One entry of a tree, copied out of libgit2.
public struct TreeEntry: Sendable, Equatable {
  /// The entry's name (not a path) as git stores it: bytes, not necessarily UTF-8.
  public let nameBytes: [UInt8]
  /// The object the entry names.
  public let id: OID
  /// The entry's mode; `nil` for a mode git itself would not write.
  public let mode: FileMode?

  /// An entry named by `nameBytes`.
  public init(nameBytes: [UInt8], id: OID, mode: FileMode?) {
    self.nameBytes = nameBytes
    self.id = id
    self.mode = mode
  }

  /// The name when it is valid UTF-8, else `nil`; names are compared as bytes, never as
  /// Swift strings (which would equate NFC and NFD spellings).
  public var name: String? { String(validating: nameBytes, as: UTF8.self) }

  /// Whether the entry is a regular (possibly executable) file.
  public var isRegularFile: Bool { mode == .blob || mode == .executable }
}

extension Repository {
  /// Writes `data` as a blob (`git_blob_create_from_buffer`).
  public func writeBlob(_ data: Data) throws(GitError) -> OID {
    var oid = git_oid()
    let rc = data.withUnsafeBytes { git_blob_create_from_buffer(&oid, pointer, $0.baseAddress, $0.count) }
    try check(rc, "git_blob_create_from_buffer")
    return OID(oid)
  }

  /// Reads a blob's content (`git_blob_lookup`, `git_blob_rawcontent`).
  public func readBlob(_ id: OID) throws(GitError) -> Data {
    var raw = id.raw
    var blob: OpaquePointer?
    try check(git_blob_lookup(&blob, pointer, &raw), "git_blob_lookup")
    defer { git_blob_free(blob) }
    let size = Int(git_blob_rawsize(blob))
    guard size > 0, let content = git_blob_rawcontent(blob) else { return Data() }
    return Data(bytes: content, count: size)
  }

  /// The size of a blob in bytes without reading it (`git_odb_read_header`).
  public func blobSize(_ id: OID) throws(GitError) -> Int {
    try objectHeader(id).size
  }

  /// The type name of object `id` (`commit`, `tree`, `blob`, `tag`) without reading it, or
  /// `nil` when the object database does not hold it (`git_odb_read_header`).
  public func objectType(_ id: OID) throws(GitError) -> String? {
    guard try objectExists(id) else { return nil }
    return String(cString: git_object_type2string(try objectHeader(id).type))
  }

  /// The size and type of object `id` as stored, without reading it (`git_odb_read_header`).
  func objectHeader(_ id: OID) throws(GitError) -> (size: Int, type: git_object_t) {
    var odb: OpaquePointer?
    try check(git_repository_odb(&odb, pointer), "git_repository_odb")
    defer { git_odb_free(odb) }
    var raw = id.raw
    var size = 0
    var type = GIT_OBJECT_ANY
    try check(git_odb_read_header(&size, &type, odb, &raw), "git_odb_read_header")
    return (size, type)
  }

  /// The entries of a tree, in git's order (`git_tree_lookup`, `git_tree_entry_byindex`).
  /// With `canonicalModes`, each mode as git's diff reads it (`git_tree_entry_filemode`: a
  /// `100664` file is `100644`, a `40755` folder is `040000`), never `nil`.
  public func treeEntries(_ id: OID, canonicalModes: Bool = false) throws(GitError) -> [TreeEntry] {
    var raw = id.raw
    var tree: OpaquePointer?
    try check(git_tree_lookup(&tree, pointer, &raw), "git_tree_lookup")
    defer { git_tree_free(tree) }
    let count = git_tree_entrycount(tree)
    var entries: [TreeEntry] = []
    entries.reserveCapacity(count)
    for index in 0..<count {
      guard let entry = git_tree_entry_byindex(tree, index) else { continue }
      entries.append(TreeEntry(entry, canonicalMode: canonicalModes))
    }
    return entries
  }

  /// The content of the blob at `path` below the tree `root`, or `nil` when there is none.
  public func readFile(_ root: OID, path: String) throws(GitError) -> Data? {
    guard let entry = try treeEntry(root, path: path), entry.mode != .tree else { return nil }
    return try readBlob(entry.id)
  }

  /// Writes a tree from `entries` (`git_treebuilder_new`, `git_treebuilder_insert`,
  /// `git_treebuilder_write`).
  public func writeTree(_ entries: [TreeEntry]) throws(GitError) -> OID {
    var builder: OpaquePointer?
    try check(git_treebuilder_new(&builder, pointer, nil), "git_treebuilder_new")
    defer { git_treebuilder_free(builder) }
    for entry in entries {
      try insert(entry.nameBytes, entry.id, entry.mode ?? .blob, into: builder)
    }
    var oid = git_oid()
    try check(git_treebuilder_write(&oid, builder), "git_treebuilder_write")
    return OID(oid)
  }
}

extension TreeEntry {
  init(_ entry: OpaquePointer, canonicalMode: Bool = false) {
    let name = git_tree_entry_name(entry)
    nameBytes = name.map { Array(UnsafeRawBufferPointer(start: $0, count: strlen($0))) } ?? []
    id = OID(git_tree_entry_id(entry))
    let mode = canonicalMode ? git_tree_entry_filemode(entry) : git_tree_entry_filemode_raw(entry)
    self.mode = FileMode(rawValue: mode.rawValue)
  }
}
