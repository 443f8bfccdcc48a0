internal import CXlsxWriter

/// A value of a spreadsheet cell.
public enum Cell: Sendable, Equatable {
  case text(String)
  case number(Double)
  /// A calendar day, written as a date cell (`yyyy-mm-dd`).
  case date(year: Int, month: Int, day: Int)
  case empty
}

/// One sheet: a header row, frozen, then rows of cells.
public struct Sheet: Sendable {
  public var name: String
  public var header: [String]
  public var rows: [[Cell]]
  /// Each column's width in characters (a CJK character counts two).
  public var widths: [Double]

  /// A sheet.
  public init(name: String, header: [String], rows: [[Cell]], widths: [Double]) {
    self.name = name
    self.header = header
    self.rows = rows
    self.widths = widths
  }
}

/// Why a workbook could not be written: libxlsxwriter's error text and the function.
public struct SpreadsheetError: Error, Sendable, CustomStringConvertible {
  public let message: String
  public let function: String
  public var description: String { "\(message) (\(function))" }
}

/// Writes `.xlsx` workbooks with libxlsxwriter.
public enum Workbook {
  /// Writes `sheets` into a new workbook at `path` (`workbook_new`, `workbook_add_worksheet`,
  /// `worksheet_write_*`, `worksheet_freeze_panes`, `worksheet_set_column`, `workbook_close`).
  public static func write(_ sheets: [Sheet], to path: String) throws(SpreadsheetError) {
    guard let workbook = workbook_new(path) else {
      throw SpreadsheetError(message: "cannot create \(path)", function: "workbook_new")
    }
    var closed = false
    defer { if !closed { _ = workbook_close(workbook) } }
    let bold = workbook_add_format(workbook)
    format_set_bold(bold)
    let day = workbook_add_format(workbook)
    format_set_num_format(day, "yyyy-mm-dd")
    for sheet in sheets {
      guard let worksheet = workbook_add_worksheet(workbook, sheet.name) else {
        throw SpreadsheetError(
          message: "cannot add the sheet \(sheet.name)", function: "workbook_add_worksheet")
      }
      for (column, width) in sheet.widths.enumerated() {
        try check(
          worksheet_set_column(worksheet, lxw_col_t(column), lxw_col_t(column), width, nil),
          "worksheet_set_column")
      }
      for (column, title) in sheet.header.enumerated() {
        try check(
          worksheet_write_string(worksheet, 0, lxw_col_t(column), title, bold), "worksheet_write_string")
      }
      worksheet_freeze_panes(worksheet, 1, 0)
      for (index, row) in sheet.rows.enumerated() {
        let line = lxw_row_t(index + 1)
        for (column, cell) in row.enumerated() {
          let place = lxw_col_t(column)
          switch cell {
          case .text(let text):
            try check(worksheet_write_string(worksheet, line, place, text, nil), "worksheet_write_string")
          case .number(let number):
            try check(worksheet_write_number(worksheet, line, place, number, nil), "worksheet_write_number")
          case .date(let year, let month, let dayOfMonth):
            var value = lxw_datetime(
              year: Int32(year), month: Int32(month), day: Int32(dayOfMonth), hour: 0, min: 0, sec: 0)
            try check(
              worksheet_write_datetime(worksheet, line, place, &value, day), "worksheet_write_datetime")
          case .empty:
            continue
          }
        }
      }
    }
    closed = true
    try check(workbook_close(workbook), "workbook_close")
  }

  private static func check(_ error: lxw_error, _ function: String) throws(SpreadsheetError) {
    guard error != LXW_NO_ERROR else { return }
    throw SpreadsheetError(message: String(cString: lxw_strerror(error)), function: function)
  }
}
