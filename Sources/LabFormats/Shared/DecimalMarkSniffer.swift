import LabCore

/// The decimal mark the numbers at the head of a delimited file show: a spreadsheet's CSV may write `12,5` or
/// `12.5` whatever its delimiter (a `;` file, or a quoted `"0,5"` in a comma file).
enum DecimalMarkSniffer {
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
}
