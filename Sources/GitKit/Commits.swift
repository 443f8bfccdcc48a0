internal import Clibgit2
import Foundation

/// A person and moment in a commit or tag (`git_signature`), copied out of libgit2.
public struct Identity: Sendable, Equatable {
  /// The name.
  public var name: String
  /// The e-mail address; may be empty.
  public var email: String
  /// The moment, to the second.
  public var time: Date
  /// The time zone offset in minutes east of UTC.
  public var offsetMinutes: Int

  /// An identity at `time` (default: now) in the local time zone.
  public init(name: String, email: String, time: Date = Date(), offsetMinutes: Int? = nil) {
    self.name = name
    self.email = email
    self.time = Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.down))
    self.offsetMinutes = offsetMinutes ?? Self.localOffsetSeconds(at: time) / 60
  }

  /// The local time zone's offset from UTC at `time`, in seconds east, as git reads it
  /// (`localtime_r`: the `TZ` variable, else `/etc/localtime`), without Foundation's time zone
  /// database, which a short command would load for this alone.
  public static func localOffsetSeconds(at time: Date) -> Int {
    var seconds = time_t(time.timeIntervalSince1970.rounded(.down))
    var parts = tm()
    guard localtime_r(&seconds, &parts) != nil else { return 0 }
    return parts.tm_gmtoff
  }

  /// The time zone of `offsetMinutes`.
  public var timeZone: TimeZone { TimeZone(secondsFromGMT: offsetMinutes * 60) ?? .current }

  init(_ signature: UnsafePointer<git_signature>) {
    name = String(cString: signature.pointee.name)
    email = String(cString: signature.pointee.email)
    time = Date(timeIntervalSince1970: TimeInterval(signature.pointee.when.time))
    offsetMinutes = Int(signature.pointee.when.offset)
  }

  func withSignature<T>(
    _ body: (UnsafePointer<git_signature>) throws(GitError) -> T
  ) throws(GitError) -> T {
    var signature: UnsafeMutablePointer<git_signature>?
    try check(
      git_signature_new(
        &signature, name, email, git_time_t(time.timeIntervalSince1970), Int32(offsetMinutes)),
      "git_signature_new")
    defer { git_signature_free(signature) }
    guard let signature else { throw GitError.missingResult("git_signature_new") }
    return try body(signature)
  }
}

/// A commit's metadata, copied out of libgit2.
public struct Commit: Sendable, Equatable {
  /// The commit's id.
  public let id: OID
  /// Its root tree.
  public let treeID: OID
  /// Its parents, first parent first.
  public let parentIDs: [OID]
  /// Who wrote the change.
  public let author: Identity
  /// Who made the commit; its time is the commit date.
  public let committer: Identity
  /// The raw message bytes (git does not require UTF-8).
  public let messageBytes: Data

  /// The message when it is valid UTF-8, else `nil`.
  public var message: String? { String(data: messageBytes, encoding: .utf8) }
}

/// A signature stored in a commit header, and the exact bytes it signs.
public struct CommitSignature: Sendable, Equatable {
  /// The header's value (for SSH signatures the `-----BEGIN SSH SIGNATURE-----` armor).
  public let signature: Data
  /// The commit without the signature header: the data the signature covers.
  public let signedData: Data
}

extension Repository {
  /// Reads a commit (`git_commit_lookup`).
  public func commit(_ id: OID) throws(GitError) -> Commit {
    var raw = id.raw
    var commit: OpaquePointer?
    try check(git_commit_lookup(&commit, pointer, &raw), "git_commit_lookup")
    defer { git_commit_free(commit) }
    let parents = (0..<git_commit_parentcount(commit)).compactMap { index in
      git_commit_parent_id(commit, index).map(OID.init)
    }
    let messageText = git_commit_message_raw(commit).map { Data(bytes: $0, count: strlen($0)) }
    return Commit(
      id: id,
      treeID: OID(git_commit_tree_id(commit)),
      parentIDs: parents,
      author: Identity(git_commit_author(commit)),
      committer: Identity(git_commit_committer(commit)),
      messageBytes: messageText ?? Data())
  }

  /// Writes a commit signed by `sign` without moving any reference: builds the buffer
  /// (`git_commit_create_buffer`), passes it to `sign`, and stores the result in the `gpgsig`
  /// header (`git_commit_create_with_signature`).
  /// - Parameters:
  ///   - sign: returns the armored signature over the bytes it is given, with no trailing newline.
  /// - Returns: the commit, and whether the repository did not hold it before (`false` when in
  ///   doubt): a commit's id is its content, and a signature over the same content in the same
  ///   second is the same (Ed25519 is deterministic), so a command may write one that exists.
  public func createSignedCommit(
    tree: OID,
    parents: [OID],
    author: Identity,
    committer: Identity,
    message: String,
    sign: (Data) throws -> String
  ) throws -> (id: OID, isNew: Bool) {
    let buffer = try commitBuffer(
      tree: tree, parents: parents, author: author, committer: committer, message: message)
    var signature = try sign(buffer)
    while signature.hasSuffix("\n") { signature.removeLast() }
    let expected = try objectID(ofCommit: Self.signedCommit(buffer, signature: signature))
    let existed = try objectExists(expected)
    var oid = git_oid()
    let content = [CChar](unsafeUninitializedCapacity: buffer.count + 1) { target, count in
      buffer.withUnsafeBytes { source in
        for (index, byte) in source.enumerated() { target[index] = CChar(bitPattern: byte) }
      }
      target[buffer.count] = 0
      count = buffer.count + 1
    }
    let rc = git_commit_create_with_signature(&oid, pointer, content, signature, "gpgsig")
    try check(rc, "git_commit_create_with_signature")
    return (OID(oid), !existed && OID(oid) == expected)
  }

