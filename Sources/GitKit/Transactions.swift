internal import Clibgit2

/// One reference change of an atomic update.
public struct ReferenceEdit: Sendable, Equatable {
  /// The full reference name.
  public let name: String
  /// The value the reference must have now; `nil`: it must not exist.
  public let expected: OID?
  /// The value to set; `nil`: delete the reference.
  public let target: OID?

  /// An edit of `name` from `expected` to `target`.
  public init(_ name: String, from expected: OID?, to target: OID?) {
    self.name = name
    self.expected = expected
    self.target = target
  }
}

extension Repository {
  /// Applies `edits` together: every reference is locked first, every expected value is
  /// checked under the locks, and only then are the changes written (`git_transaction_new`,
  /// `git_transaction_lock_ref`, `git_transaction_set_target`, `git_transaction_remove`,
  /// `git_transaction_commit`). A reference that moved, or is locked by another process,
  /// fails the whole update with a `GitError` whose `isConcurrentUpdate` is true, and nothing
  /// changes.
  public func updateReferences(_ edits: [ReferenceEdit], logMessage: String) throws(GitError) {
    var transaction: OpaquePointer?
    try check(git_transaction_new(&transaction, pointer), "git_transaction_new")
    defer { git_transaction_free(transaction) }
    for edit in edits {
      try check(git_transaction_lock_ref(transaction, edit.name), "git_transaction_lock_ref")
    }
    for edit in edits where try referenceTarget(edit.name) != edit.expected {
      throw GitError(
        code: GIT_EMODIFIED.rawValue, errorClass: 0,
        message: "reference '\(edit.name)' moved since it was read", function: "git_transaction_lock_ref")
    }
    for edit in edits {
      if var raw = edit.target?.raw {
        try check(
          git_transaction_set_target(transaction, edit.name, &raw, nil, logMessage), "git_transaction_set_target")
      } else {
        try check(git_transaction_remove(transaction, edit.name), "git_transaction_remove")
      }
    }
    try check(git_transaction_commit(transaction), "git_transaction_commit")
  }
}
