import Crypto
import Foundation
import GitKit
import SQLiteKit
import Synchronization

/// The plan index: which commits touch which plan, which commits `main` reaches, and the
/// supervision facts of plan folders, kept in an SQLite database under `.git/` (never in the
/// history). Every row is keyed by object ids, which never change, so the index may be
/// incomplete but is never wrong; it is brought up to date from the references it has not seen
/// before each query. Two processes updating it take turns (`BEGIN IMMEDIATE`). `reform verify`
/// never reads it.
final class PlanIndex {
  /// The database's file name inside the git folder.
  static let fileName = "reform-index.sqlite"
  /// Bumped whenever the tables or the meaning of their rows change: an index of another
  /// version is dropped and rebuilt.
  private static let schemaVersion = "3"

  private let database: Database
  private let git: Repository
  /// The branches and tags as the last `update` found them.
  private(set) var references: [Reference] = []
  /// Values `cached` computed and has yet to keep.
  private var pendingValues: [(key: SQLiteValue, data: SQLiteValue, replacing: CachedKind?)] = []

  /// Opens the index of `git`, creating it when missing. An index that cannot be written
  /// (a read-only clone) or read is replaced by a private one in memory.
  /// With `inMemory`, the index is that private one from the start.
  init(git: Repository, inMemory: Bool = false) throws(ReformError) {
    self.git = git
    let path = URL(fileURLWithPath: git.gitDirectory).appendingPathComponent(Self.fileName).path
    // Only a regular file (or nothing) is opened: never a link, which could lead outside .git/.
    if !inMemory, RegularFile.nonRegularKind(at: path) == nil, let file = try? Self.openFile(at: path) {
      database = file
      return
    }
    do {
      database = try Database(path: ":memory:")
      try Self.createTables(in: database)
    } catch {
      throw .io("cannot open the plan index: \(error)")
    }
  }

  /// Deletes the index of `git` so that the next query builds it afresh.
  /// Refuses, rather than deletes, anything there that is not a regular file.
  static func remove(in git: Repository) throws(ReformError) {
    let path = URL(fileURLWithPath: git.gitDirectory).appendingPathComponent(fileName).path
    for file in ["", "-wal", "-shm"].map({ path + $0 }) {
      if let found = RegularFile.nonRegularKind(at: file) {
        throw .io("\(file) is \(found), not the plan index: move it away, then run 'reform index --rebuild'")
      }
      guard unlink(file) == 0 || errno == ENOENT else {
        throw .io("cannot remove \(file): \(String(cString: strerror(errno)))")
      }
    }
  }

  private static func openFile(at path: String) throws -> Database {
    let database = try Database(path: path)
    try database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=1073741824")
    let version = { try? database.query("SELECT value FROM meta WHERE key = 'schema'").first?.first?.text }
    if version() != schemaVersion {
      try database.writeTransaction {
        // Checked again under the write lock: another process may have just made the tables.
        switch version() {
        case schemaVersion: return
        case nil: break
        default:
          try database.execute(
            "DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS commits; DROP TABLE IF EXISTS touches;"
              + "DROP TABLE IF EXISTS main_commits; DROP TABLE IF EXISTS tips; DROP TABLE IF EXISTS cache")
        }
        try createTables(in: database)
      }
    }
    return database
  }

  private static func createTables(in database: Database) throws(SQLiteError) {
    try database.execute(
      """
      CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS commits(id BLOB PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS touches(plan TEXT NOT NULL, seq INTEGER NOT NULL, id BLOB NOT NULL,
        PRIMARY KEY(plan, seq)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS main_commits(id BLOB PRIMARY KEY) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS tips(ref TEXT PRIMARY KEY, target BLOB NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS cache(key BLOB PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
      INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', '\(schemaVersion)');
      """)
  }

  // MARK: Queries

  /// The commits known to touch plan `id` (change its folder, or name it in `Reform-Plan`),
  /// parents before children.
  func commits(touching id: String) throws(ReformError) -> [OID] {
    try call { () throws(SQLiteError) in
      try database.query("SELECT id FROM touches WHERE plan = ? ORDER BY seq", [.text(id)]).compactMap {
        $0.first?.blob.flatMap(OID.init(bytes:))
      }
    }
  }

