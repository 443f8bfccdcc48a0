/// Reads typed fields out of front-matter mappings and reports every missing, misspelled or
/// mistyped one, so that a single run lists all problems of a file.
final class SchemaChecker {
  private(set) var sink: DiagnosticSink

  init(path: String) {
    sink = DiagnosticSink(path: path)
  }

  var diagnostics: [Diagnostic] { sink.diagnostics }
  /// What is shown but is no problem (a target that holds its baseline).
  private(set) var warnings: [Diagnostic] = []

  func report(line: Int, key: String, _ message: String) {
    sink.report(line: line, key: key, message)
  }

  /// Notes something a reader should look at twice, which refuses nothing.
  func warn(line: Int, key: String, _ message: String) {
    warnings.append(Diagnostic(path: sink.path, line: line, key: key, message: message))
  }

  /// Reports a required value that is missing or empty: what a draft may lack until submitted.
  func reportIncomplete(line: Int, key: String, _ message: String) {
    sink.report(line: line, key: key, message, isIncompleteness: true)
  }

  func append(_ diagnostics: [Diagnostic]) {
    sink.append(diagnostics)
  }

  /// Reports keys of `mapping` that are not in `allowed`.
  func rejectUnknownKeys(in mapping: YAMLNode, allowed: [String], prefix: String = "") {
    for pair in mapping.mapping ?? [] where !allowed.contains(pair.key) {
      report(
        line: pair.line, key: prefix + pair.key,
        Phrase.unknownKey(allowed: allowed).text())
    }
  }

  /// The value of `key`, reporting it when required and missing or empty.
  func value(_ mapping: YAMLNode, _ key: String, prefix: String = "", required: Bool = true) -> YAMLNode? {
    guard let value = mapping[key], value.scalar?.isNull != true else {
      if required { reportIncomplete(line: mapping.line, key: prefix + key, Phrase.requiredButMissing.text()) }
      return nil
    }
    return value
  }

  func string(_ mapping: YAMLNode, _ key: String, prefix: String = "", required: Bool = true) -> String? {
    guard let node = value(mapping, key, prefix: prefix, required: required) else { return nil }
    return string(node, key: prefix + key)
  }

  /// A non-empty text; numbers and dates written plainly count as text too.
  func string(_ node: YAMLNode, key: String) -> String? {
    guard let scalar = node.scalar, !scalar.isNull, scalar.bool == nil else {
      report(line: node.line, key: key, Phrase.mustBeText(found: node).text())
      return nil
    }
    guard !scalar.text.allSatisfy(\.isWhitespace) else {
      reportIncomplete(line: node.line, key: key, Phrase.mustNotBeEmpty.text())
      return nil
    }
    return scalar.text
  }

  func bool(_ mapping: YAMLNode, _ key: String, prefix: String = "", required: Bool = true) -> Bool? {
    typed(mapping, key, prefix: prefix, required: required, Phrase.mustBeBool.text()) { $0.bool }
  }

  func int(_ mapping: YAMLNode, _ key: String, prefix: String = "", required: Bool = true) -> Int? {
    typed(mapping, key, prefix: prefix, required: required, Phrase.mustBeWholeNumber.text()) {
      $0.int.flatMap { $0 >= 0 ? $0 : nil }
    }
  }

  func number(_ mapping: YAMLNode, _ key: String, prefix: String = "", required: Bool = true) -> Double? {
    typed(mapping, key, prefix: prefix, required: required, Phrase.mustBeNumber.text()) {
      $0.number
    }
  }

  func date(_ mapping: YAMLNode, _ key: String, prefix: String = "", required: Bool = true) -> CalendarDate? {
    typed(
      mapping, key, prefix: prefix, required: required, Phrase.mustBeDate(earliest: Procedure.earliestDate).text()
    ) { $0.date.flatMap { $0 >= Procedure.earliestDate ? $0 : nil } }
  }

  /// The value of `key` converted by `convert`, reporting `problem` when it is not a scalar
  /// that converts.
  private func typed<T>(
    _ mapping: YAMLNode, _ key: String, prefix: String, required: Bool, _ problem: String,
    _ convert: (YAMLScalar) -> T?
  ) -> T? {
    guard let node = value(mapping, key, prefix: prefix, required: required) else { return nil }
    guard let value = node.scalar.flatMap(convert) else {
      report(line: node.line, key: prefix + key, problem)
      return nil
    }
    return value
  }

  func choice(
    _ mapping: YAMLNode, _ key: String, from allowed: [String], prefix: String = "", required: Bool = true
  ) -> String? {
    guard let node = value(mapping, key, prefix: prefix, required: required) else { return nil }
    guard let text = node.scalar?.text, allowed.contains(text) else {
      report(line: node.line, key: prefix + key, Phrase.mustBeOneOf(allowed).text())
      return nil
    }
    return text
  }

  func list(
    _ mapping: YAMLNode, _ key: String, prefix: String = "", required: Bool = true, nonEmpty: Bool = false
  ) -> [YAMLNode]? {
    guard let node = value(mapping, key, prefix: prefix, required: required) else { return nil }
    guard let items = node.sequence else {
      report(line: node.line, key: prefix + key, Phrase.mustBeList.text())
      return nil
    }
    if nonEmpty && items.isEmpty {
      reportIncomplete(line: node.line, key: prefix + key, Phrase.mustListOneItem.text())
    }
    return items
  }

  func stringList(
    _ mapping: YAMLNode, _ key: String, prefix: String = "", required: Bool = true, nonEmpty: Bool = false
  ) -> [String]? {
    guard let items = list(mapping, key, prefix: prefix, required: required, nonEmpty: nonEmpty) else {
      return nil
    }
    return items.enumerated().compactMap { index, item in string(item, key: "\(prefix)\(key)[\(index)]") }
  }

  func mapping(_ mapping: YAMLNode, _ key: String, prefix: String = "", required: Bool = true) -> YAMLNode? {
    guard let node = value(mapping, key, prefix: prefix, required: required) else { return nil }
    return requireMapping(node, key: prefix + key)
  }

  func requireMapping(_ node: YAMLNode, key: String) -> YAMLNode? {
    guard node.mapping != nil else {
      report(line: node.line, key: key, Phrase.mustBeMapping(found: node).text())
      return nil
    }
    return node
  }

  /// Text or a list of texts, for free-form fields such as opinions and problems.
  func textOrList(_ mapping: YAMLNode, _ key: String, prefix: String = "", required: Bool = true) {
    guard let node = value(mapping, key, prefix: prefix, required: required) else { return }
    if node.sequence != nil {
      _ = stringList(mapping, key, prefix: prefix)
    } else {
      _ = string(node, key: prefix + key)
    }
  }
}
