internal import Clibgit2
import Foundation

/// An annotated tag object, copied out of libgit2.
public struct AnnotatedTag: Sendable, Equatable {
  /// The tag object's id.
  public let id: OID
  /// The short name, e.g. `plans/example/v1`.
  public let name: String
  /// The tagged object.
  public let target: OID
  /// Who made the tag, when git recorded one.
  public let tagger: Identity?
  /// The tag message.
  public let message: String
}

extension Repository {
  /// Reads the annotated tag object `id` (`git_tag_lookup`).
  public func annotatedTag(_ id: OID) throws(GitError) -> AnnotatedTag {
    var raw = id.raw
    var tag: OpaquePointer?
    try check(git_tag_lookup(&tag, pointer, &raw), "git_tag_lookup")
    defer { git_tag_free(tag) }
    return AnnotatedTag(
      id: id,
      name: String(cString: git_tag_name(tag)),
      target: OID(git_tag_target_id(tag)),
      tagger: git_tag_tagger(tag).map(Identity.init),
      message: git_tag_message(tag).map { String(cString: $0) } ?? "")
  }
}

/// The raw bytes of an object and its type, read from the object database.
public struct RawObject: Sendable, Equatable {
  /// The object's type: `commit`, `tree`, `blob` or `tag`.
  public let type: String
  /// The object's content, without git's header.
  public let data: Data
}

extension Repository {
  /// Writes an annotated tag object signed by `sign`, as `git tag -s` with `gpg.format=ssh`
  /// does: the armored signature appended to the message (`git_odb_write`). No reference moves.
  /// - Parameters:
  ///   - sign: returns the armored signature over the bytes it is given.
  public func createSignedTagObject(
    named name: String, target: OID, tagger: Identity, message: String, sign: (Data) throws -> String
  ) throws -> OID {
    let header = try tagger.withSignature { signature throws(GitError) -> String in
      let offset = signature.pointee.when.offset
      let sign = offset < 0 ? "-" : "+"
      let hours = String(abs(offset) / 60)
      let minutes = String(abs(offset) % 60)
      let zone = sign + String(repeating: "0", count: 2 - hours.count) + hours
        + String(repeating: "0", count: 2 - minutes.count) + minutes
      return "object \(target.hex)\ntype commit\ntag \(name)\n"
        + "tagger \(String(cString: signature.pointee.name)) <\(String(cString: signature.pointee.email))> "
        + "\(signature.pointee.when.time) \(zone)\n\n"
    }
    let unsigned = Data((header + message + (message.hasSuffix("\n") ? "" : "\n")).utf8)
    var armored = try sign(unsigned)
    if !armored.hasSuffix("\n") { armored += "\n" }
    return try writeObject(unsigned + Data(armored.utf8), type: GIT_OBJECT_TAG)
  }

  /// The object `id` as stored (`git_odb_read`).
  public func rawObject(_ id: OID) throws(GitError) -> RawObject {
    try withStoredObject(id) { type, bytes in RawObject(type: type, data: Data(bytes)) }
  }

  /// Calls `body` with the type name and bytes of object `id` as stored (`git_odb_read`);
  /// the bytes are valid only during the call.
  func withStoredObject<T>(_ id: OID, _ body: (String, UnsafeRawBufferPointer) -> T) throws(GitError) -> T {
    var odb: OpaquePointer?
    try check(git_repository_odb(&odb, pointer), "git_repository_odb")
    defer { git_odb_free(odb) }
    var raw = id.raw
    var object: OpaquePointer?
    try check(git_odb_read(&object, odb, &raw), "git_odb_read")
    defer { git_odb_object_free(object) }
    let bytes = UnsafeRawBufferPointer(start: git_odb_object_data(object), count: git_odb_object_size(object))
    return body(String(cString: git_object_type2string(git_odb_object_type(object))), bytes)
  }

  private func writeObject(_ data: Data, type: git_object_t) throws(GitError) -> OID {
    var odb: OpaquePointer?
    try check(git_repository_odb(&odb, pointer), "git_repository_odb")
    defer { git_odb_free(odb) }
    var oid = git_oid()
    let rc = data.withUnsafeBytes { git_odb_write(&oid, odb, $0.baseAddress, $0.count, type) }
    try check(rc, "git_odb_write")
    return OID(oid)
  }
}
