import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "status",
      abstract: localized("One line per plan: stage, version, lead unit, days in stage, next deadline and light (红/黄/绿)."))

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var day: JudgedDayOptions

    @Option(help: localized("Only plans at this stage."))
    var stage: Stage?

    @Option(help: localized("Only plans of this lead unit."))
    var unit: String?

    @Option(help: localized("Only plans of this special group."))
    var group: String?

    @Option(help: localized("Only plans with this light: red, yellow or green."))
    var light: Light?

    @Option(name: .customLong("work-plan"), help: localized("Show the tasks of work-plans/<year>.yaml with their plans."))
    var workPlan: Int?

    @Option(help: localized("Count the plans by light per unit, group or jurisdiction instead of listing them."))
    var summary: SummaryKey?

    @Flag(help: localized("Print JSON: [{id, title, stage, version, lead_unit, days_in_stage, next_deadline, light, reasons}]."))
    var json = false

    func run() throws {
      let plans = try repository.open()
      var lines = try plans.status(day.rules)
      Output.diagnostics(try plans.unjudged(lines))
      if stage != nil || unit != nil || group != nil || light != nil {
        lines = lines.filter { line in
          (stage.map { $0 == line.stage } ?? true) && (unit.map { $0 == line.leadUnit } ?? true)
            && (group.map { $0 == line.group } ?? true) && (light.map { $0 == line.light } ?? true)
        }
      }
      if let workPlan {
        try printWorkPlan(try plans.workPlanStatus(workPlan, lines: lines, rules: day.rules))
      } else if let summary {
        try printSummary(LightSummary.of(lines, by: summary), by: summary)
      } else if json {
        try Output.json(lines)
      } else if lines.isEmpty {
        FileHandle.standardError.write(Data(Language.current.choose("no plan matches\n", "没有符合条件的方案\n").utf8))
      } else {
        let language = Language.current
        let header =
          language == .chinese
          ? ["预警", "编号", "名称", "阶段", "版本", "牵头单位", "责任单位", "责任人", "本阶段天数", "下一个时限", "原因"]
          : [
            "light", "id", "title", "stage", "version", "lead unit", "responsible unit", "person", "days in stage",
            "next deadline", "reasons",
          ]
        Board.print(rows: [header] + lines.map(row))
        let count = { (light: Light) in lines.filter { $0.light == light }.count }
        print(
          language.choose(
            "total \(lines.count): \(count(.red)) red, \(count(.yellow)) yellow, \(count(.green)) green",
            "合计 \(lines.count)：红 \(count(.red))，黄 \(count(.yellow))，绿 \(count(.green))"))
      }
    }

    private func row(_ line: PlanStatus) -> [String] {
      [
        Board.light(line.light), line.id, Output.escaped(line.title), line.stage.localizedName, "v\(line.version)",
        Output.escaped(line.leadUnit), Board.owner(line.owners.unit), Board.owner(line.owners.person),
        "\(line.daysInStage)d", Board.deadline(line.nextDeadline),
        Output.escaped(line.reasons.map(Board.reason).joined(separator: "; ")),
      ]
    }

    private func printSummary(_ summaries: [LightSummary], by key: SummaryKey) throws {
      if json { return try Output.json(summaries) }
      let language = Language.current
      let header =
        language == .chinese
        ? [key.chineseName, "方案", "红", "黄", "绿", "逾期事项"] : [key.rawValue, "plans", "red", "yellow", "green", "overdue"]
      Board.print(
        aligned: [header]
          + summaries.map { summary in
            [Board.owner(summary.name)] + [summary.plans, summary.red, summary.yellow, summary.green, summary.overdue].map(String.init)
          })
      let total = summaries.reduce(0) { $0 + $1.plans }
      print(language.choose("total \(total) plans in \(summaries.count) rows", "合计 \(total) 个方案，\(summaries.count) 行"))
    }

    private func printWorkPlan(_ tasks: [WorkPlanTaskStatus]) throws {
      if json { return try Output.json(tasks) }
      for task in tasks {
        print(Output.escaped(Language.current.choose("\(task.task) \(task.text) (\(task.leadUnit), due \(task.due))", "\(task.task) \(task.text)（\(task.leadUnit)，\(task.due) 到期）")))
        if task.plans.isEmpty { print("  " + Board.light(task.light) + "\t" + localized("no plan")) }
        for plan in task.plans { Board.print(rows: [["  " + Board.light(plan.light)] + row(plan).dropFirst()]) }
      }
    }
  }
}
