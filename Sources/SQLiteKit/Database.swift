internal import CSQLite
import Foundation

/// An error SQLite reported: its message and the call that failed.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
  /// SQLite's result code.
  public let code: Int32
  public let message: String

  public var description: String { "\(message) (SQLite \(code))" }
}

/// A value bound to a statement's parameter or read from a column.
public enum SQLiteValue: Sendable, Equatable {
  case integer(Int64)
  case text(String)
  case blob([UInt8])
  case null
}

/// An SQLite database connection (the system's `libsqlite3`); it owns the handle and its
/// prepared statements and closes them when released. Not shared between threads.
public final class Database {
  private let handle: OpaquePointer
  private var statements: [String: OpaquePointer] = [:]

  /// Opens (creating when missing) the database file at `path`; `:memory:` for a private one.
  /// Busy connections are waited for up to `busyTimeout` milliseconds.
  public init(path: String, busyTimeout: Int32 = 10_000) throws(SQLiteError) {
    var opened: OpaquePointer?
    let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
    let rc = sqlite3_open_v2(path, &opened, flags, nil)
    guard rc == SQLITE_OK, let opened else {
      let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
      sqlite3_close_v2(opened)
      throw SQLiteError(code: rc, message: "\(path): \(message)")
    }
    handle = opened
    sqlite3_busy_timeout(handle, busyTimeout)
  }

  deinit {
    for statement in statements.values { sqlite3_finalize(statement) }
    sqlite3_close_v2(handle)
  }

  /// Runs one or more statements that take no parameters and return no rows.
  public func execute(_ sql: String) throws(SQLiteError) {
    try check(sqlite3_exec(handle, sql, nil, nil, nil))
  }

  /// Runs `sql` with `parameters` and returns its rows, each as its columns' values.
  @discardableResult
  public func query(_ sql: String, _ parameters: [SQLiteValue] = []) throws(SQLiteError) -> [[SQLiteValue]] {
    var rows: [[SQLiteValue]] = []
    try each(sql, parameters) { rows.append($0) }
    return rows
  }

  /// Runs `sql` with `parameters`, handing each row to `body`. Statements are prepared once
  /// per connection and reused.
  public func each(
    _ sql: String, _ parameters: [SQLiteValue], _ body: ([SQLiteValue]) throws(SQLiteError) -> Void
  ) throws(SQLiteError) {
    try withStatement(sql, parameters) { (statement) throws(SQLiteError) in
      while true {
        let rc = sqlite3_step(statement)
        if rc == SQLITE_DONE { return }
        guard rc == SQLITE_ROW else { return try check(rc) }
        try body((0..<sqlite3_column_count(statement)).map { column(statement, $0) })
      }
    }
  }

  /// The first column of the first row of `sql` with `parameters`, when it is a blob: the
  /// common case of a key-value lookup, without building rows.
  public func blob(_ sql: String, _ parameters: [SQLiteValue]) throws(SQLiteError) -> [UInt8]? {
    try blobAndInteger(sql, parameters)?.0
  }

  /// The first row's first column as a blob and second column as an integer, without
  /// building rows.
  public func blobAndInteger(_ sql: String, _ parameters: [SQLiteValue]) throws(SQLiteError) -> ([UInt8]?, Int64?)? {
    try withStatement(sql, parameters) { (statement) throws(SQLiteError) -> ([UInt8]?, Int64?)? in
      let rc = sqlite3_step(statement)
      guard rc == SQLITE_ROW else {
        try check(rc)
        return nil
      }
      let count = sqlite3_column_count(statement)
      return (column(statement, 0).blob, count > 1 ? column(statement, 1).integer : nil)
    }
  }

  /// Runs `body` with the prepared statement of `sql` bound to `parameters`, and resets it.
  private func withStatement<T>(
    _ sql: String, _ parameters: [SQLiteValue], _ body: (OpaquePointer) throws(SQLiteError) -> T
  ) throws(SQLiteError) -> T {
    let statement = try prepared(sql)
    defer {
      sqlite3_reset(statement)
      sqlite3_clear_bindings(statement)
    }
    for (offset, parameter) in parameters.enumerated() {
      try bind(parameter, at: Int32(offset + 1), in: statement)
    }
    return try body(statement)
  }

  /// Runs `body` in a transaction that takes the write lock at once (`BEGIN IMMEDIATE`), so that
  /// two processes updating the same database take turns; rolls back when `body` throws.
  public func writeTransaction<T>(_ body: () throws -> T) throws -> T {
    try transaction(beginning: "BEGIN IMMEDIATE", body)
  }

  /// Runs `body` in one deferred transaction: its reads share one snapshot and one lock
  /// instead of taking a lock per statement; a write inside it that another connection's write
  /// prevents fails rather than waits. Commits, or rolls back when `body` throws.
  public func transaction<T>(_ body: () throws -> T) throws -> T {
    try transaction(beginning: "BEGIN", body)
  }

  private func transaction<T>(beginning begin: String, _ body: () throws -> T) throws -> T {
    try execute(begin)
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  private func prepared(_ sql: String) throws(SQLiteError) -> OpaquePointer {
    if let statement = statements[sql] { return statement }
    var statement: OpaquePointer?
    try check(sqlite3_prepare_v2(handle, sql, -1, &statement, nil))
    guard let statement else { throw SQLiteError(code: SQLITE_MISUSE, message: "empty statement: \(sql)") }
    statements[sql] = statement
    return statement
  }

  private func bind(_ value: SQLiteValue, at index: Int32, in statement: OpaquePointer) throws(SQLiteError) {
    let rc: Int32
    switch value {
    case .integer(let number): rc = sqlite3_bind_int64(statement, index, number)
    case .text(let text): rc = reform_sqlite_bind_text(statement, index, text, -1)
    case .blob(let bytes): rc = bytes.withUnsafeBytes { reform_sqlite_bind_blob(statement, index, $0.baseAddress, Int32($0.count)) }
    case .null: rc = sqlite3_bind_null(statement, index)
    }
    try check(rc)
  }

  private func column(_ statement: OpaquePointer, _ index: Int32) -> SQLiteValue {
    switch sqlite3_column_type(statement, index) {
    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
    case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(statement, index)))
    case SQLITE_BLOB:
      let count = Int(sqlite3_column_bytes(statement, index))
      guard count > 0, let bytes = sqlite3_column_blob(statement, index) else { return .blob([]) }
      return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
    default: return .null
    }
  }

  private func check(_ rc: Int32) throws(SQLiteError) {
    guard rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW else {
      throw SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)))
    }
  }
}

extension SQLiteValue {
  /// The integer, when this is one.
  public var integer: Int64? {
    if case .integer(let number) = self { return number }
    return nil
  }

  /// The bytes, when this is a blob.
  public var blob: [UInt8]? {
    if case .blob(let bytes) = self { return bytes }
    return nil
  }

  /// The text, when this is text.
  public var text: String? {
    if case .text(let text) = self { return text }
    return nil
  }
}
