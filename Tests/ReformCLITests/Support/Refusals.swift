import Foundation
import TestSupport
import Testing

extension LifecycleFixture {
  /// Runs `arguments` as `signer`, expects a refusal with `status` whose one-line message contains
  /// `message`, and checks that no reference moved.
  func expectRefusal(
    _ arguments: [String], as signer: String, status: Int32 = 1, _ message: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let before = try references()
    let result = try reform(arguments, as: signer)
    #expect(result.status == status, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
    if !result.stderr.contains("problem(s) above") {
      #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
    }
    #expect(try references() == before, "a refusal changed a reference", sourceLocation: sourceLocation)
  }
}
