internal import Clibgit2

/// A reference name and the object it points to, after peeling symbolic references.
public struct Reference: Sendable, Equatable {
  /// The full name, e.g. `refs/heads/drafting/example-plan`.
  public let name: String
  /// The object it resolves to.
  public let target: OID

  /// A reference `name` to `target`.
  public init(name: String, target: OID) {
    self.name = name
    self.target = target
  }
}

extension Repository {
  /// The object `name` (a full reference name or `HEAD`) resolves to, or `nil` when it does not
  /// exist or is an unborn branch (`git_reference_name_to_id`).
  public func referenceTarget(_ name: String) throws(GitError) -> OID? {
    var oid = git_oid()
    let rc = git_reference_name_to_id(&oid, pointer, name)
    guard try checkFound(rc, "git_reference_name_to_id") else { return nil }
    return OID(oid)
  }

  /// Creates or moves the direct reference `name` to `target`, but only if it still points at
  /// `expected` (`nil`: only if it does not exist yet); otherwise throws a `GitError` whose
  /// `isConcurrentUpdate` is true (`git_reference_create_matching`).
  public func updateReference(
    _ name: String,
    to target: OID,
    expecting expected: OID?,
    logMessage: String
  ) throws(GitError) {
    var targetRaw = target.raw
    var reference: OpaquePointer?
    if let expected {
      var expectedRaw = expected.raw
      try check(
        git_reference_create_matching(
          &reference, pointer, name, &targetRaw, 1, &expectedRaw, logMessage),
        "git_reference_create_matching")
    } else {
      try check(
        git_reference_create(&reference, pointer, name, &targetRaw, 0, logMessage),
        "git_reference_create")
    }
    git_reference_free(reference)
  }

  /// Deletes the reference `name` if it still points at `expected` (`git_reference_delete`,
  /// which compares the stored value with the one it read).
  public func deleteReference(_ name: String, expecting expected: OID) throws(GitError) {
    var reference: OpaquePointer?
    try check(git_reference_lookup(&reference, pointer, name), "git_reference_lookup")
    defer { git_reference_free(reference) }
    guard let target = git_reference_target(reference), OID(target) == expected else {
      throw GitError(
        code: GIT_EMODIFIED.rawValue, errorClass: 0,
        message: "reference '\(name)' moved since it was read", function: "git_reference_delete")
    }
    try check(git_reference_delete(reference), "git_reference_delete")
  }

  /// The references whose names match the glob `pattern`, e.g. `refs/heads/review/*`, with
  /// their peeled targets (`git_reference_iterator_glob_new`).
  public func references(matching pattern: String) throws(GitError) -> [Reference] {
    var iterator: OpaquePointer?
    try check(
      git_reference_iterator_glob_new(&iterator, pointer, pattern), "git_reference_iterator_glob_new")
    defer { git_reference_iterator_free(iterator) }
    var result: [Reference] = []
    while true {
      var reference: OpaquePointer?
      let rc = git_reference_next(&reference, iterator)
      if rc == GIT_ITEROVER.rawValue {
        git_error_clear()
        break
      }
      try check(rc, "git_reference_next")
      defer { git_reference_free(reference) }
      let name = String(cString: git_reference_name(reference))
      // A direct reference holds its target; resolving it would look it up again by name
      // (a file check per reference, ten thousand of them for the version tags of a province).
      if git_reference_type(reference) == GIT_REFERENCE_DIRECT, let target = git_reference_target(reference) {
        result.append(Reference(name: name, target: OID(target)))
        continue
      }
      var resolved: OpaquePointer?
      guard git_reference_resolve(&resolved, reference) == 0 else {
        git_error_clear()
        continue
      }
      defer { git_reference_free(resolved) }
      if let target = git_reference_target(resolved) { result.append(Reference(name: name, target: OID(target))) }
    }
    return result.sorted { $0.name < $1.name }
  }
}

extension Repository {
  /// The commit a revision (`main`, `HEAD~3`, an id, a tag) names, or `nil` when it names
  /// nothing (`git_revparse_single`, `git_object_peel`).
  public func resolveCommit(_ revision: String) throws(GitError) -> OID? {
    var object: OpaquePointer?
    guard try checkFound(git_revparse_single(&object, pointer, revision), "git_revparse_single") else { return nil }
    defer { git_object_free(object) }
    var commit: OpaquePointer?
    try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "git_object_peel")
    defer { git_object_free(commit) }
    return OID(git_object_id(commit))
  }
}
