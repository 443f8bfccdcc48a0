import Foundation
import GitKit

extension PlanRepository {
  /// Validates what is staged for the next commit: the plans, records and policy whose staged
  /// content differs from HEAD. Reads only the index, the changed blobs and what their rules
  /// need, so it stays fast on large repositories.
  /// Also refuses a change to `.reform/` on any branch but `main`, and a change to a plan's
  /// `plan.md` on `main` (which changes only through an approval). On `drafting/<id>`, the
  /// plan's missing or empty values are warnings: a draft may be saved unfinished, and
  /// `reform submit` requires it complete.
  public func validateStaged() throws(ReformError) -> ValidationReport {
    let index: Index
    do {
      index = try git.index()
    } catch {
      throw error.isUnreadableIndex ? .unreadableIndex(error) : .git(error)
    }
    let headTree = try gitCall { try git.headCommitID().map { try git.commit($0).treeID } }
    let changes = try gitCall { try index.changes(since: headTree) }
    let report = Validator(snapshot: IndexSnapshot(repository: git, index: index))
      .validate(paths: changes.filter { $0.kind != .deleted }.map(\.path))
    let branch = try gitCall { try git.headBranch() } ?? "HEAD"
    let shown = branch.replacingOccurrences(of: "refs/heads/", with: "")
    var misplaced: [Diagnostic] = []
    if branch == Self.mainBranch, let path = changes.map(\.path).first(where: { $0.hasPrefix(".reform/") }),
      let problem = try policyAuthorProblem()
    {
      misplaced.append(Diagnostic(path: path, line: 1, key: "signer", message: problem))
    }
    for path in Set(changes.map(\.path)).sorted() {
      if branch != Self.mainBranch, path.hasPrefix(".reform/") {
        misplaced.append(
          Diagnostic(
            path: path, line: 1, key: "branch",
            message: Language.current.choose(
              ".reform/ changes only on main, by an admin ('reform member'); this commit is on \(shown)",
              ".reform/ 只能由管理员在 main 上修改（'reform member'）；此提交在 \(shown) 上")))
      } else if branch == Self.mainBranch, case .plan(let id) = RepositoryFile(path: path) {
        misplaced.append(
          Diagnostic(
            path: path, line: 1, key: "branch",
            message: Language.current.choose(
              "plan.md changes on main only through 'reform approve': edit it on drafting/\(id) ('reform amend \(id)')",
              "plan.md 在 main 上只能经 'reform approve' 修改：请在 drafting/\(id) 上编辑（'reform amend \(id)'）")))
      }
    }
    let draft = ReformReference(branch).flatMap { reference -> String? in
      guard case .stage(.drafting, let id) = reference else { return nil }
      return RepositoryFile.planPath(id)
    }
    let isWarning = { (diagnostic: Diagnostic) in diagnostic.isIncompleteness && diagnostic.path == draft }
    return ValidationReport(
      filesChecked: report.filesChecked, diagnostics: report.diagnostics.filter { !isWarning($0) } + misplaced,
      warnings: report.diagnostics.filter(isWarning) + report.warnings)
  }

  /// Why the key git will sign with (`user.signingkey`) may not change `.reform/` by HEAD's
  /// policy, or `nil` when it may or when no public key can be found for it.
  private func policyAuthorProblem() throws(ReformError) -> String? {
    guard let configured = try gitCall({ try git.config().string("user.signingkey") }), !configured.isEmpty,
      let policy = try? policy(at: gitCall { try git.headCommitID() })
    else { return nil }
    let path = (configured as NSString).expandingTildeInPath
    guard let key = try? SigningKeyLocator.loadPublicKey(path.hasSuffix(".pub") ? path : path + ".pub") else { return nil }
    guard let member = policy.member(for: key) else {
      return Language.current.choose(
        ".reform/ changes only by an admin; user.signingkey belongs to no member", ".reform/ 只能由管理员修改；user.signingkey 不属于任何成员")
    }
    guard let refusal = Procedure.refusal(
      of: member, for: Procedure.authority(for: .policy), plan: PlanScope(leadUnit: nil, group: nil))
    else { return nil }
    return Language.current.choose(
      "changing .reform/ \(refusal); user.signingkey belongs to \(member.summary): ask an admin ('reform member')",
      "修改 .reform/ \(refusal)；user.signingkey 属于 \(member.summary)：请找管理员（'reform member'）")
  }
}
