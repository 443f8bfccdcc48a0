import ArgumentParser
import Foundation
import ReformKit

extension Reform {
  struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "keys",
      abstract: localized("Makes signing keys."), subcommands: [Generate.self])
  }
}

extension Reform.Keys {
  struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "generate",
      abstract: localized("Writes an Ed25519 key pair in OpenSSH format: FILE (private) and FILE.pub."))

    @Argument(help: localized("The private key file to write; the public key goes to FILE.pub."))
    var file: String

    @Option(help: localized("The comment stored with the key."))
    var comment = "reform"

    func run() throws {
      let publicFile = file + ".pub"
      for path in [file, publicFile] where FileManager.default.fileExists(atPath: path) {
        throw ReformError.wouldOverwrite(path)
      }
      let key = SSHSigningKey(comment: comment)
      let publicLine = key.publicKey.openSSH + " " + comment + "\n"
      do {
        let created = FileManager.default.createFile(
          atPath: file, contents: Data(key.openSSH.utf8), attributes: [.posixPermissions: 0o600])
        guard created else { throw CocoaError(.fileWriteUnknown) }
        try Data(publicLine.utf8).write(to: URL(fileURLWithPath: publicFile))
      } catch {
        try? FileManager.default.removeItem(atPath: file)
        throw ReformError.io("could not write \(file): \(error.localizedDescription)")
      }
      print(publicLine, terminator: "")
      print(key.publicKey.fingerprint)
    }
  }
}
