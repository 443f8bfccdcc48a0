internal import Clibgit2
import Foundation

/// A failed libgit2 call: its return code, libgit2's error class and message, and the function.
public struct GitError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The negative return code (`git_error_code`), e.g. `-3` for `GIT_ENOTFOUND`.
  public let code: Int32
  /// libgit2's error class (`git_error_t`), `0` when libgit2 gave none.
  public let errorClass: Int32
  /// libgit2's message, or a generic one when libgit2 set none.
  public let message: String
  /// The libgit2 function that failed.
  public let function: String

  /// Whether the failure means "not found" (`GIT_ENOTFOUND`).
  public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }
  /// Whether a reference moved since it was read (`GIT_EMODIFIED`) or already exists
  /// (`GIT_EEXISTS`): the compare-and-swap of a reference update failed.
  public var isConcurrentUpdate: Bool {
    code == GIT_EMODIFIED.rawValue || code == GIT_EEXISTS.rawValue
  }
  /// Whether a checkout refused to overwrite local changes (`GIT_ECONFLICT`).
  public var isCheckoutConflict: Bool { code == GIT_ECONFLICT.rawValue }

  /// Whether a lock file held by another process, or left by a crashed one, prevented the
  /// operation (`GIT_ELOCKED`).
  public var isLocked: Bool { code == GIT_ELOCKED.rawValue }

  /// Whether a tree object could not be parsed (`GIT_ERROR_TREE`): plain git can store bytes
  /// that are no tree, e.g. a mode of seven digits or no space after it.
  public var isMalformedTree: Bool { errorClass == Int32(GIT_ERROR_TREE.rawValue) }

  /// Whether the index file could not be read (`GIT_ERROR_INDEX`): damaged, or written with a
  /// feature this libgit2 does not read (a split or sparse index, `index.skipHash`).
  public var isUnreadableIndex: Bool { errorClass == Int32(GIT_ERROR_INDEX.rawValue) }

  /// libgit2's message, then the function in parentheses: "cannot read blob (git_blob_lookup)".
  public var description: String { "\(message) (\(function))" }
}

/// Turns a libgit2 return code into a thrown `GitError`; the only place a `GitError` is made.
///
/// Reads `git_error_last` right after the failing call (it may be NULL in libgit2 1.5) and clears it.
@discardableResult
func check(_ rc: Int32, _ function: String) throws(GitError) -> Int32 {
  guard rc < 0 else { return rc }
  var message = "libgit2 error \(rc)"
  var errorClass: Int32 = 0
  if let last = git_error_last() {
    errorClass = last.pointee.klass
    if let text = last.pointee.message {
      message = String(cString: text).trimmingTrailingNewlines()
    }
  }
  git_error_clear()
  throw GitError(code: rc, errorClass: errorClass, message: message, function: function)
}

/// `check` for calls where "not found" (`GIT_ENOTFOUND`) is an answer, not a failure.
/// - Returns: `false` when the call found nothing.
func checkFound(_ rc: Int32, _ function: String) throws(GitError) -> Bool {
  if rc == GIT_ENOTFOUND.rawValue {
    git_error_clear()
    return false
  }
  try check(rc, function)
  return true
}

extension String {
  func trimmingTrailingNewlines() -> String {
    var result = self
    while result.last == "\n" || result.last == "\r" { result.removeLast() }
    return result
  }
}

/// Calls `body` with `strings` as a `git_strarray` that lives for the duration of the call.
func withStringArray<T>(_ strings: [String], _ body: (git_strarray) -> T) -> T {
  var pointers = strings.map { strdup($0) }
  defer { pointers.forEach { free($0) } }
  return pointers.withUnsafeMutableBufferPointer { buffer in
    body(git_strarray(strings: buffer.baseAddress, count: buffer.count))
  }
}
