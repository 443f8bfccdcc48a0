import Foundation
import GitKit

/// Installs the hook scripts where git runs them.
public enum HookInstaller {
  /// Marks a hook script as ours, so that reinstalling may replace it.
  static let marker = "reform_binary="

  /// Installs the client hooks, or with `server` the `pre-receive` hook, into the repository at
  /// `path` (`reform hook install`); a bare repository's HEAD is then pointed at `main`.
  /// - Returns: the paths written.
  public static func install(server: Bool, inRepositoryAt path: String, binary: String) throws(ReformError) -> [String] {
    let repository: Repository
    do {
      repository = try Repository.open(at: path, searchParents: false)
    } catch {
      throw error.isNotFound ? .notARepository(path) : .git(error)
    }
    let written = try install(server ? [.preReceive] : HookName.client, in: repository, binary: binary)
    // A bare repository made by `git init --bare` may name `master` in HEAD: clones then start
    // on a branch the procedure does not have.
    if server, repository.isBare {
      do { try repository.setHead(to: PlanRepository.mainBranch) } catch { throw .git(error) }
    }
    return written
  }

  /// The folder git runs `repository`'s hooks from: `core.hooksPath`, else `<git dir>/hooks`.
  static func hooksFolder(of repository: Repository) throws(ReformError) -> URL {
    let configured: String?
    do {
      configured = try repository.config().string("core.hooksPath")
    } catch {
      throw .git(error)
    }
    let base = URL(fileURLWithPath: repository.workingDirectory ?? repository.gitDirectory)
    guard let configured, !configured.isEmpty else {
      return URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent("hooks")
    }
    let expanded = (configured as NSString).expandingTildeInPath
    return expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : base.appendingPathComponent(expanded)
  }

  /// Refuses, before anything is written, when a hook that is not reform's is in the way.
  static func checkInstallable(_ hooks: [HookName], in repository: Repository) throws(ReformError) {
    let folder = try hooksFolder(of: repository)
    for hook in hooks {
      let file = folder.appendingPathComponent(hook.rawValue)
      guard let existing = try? String(contentsOf: file, encoding: .utf8) else {
        if FileManager.default.fileExists(atPath: file.path) { throw .wouldOverwrite(file.path) }
        continue
      }
      if !existing.contains(marker) { throw .wouldOverwrite(file.path) }
    }
  }

  /// Writes the scripts of `hooks`, executable, running the reform binary at `binary` first.
  /// - Returns: the paths written.
  @discardableResult
  static func install(
    _ hooks: [HookName], in repository: Repository, binary: String
  ) throws(ReformError) -> [String] {
    try checkInstallable(hooks, in: repository)
    let folder = try hooksFolder(of: repository)
    var written: [String] = []
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      for hook in hooks {
        let file = folder.appendingPathComponent(hook.rawValue)
        try Data(BundledFiles.hookScript(hook, binary: binary).utf8).write(to: file, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        written.append(file.path)
      }
    } catch {
      throw .io("could not write the hooks in \(folder.path): \(error.localizedDescription)")
    }
    return written
  }
}
