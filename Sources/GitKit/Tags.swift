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
  /// Creates the annotated tag `refs/tags/<name>` on the commit `target`; fails if the tag
  /// exists (`git_tag_create` without force).
  @discardableResult
  public func createAnnotatedTag(
    named name: String,
    target: OID,
    tagger: Identity,
    message: String
  ) throws(GitError) -> OID {
    var raw = target.raw
    var object: OpaquePointer?
    try check(git_object_lookup(&object, pointer, &raw, GIT_OBJECT_COMMIT), "git_object_lookup")
    defer { git_object_free(object) }
    return try tagger.withSignature { signature throws(GitError) in
      var oid = git_oid()
      try check(git_tag_create(&oid, pointer, name, object, signature, message, 0), "git_tag_create")
      return OID(oid)
    }
  }

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
