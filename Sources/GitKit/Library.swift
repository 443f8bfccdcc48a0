internal import Clibgit2
import Synchronization

/// libgit2 is initialised once per process and never shut down, as git2-rs does. Its check
/// that the repository belongs to the current user stays on, as git's `safe.directory` does.
/// Its object cache keeps trees and commits up to 4 MiB (the default, 4 KiB, leaves out the
/// `plans/` folder of a repository with more than about a hundred plans, which a short command
/// would then read and parse again), and 32 MiB in all: the default, 256 MiB of stored sizes,
/// grew to 770 MB resident in a `verify` of 20,000 commits. Walks of all history (`verify`, the
/// plan index) turn the cache off (`withoutObjectCache`): they seldom read an object again.
/// Freed blocks of up to 64 MiB stay in the heap, so that reading large trees again and again
/// does not map and zero fresh pages each time. Pack files are mapped in windows of 32 MiB, at
/// most 256 MiB at once: libgit2's defaults (1 GiB windows, 8 GiB mapped) keep every page of a
/// walked pack resident, which at 200,000 commits is 600 MB of a command's memory.
private let libgit2Initialisation: Int32 = {
  let rc = git_libgit2_init()
  reform_keep_large_blocks_in_heap()
  _ = reform_git_set_cache_object_limit(GIT_OBJECT_TREE, 4 << 20)
  _ = reform_git_set_cache_object_limit(GIT_OBJECT_COMMIT, 4 << 20)
  _ = reform_git_set_cache_max_size(32 << 20)
  _ = reform_git_set_strict_hash_verification(0)
  _ = reform_git_set_pack_windows(32 << 20, 256 << 20)
  return rc
}()

/// How many `GitLibrary.withoutObjectCache` calls are running.
private let cacheSuspensions = Mutex(0)

/// Process-wide libgit2 facts and settings.
public enum GitLibrary {
  /// Makes sure libgit2 is initialised; every entry point of GitKit calls it.
  static func ensureInitialised() {
    _ = libgit2Initialisation
  }

  /// Gives the heap's free pages back to the system: long work that frees as much as it
  /// allocates, on several threads, otherwise keeps its high-water mark in each thread's arena.
  public static func releaseFreeHeap() {
    reform_release_free_heap()
  }

  /// Runs `body` with libgit2's object cache off (`GIT_OPT_ENABLE_CACHING`), for every thread of
  /// the process: a walk of the whole history reads almost every object once, and the cache
  /// would store each and evict in turn (libgit2 1.5 scans its table from the start for every
  /// eviction: an eighth of a `verify` of 200,000 commits). Nested and concurrent calls share
  /// one count; the cache is on again when the last returns.
  public static func withoutObjectCache<T, Failure: Error>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
    ensureInitialised()
    cacheSuspensions.withLock { count in
      count += 1
      if count == 1 { _ = reform_git_enable_caching(0) }
    }
    defer {
      cacheSuspensions.withLock { count in
        count -= 1
        if count == 0 { _ = reform_git_enable_caching(1) }
      }
    }
    return try body()
  }

  /// The linked libgit2 version (`git_libgit2_version`).
  public static var version: (major: Int, minor: Int, patch: Int) {
    ensureInitialised()
    var major: Int32 = 0
    var minor: Int32 = 0
    var patch: Int32 = 0
    git_libgit2_version(&major, &minor, &patch)
    return (Int(major), Int(minor), Int(patch))
  }

  /// Restricts the global, XDG and system configuration search paths to `directory`, so that
  /// a process is not influenced by the user's or the machine's git configuration
  /// (`git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH)`).
  public static func isolateConfiguration(in directory: String) throws(GitError) {
    ensureInitialised()
    for level in [GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL] {
      try check(reform_git_set_search_path(level.rawValue, directory), "git_libgit2_opts")
    }
  }
}

// libgit2 built with mbedTLS (Debian's) parses every certificate authority of the system in
// `git_libgit2_init`, for HTTPS transports: a fifth of a hook's run. reform never lets libgit2
// reach a remote (fetch and push run git, so that the user's own setup applies), so these two
// definitions, which take precedence over mbedTLS's for the process, load no certificate. Were
// libgit2 ever asked for HTTPS, its check of the server's certificate would fail: closed, not
// open. A libgit2 built with OpenSSL never calls them.

/// Loads no certificate authorities from a file (see above).
@_cdecl("mbedtls_x509_crt_parse_file")
public func reformSkipsCertificateFile(_ chain: UnsafeMutableRawPointer?, _ path: UnsafePointer<CChar>?) -> Int32 { 0 }

/// Loads no certificate authorities from a folder (see above).
@_cdecl("mbedtls_x509_crt_parse_path")
public func reformSkipsCertificateFolder(_ chain: UnsafeMutableRawPointer?, _ path: UnsafePointer<CChar>?) -> Int32 { 0 }
