internal import Clibgit2

extension Repository {
  /// Makes the index and work tree show `tree`, touching only the paths that differ between
  /// `baseline` and `tree` (`git_checkout_tree`). Without `force`, a path whose work tree or
  /// index content differs from `baseline` makes the whole checkout fail before anything is
  /// written (a `GitError` whose `isCheckoutConflict` is true), so local changes are never lost.
  public func checkout(tree: OID, baseline: OID?, force: Bool = false) throws(GitError) {
    var options = git_checkout_options()
    try check(
      git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)),
      "git_checkout_options_init")
    options.checkout_strategy = force ? GIT_CHECKOUT_FORCE.rawValue : GIT_CHECKOUT_SAFE.rawValue
    var baselineTree: OpaquePointer?
    if let baseline {
      var raw = baseline.raw
      try check(git_tree_lookup(&baselineTree, pointer, &raw), "git_tree_lookup")
    }
    defer { git_tree_free(baselineTree) }
    options.baseline = baselineTree
    var raw = tree.raw
    var target: OpaquePointer?
    try check(git_object_lookup(&target, pointer, &raw, GIT_OBJECT_TREE), "git_object_lookup")
    defer { git_object_free(target) }
    try check(git_checkout_tree(pointer, target, &options), "git_checkout_tree")
  }
}