  /// A commit as git stores it signed: `signature` in a `gpgsig` header after the others, each
  /// of its lines after the first indented by one space.
  static func signedCommit(_ buffer: Data, signature: String) -> Data {
    let headerEnd = buffer.firstRange(of: Data("\n\n".utf8)).map { $0.lowerBound + 1 } ?? buffer.endIndex
    let header = "gpgsig " + signature.replacingOccurrences(of: "\n", with: "\n ") + "\n"
    return buffer[..<headerEnd] + Data(header.utf8) + buffer[headerEnd...]
  }

  /// The id `content` has as a commit object (`git_odb_hash`), without writing it.
  func objectID(ofCommit content: Data) throws(GitError) -> OID {
    var oid = git_oid()
    let rc = content.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, GIT_OBJECT_COMMIT) }
    try check(rc, "git_odb_hash")
    return OID(oid)
  }

  /// Writes an unsigned commit without moving any reference (`git_commit_create`).
  public func createCommit(
    tree: OID,
    parents: [OID],
    author: Identity,
    committer: Identity,
    message: String
  ) throws(GitError) -> OID {
    try withTreeAndParents(tree: tree, parents: parents) { treeHandle, parentHandles throws(GitError) in
      try author.withSignature { authorSignature throws(GitError) in
        try committer.withSignature { committerSignature throws(GitError) in
          var oid = git_oid()
          try check(
            git_commit_create(
              &oid, pointer, nil, authorSignature, committerSignature, nil, message, treeHandle,
              parentHandles.count, parentHandles.baseAddress),
            "git_commit_create")
          return OID(oid)
        }
      }
    }
  }

  /// The commit object's bytes as git would store them, before any signature
  /// (`git_commit_create_buffer`).
  public func commitBuffer(
    tree: OID,
    parents: [OID],
    author: Identity,
    committer: Identity,
    message: String
  ) throws(GitError) -> Data {
    try withTreeAndParents(tree: tree, parents: parents) { treeHandle, parentHandles throws(GitError) in
      try author.withSignature { authorSignature throws(GitError) in
        try committer.withSignature { committerSignature throws(GitError) in
          var buffer = git_buf()
          defer { git_buf_dispose(&buffer) }
          try check(
            git_commit_create_buffer(
              &buffer, pointer, authorSignature, committerSignature, nil, message, treeHandle,
              parentHandles.count, parentHandles.baseAddress),
            "git_commit_create_buffer")
          guard let bytes = buffer.ptr else { return Data() }
          return Data(bytes: bytes, count: buffer.size)
        }
      }
    }
  }

  /// The signature in a commit's `gpgsig` header and the data it covers, or `nil` when the
  /// commit is not signed (`git_commit_extract_signature`).
  public func commitSignature(_ id: OID) throws(GitError) -> CommitSignature? {
    var raw = id.raw
    var signature = git_buf()
    var signedData = git_buf()
    defer {
      git_buf_dispose(&signature)
      git_buf_dispose(&signedData)
    }
    let rc = git_commit_extract_signature(&signature, &signedData, pointer, &raw, "gpgsig")
    guard try checkFound(rc, "git_commit_extract_signature") else { return nil }
    return CommitSignature(signature: Data(signature), signedData: Data(signedData))
  }

  private func withTreeAndParents<T>(
    tree: OID,
    parents: [OID],
    _ body: (OpaquePointer, UnsafeMutableBufferPointer<OpaquePointer?>) throws(GitError) -> T
  ) throws(GitError) -> T {
    var treeRaw = tree.raw
    var treeHandle: OpaquePointer?
    try check(git_tree_lookup(&treeHandle, pointer, &treeRaw), "git_tree_lookup")
    defer { git_tree_free(treeHandle) }
    var parentHandles: [OpaquePointer?] = []
    defer { parentHandles.forEach { git_commit_free($0) } }
    for parent in parents {
      var parentRaw = parent.raw
      var handle: OpaquePointer?
      try check(git_commit_lookup(&handle, pointer, &parentRaw), "git_commit_lookup")
      parentHandles.append(handle)
    }
    guard let treeHandle else { throw GitError.missingResult("git_tree_lookup") }
    return try parentHandles.withUnsafeMutableBufferPointer { buffer throws(GitError) in
      try body(treeHandle, buffer)
    }
  }
}

extension Data {
  init(_ buffer: git_buf) {
    if let pointer = buffer.ptr {
      self.init(bytes: pointer, count: buffer.size)
    } else {
      self.init()
    }
  }
}
