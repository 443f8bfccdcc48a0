import Foundation
import ReformKit

/// A plan repository made by the built `reform` binary in a temporary folder, with key files
/// for its members.
public final class PlanRepositoryFixture {
  /// The folder holding the keys and the repository.
  public let folder: TemporaryDirectory
  /// The work tree.
  public let path: String
  /// The locale (`LANG`) of every `reform` run that names none.
  public var language: String?
  /// What every `reform` run printed, in order, once `recording` is set.
  public private(set) var transcript: [(arguments: [String], result: CommandResult)] = []
  /// Whether `reform` runs are kept in `transcript`.
  public var recording = false

  /// Makes keys for an admin called `管理员` and runs `reform init` with them.
  public init() throws {
    folder = try TemporaryDirectory()
    path = folder.path("repo")
    let admin = try writeKey("admin")
    let result = try Command.reform(["init", "-C", path, "--key", admin, "--name", "管理员"])
    guard result.status == 0 else {
      throw FixtureError("reform init failed: \(result.stderr)")
    }
  }

  /// Writes an Ed25519 key pair `<name>.key` and `<name>.key.pub`; returns the private path.
  @discardableResult
  public func writeKey(_ name: String) throws -> String {
    let key = SSHSigningKey(comment: name)
    let path = try folder.write("\(name).key", key.openSSH)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    try folder.write("\(name).key.pub", key.publicKey.openSSH + " \(name)\n")
    return path
  }

  /// Runs `reform` in the repository with `REFORM_SIGNING_KEY` set to `<signer>.key`, in the
  /// locale `language` (`LANG`) when given.
  @discardableResult
  public func reform(
    _ arguments: [String], signer: String = "admin", input: String? = nil, language: String? = nil
  ) throws -> CommandResult {
    var environment = Command.hermeticEnvironment
    environment["REFORM_SIGNING_KEY"] = folder.path("\(signer).key")
    if let language = language ?? self.language { environment["LANG"] = language }
    let result = try Command.reform(arguments, in: path, input: input, environment: environment)
    if recording { transcript.append((arguments, result)) }
    return result
  }

  /// Runs stock git in the repository.
  @discardableResult
  public func git(_ arguments: [String], input: String? = nil) throws -> CommandResult {
    try Command.git(arguments, in: path, input: input)
  }

  /// Where `ref` points, per stock git.
  public func revParse(_ ref: String) throws -> String {
    try git(["rev-parse", ref]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Writes a file into the work tree.
  @discardableResult
  public func write(_ relativePath: String, _ text: String) throws -> String {
    try folder.write("repo/" + relativePath, text)
  }
}

/// A test set-up step that failed.
public struct FixtureError: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}
