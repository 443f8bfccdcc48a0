/// The first line of a commit or tag the tool makes, worded in the repository's language (the
/// policy's `language`, so that every member writes the same).
enum CommitSummary {
  case start(admin: String)
  case newPlan(String, PlanKind)
  case submit(String, to: Stage)
  case returnToDrafting(String, rejected: Bool)
  case amend(String, version: Int)
  case withdraw(String)
  case record(RecordKind, of: String)
  case decision(DecisionBody, DecisionVerdict, of: String)
  case approve(String, version: Int)
  case addMember(String, roles: [Role])
  case updateMember(String, fields: [String])
  case removeMember(String)
  case rewriteSigners

  /// The summary in `language`.
  func text(in language: Language) -> String {
    language == .chinese ? chinese : english
  }

  private var english: String {
    switch self {
    case .start(let admin): "reform: start the plan repository with admin \(admin)"
    case .newPlan(let id, let kind): "reform: new plan \(id) (\(kind.rawValue))"
    case .submit(let id, let stage): "reform: submit \(id) to \(stage.rawValue)"
    case .returnToDrafting(let id, let rejected):
      "reform: return \(id) to drafting" + (rejected ? " (rejected)" : "")
    case .amend(let id, let version): "reform: amend \(id), version \(version)"
    case .withdraw(let id): "reform: withdraw \(id)"
    case .record(let kind, let id): "reform: record \(kind.rawValue) of \(id)"
    case .decision(let body, let verdict, let id): "reform: \(body.rawValue) \(verdict.rawValue) \(id)"
    case .approve(let id, let version): "reform: approve \(id) v\(version)"
    case .addMember(let name, let roles):
      "reform: add member \(name) (\(roles.map(\.rawValue).joined(separator: ",")))"
    case .updateMember(let name, let fields):
      "reform: update member \(name) (\(fields.joined(separator: ", ")))"
    case .removeMember(let name): "reform: remove member \(name)"
    case .rewriteSigners: "reform: rewrite allowed_signers from the policy"
    }
  }

  private var chinese: String {
    switch self {
    case .start(let admin): "reform：建立方案仓库，管理员 \(admin)"
    case .newPlan(let id, let kind): "reform：新建方案 \(id)（\(kind.chineseName)）"
    case .submit(let id, let stage): "reform：\(id) 提交至\(stage.chineseName)"
    case .returnToDrafting(let id, let rejected): "reform：\(id) 退回起草" + (rejected ? "（未通过）" : "")
    case .amend(let id, let version): "reform：修订 \(id)，第 \(version) 版"
    case .withdraw(let id): "reform：撤回 \(id)"
    case .record(let kind, let id): "reform：记录 \(id) 的\(kind.chineseName)"
    case .decision(let body, let verdict, let id): "reform：\(body.chineseName)\(verdict.chineseName) \(id)"
    case .approve(let id, let version): "reform：审定 \(id) 第 \(version) 版"
    case .addMember(let name, let roles):
      "reform：增加成员 \(name)（\(roles.map(\.chineseName).joined(separator: "、"))）"
    case .updateMember(let name, let fields): "reform：变更成员 \(name)（\(fields.joined(separator: "、"))）"
    case .removeMember(let name): "reform：移除成员 \(name)"
    case .rewriteSigners: "reform：按策略重写 allowed_signers"
    }
  }
}
