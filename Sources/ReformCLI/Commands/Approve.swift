import ArgumentParser
import ReformKit

extension Reform {
  struct Approve: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "approve",
      abstract: localized("Records a decision of the plan's route; merges it into main when the route is complete."))

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var signing: SigningOptions

    @Argument(help: localized("The plan id."))
    var id: String

    @Option(help: localized("leading-group, government-executive, group-meeting, countersign or standing-committee."))
    var body: DecisionBody

    @Option(help: localized("The meeting (or countersigning round)."))
    var meeting: String

    @Option(help: localized("The day of the decision, YYYY-MM-DD."))
    var date: CalendarDate

    @Option(help: localized("approved (default), rejected or deferred."))
    var verdict = DecisionVerdict.approved

    @OptionGroup var publishing: SyncOption

    func run() throws {
      let plans = try repository.open()
      try publishing.prepare(plans, id)
      let decision = Decision(body: body, meeting: meeting, date: date, verdict: verdict)
      switch try plans.approve(id, decision, key: signing.key(for: plans)) {
      case .recorded(let next): print(Language.current.choose("\(body.rawValue) approved \(id); next: \(next.rawValue)", "\(body.chineseName)通过 \(id)；下一项：\(next.chineseName)"))
      case .deferred: print(Language.current.choose("\(body.rawValue) deferred \(id); it stays in review", "\(body.chineseName)暂缓审议 \(id)；方案仍在审核阶段"))
      case .rejected: print(Language.current.choose("\(body.rawValue) rejected \(id); it is back in drafting (drafting/\(id))", "\(body.chineseName)未通过 \(id)；方案退回起草（drafting/\(id)）"))
      case .approved(let version, let merge):
        print(Language.current.choose("\(id) v\(version) approved: merged into main as \(merge.hex), tagged plans/\(id)/v\(version)", "\(id) 第 \(version) 版已审定：已合并到 main（\(merge.hex)），标签 plans/\(id)/v\(version)"))
      }
      try publishing.publish(plans, id)
    }
  }
}
