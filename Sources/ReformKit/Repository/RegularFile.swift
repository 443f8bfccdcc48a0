import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Reads files from disk as regular files only: a symbolic link is never followed, and a FIFO,
/// device, socket or folder is refused before anything is read, so that no input can make a
/// command read outside the repository, block or run out of memory.
public enum RegularFile {
  /// What is at `path` when it is not a regular file ("a symbolic link", "a folder", …), or
  /// `nil` for a regular file or nothing at all (`lstat`).
  public static func nonRegularKind(at path: String) -> String? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    return kind(of: info.st_mode)
  }

  /// Whether `path` is a folder itself or nothing at all; `false` for a file or a symbolic
  /// link (also one to a folder).
  static func isFolderOrMissing(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) != 0 || info.st_mode & S_IFMT == S_IFDIR
  }

  /// The size of the regular file at `path`, `nil` when nothing is there.
  /// - Throws: `SnapshotError.notARegularFile` when something else is there.
  public static func size(at path: String) throws -> Int? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    if let found = kind(of: info.st_mode) { throw SnapshotError.notARegularFile(path: path, found: found) }
    return Int(info.st_size)
  }

  /// The bytes of the regular file at `path`, refused when larger than `limit` before any is read.
  public static func read(_ path: String, limit: Int) throws(ReformError) -> Data {
    if let found = nonRegularKind(at: path) { throw .notARegularFile(path: path, found: found) }
    let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { throw .io("cannot read \(path): \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw .io("cannot read \(path): \(String(cString: strerror(errno)))") }
    if let found = kind(of: info.st_mode) { throw .notARegularFile(path: path, found: found) }
    guard Int(info.st_size) <= limit else {
      throw .io("\(path) is \(info.st_size) bytes, more than the limit of \(limit): use a smaller file")
    }
    var data = Data(count: Int(info.st_size))
    var total = 0
    while total < data.count {
      let count = data.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + total, $0.count - total) }
      guard count > 0 else { break }
      total += count
    }
    return data.prefix(total)
  }

  /// Writes `data` as the regular file at `path`, whole or not at all: into a new file beside
  /// it, flushed to disk, then renamed over it. Refuses a path where a folder, link, FIFO or
  /// device is, rather than replacing or following it.
  public static func write(_ data: Data, to path: String) throws(ReformError) {
    guard !path.isEmpty else { throw .badArgument("the output file name is empty: name a file") }
    if let found = nonRegularKind(at: path) {
      throw .notARegularFile(path: path, found: found)
    }
    let temporary = path + ".reform-\(getpid()).tmp"
    let failure = { (what: String) -> ReformError in
      .io("cannot write \(path): \(what): \(String(cString: strerror(errno)))")
    }
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw failure("cannot create a file in its folder") }
    var written = 0
    while written < data.count {
      let count = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
      guard count > 0 else { break }
      written += count
    }
    let flushed = fsync(descriptor) == 0
    close(descriptor)
    guard written == data.count, flushed, rename(temporary, path) == 0 else {
      let error = failure("the disk refused it")
      unlink(temporary)
      throw error
    }
  }

  private static func kind(of mode: mode_t) -> String? {
    switch mode & S_IFMT {
    case S_IFREG: nil
    case S_IFLNK: "a symbolic link"
    case S_IFDIR: "a folder"
    case S_IFIFO: "a FIFO"
    case S_IFCHR, S_IFBLK: "a device"
    case S_IFSOCK: "a socket"
    default: "a special file"
    }
  }
}

/// A snapshot found something else than a regular file where a file belongs.
public enum SnapshotError: Error, Equatable {
  /// `path` holds `found` ("a symbolic link", "a folder", "a submodule", …).
  case notARegularFile(path: String, found: String)
}
