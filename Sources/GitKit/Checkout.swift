internal import Clibgit2

/// How a checkout treats local changes.
public enum CheckoutMode: Sendable {
  /// Only report conflicts, write nothing (`GIT_CHECKOUT_SAFE | GIT_CHECKOUT_DRY_RUN`).
  case dryRun
  /// Write, but refuse before writing anything if a local change would be lost (`GIT_CHECKOUT_SAFE`).
  case safe
  /// Write, overwriting local changes (`GIT_CHECKOUT_FORCE`).
  case force
}

extension Repository {
  /// Makes the index and work tree show `tree`, touching only the paths that differ between
  /// `baseline` and `tree` (`git_checkout_tree`). Unless forced, a path whose work tree or
  /// index content differs from `baseline` makes the whole checkout fail before anything is
  /// written (a `GitError` whose `isCheckoutConflict` is true), so local changes are never lost.
  /// - Parameter paths: when given, only these paths (pathspecs: a folder stands for the files
  ///   in it) are looked at, which keeps a checkout of a few files fast in a large work tree.
  public func checkout(tree: OID, baseline: OID, mode: CheckoutMode, paths: [String]? = nil) throws(GitError) {
    var options = git_checkout_options()
    try check(
      git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)),
      "git_checkout_options_init")
    switch mode {
    case .dryRun: options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue | GIT_CHECKOUT_DRY_RUN.rawValue
    case .safe: options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue
    case .force: options.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue
    }
    var baselineTree: OpaquePointer?
    var baselineRaw = baseline.raw
    try check(git_tree_lookup(&baselineTree, pointer, &baselineRaw), "git_tree_lookup")
    defer { git_tree_free(baselineTree) }
    options.baseline = baselineTree
    var raw = tree.raw
    var target: OpaquePointer?
    try check(git_object_lookup(&target, pointer, &raw, GIT_OBJECT_TREE), "git_object_lookup")
    defer { git_object_free(target) }
    guard let paths else {
      try check(git_checkout_tree(pointer, target, &options), "git_checkout_tree")
      return
    }
    let rc = withStringArray(paths) { array in
      options.paths = array
      return git_checkout_tree(pointer, target, &options)
    }
    try check(rc, "git_checkout_tree")
  }
}

/// A path whose blob differs between two trees.
public struct TreeDifference: Sendable, Equatable {
  /// The slash-separated path.
  public let path: String
  /// The blob in the old tree; `nil` when the path is added.
  public let old: OID?
  /// The blob in the new tree; `nil` when the path is deleted.
  public let new: OID?
}

extension Repository {
  /// The paths whose content differs between the trees `old` (`nil`: none) and `new`
  /// (`git_diff_tree_to_tree`).
  public func differences(from old: OID?, to new: OID) throws(GitError) -> [TreeDifference] {
    var newRaw = new.raw
    var oldTree: OpaquePointer?
    var newTree: OpaquePointer?
    if var oldRaw = old?.raw {
      try check(git_tree_lookup(&oldTree, pointer, &oldRaw), "git_tree_lookup")
    }
    defer { git_tree_free(oldTree) }
    try check(git_tree_lookup(&newTree, pointer, &newRaw), "git_tree_lookup")
    defer { git_tree_free(newTree) }
    var diff: OpaquePointer?
    try check(git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, nil), "git_diff_tree_to_tree")
    defer { git_diff_free(diff) }
    return (0..<git_diff_num_deltas(diff)).compactMap { index in
      guard let delta = git_diff_get_delta(diff, index) else { return nil }
      let status = delta.pointee.status
      let file = status == GIT_DELTA_DELETED ? delta.pointee.old_file : delta.pointee.new_file
      return TreeDifference(
        path: String(cString: file.path),
        old: status == GIT_DELTA_ADDED ? nil : OID(delta.pointee.old_file.id),
        new: status == GIT_DELTA_DELETED ? nil : OID(delta.pointee.new_file.id))
    }
  }
}
