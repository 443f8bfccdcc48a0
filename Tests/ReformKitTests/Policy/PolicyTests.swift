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

  @Test func aNewKeyRetiresTheOldOneWhichVerifiesOnlyThePast() throws {
    var changed = try policy
    let newKey = SSHSigningKey().publicKey
    let retired = try #require(RetiredKey(key: drafter.publicKey, timestamp: "20261204153000Z"))
    let rotation = retired.validBefore
    let change = MemberChange(unit: "省科技厅", key: newKey)
    let fields = try changed.update(named: "李四", change, at: rotation)
    #expect(fields == [.unit, .key])
    #expect(changed.member(for: drafter.publicKey) == nil, "a retired key authorises nothing")
    #expect(changed.member(for: newKey)?.name == "李四")
    #expect(changed.member(signingWith: drafter.publicKey, at: rotation)?.name == "李四")
    let afterwards = rotation.addingTimeInterval(1)
    #expect(changed.member(signingWith: drafter.publicKey, at: afterwards) == nil)
    #expect(
      changed.allowedSigners.contains(
        "李四 namespaces=\"git\",valid-before=\"20261204153000Z\" \(drafter.publicKey.openSSH)\n"))
    let entry = "    retired_keys:\n      - key: \"\(drafter.publicKey.openSSH)\"\n"
    #expect(changed.yaml.contains(entry + "        valid_before: \"20261204153000Z\"\n"))
    let (read, diagnostics) = Policy.parse(Data(changed.yaml.utf8))
    #expect(diagnostics.isEmpty)
    #expect(read == changed)

    #expect(try changed.update(named: "李四", MemberChange(unit: "省科技厅"), at: rotation).isEmpty)
    #expect(throws: PolicyError.retiredKeyReused(name: "李四")) {
      try changed.update(named: "李四", MemberChange(key: drafter.publicKey), at: Date())
    }
    #expect(throws: PolicyError.duplicateKey(name: "李四")) {
      try changed.add(Member(name: "王五", key: drafter.publicKey, unit: "x", roles: [.drafter]))
    }
    #expect(throws: PolicyError.duplicateKey(name: "管理员")) {
      try changed.update(named: "李四", MemberChange(key: admin.publicKey), at: Date())
    }
    #expect(throws: PolicyError.lastAdmin("管理员")) {
      try changed.update(named: "管理员", MemberChange(roles: [.approver]), at: Date())
    }
    #expect(throws: PolicyError.unknownMember("无名")) {
      try changed.update(named: "无名", MemberChange(unit: "x"), at: Date())
    }
  }

  @Test func refusesMalformedRetiredKeys() throws {
    let text = """
      members:
        - name: 管理员
          key: \(admin.publicKey.openSSH)
          unit: 改革办
          roles: [admin]
          retired_keys:
            - key: \(drafter.publicKey.openSSH)
              valid_before: "20260230120000Z"
            - key: \(SSHSigningKey().publicKey.openSSH)
              valid_before: 20260101120000
              extra: 1
            - not a mapping
      """
    let (parsed, diagnostics) = Policy.parse(Data(text.utf8))
    #expect(parsed == nil)
    #expect(
      diagnostics.map(\.key) == [
        "members[0].retired_keys[0].valid_before", "members[0].retired_keys[1].extra",
        "members[0].retired_keys[1].valid_before", "members[0].retired_keys[2]",
      ])
  }
}