  /// Every plan some indexed commit touches, by id.
  func plans() throws(ReformError) -> [String] {
    try call { () throws(SQLiteError) in
      try database.query("SELECT DISTINCT plan FROM touches ORDER BY plan").compactMap { $0.first?.text }
    }
  }

  /// The newest commit that `main` reaches among those touching plan `id`: with the plan's
  /// folder, it fixes everything `main`'s history says of the plan.
  func newestCommitOnMain(touching id: String) throws(ReformError) -> OID? {
    try call { () throws(SQLiteError) in
      try database.blob(
        "SELECT t.id FROM touches t JOIN main_commits m ON m.id = t.id WHERE t.plan = ? ORDER BY t.seq DESC LIMIT 1",
        [.text(id)]
      ).flatMap(OID.init(bytes:))
    }
  }

  /// Runs `body` with every read of the index in one snapshot (one lock, not one per query),
  /// then keeps the values it computed.
  func reading<T>(_ body: () throws(ReformError) -> T) throws(ReformError) -> T {
    defer { keepPendingValues() }
    do {
      return try database.transaction { () throws -> T in try body() }
    } catch let error as ReformError {
      throw error
    } catch {
      throw .io("the plan index under .git/ failed: \(error); 'reform index --rebuild' builds it afresh")
    }
  }

  /// The version tag that tag object `tag` stands for, when its merge is on `main`: kept as
  /// `.versionTag` and read with the check of the merge in one query.
  func versionTag(
    _ tag: Reference, compute: () throws(ReformError) -> VersionTag?
  ) throws(ReformError) -> VersionTag? {
    let key = SQLiteValue.blob([CachedKind.versionTag.rawValue] + tag.target.bytes + Array(tag.name.utf8))
    let row = try call { () throws(SQLiteError) in
      try database.blobAndInteger(
        "SELECT data, EXISTS(SELECT 1 FROM main_commits WHERE id = substr(data, 2, 20)) FROM cache WHERE key = ?",
        [key])
    }
    if let row, let bytes = row.0, let kept = VersionTag?(indexBytes: bytes) {
      return row.1 == 1 ? kept : nil
    }
    let computed = try cached(.versionTag, tag.target, qualifier: tag.name, compute: compute)
    guard let computed, try isOnMain(computed.merge) else { return nil }
    return computed
  }

  /// Whether `main` reached `commit` when the index was last brought up to date.
  func isOnMain(_ commit: OID) throws(ReformError) -> Bool {
    try call { () throws(SQLiteError) in
      try !database.query("SELECT 1 FROM main_commits WHERE id = ?", [.blob(commit.bytes)]).isEmpty
    }
  }

  /// What the index keeps about one object: a kind of value, read once and kept by id.
  enum CachedKind: UInt8 {
    /// `PlanFacts` of a plan folder tree.
    case planFacts = 1
    /// `VersionTag?` of a tag object.
    case versionTag = 2
    /// The day a stage branch whose tip is the commit entered its stage.
    case stageStart = 3
    /// `PlanFacts?` of a plan in a commit (a stage branch's tip).
    case commitPlanFacts = 4
    /// The `VersionMap` of a digest of the version tags and `main`'s tip.
    case versionMap = 5
    /// Whether the judge accepts a commit on `main` (a function of the commit and its
    /// ancestors, which its id fixes).
    case mainVerdict = 6
    /// `OID?` of a plan's `plan.md` blob in an approval merge.
    case approvedPlanBlob = 7

    /// Whether a new value replaces all others of its kind: a version map is large and keyed
    /// by a digest that changes with every tag and every commit on `main`.
    var keepsOnlyTheLatest: Bool { self == .versionMap }
  }

  /// The value of `kind` kept for object `id`, or computed by `compute` and kept. Values are
  /// functions of the object's content, which its id fixes, so a kept value is never stale.
  /// `qualifier` tells apart values of one object for different plans.
  func cached<Value: IndexedValue>(
    _ kind: CachedKind, _ id: OID, qualifier: String = "", compute: () throws(ReformError) -> Value
  ) throws(ReformError) -> Value {
    let key = SQLiteValue.blob([kind.rawValue] + id.bytes + Array(qualifier.utf8))
    let stored = try call { () throws(SQLiteError) in try database.blob("SELECT data FROM cache WHERE key = ?", [key]) }
    if let stored, let value = Value(indexBytes: stored) { return value }
    let value = try compute()
    pendingValues.append((key, .blob(value.indexBytes), kind.keepsOnlyTheLatest ? kind : nil))
    return value
  }

