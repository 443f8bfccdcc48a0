import Foundation

/// A value of the procedure that users name either by SPEC's English word (which files and JSON
/// keep) or by its Chinese name (the regulation's word, shown by the Chinese interface).
public protocol NamedInChinese: RawRepresentable, CaseIterable where RawValue == String {
  /// The Chinese names: the first is shown, every one is accepted.
  var chineseNames: [String] { get }
}

extension NamedInChinese {
  /// The Chinese name shown for the value.
  public var chineseName: String { chineseNames[0] }

  /// The value as `language` names it: SPEC's word, or its Chinese name.
  public func name(in language: Language) -> String { language.choose(rawValue, chineseName) }

  /// The value as the reader's language names it: SPEC's word, or its Chinese name.
  public var localizedName: String { name(in: .current) }

  /// The value `word` names: SPEC's English word or one of the Chinese names (surrounding
  /// spaces ignored); `nil` for any other word.
  public init?(word: String) {
    let word = word.trimmingCharacters(in: .whitespaces)
    guard let value = Self(rawValue: word) ?? Self.allCases.first(where: { $0.chineseNames.contains(word) })
    else { return nil }
    self = value
  }

  /// Every accepted word of every value, English first: what an error lists.
  public static var acceptedWords: [String] {
    allCases.map(\.rawValue) + allCases.map(\.chineseName)
  }
}

// The Chinese names, in one place. The first of each list is the regulation's word.

extension PlanKind: NamedInChinese {
  public var chineseNames: [String] {
    switch self {
    case .institutional: ["制度性文件"]
    case .implementation: ["实施方案"]
    case .pilot: ["试点方案"]
    }
  }
}

extension Stage: NamedInChinese {
  public var chineseNames: [String] {
    switch self {
    case .drafting: ["起草"]
    case .consultation: ["论证评估", "征求意见"]
    case .review: ["审核", "审核把关"]
    case .approved: ["已批准", "批准"]
    case .withdrawn: ["已撤回", "撤回"]
    }
  }
}

extension Role: NamedInChinese {
  public var chineseNames: [String] {
    switch self {
    case .drafter: ["起草人"]
    case .reviewer: ["审核人"]
    case .legal: ["法制审核人", "合法性审查人"]
    case .reformOffice: ["改革办"]
    case .approver: ["审定人", "审批人"]
    case .inspector: ["督察人", "督察员"]
    case .admin: ["管理员"]
    }
  }
}

extension RecordKind: NamedInChinese {
  public var chineseNames: [String] {
    switch self {
    case .research: ["调研", "调研报告"]
    case .consultation: ["论证评估", "征求意见"]
    case .review: ["审核"]
    case .decision: ["决策", "集体决策"]
    case .countersign: ["会签"]
    case .issuance: ["印发", "出台"]
    case .filing: ["备案"]
    case .progress: ["进展", "进展报告"]
    case .inspection: ["督察"]
    case .rectification: ["整改"]
    case .lookback: ["回头看"]
    case .pilotEvaluation: ["试点评估"]
    case .adjustment: ["调整", "动态调整"]
    }
  }
}

extension ConsultationType: NamedInChinese {
  public var chineseNames: [String] {
    switch self {
    case .departmental: ["部门协调", "部门意见"]
    case .public: ["公众参与", "征求公众意见"]
    case .expert: ["专家论证"]
    case .stabilityRisk: ["社会稳定风险评估", "稳评"]
    }
  }
}

extension ReviewType: NamedInChinese {
  public var chineseNames: [String] {
    switch self {
    case .content: ["内容审核"]
    case .legal: ["合法合规性审查", "合法性审查"]
    case .procedure: ["程序审核"]
    case .reformOffice: ["改革办审核"]
    }
  }
}

extension ReviewVerdict: NamedInChinese {
  public var chineseNames: [String] {
    switch self {
    case .pass: ["通过"]
    case .revise: ["修改", "退回修改"]
    }
  }
}

extension DecisionBody: NamedInChinese {
  public var chineseNames: [String] {
    switch self {
    case .leadingGroup: ["领导小组会议", "领导小组"]
    case .governmentExecutive: ["省政府常务会议", "政府常务会议"]
    case .groupMeeting: ["专项小组会议"]
    case .countersign: ["会签"]
    case .standingCommittee: ["省委常委会议", "常委会议"]
    }
  }
}

extension DecisionVerdict: NamedInChinese {
  public var chineseNames: [String] {
    switch self {
    case .approved: ["通过", "同意"]
    case .rejected: ["不通过", "否决"]
    case .deferred: ["暂缓"]
    }
  }
}

extension CountersignVerdict: NamedInChinese {
  public var chineseNames: [String] {
    switch self {
    case .approved: ["同意"]
    case .rejected: ["不同意"]
    }
  }
}

extension PilotEvaluationStage: NamedInChinese {
  public var chineseNames: [String] {
    switch self {
    case .interim: ["中期评估", "中期"]
    case .final: ["总结评估", "终期"]
    }
  }
}

extension Light: NamedInChinese {
  public var chineseNames: [String] {
    switch self {
    case .green: ["绿", "绿灯"]
    case .yellow: ["黄", "黄灯"]
    case .red: ["红", "红灯"]
    }
  }
}

extension DeadlineName: NamedInChinese {
  public var chineseNames: [String] {
    switch self {
    case .drafting: ["起草期限", "起草"]
    case .filing: ["备案"]
    case .progress: ["进展报告", "进展"]
    case .inspection: ["督察"]
    case .rectification: ["整改"]
    case .lookback: ["回头看"]
    case .pilotSummary: ["试点总结"]
    case .target: ["目标", "量化目标"]
    case .workPlan: ["工作要点"]
    }
  }
}

extension ReformAction: NamedInChinese {
  public var chineseNames: [String] {
    switch self {
    case .new: ["新建"]
    case .submit: ["提交"]
    case .return: ["退回"]
    case .approve: ["审定", "批准"]
    case .amend: ["修订"]
    case .record: ["记录"]
    case .withdraw: ["撤回"]
    case .policy: ["策略变更"]
    }
  }

  /// The name of a history entry's action as the reader's language says it; `edit` (a commit
  /// that is no action of the procedure) is 编辑.
  public static func localizedName(of action: String) -> String {
    if let known = ReformAction(rawValue: action) { return known.localizedName }
    return action == "edit" ? Language.current.choose("edit", "编辑") : action
  }
}
