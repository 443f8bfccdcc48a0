import Foundation
import GitKit

/// What a judge keeps of each commit it judged: its tree, parents, committer time and
/// generation, so that a child's rules need not read its parents again, and a merge base
/// among judged commits is found without a walk of the repository.
struct JudgedHistory {
  struct Commit {
    let tree: OID
    let parents: [OID]
    let time: Date
    /// One more than the largest of its parents' (1 for a root commit); `nil` when a parent
    /// was not judged, as for the commits `verify --since` leaves out or those under a push.
    let generation: Int?
  }

  private var commits: [OID: Commit] = [:]

  subscript(id: OID) -> Commit? { commits[id] }

  /// Keeps what the judge needs of `commit`.
  mutating func remember(_ commit: GitKit.Commit) {
    var generation: Int? = 1
    for parent in commit.parentIDs {
      guard let known = commits[parent]?.generation, let current = generation else {
        generation = nil
        break
      }
      generation = max(current, known + 1)
    }
    commits[commit.id] = Commit(
      tree: commit.treeID, parents: commit.parentIDs, time: commit.committer.time, generation: generation)
  }

  mutating func removeAll() {
    commits.removeAll()
  }

  /// The merge base of `ours` and `theirs` when the judged commits alone decide it: `.some(nil)`
  /// when they have no common ancestor, `nil` when the walk meets a commit without a
  /// generation or finds several best common ancestors (then libgit2 chooses, as it did when
  /// the merge was made).
  ///
  /// git's paint-down walk (`paint_down_to_common`), in order of generation rather than date:
  /// a commit is taken only after every walked descendant, so the first commits both sides
  /// reach are exactly the best common ancestors, whatever the committers' clocks said.
  func mergeBase(_ ours: OID, _ theirs: OID) -> OID?? {
    if ours == theirs { return .some(ours) }
    let (fromOurs, fromTheirs, stale): (UInt8, UInt8, UInt8) = (1, 2, 4)
    var flags: [OID: UInt8] = [ours: fromOurs, theirs: fromTheirs]
    /// Commits to walk, in order of generation: the last is taken first.
    var queue: [(generation: Int, id: OID)] = []
    /// How many queued commits are not stale: the walk ends when none is.
    var live = 0
    func enqueue(_ id: OID) -> Bool {
      guard let generation = commits[id]?.generation else { return false }
      let slot = queue.partitioningIndex { $0.generation >= generation }
      queue.insert((generation, id), at: slot)
      if flags[id, default: 0] & stale == 0 { live += 1 }
      return true
    }
    guard enqueue(ours), enqueue(theirs) else { return nil }
    var bases: [OID] = []
    while live > 0 {
      let id = queue.removeLast().id
      var reached = flags[id, default: 0]
      if reached & stale == 0 { live -= 1 }
      if reached == fromOurs | fromTheirs {
        bases.append(id)
        reached |= stale
      }
      for parent in commits[id]?.parents ?? [] {
        let before = flags[parent, default: 0]
        guard before & reached != reached else { continue }
        flags[parent] = before | reached
        // A commit already queued is taken after all its walked children: its flags are final then.
        if before == 0 {
          guard enqueue(parent) else { return nil }
        } else if before & stale == 0, reached & stale != 0 {
          live -= 1
        }
      }
    }
    return bases.count <= 1 ? .some(bases.first) : nil
  }
}

extension Array {
  /// The first index whose element satisfies `belongsInSecondPartition`, for an array in which
  /// every such element follows every other (a binary search).
  fileprivate func partitioningIndex(where belongsInSecondPartition: (Element) -> Bool) -> Int {
    var (low, high) = (0, count)
    while low < high {
      let middle = (low + high) / 2
      if belongsInSecondPartition(self[middle]) { high = middle } else { low = middle + 1 }
    }
    return low
  }
}
