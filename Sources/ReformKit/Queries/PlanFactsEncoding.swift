import Foundation

/// A compact binary form of `PlanFacts` for the plan index: `reform status` reads ten thousand
/// of them per run, and decoding them as JSON took most of its time.
extension PlanFacts {
  /// Bumped whenever the layout changes (old rows then fail to decode and are read afresh).
  private static let layout: UInt8 = 4

  /// The facts as bytes.
  var encoded: [UInt8] {
    var writer = FactsWriter()
    writer.bytes.append(Self.layout)
    writer.bytes.append(planUnreadable ? 1 : 0)
    for text in [title, kind, source, group, leadUnit, jurisdiction, owners.unit, owners.person] {
      writer.optional(text) { $0.string($1) }
    }
    for date in [draftingDeadline, pilotEnd, latestRecord] { writer.optional(date) { $0.date($1) } }
    writer.list(targets) { writer, target in
      writer.string(target.measure)
      writer.number(target.baseline)
      writer.number(target.value)
      writer.date(target.due)
      for text in [target.owners.unit, target.owners.person] { writer.optional(text) { $0.string($1) } }
    }
    for dates in [approvals, issuances, filings, lookbacks, finalPilotEvaluations] { writer.list(dates) { $0.date($1) } }
    writer.list(progress) { writer, report in
      writer.date(report.date)
      writer.string(report.period)
      writer.list(report.achieved.sorted { $0.key < $1.key }) { writer, pair in
        writer.string(pair.key)
        writer.number(pair.value)
      }
    }
    writer.list(inspections) { writer, inspection in
      writer.string(inspection.file)
      writer.date(inspection.date)
      writer.list(inspection.items) { writer, item in
        writer.string(item.id)
        writer.date(item.due)
      }
    }
    writer.list(rectifications) { writer, rectification in
      writer.string(rectification.inspection)
      writer.date(rectification.date)
      writer.list(rectification.done) { $0.string($1) }
    }
    return writer.bytes
  }

  /// Facts from `encoded` bytes; `nil` when they are not in this layout.
  init?(encoded bytes: [UInt8]) {
    var reader = FactsReader(bytes: bytes)
    guard reader.byte() == Self.layout else { return nil }
    do {
      self.init()
      planUnreadable = reader.byte() == 1
      title = try reader.optional { try $0.string() }
      kind = try reader.optional { try $0.string() }
      source = try reader.optional { try $0.string() }
      group = try reader.optional { try $0.string() }
      leadUnit = try reader.optional { try $0.string() }
      jurisdiction = try reader.optional { try $0.string() }
      owners = Owners(unit: try reader.optional { try $0.string() }, person: try reader.optional { try $0.string() })
      draftingDeadline = try reader.optional { try $0.date() }
      pilotEnd = try reader.optional { try $0.date() }
      latestRecord = try reader.optional { try $0.date() }
      targets = try reader.list {
        TargetFacts(
          measure: try $0.string(), baseline: try $0.number(), value: try $0.number(), due: try $0.date(),
          owners: Owners(unit: try $0.optional { try $0.string() }, person: try $0.optional { try $0.string() }))
      }
      approvals = try reader.list { try $0.date() }
      issuances = try reader.list { try $0.date() }
      filings = try reader.list { try $0.date() }
      lookbacks = try reader.list { try $0.date() }
      finalPilotEvaluations = try reader.list { try $0.date() }
      progress = try reader.list { reader in
        Progress(
          date: try reader.date(), period: try reader.string(),
          achieved: Dictionary(try reader.list { (try $0.string(), try $0.number()) }, uniquingKeysWith: { $1 }))
      }
      inspections = try reader.list { reader in
        Inspection(
          file: try reader.string(), date: try reader.date(),
          items: try reader.list { RectificationItem(id: try $0.string(), due: try $0.date()) })
      }
      rectifications = try reader.list { reader in
        Rectification(inspection: try reader.string(), date: try reader.date(), done: try reader.list { try $0.string() })
      }
      guard reader.isAtEnd else { return nil }
    } catch {
      return nil
    }
  }
}

private struct FactsWriter {
  var bytes: [UInt8] = []

  mutating func count(_ value: Int) {
    var remaining = UInt64(value)
    repeat {
      let byte = UInt8(remaining & 0x7f)
      remaining >>= 7
      bytes.append(remaining > 0 ? byte | 0x80 : byte)
    } while remaining > 0
  }

  mutating func string(_ text: String) {
    count(text.utf8.count)
    bytes += text.utf8
  }

  mutating func number(_ value: Double) {
    withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
  }

  mutating func date(_ date: CalendarDate) {
    count(date.year * 10_000 + date.month * 100 + date.day)
  }

  mutating func optional<T>(_ value: T?, _ write: (inout FactsWriter, T) -> Void) {
    bytes.append(value == nil ? 0 : 1)
    if let value { write(&self, value) }
  }

  mutating func list<T>(_ items: [T], _ write: (inout FactsWriter, T) -> Void) {
    count(items.count)
    for item in items { write(&self, item) }
  }
}

private struct FactsReader {
  struct Truncated: Error {}

  let bytes: [UInt8]
  var offset = 0

  var isAtEnd: Bool { offset == bytes.count }

  mutating func byte() -> UInt8? {
    guard offset < bytes.count else { return nil }
    offset += 1
    return bytes[offset - 1]
  }

  mutating func count() throws -> Int {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while let byte = byte() {
      value |= UInt64(byte & 0x7f) << shift
      if byte & 0x80 == 0 { return Int(truncatingIfNeeded: value) }
      shift += 7
      if shift > 63 { break }
    }
    throw Truncated()
  }

  mutating func string() throws -> String {
    let length = try count()
    guard length >= 0, offset + length <= bytes.count else { throw Truncated() }
    defer { offset += length }
    return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
  }

  mutating func number() throws -> Double {
    guard offset + 8 <= bytes.count else { throw Truncated() }
    var pattern: UInt64 = 0
    for index in 0..<8 { pattern |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
    offset += 8
    return Double(bitPattern: pattern)
  }

  mutating func date() throws -> CalendarDate {
    let value = try count()
    guard let date = CalendarDate(checkingYear: value / 10_000, month: value / 100 % 100, day: value % 100) else {
      throw Truncated()
    }
    return date
  }

  mutating func optional<T>(_ read: (inout FactsReader) throws -> T) throws -> T? {
    guard let flag = byte() else { throw Truncated() }
    return flag == 0 ? nil : try read(&self)
  }

  mutating func list<T>(_ read: (inout FactsReader) throws -> T) throws -> [T] {
    let items = try count()
    guard items >= 0, items <= bytes.count else { throw Truncated() }
    var result: [T] = []
    result.reserveCapacity(items)
    for _ in 0..<items { result.append(try read(&self)) }
    return result
  }
}
