internal import Clibgit2

/// A git repository; owns libgit2's `git_repository` handle.
///
/// A handle is used by one thread at a time, so `Repository` is deliberately not `Sendable`.
public final class Repository {
  let pointer: OpaquePointer
  /// The trees read last, as stored (`storedTree`): walking history, a commit's tree is
  /// read again as its child's parent.
  var recentTrees: [StoredTree] = []
  /// Whether entries were staged in the repository's one index (every `Index` of it shares
  /// libgit2's) since it was read or last written: its file on disk then no longer describes it.
  var indexHasUnwrittenChanges = false
  /// The folders whose trees are known from comparisons (`learnFolders`).
  var knownFolders: [FolderKey: ChangedFolder.Side] = [:]

  private init(pointer: OpaquePointer) {
    self.pointer = pointer
  }

  deinit {
    git_repository_free(pointer)
  }

  /// Opens the repository at `path` (`git_repository_open_ext`).
  /// - Parameters:
  ///   - path: a work tree, a `.git` folder or a bare repository.
  ///   - searchParents: look in parent folders too, as `git` does from a subfolder.
  public static func open(at path: String, searchParents: Bool = true) throws(GitError) -> Repository {
    GitLibrary.ensureInitialised()
    var handle: OpaquePointer?
    let flags = searchParents ? 0 : GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue
    try check(git_repository_open_ext(&handle, path, flags, nil), "git_repository_open_ext")
    guard let handle else { throw GitError.missingResult("git_repository_open_ext") }
    return Repository(pointer: handle)
  }

  /// Opens the repository git's environment names, as a hook must: `GIT_DIR` (else discovery
  /// from the current folder), `GIT_INDEX_FILE`, and the quarantine object folders of a push
  /// (`GIT_OBJECT_DIRECTORY`, `GIT_ALTERNATE_OBJECT_DIRECTORIES`)
  /// (`git_repository_open_ext` with `GIT_REPOSITORY_OPEN_FROM_ENV`).
  public static func openFromEnvironment() throws(GitError) -> Repository {
    GitLibrary.ensureInitialised()
    var handle: OpaquePointer?
    try check(
      git_repository_open_ext(&handle, nil, GIT_REPOSITORY_OPEN_FROM_ENV.rawValue, nil),
      "git_repository_open_ext")
    guard let handle else { throw GitError.missingResult("git_repository_open_ext") }
    return Repository(pointer: handle)
  }

  /// Creates a repository at `path` whose HEAD names `refs/heads/<initialBranch>`
  /// (`git_repository_init_ext`); an existing repository there is reopened unchanged.
  public static func create(
    at path: String,
    bare: Bool = false,
    initialBranch: String = "main"
  ) throws(GitError) -> Repository {
    GitLibrary.ensureInitialised()
    var options = git_repository_init_options()
    try check(
      git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
      "git_repository_init_options_init")
    options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue
    if bare { options.flags |= GIT_REPOSITORY_INIT_BARE.rawValue }
    var handle: OpaquePointer?
    let rc = initialBranch.withCString { branch in
      options.initial_head = branch
      return git_repository_init_ext(&handle, path, &options)
    }
    try check(rc, "git_repository_init_ext")
    guard let handle else { throw GitError.missingResult("git_repository_init_ext") }
    return Repository(pointer: handle)
  }

  /// Whether the repository has no work tree (`git_repository_is_bare`).
  public var isBare: Bool { git_repository_is_bare(pointer) == 1 }

  /// The work tree folder, ending in `/`, or `nil` for a bare repository (`git_repository_workdir`).
  public var workingDirectory: String? {
    git_repository_workdir(pointer).map { String(cString: $0) }
  }

  /// The `.git` folder (or the bare repository), ending in `/` (`git_repository_path`).
  public var gitDirectory: String { String(cString: git_repository_path(pointer)) }

  /// The full name HEAD points to (`refs/heads/main`), also when that branch has no commit yet;
  /// `nil` when HEAD is detached.
  public func headBranch() throws(GitError) -> String? {
    var reference: OpaquePointer?
    try check(git_reference_lookup(&reference, pointer, "HEAD"), "git_reference_lookup")
    defer { git_reference_free(reference) }
    guard git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC,
      let target = git_reference_symbolic_target(reference)
    else { return nil }
    return String(cString: target)
  }

  /// The commit HEAD resolves to, or `nil` on an unborn branch (`git_reference_name_to_id`).
  public func headCommitID() throws(GitError) -> OID? {
    try referenceTarget("HEAD")
  }

  /// Points HEAD at `branch` (a full name), without touching index or work tree
  /// (`git_repository_set_head`).
  public func setHead(to branch: String) throws(GitError) {
    try check(git_repository_set_head(pointer, branch), "git_repository_set_head")
  }
}

extension GitError {
  static func missingResult(_ function: String) -> GitError {
    GitError(code: -1, errorClass: 0, message: "no result returned", function: function)
  }
}
