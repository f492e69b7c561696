import LabCore

/// The decimal mark the numbers at the head of a delimited file show, for files whose delimiter does not settle
/// it: a `;`-separated CSV comes from a spreadsheet that may write `12,5` or `12.5`.
enum DecimalMarkSniffer {
    /// The mark every number in `head` that shows one agrees on (`DecimalText.impliedMark`); nil when none
    /// shows a mark or they disagree. Quoted fields are taken as they are: a number is rarely quoted.
    static func mark(_ head: [UInt8], delimiter: UInt8) -> DecimalMark? {
        var found: DecimalMark?
        for line in head.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }) {
            for field in line.split(separator: delimiter, omittingEmptySubsequences: true) {
                let text = String(decoding: field, as: UTF8.self)
                guard let mark = DecimalText.impliedMark(text) else { continue }
                if let f = found, f != mark { return nil }
                found = mark
            }
        }
        return found
    }
}
