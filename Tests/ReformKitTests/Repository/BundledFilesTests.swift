import Foundation
import ReformKit
import TestSupport
import Testing

@Suite struct BundledFilesTests {
  private var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
  }

  @Test func theEmbeddedCopiesEqualTheFiles() throws {
    var onDisk: [String: String] = [:]
    for folder in ["templates", "hooks"] {
      let base = packageRoot.appendingPathComponent(folder)
      let walker = try #require(FileManager.default.enumerator(atPath: base.path))
      while let relative = walker.nextObject() as? String {
        let url = base.appendingPathComponent(relative)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
          onDisk[folder + "/" + relative] = try String(contentsOf: url, encoding: .utf8)
        }
      }
    }
    #expect(onDisk.count == 20)
    #expect(BundledFiles.all == onDisk, "run scripts/embed-resources after changing templates/ or hooks/")
  }

  @Test func planTemplatesCarryTheHeadingsOfTheirKind() throws {
    for kind in PlanKind.allCases {
      let template = BundledFiles.planTemplate(kind)
      let headings = template.split(separator: "\n").filter { $0.hasPrefix("## ") }.map { String($0.dropFirst(3)) }
      #expect(headings == kind.requiredHeadings)
      let snapshot = MemorySnapshot(["plans/example-plan/plan.md": template])
      let keys = Set(Validator(snapshot: snapshot).plan("example-plan").diagnostics.map(\.key))
      #expect(!keys.contains("body"))
      #expect(!keys.contains("front matter"))
    }
    for kind in RecordKind.allCases {
      #expect(BundledFiles.recordTemplate(kind).contains("kind: \(kind.rawValue)\n"))
    }
  }

  @Test func hookScriptsRunTheInstallingBinary() {
    let script = BundledFiles.hookScript(.preCommit, binary: "/opt/it's/reform")
    #expect(script.contains("reform_binary='/opt/it'\\''s/reform'"))
    #expect(script.contains("hook pre-commit"))
  }
}
