import Foundation
import GitKit
import TestSupport
import Testing

@testable import ReformKit

@Suite struct JudgedHistoryTests {
  /// On random histories (several roots, merges, criss-crosses, committer clocks that go back),
  /// the merge base found among judged commits is the one best common ancestor that stock git
  /// finds (`git merge-base --all`, with a commit-graph so that git orders by generation too),
  /// none when git finds none, and undecided when git finds several.
  @Test func mergeBasesAmongJudgedCommitsAreGits() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("work")
    let repository = try Repository.create(at: path)
    let tree = try repository.writeTree([])
    var random = SplitMix64(seed: 20_261_205)
    var commits: [OID] = []
    var history = JudgedHistory()
    for number in 0..<80 {
      var parents: [OID] = []
      if !commits.isEmpty, number % 17 != 0 {
        parents.append(commits[commits.count - 1 - Int.random(in: 0..<min(commits.count, 6), using: &random)])
        if Bool.random(using: &random) {
          let other = commits[Int.random(in: 0..<commits.count, using: &random)]
          if !parents.contains(other) { parents.append(other) }
        }
      }
      // A clock that sometimes goes back: the walk must not trust dates.
      let time = Date(timeIntervalSince1970: 1_700_000_000 + Double(Int.random(in: 0..<100_000, using: &random)))
      let identity = Identity(name: "t", email: "t@example.org", time: time, offsetMinutes: 0)
      let id = try repository.createCommit(
        tree: tree, parents: parents, author: identity, committer: identity, message: "\(number)\n")
      history.remember(try repository.commit(id))
      commits.append(id)
    }
    try Command.git(["update-ref", "refs/heads/main", commits[commits.count - 1].description], in: path)
    for (index, id) in commits.enumerated() {
      try Command.git(["update-ref", "refs/heads/c\(index)", id.description], in: path)
    }
    try Command.git(["commit-graph", "write", "--reachable"], in: path)
    var decided = (none: 0, one: 0, undecided: 0)
    for _ in 0..<200 {
      let ours = commits[Int.random(in: 0..<commits.count, using: &random)]
      let theirs = commits[Int.random(in: 0..<commits.count, using: &random)]
      let output = try Command.git(["merge-base", "--all", ours.description, theirs.description], in: path)
      let bases = output.stdout.split(separator: "\n").compactMap { OID(hex: String($0)) }
      let found = history.mergeBase(ours, theirs)
      switch bases.count {
      case 0:
        #expect(found == .some(nil), "\(ours) \(theirs)")
        decided.none += 1
      case 1:
        #expect(found == .some(bases[0]), "\(ours) \(theirs)")
        decided.one += 1
      default:
        #expect(found == nil, "\(ours) \(theirs): \(bases)")
        decided.undecided += 1
      }
    }
    // The random history exercises each case.
    #expect(decided.none > 0 && decided.one > 0 && decided.undecided > 0, "\(decided)")
  }

  /// A commit whose parent was not judged (`verify --since`, a push onto existing history) has
  /// no generation: a walk that meets it leaves the choice to libgit2.
  @Test func aWalkThatLeavesTheJudgedCommitsIsUndecided() throws {
    let folder = try TemporaryDirectory()
    let repository = try Repository.create(at: folder.path("work"))
    let tree = try repository.writeTree([])
    let identity = Identity(name: "t", email: "t@example.org", offsetMinutes: 0)
    let commit = { (parents: [OID], message: String) throws -> OID in
      try repository.createCommit(tree: tree, parents: parents, author: identity, committer: identity, message: message)
    }
    let root = try commit([], "root\n")
    let one = try commit([root], "one\n")
    let two = try commit([root], "two\n")
    var history = JudgedHistory()
    history.remember(try repository.commit(one))
    history.remember(try repository.commit(two))
    #expect(history.mergeBase(one, two) == nil)
    #expect(history.mergeBase(one, one) == .some(one))
    history.remember(try repository.commit(root))
    history.remember(try repository.commit(one))
    history.remember(try repository.commit(two))
    #expect(history.mergeBase(one, two) == .some(root))
  }
}
