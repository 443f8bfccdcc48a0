import Foundation
import ReformKit

/// The lines of `reform log` (which the demo prints too): commit, commit date, plan (across
/// plans), action, stage, verified signer, summary, and the record's own date and details.
enum LogTable {
  /// One escaped line per entry, cells separated by tabs.
  static func print(_ entries: [(entry: LogEntry, plan: String?)]) {
    Board.print(rows: entries.map { row($0.entry, plan: $0.plan) })
  }

  private static func row(_ entry: LogEntry, plan: String?) -> [String] {
    let signer =
      entry.signer
      ?? localized("✗ signature not verified (committer: ") + entry.committer + localized(")")
    let recorded = entry.recorded.map { localized("dated ") + $0 + " " } ?? ""
    let stage = Stage(rawValue: entry.stage)?.localizedName ?? entry.stage
    return
      ([String(entry.commit.prefix(10)), entry.date] + (plan.map { [$0] } ?? [])
      + [ReformAction.localizedName(of: entry.action), stage, signer, entry.summary, recorded + (entry.details ?? "")])
      .map(Output.escaped)
  }
}
