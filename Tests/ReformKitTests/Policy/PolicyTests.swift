import Foundation
import ReformKit
import TestSupport
import Testing

@Suite struct PolicyTests {
  let admin = SSHSigningKey()
  let drafter = SSHSigningKey()

  private var policy: Policy {
    get throws {
      try Policy(members: [
        Member(name: "管理员", key: admin.publicKey, unit: "改革办", roles: [.admin]),
        Member(name: "李四", key: drafter.publicKey, unit: "省发展改革委", roles: [.drafter]),
      ])
    }
  }

  @Test func writesAndReadsBackTheSamePolicy() throws {
    let written = try policy
    let (read, diagnostics) = Policy.parse(Data(written.yaml.utf8))
    #expect(diagnostics.isEmpty)
    #expect(read == written)
    #expect(written.allowedSigners.contains("李四 namespaces=\"git\" \(drafter.publicKey.openSSH)\n"))
  }

  @Test func refusesDuplicatesUnknownRolesAndBadKeys() throws {
    var changed = try policy
    #expect(throws: PolicyError.duplicateName("李四")) {
      try changed.add(Member(name: "李四", key: SSHSigningKey().publicKey, unit: "x", roles: [.drafter]))
    }
    #expect(throws: PolicyError.duplicateKey(name: "李四")) {
      try changed.add(Member(name: "王五", key: drafter.publicKey, unit: "x", roles: [.drafter]))
    }
    #expect(throws: PolicyError.self) {
      try changed.add(Member(name: "王 五", key: SSHSigningKey().publicKey, unit: "x", roles: [.drafter]))
    }
    #expect(throws: PolicyError.self) {
      try changed.add(Member(name: "审核", key: SSHSigningKey().publicKey, unit: "x", roles: [.reviewer]))
    }
    #expect(throws: PolicyError.lastAdmin("管理员")) { try changed.remove(named: "管理员") }
    #expect(throws: PolicyError.unknownMember("无名")) { try changed.remove(named: "无名") }

    let text = """
      members:
        - name: 管理员
          key: ssh-ed25519 AAAA
          unit: 改革办
          roles: [admin, wizard]
        - name: 李四
          unit: 省发展改革委
          roles: [drafter]
      """
    let (parsed, diagnostics) = Policy.parse(Data(text.utf8))
    #expect(parsed == nil)
    #expect(diagnostics.map(\.key) == ["members[0].key", "members[0].roles[1]", "members[1].key"])
  }

  @Test func allowedSignersMustMatchThePolicy() throws {
    let written = try policy
    let snapshot = MemorySnapshot([Policy.path: written.yaml, Policy.allowedSignersPath: "stale\n"])
    let diagnostics = Validator(snapshot: snapshot).policy().diagnostics
    #expect(diagnostics.map(\.path) == [Policy.allowedSignersPath])
  }
}
