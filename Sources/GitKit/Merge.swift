internal import Clibgit2

extension Repository {
  /// The best common ancestor of two commits, or `nil` when they share no history
  /// (`git_merge_base`).
  public func mergeBase(_ one: OID, _ other: OID) throws(GitError) -> OID? {
    var oneRaw = one.raw
    var otherRaw = other.raw
    var base = git_oid()
    let rc = git_merge_base(&base, pointer, &oneRaw, &otherRaw)
    guard try checkFound(rc, "git_merge_base") else { return nil }
    return OID(base)
  }

  /// The three-way merge of the trees `ours` and `theirs` from `ancestor`, written as a tree;
  /// `nil` when they conflict (`git_merge_trees`, `git_index_write_tree_to`).
  public func mergeTrees(ancestor: OID?, ours: OID, theirs: OID) throws(GitError) -> OID? {
    func lookup(_ id: OID) throws(GitError) -> OpaquePointer? {
      var raw = id.raw
      var tree: OpaquePointer?
      try check(git_tree_lookup(&tree, pointer, &raw), "git_tree_lookup")
      return tree
    }
    let ancestorTree = try ancestor.map { id throws(GitError) in try lookup(id) } ?? nil
    defer { git_tree_free(ancestorTree) }
    let ourTree = try lookup(ours)
    defer { git_tree_free(ourTree) }
    let theirTree = try lookup(theirs)
    defer { git_tree_free(theirTree) }
    var options = git_merge_options()
    try check(git_merge_options_init(&options, UInt32(GIT_MERGE_OPTIONS_VERSION)), "git_merge_options_init")
    var index: OpaquePointer?
    try check(git_merge_trees(&index, pointer, ancestorTree, ourTree, theirTree, &options), "git_merge_trees")
    defer { git_index_free(index) }
    if git_index_has_conflicts(index) == 1 { return nil }
    var oid = git_oid()
    try check(git_index_write_tree_to(&oid, index, pointer), "git_index_write_tree_to")
    return OID(oid)
  }

  /// Whether the index or the work tree differs from HEAD in a tracked file; untracked files
  /// do not count (`git_status_list_new`).
  public func hasUncommittedChanges() throws(GitError) -> Bool {
    var options = git_status_options()
    try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)), "git_status_options_init")
    options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
    options.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
    var list: OpaquePointer?
    try check(git_status_list_new(&list, pointer, &options), "git_status_list_new")
    defer { git_status_list_free(list) }
    return git_status_list_entrycount(list) > 0
  }
}
