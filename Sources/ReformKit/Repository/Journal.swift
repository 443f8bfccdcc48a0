import Foundation
import GitKit

#if canImport(Glibc)
  import Glibc
#endif

/// What a command is about to change, written to `<git dir>/reform-journal-<pid>` after its
/// objects and before its references move, and removed when index and work tree have followed.
/// After a crash (`kill -9`, a power cut) the next command reads it and finishes or undoes the
/// change. Each process writes its own file, so that concurrent commands never touch each
/// other's journal.
struct Journal: Codable {
  /// One reference change.
  struct Edit: Codable {
    let name: String
    let old: String?
    let new: String?
  }

  /// The process that wrote the journal.
  let process: Int32
  /// The reference changes, all or none of which must happen.
  let edits: [Edit]
  /// The branch HEAD named before, when the work tree follows the change.
  let head: String?
  /// The branch HEAD names afterwards.
  let headTo: String
  /// The trees the work tree moves between, when it follows the change.
  let from: String?
  let to: String?

  private static let prefix = "reform-journal-"

  private static func path(in git: Repository, process: Int32) -> String {
    git.gitDirectory + prefix + String(process)
  }

  /// Writes the journal durably (a temporary file, `fsync`, then `rename`).
  func write(in git: Repository) throws(ReformError) {
    let target = Self.path(in: git, process: process)
    let temporary = target + ".tmp"
    do {
      let data = try JSONEncoder().encode(self)
      let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
      guard descriptor >= 0 else { throw ReformError.io("cannot write \(temporary)") }
      let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
      fsync(descriptor)
      close(descriptor)
      guard written == data.count, rename(temporary, target) == 0 else {
        throw ReformError.io("cannot write \(target)")
      }
    } catch let error as ReformError {
      throw error
    } catch {
      throw .io("cannot write \(target): \(error.localizedDescription)")
    }
  }

  /// The journals of processes that no longer run.
  static func interrupted(in git: Repository) throws(ReformError) -> [Journal] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: git.gitDirectory)) ?? []
    var journals: [Journal] = []
    for name in names.sorted() where name.hasPrefix(prefix) {
      let path = git.gitDirectory + name
      if name.hasSuffix(".tmp") {
        // A journal being written when its process died: nothing had moved yet.
        let process = Int32(name.dropFirst(prefix.count).dropLast(".tmp".count)) ?? 0
        if process != getpid(), kill(process, 0) != 0, errno == ESRCH { unlink(path) }
        continue
      }
      // A journal that its process removes meanwhile belongs to a command that just finished.
      let data: Data
      do {
        data = try RegularFile.read(path, limit: 1 << 20)
      } catch {
        if !FileManager.default.fileExists(atPath: path) { continue }
        throw .io("\(path) cannot be read: if no reform command is running, remove it and check 'git status'")
      }
      guard let journal = try? JSONDecoder().decode(Journal.self, from: data) else {
        if !FileManager.default.fileExists(atPath: path) { continue }
        throw .io("\(path) is damaged: if no reform command is running, remove it and check 'git status'")
      }
      if !journal.writerIsRunning, FileManager.default.fileExists(atPath: path) { journals.append(journal) }
    }
    return journals
  }

  func remove(in git: Repository) {
    unlink(Self.path(in: git, process: process))
  }

  /// Whether the process that wrote the journal still runs (then its change is not interrupted).
  var writerIsRunning: Bool {
    process != getpid() && (kill(process, 0) == 0 || errno == EPERM)
  }
}

/// What the next command did about an interrupted one.
public enum Recovery: Sendable, Equatable, CustomStringConvertible {
  /// The interrupted command had moved no reference; nothing was changed.
  case undone
  /// The interrupted command's references were moved and index and work tree brought to them.
  case completed(branch: String)
  /// Someone moved the references since; nothing was left to finish.
  case overtaken

  public var description: String {
    switch self {
    case .undone:
      "an interrupted reform command had changed nothing; its unreferenced objects go with 'git gc'"
    case .completed(let branch):
      "finished an interrupted reform command: its references moved, index and work tree now show "
        + branch.replacingOccurrences(of: "refs/heads/", with: "")
    case .overtaken: "an interrupted reform command was overtaken by later changes; nothing was left to do"
    }
  }
}

extension PlanRepository {
  /// Finds the commands interrupted by a crash and completes each (when any of its references
  /// moved) or undoes it (when none did), bringing index and work tree to HEAD without losing
  /// any change of the user's own.
  /// - Returns: what was done, one entry per interrupted command.
  public func recoverInterruptedCommands() throws(ReformError) -> [Recovery] {
    var recoveries: [Recovery] = []
    for journal in try Journal.interrupted(in: git) { recoveries.append(try recover(journal)) }
    return recoveries
  }

  private func recover(_ journal: Journal) throws(ReformError) -> Recovery {
    let edits = journal.edits.map { ReferenceEdit($0.name, from: $0.old.flatMap(OID.init(hex:)), to: $0.new.flatMap(OID.init(hex:))) }
    let current = try edits.map { edit throws(ReformError) in try gitCall { try git.referenceTarget(edit.name) } }
    let moved = zip(edits, current).filter { $0.target == $1 }.map(\.0)
    let waiting = zip(edits, current).filter { $0.target != $1 && $0.expected == $1 }.map(\.0)
    if moved.isEmpty || moved.count + waiting.count < edits.count {
      journal.remove(in: git)
      return moved.isEmpty && waiting.count == edits.count ? .undone : .overtaken
    }
    if !waiting.isEmpty { try moveReferences(waiting) }
    if let head = journal.head, let from = journal.from.flatMap(OID.init(hex:)),
      let to = journal.to.flatMap(OID.init(hex:))
    {
      let now = try gitCall { try git.headBranch() }
      if now == head || now == journal.headTo {
        if now != journal.headTo { try pointHead(at: journal.headTo) }
        try finishCheckout(from: from, to: to)
      }
    }
    journal.remove(in: git)
    return .completed(branch: journal.headTo)
  }
}
