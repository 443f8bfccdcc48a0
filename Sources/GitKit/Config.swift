internal import Clibgit2

/// A repository's configuration, all levels merged; owns libgit2's `git_config` handle.
public final class Config {
  let pointer: OpaquePointer

  init(pointer: OpaquePointer) {
    self.pointer = pointer
  }

  deinit {
    git_config_free(pointer)
  }

  /// The value of `key`, or `nil` when no level sets it (`git_config_get_string_buf`).
  public func string(_ key: String) throws(GitError) -> String? {
    var buffer = git_buf()
    defer { git_buf_dispose(&buffer) }
    let rc = git_config_get_string_buf(&buffer, pointer, key)
    guard try checkFound(rc, "git_config_get_string_buf") else { return nil }
    return buffer.ptr.map { String(cString: $0) }
  }

  /// The boolean value of `key`, or `nil` when no level sets it (`git_config_get_bool`).
  public func bool(_ key: String) throws(GitError) -> Bool? {
    var value: Int32 = 0
    let rc = git_config_get_bool(&value, pointer, key)
    guard try checkFound(rc, "git_config_get_bool") else { return nil }
    return value != 0
  }
}

extension Repository {
  /// The configuration git uses for this repository: system, global and local levels
  /// (`git_repository_config`).
  public func config() throws(GitError) -> Config {
    var handle: OpaquePointer?
    try check(git_repository_config(&handle, pointer), "git_repository_config")
    guard let handle else { throw GitError.missingResult("git_repository_config") }
    return Config(pointer: handle)
  }

  /// Sets `key` to `value` in the repository's own `.git/config`
  /// (`git_config_open_level(GIT_CONFIG_LEVEL_LOCAL)`, `git_config_set_string`).
  public func setLocalConfig(_ key: String, to value: String) throws(GitError) {
    let merged = try config()
    var local: OpaquePointer?
    try check(git_config_open_level(&local, merged.pointer, GIT_CONFIG_LEVEL_LOCAL), "git_config_open_level")
    defer { git_config_free(local) }
    try check(git_config_set_string(local, key, value), "git_config_set_string")
  }
}
