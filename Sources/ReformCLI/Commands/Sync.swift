import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "sync",
      abstract: localized("Fetches from the central repository, then publishes your stage moves, commits, merges and tags in one atomic push."))

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: localized("Only these plans' stage branches (default: all)."))
    var ids: [String] = []

    func run() throws {
      SyncOption.describe(try repository.open().sync(ids: ids))
    }
  }

  struct Clone: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "clone",
      abstract: localized("Clones a central plan repository and sets it up for the member who owns the key (see 'reform setup')."))

    @Argument(help: localized("The central repository: a path, ssh://… or user@host:path."))
    var url: String

    @Argument(help: localized("The folder to clone into (default: the repository's name)."))
    var directory: String?

    @Option(name: .customLong("key"), help: localized("Your private Ed25519 key, whose public half is in the policy on main."))
    var keyPath: String

    func run() throws {
      // The key must sign before anything is cloned; a clone it cannot join is removed again.
      _ = try SigningKeyLocator.signer(path: keyPath, environment: ProcessInfo.processInfo.environment)
      let folder = directory ?? URL(fileURLWithPath: url).deletingPathExtension().lastPathComponent
      let plans = try PlanRepository.clone(url, into: folder)
      plans.notice = { Output.error($0) }
      do {
        let report = try plans.setUp(keyPath: keyPath, binary: RunningBinary.path)
        print(Language.current.choose("cloned \(url) into \(folder)", "已将 \(url) 克隆到 \(folder)"))
        Setup.describe(report)
      } catch {
        try? FileManager.default.removeItem(atPath: folder)
        throw error
      }
    }
  }
}

/// The `--sync` flag of the commands that change a plan: publish the change at once.
struct SyncOption: ParsableArguments {
  @Flag(help: localized("Then publish the change to the central repository (reform sync)."))
  var sync = false

  /// Before the change, when asked: fetches and follows the central repository, so that the
  /// change is made on the newest work.
  func prepare(_ plans: PlanRepository, _ id: String) throws {
    if sync { _ = try plans.followCentral(ids: [id]) }
  }

  /// After the change, when asked: publishes it.
  func publish(_ plans: PlanRepository, _ id: String) throws {
    if sync { Self.describe(try plans.sync(ids: [id])) }
  }

  static func describe(_ report: SyncReport) {
    if !report.followed.isEmpty { print(localized("followed the central repository:") + " \(report.followed.joined(separator: ", "))") }
    if report.published.isEmpty {
      print(localized("nothing to publish") as String)
    } else {
      print(localized("published:") + " \(report.published.map { $0.replacingOccurrences(of: "refs/heads/", with: "").replacingOccurrences(of: "refs/", with: "") }.joined(separator: ", "))")
    }
  }
}