  /// Keeps the values computed since the last call, in one write transaction (which waits
  /// its turn behind other processes and threads). A read-only index (another user's clone)
  /// still answers; it just does not keep.
  private func keepPendingValues() {
    guard !pendingValues.isEmpty else { return }
    _ = try? database.writeTransaction {
      for (key, data, replacing) in pendingValues {
        if let replacing {
          try database.query(
            "DELETE FROM cache WHERE key >= ? AND key < ?", [.blob([replacing.rawValue]), .blob([replacing.rawValue + 1])])
        }
        try database.query("INSERT OR REPLACE INTO cache(key, data) VALUES (?, ?)", [key, data])
      }
    }
    pendingValues.removeAll()
  }

  // MARK: Keeping up to date

  /// Indexes the commits that the branches and tags reach and the index has not seen.
  /// `progress` hears how many commits are done, of how many.
  func update(progress: (Int, Int) -> Void = { _, _ in }) throws(ReformError) {
    let references = try gitCall { try git.references(matching: "refs/heads/*") + git.references(matching: "refs/tags/*") }
    self.references = references
    // One digest of every branch and tag tells whether anything moved since the last update.
    let digest = Self.digest(of: references, main: nil).hex
    let indexed = { () throws -> String? in
      try self.database.query("SELECT value FROM meta WHERE key = 'tips'").first?.first?.text
    }
    guard (try? indexed()) != digest else { return }
    do {
      try database.writeTransaction {
        // Another process may have brought the index up to date while this one waited.
        guard try indexed() != digest else { return }
        let stored = try storedTips()
        let changed = references.filter { stored[$0.name] != $0.target }
        let tips = try changed.compactMap { try peeledCommit($0.target) }
        try add(try newCommits(from: tips), progress: progress)
        try updateMainCommits()
        try database.execute("DELETE FROM tips")
        for reference in references {
          try database.query(
            "INSERT OR REPLACE INTO tips(ref, target) VALUES (?, ?)",
            [.text(reference.name), .blob(reference.target.bytes)])
        }
        try database.query("INSERT OR REPLACE INTO meta(key, value) VALUES ('tips', ?)", [.text(digest)])
      }
    } catch let error as ReformError {
      throw error
    } catch {
      throw .io("cannot update the plan index: \(error); 'reform index --rebuild' builds it afresh")
    }
  }

  /// A digest of `references` (names and targets) and `main`: what the index's rows about
  /// them depend on.
  static func digest(of references: [Reference], main: OID?) -> OID {
    var hasher = Insecure.SHA1()
    hasher.update(data: main?.bytes ?? [])
    for reference in references {
      hasher.update(data: Array(reference.name.utf8) + [0])
      hasher.update(data: reference.target.bytes)
    }
    return OID(bytes: Array(hasher.finalize()))!
  }

  private func storedTips() throws(ReformError) -> [String: OID] {
    try call { () throws(SQLiteError) in
      var tips: [String: OID] = [:]
      try database.each("SELECT ref, target FROM tips", []) { row in
        if let name = row[0].text, let target = row[1].blob.flatMap(OID.init(bytes:)) { tips[name] = target }
      }
      return tips
    }
  }

  /// The commit an object peels to (through annotated tags), or `nil` for other objects.
  private func peeledCommit(_ id: OID) throws(ReformError) -> OID? {
    var current = id
    for _ in 0..<8 {
      switch try gitCall({ try git.rawObject(current).type }) {
      case "commit": return current
      case "tag": current = try gitCall { try git.annotatedTag(current).target }
      default: return nil
      }
    }
    return nil
  }

  /// What the index needs of a commit: a few words, not its message and identities, so that
  /// the first build holds 200,000 of them in little memory.
  private struct NewCommit {
    let id: OID
    let treeID: OID
    let parentIDs: [OID]
    /// The plan its `Reform-Plan` trailer names, when that is a valid id.
    let trailerPlan: String?

