/// Text shown to people: control characters (newlines, escape sequences, …) written as
/// `\u{…}`, so that input echoed in a message or a report can neither break its line nor drive
/// the terminal.
public enum ControlCharacters {
  /// `text` with every control character written as `\u{…}`.
  public static func escaped(_ text: String) -> String {
    // Most text has no control character: C0 and DEL are single bytes, C1 is 0xC2 0x80…0x9F.
    var previous: UInt8 = 0
    let plain = text.utf8.allSatisfy { byte in
      defer { previous = byte }
      return byte >= 0x20 && byte != 0x7F && !(previous == 0xC2 && byte < 0xA0 && byte >= 0x80)
    }
    if plain { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      if scalar.properties.generalCategory == .control {
        result += "\\u{" + String(scalar.value, radix: 16) + "}"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
