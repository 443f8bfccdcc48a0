import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "init",
      abstract: localized("Makes a plan repository, or adopts an existing git repository."))

    @OptionGroup var repository: RepositoryOptions

    @Option(help: localized("The first admin's private Ed25519 key (make one with 'reform keys generate')."))
    var key: String

    @Option(help: localized("The first admin's member name."))
    var name: String

    @Option(help: localized("The first admin's unit."))
    var unit = "改革办"

    func run() throws {
      let path = repository.directory ?? FileManager.default.currentDirectoryPath
      let result = try RepositoryInitializer.initialise(
        at: path, keyPath: key, name: name, unit: unit, binary: RunningBinary.path)
      print(Language.current.choose("initialised plan repository \(result.workTree)", "已建立方案仓库 \(result.workTree)"))
      print(Language.current.choose("main \(result.commit.hex) (signed by \(name), admin)", "main \(result.commit.hex)（由管理员 \(name) 签名）"))
      for hook in result.hooks { print(localized("hook") + " \(hook)") }
      print(Language.current.choose("this clone signs as \(name); every other member works in a clone of their own: reform clone URL --key THEIR_KEY", "此克隆以 \(name) 的身份签名；其他成员各用自己的克隆：reform clone 地址 --key 其密钥"))
    }
  }
}
