import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "validate",
      abstract: localized("Validates plans, records and the policy; prints every problem as path:line: key: message."))

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: localized("Files or folders to validate (default: the whole work tree)."))
    var paths: [String] = []

    @Flag(help: localized("Validate what is staged for the next commit instead of the work tree."))
    var staged = false

    @Flag(help: localized("Print JSON: {files_checked, problems: [{path, line, key, message}]}."))
    var json = false

    func validate() throws {
      if staged && !paths.isEmpty { throw ValidationError(localized("give either --staged or paths, not both")) }
    }

    struct Report: Encodable {
      let filesChecked: Int
      let problems: [Diagnostic]
    }

    func run() throws {
      let plans = try repository.open()
      let report: ValidationReport
      if staged {
        report = try plans.validateStaged()
      } else {
        let root = try plans.workTree()
        let validator = Validator(snapshot: WorkTreeSnapshot(root: root))
        report = paths.isEmpty
          ? try validator.validateAll()
          : validator.validate(paths: try paths.flatMap { try repositoryPaths($0, root: root) })
      }
      if json {
        try Output.json(Report(filesChecked: report.filesChecked, problems: report.diagnostics))
      } else {
        Output.diagnostics(report.warnings.map { Language.current.choose("warning: ", "提示：") + $0.description })
        Output.diagnostics(report.diagnostics.map(\.description))
        let problems = report.diagnostics.count
        print(
          Language.current.choose(
            "checked \(report.filesChecked) file(s): " + (problems == 0 ? "no problems" : "\(problems) problem(s)"),
            "已检查 \(report.filesChecked) 个文件：" + (problems == 0 ? "没有问题" : "\(problems) 个问题")))
      }
      if !report.diagnostics.isEmpty { throw ExitCode(1) }
    }

    /// The repository-relative paths of the files at `argument` (a file or a folder).
    private func repositoryPaths(_ argument: String, root: URL) throws -> [String] {
      let base = repository.directory.map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
      let given = URL(fileURLWithPath: argument, relativeTo: base).standardizedFileURL
      // The folders above are resolved, the file itself is not followed: a link where a plan or
      // record belongs is validated as what it is ("must be a regular file").
      let url = given.deletingLastPathComponent().resolvingSymlinksInPath()
        .appendingPathComponent(given.lastPathComponent)
      let top = root.standardizedFileURL.resolvingSymlinksInPath().path
      guard url.path == top || url.path.hasPrefix(top + "/") else {
        throw ValidationError(Language.current.choose("\(argument) is outside the repository \(top)", "\(argument) 在仓库 \(top) 之外"))
      }
      guard let type = try? FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType else {
        throw ReformError.io("\(argument): no such file or folder")
      }
      let relative = String(url.path.dropFirst(top.count)).drop { $0 == "/" }
      guard type == .typeDirectory else { return [String(relative)] }
      return try WorkTreeSnapshot(root: root).files(under: String(relative))
    }
  }
}
