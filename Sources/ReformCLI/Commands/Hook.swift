import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Hook: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "hook",
      abstract: localized("Runs or installs the git hooks."),
      subcommands: [PreCommit.self, CommitMsg.self, PrePush.self, PreReceive.self, Install.self])
  }
}

extension Reform.Hook {
  struct PreCommit: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "pre-commit", abstract: localized("Validates what is staged; refuses the commit on any problem."))

    @OptionGroup var repository: RepositoryOptions

    func run() throws {
      let report = try repository.openForHook().validateStaged()
      if !report.warnings.isEmpty {
        let language = Language.current
        Output.diagnostics(report.warnings.map { language.choose("warning: ", "提示：") + $0.description })
        let missing = report.warnings.filter(\.isIncompleteness).count
        if missing > 0 {
          Output.error(
            language.choose(
              "the draft is saved incomplete: 'reform submit' needs the \(missing) value(s) above",
              "草稿已保存但尚不完整：'reform submit' 需要补齐以上 \(missing) 项"))
        }
      }
      guard !report.diagnostics.isEmpty else { return }
      Output.diagnostics(report.diagnostics.map(\.description))
      Output.error(
        Language.current.choose(
          "commit refused: fix the \(report.diagnostics.count) problem(s) above, stage the files and commit again",
          "提交被拒绝：请修正以上 \(report.diagnostics.count) 个问题，暂存文件后重新提交"))
      throw ExitCode(1)
    }
  }

  struct CommitMsg: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "commit-msg", abstract: localized("Checks the Reform-* trailers of a commit message."))

    @Argument(help: localized("The file holding the commit message."))
    var messageFile: String

    func run() throws {
      guard let data = FileManager.default.contents(atPath: messageFile) else {
        throw ReformError.io(
          Language.current.choose(
            "cannot read the commit message file \(messageFile)", "无法读取提交说明文件 \(messageFile)"))
      }
      let message = String(decoding: data, as: UTF8.self)
        .split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.hasPrefix("#") }
        .joined(separator: "\n")
      let problems = ReformTrailers.problems(in: message, path: Language.current.choose("commit message", "提交说明"))
      guard !problems.isEmpty else { return }
      Output.diagnostics(problems.map(\.description))
      throw ExitCode(1)
    }
  }

  struct PrePush: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "pre-push", abstract: localized("Checks the branches, tags and signatures about to be pushed."))

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: localized("The remote's name and URL, as git passes them."))
    var remote: [String] = []

    func run() throws {
      let violations = try repository.openForHook().checkPush(hookInput: readStandardInput(), side: .client)
      try report(violations, side: .client)
    }
  }

  struct PreReceive: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "pre-receive", abstract: localized("Checks every pushed commit against the policy (server side)."))

    @OptionGroup var repository: RepositoryOptions

    func run() throws {
      let violations = try repository.openForHook().checkPush(hookInput: readStandardInput(), side: .server)
      try report(violations, side: .server)
    }
  }

  struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "install",
      abstract: localized("Installs the client hooks into a repository, or with --server the pre-receive hook into a bare one."))

    @Flag(help: localized("Install the server's pre-receive hook."))
    var server = false

    @Argument(help: localized("The repository to install into."))
    var repository: String

    func run() throws {
      let language = Language.current
      for path in try HookInstaller.install(server: server, inRepositoryAt: repository, binary: RunningBinary.path) {
        print(language.choose("installed \(path)", "已安装 \(path)"))
      }
      if !server {
        print(
          language.choose(
            "to sign as yourself in this clone: reform setup --key YOUR_KEY", "要在此克隆中以您本人的身份签名：reform setup --key 您的密钥"))
      }
    }
  }
}

/// All of standard input, as git feeds a hook its updates.
private func readStandardInput() -> String {
  String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
}

/// Prints the violations of a push, then the refusal of the hook on `side`.
private func report(_ violations: [Violation], side: PushSide) throws {
  guard !violations.isEmpty else { return }
  Output.diagnostics(violations.map(\.description))
  let count = violations.count
  Output.error(
    side == .client
      ? Language.current.choose("push refused: \(count) violation(s) of the policy above", "推送被拒绝：以上 \(count) 处违反策略")
      : Language.current.choose(
        "push rejected: \(count) violation(s) of the policy above", "中心仓库拒绝了推送：以上 \(count) 处违反策略"))
  throw ExitCode(1)
}
