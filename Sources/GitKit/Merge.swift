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

  /// Whether `merged` is the three-way merge of `ours` and `theirs` from `base` in which no entry
  /// is changed on both sides, so the merge `mergeTrees` writes. Only the folders both sides
  /// changed are opened (their stored bytes compared by `changedEntryNames`), instead of merging
  /// every file of the trees. `false` says only that this shortcut cannot tell (an entry both
  /// sides changed differently or both deleted, or a tree that differs): `mergeTrees` decides.
  public func isOneSidedMerge(base: OID?, ours: OID, theirs: OID, merged: OID) throws(GitError) -> Bool {
    if ours == theirs || base == theirs { return merged == ours }
    if base == ours { return merged == theirs }
    let theirChanges = try changedEntryNames(from: base, to: theirs)
    let theirNames = Set(theirChanges)
    let mergeChanges = try changedEntryNames(from: ours, to: merged)
    // A name listed twice is a tree holding it twice: only git_merge_trees may judge that.
    guard theirNames.count == theirChanges.count, Set(mergeChanges).count == mergeChanges.count else { return false }
    // Where the merge differs from ours, theirs must have changed the entry.
    guard mergeChanges.allSatisfy(theirNames.contains) else { return false }
    let ourNames = Set(try changedEntryNames(from: base, to: ours))
    // How many entries the merge has beyond ours: a tree with a name twice cannot pass for it.
    var added = 0
    for name in theirChanges {
      let our = try modeAndID(of: name, in: ours)
      let their = try modeAndID(of: name, in: theirs), result = try modeAndID(of: name, in: merged)
      guard ourNames.contains(name) else {
        guard result == their else { return false }
        added += (their == nil ? 0 : 1) - (our == nil ? 0 : 1)
        continue
      }
      // Deleted on both sides is left to git: with a rename on one side, git may see a conflict.
      if our == their {
        guard our != nil, result == our else { return false }
        continue
      }
      let original = try base.flatMap { tree throws(GitError) in try modeAndID(of: name, in: tree) }
      let folder = FileMode.tree.rawValue
      guard let our, let their, let result, our.mode == folder, their.mode == folder, result.mode == folder,
        original == nil || original?.mode == folder,
        try isOneSidedMerge(base: original?.id, ours: our.id, theirs: their.id, merged: result.id)
      else { return false }
    }
    return try withTree(merged, git_tree_entrycount) == (try withTree(ours, git_tree_entrycount)) + added
  }

  /// The raw mode and the object of the entry `name` of tree `tree`, or `nil` when it has none
  /// (`git_tree_entry_byname`, a binary search of the tree libgit2 parsed).
  private func modeAndID(of name: [UInt8], in tree: OID) throws(GitError) -> ModeAndID? {
    try withTree(tree) { object in
      let entry = (name + [0]).withUnsafeBytes { git_tree_entry_byname(object, $0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
      guard let entry, let id = git_tree_entry_id(entry) else { return nil }
      return ModeAndID(mode: git_tree_entry_filemode_raw(entry).rawValue, id: OID(id.pointee))
    }
  }

  /// Calls `body` with tree `id` as libgit2 parsed it (`git_tree_lookup`, from its object cache
  /// unless `GitLibrary.withoutObjectCache` has turned it off).
  private func withTree<T>(_ id: OID, _ body: (OpaquePointer?) -> T) throws(GitError) -> T {
    var raw = id.raw
    var tree: OpaquePointer?
    try check(git_tree_lookup(&tree, pointer, &raw), "git_tree_lookup")
    defer { git_tree_free(tree) }
    return body(tree)
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

/// An entry of a tree as a merge compares it: its mode as stored and its object.
private struct ModeAndID: Equatable {
  let mode: UInt32
  let id: OID
}

