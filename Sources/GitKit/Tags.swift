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
  /// exists (`git_tag_annotation_create`, then the reference only if it is new).
  @discardableResult
  public func createAnnotatedTag(
    named name: String,
    target: OID,
    tagger: Identity,
    message: String
  ) throws(GitError) -> OID {
    let tag = try createTagObject(named: name, target: target, tagger: tagger, message: message)
    try updateReference("refs/tags/" + name, to: tag, expecting: nil, logMessage: "tag \(name)")
    return tag
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