    init(_ commit: Commit) {
      id = commit.id
      treeID = commit.treeID
      parentIDs = commit.parentIDs
      trailerPlan = ReformTrailers(message: commit.message ?? "").plan.flatMap { PlanID.isValid($0) ? $0 : nil }
    }
  }

  /// The commits reachable from `tips` that the index does not hold, parents first.
  private func newCommits(from tips: [OID]) throws -> [NewCommit] {
    // A commit is pushed again, read, to be emitted once its parents have been.
    var stack: [(id: OID, read: NewCommit?)] = tips.map { ($0, nil) }
    var seen: Set<OID> = []
    var order: [NewCommit] = []
    while let (id, read) = stack.popLast() {
      if let read {
        order.append(read)
        continue
      }
      guard seen.insert(id).inserted, try !isIndexed(id), try git.objectExists(id) else { continue }
      let commit = NewCommit(try git.commit(id))
      stack.append((id, commit))
      for parent in commit.parentIDs.reversed() where !seen.contains(parent) { stack.append((parent, nil)) }
    }
    return order
  }

  private func isIndexed(_ id: OID) throws -> Bool {
    try !database.query("SELECT 1 FROM commits WHERE id = ?", [.blob(id.bytes)]).isEmpty
  }

  private func add(_ commits: [NewCommit], progress: (Int, Int) -> Void) throws {
    var sequence = try database.query("SELECT COALESCE(MAX(seq), 0) FROM commits").first?.first?.integer ?? 0
    let batch = 4096
    for batchStart in stride(from: 0, to: commits.count, by: batch) {
      let slice = Array(commits[batchStart..<min(commits.count, batchStart + batch)])
      let touched = try Self.plansTouched(by: slice, in: git.gitDirectory)
      for (new, plans) in zip(slice, touched) {
        sequence += 1
        try database.query(
          "INSERT OR IGNORE INTO commits(id, seq) VALUES (?, ?)", [.blob(new.id.bytes), .integer(sequence)])
        for plan in plans {
          try database.query(
            "INSERT OR IGNORE INTO touches(plan, seq, id) VALUES (?, ?, ?)",
            [.text(plan), .integer(sequence), .blob(new.id.bytes)])
        }
      }
      progress(batchStart + slice.count, commits.count)
    }
  }

