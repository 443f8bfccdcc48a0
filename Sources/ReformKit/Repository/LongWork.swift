/// Work that can take minutes on a large repository, which a command reports as it goes.
public enum LongWork: Sendable {
  /// Reading new commits into the plan index (units: commits).
  case indexing
  /// Judging which records of each plan count, the first time a query meets them (units: plans).
  case judging
  /// `verify` judging history (units: commits).
  case verifying
}
