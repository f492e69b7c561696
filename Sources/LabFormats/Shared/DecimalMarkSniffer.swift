import LabCore

/// The decimal mark of a delimited file and the reading of its number cells (lab-csv, flow; qPCR reads its
/// runs' marks from their Cq cells). A spreadsheet's CSV may write `12,5` or `12.5` whatever its delimiter.
enum DecimalMarkSniffer {
    /// The file's mark: as stated (`decimal-mark`), else the one its numbers show, else the point, except for
    /// `;` files (a decimal-comma spreadsheet's CSV, or not: the demo's regional lab writes points) where it
    /// stays unknown and a number both marks read differently (`1.000`) is not read.
    static func fileMark(stated: DecimalMark?, head: [UInt8], delimiter: UInt8) -> DecimalMark? {
        stated ?? mark(head, delimiter: delimiter) ?? (delimiter == UInt8(ascii: ";") ? nil : .point)
    }

    /// The mark every number in `head` that shows one agrees on (`DecimalText.impliedMark`); nil when none
    /// shows a mark or they disagree. Fields are split as RFC 4180 reads them (quotes hide delimiters).
    static func mark(_ head: [UInt8], delimiter: UInt8) -> DecimalMark? {
        var found: DecimalMark?
        var field: [UInt8] = []
        var inQuotes = false
        func take() -> Bool {  // false: the numbers disagree
            defer { field.removeAll(keepingCapacity: true) }
            guard !field.isEmpty, let mark = DecimalText.impliedMark(String(decoding: field, as: UTF8.self)) else { return true }
            if let f = found, f != mark { return false }
            found = mark
            return true
        }
        for b in head {
            if b == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if !inQuotes && (b == delimiter || b == 0x0A || b == 0x0D) {
                if !take() { return nil }
            } else {
                field.append(b)
            }
        }
        return take() ? found : nil
    }

    /// A cell's value in a file with `mark`: as written when a decimal point reads it the same (so it goes on
    /// like every other format's numbers, and text goes on as text); the number the mark reads otherwise
    /// (`12,5`). Nil when the mark is unknown and both marks read it differently: it cannot be read unguessed.
    static func value(_ text: String, mark: DecimalMark?) -> ObservationValue? {
        guard mark != .point else { return .reported(text) }
        switch ReportedValue.parse(text, mark: mark) {
        case .number(let n, let c):
            return ReportedValue.parse(text) == .number(n, comparator: c) ? .reported(text) : .number(n, comparator: c, original: text)
        case .text, .empty:
            return mark == nil && DecimalText.readsDifferently(text) ? nil : .reported(text)
        }
    }

    /// Why a value `value(_:mark:)` could not read is quarantined.
    static let ambiguousMessage = "reads differently with a decimal comma and a decimal point, and the file does not show which it uses (options.decimal-mark states it)"
}