  /// The plans each of `commits` touches, found on every core, each worker with its own
  /// handle on the repository in `gitDirectory` (libgit2 handles are not shared between threads).
  private static func plansTouched(by commits: [NewCommit], in gitDirectory: String) throws -> [Set<String>] {
    let workers = commits.count < 64 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
    let results = Mutex([Int: Set<String>]())
    let failure = Mutex<Error?>(nil)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      do {
        let git = try Repository.open(at: gitDirectory, searchParents: false)
        // Contiguous shares: a commit's parent is mostly the commit before it, whose tree the
        // repository handle still holds.
        var found: [Int: Set<String>] = [:]
        let share = (commits.count + workers - 1) / workers
        for index in (worker * share)..<min(commits.count, (worker + 1) * share) {
          found[index] = try plansTouched(by: commits[index], in: git)
        }
        results.withLock { $0.merge(found) { first, _ in first } }
      } catch {
        failure.withLock { $0 = error }
      }
    }
    if let error = failure.withLock({ $0 }) { throw error }
    let found = results.withLock { $0 }
    return commits.indices.map { found[$0] ?? [] }
  }

  /// The plans `commit` names in its `Reform-Plan` trailer, and those whose folder it changes.
  /// A commit with a folder git cannot parse touches only the plan its trailer names: the judge
  /// refuses it (rule `tree`), and it must not stop the queries.
  private static func plansTouched(by commit: NewCommit, in git: Repository) throws -> Set<String> {
    let plans = Set([commit.trailerPlan].compactMap { $0 })
    do {
      return plans.union(try plansChanged(by: commit, in: git))
    } catch let error as GitError where error.isMalformedTree {
      return plans
    }
  }

  /// The plans whose folder `commit` changes (for a merge: whose folder differs from every parent's).
  private static func plansChanged(by commit: NewCommit, in git: Repository) throws -> Set<String> {
    var plans: Set<String> = []
    let plansFolder = try git.treeEntry(commit.treeID, path: "plans").flatMap { $0.mode == .tree ? $0.id : nil }
    var changed: Set<[UInt8]>?
    for parent in commit.parentIDs.isEmpty ? [nil] : commit.parentIDs.map(Optional.some) {
      let parentFolder = try parent.flatMap { try git.treeEntry(git.commit($0).treeID, path: "plans") }
        .flatMap { $0.mode == .tree ? $0.id : nil }
      let names = parentFolder == plansFolder ? [] : Set(try git.changedEntryNames(from: parentFolder, to: plansFolder))
      changed = changed.map { $0.intersection(names) } ?? names
    }
    for name in changed ?? [] {
      if let id = String(bytes: name, encoding: .utf8), PlanID.isValid(id) { plans.insert(id) }
    }
    return plans
  }

  /// Adds the commits `main` reaches to `main_commits`; starts afresh when `main` moved to a
  /// commit that does not descend from the one indexed.
  private func updateMainCommits() throws {
    let stored = try database.query("SELECT value FROM meta WHERE key = 'main'").first?.first?.text.flatMap(OID.init(hex:))
    let main = try git.referenceTarget(PlanRepository.mainBranch)
    guard stored != main else { return }
    if let stored, !(try main.map { try git.objectExists(stored) && git.isAncestor(stored, of: $0) } ?? false) {
      try database.execute("DELETE FROM main_commits")
    }
    var stack = main.map { [$0] } ?? []
    while let id = stack.popLast() {
      guard try database.query("SELECT 1 FROM main_commits WHERE id = ?", [.blob(id.bytes)]).isEmpty,
        try git.objectExists(id)
      else { continue }
      try database.query("INSERT INTO main_commits(id) VALUES (?)", [.blob(id.bytes)])
      stack += try git.commit(id).parentIDs
    }
    try database.query(
      "INSERT OR REPLACE INTO meta(key, value) VALUES ('main', ?)", [.text(main?.hex ?? "")])
  }

  private func call<T>(_ body: () throws(SQLiteError) -> T) throws(ReformError) -> T {
    do {
      return try body()
    } catch {
      throw .io("the plan index under .git/ failed: \(error); 'reform index --rebuild' builds it afresh")
    }
  }

  private func gitCall<T>(_ body: () throws -> T) throws(ReformError) -> T {
    do {
      return try body()
    } catch let error as GitError {
      throw .git(error)
    } catch {
      throw .io(error.localizedDescription)
    }
  }
}

/// A value the plan index keeps as bytes.
protocol IndexedValue {
  var indexBytes: [UInt8] { get }
  init?(indexBytes: [UInt8])
}

extension PlanFacts: IndexedValue {
  var indexBytes: [UInt8] { encoded }
  init?(indexBytes: [UInt8]) { self.init(encoded: indexBytes) }
}

extension Optional: IndexedValue where Wrapped: IndexedValue {
  var indexBytes: [UInt8] { map { [1] + $0.indexBytes } ?? [0] }

  init?(indexBytes: [UInt8]) {
    guard let flag = indexBytes.first else { return nil }
    if flag == 0 {
      self = .none
    } else if let value = Wrapped(indexBytes: Array(indexBytes.dropFirst())) {
      self = .some(value)
    } else {
      return nil
    }
  }
}

extension OID: IndexedValue {
  var indexBytes: [UInt8] { bytes }
  init?(indexBytes: [UInt8]) { self.init(bytes: indexBytes) }
}

extension Bool: IndexedValue {
  var indexBytes: [UInt8] { [self ? 1 : 0] }

  init?(indexBytes: [UInt8]) {
    guard indexBytes.count == 1, indexBytes[0] <= 1 else { return nil }
    self = indexBytes[0] == 1
  }
}

extension CalendarDate: IndexedValue {
  var indexBytes: [UInt8] { Array(description.utf8) }
  init?(indexBytes: [UInt8]) { self.init(String(decoding: indexBytes, as: UTF8.self)) }
}
