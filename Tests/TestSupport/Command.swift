import Foundation

/// The outcome of running a program.
public struct CommandResult: Sendable {
  public let status: Int32
  public let stdout: String
  public let stderr: String
}

/// Runs programs for tests: stock `git`, `ssh-keygen` and the built `reform`.
public enum Command {
  /// An environment without the user's git configuration, with a fixed identity.
  public static var hermeticEnvironment: [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
    environment["GIT_AUTHOR_NAME"] = "Test"
    environment["GIT_AUTHOR_EMAIL"] = "test@example.org"
    environment["GIT_COMMITTER_NAME"] = "Test"
    environment["GIT_COMMITTER_EMAIL"] = "test@example.org"
    environment["HOME"] = FileManager.default.temporaryDirectory.path
    environment.removeValue(forKey: "REFORM_SIGNING_KEY")
    environment.removeValue(forKey: "GIT_DIR")
    environment.removeValue(forKey: "GIT_INDEX_FILE")
    // English unless a test asks for Chinese (LANG=zh_CN.UTF-8), whatever the machine's locale.
    environment.removeValue(forKey: "LC_ALL")
    environment.removeValue(forKey: "LC_MESSAGES")
    environment["LANG"] = "C.UTF-8"
    return environment
  }

  /// Runs `executable` with `arguments` in `directory`, feeding `input` on stdin.
  @discardableResult
  public static func run(
    _ executable: String,
    _ arguments: [String],
    in directory: String? = nil,
    input: String? = nil,
    environment: [String: String] = hermeticEnvironment
  ) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let output = Pipe()
    let stdin = Pipe()
    // stderr goes to a file, so that only one pipe is read and neither can block the child.
    let errorFile = FileManager.default.temporaryDirectory
      .appendingPathComponent("reform-stderr-" + UUID().uuidString)
    try Data().write(to: errorFile)
    defer { try? FileManager.default.removeItem(at: errorFile) }
    let errors = try FileHandle(forWritingTo: errorFile)
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = stdin
    try process.run()
    try errors.close()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
      status: process.terminationStatus,
      stdout: String(decoding: outputData, as: UTF8.self),
      stderr: String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self))
  }

  /// Starts every invocation (executable, arguments, folder, environment) at once as its own
  /// process, then waits for all: real parallel processes, for races.
  public static func runTogether(
    _ invocations: [(String, [String], String, [String: String])]
  ) throws -> [CommandResult] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reform-together-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var running: [(Process, URL, URL)] = []
    for (index, (executable, arguments, directory, environment)) in invocations.enumerated() {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = arguments
      process.environment = environment
      process.currentDirectoryURL = URL(fileURLWithPath: directory)
      let output = folder.appendingPathComponent("\(index).out")
      let errors = folder.appendingPathComponent("\(index).err")
      try Data().write(to: output)
      try Data().write(to: errors)
      process.standardOutput = try FileHandle(forWritingTo: output)
      process.standardError = try FileHandle(forWritingTo: errors)
      running.append((process, output, errors))
    }
    for (process, _, _) in running { try process.run() }
    return running.map { process, output, errors in
      process.waitUntilExit()
      return CommandResult(
        status: process.terminationStatus,
        stdout: String(decoding: (try? Data(contentsOf: output)) ?? Data(), as: UTF8.self),
        stderr: String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self))
    }
  }

  /// Starts `reform` with `arguments` in `directory` and returns the running process, its
  /// output discarded: for tests that kill it.
  public static func startReform(
    _ arguments: [String], in directory: String, environment: [String: String]
  ) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: reformBinary)
    process.arguments = arguments
    process.environment = environment
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Runs a `bash` script in `directory`.
  @discardableResult
  public static func shell(_ script: String, in directory: String) throws -> CommandResult {
    try run("/bin/bash", ["-c", script], in: directory)
  }

  /// Runs stock git.
  @discardableResult
  public static func git(_ arguments: [String], in directory: String, input: String? = nil) throws -> CommandResult {
    try run("/usr/bin/git", arguments, in: directory, input: input)
  }

  /// Runs the built `reform` binary.
  @discardableResult
  public static func reform(
    _ arguments: [String], in directory: String? = nil, input: String? = nil,
    environment: [String: String] = hermeticEnvironment
  ) throws -> CommandResult {
    try run(reformBinary, arguments, in: directory, input: input, environment: environment)
  }

  /// The `reform` binary next to the test bundle, or `$REFORM_BINARY`.
  public static var reformBinary: String {
    if let configured = ProcessInfo.processInfo.environment["REFORM_BINARY"] { return configured }
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while folder.path != "/" {
      let candidate = folder.appendingPathComponent("reform")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
      folder.deleteLastPathComponent()
    }
    return "reform"
  }
}
