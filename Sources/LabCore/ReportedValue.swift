import Foundation

/// A result value as a lab reported it, read without guessing.
///
/// For example:
/// ```swift
/// ReportedValue.parse("<0.5")    // .number(0.5, comparator: .lessThan)
/// ReportedValue.parse("1,234.5") // .number(1234.5, comparator: nil)
/// ReportedValue.parse("neg")     // .text("neg")
/// ```
public enum ReportedValue: Sendable, Equatable {
    case number(Decimal, comparator: ResultComparator?)
    case text(String)
    case empty

    private static let comparatorSymbols = ["<=", ">=", "=<", "=>", "≤", "≥", "<", ">"]

    public static func parse(_ raw: String, mark: DecimalMark? = .point) -> ReportedValue {
        let trimmed = raw.trimmed()
        if trimmed.isEmpty { return .empty }
        var rest = Substring(trimmed)
        var comparator: ResultComparator?
        // Every comparator starts with "<", ">", "=" or the lead byte of "≤"/"≥": most values skip the search.
        if let lead = trimmed.utf8.first, lead == 0x3C || lead == 0x3E || lead == 0x3D || lead == 0xE2 {
            for symbol in comparatorSymbols where rest.hasPrefix(symbol) {
                comparator = ResultComparator(symbol: symbol)
                rest = rest.dropFirst(symbol.count)
                break
            }
        }
        let numberText = comparator == nil ? trimmed : String(rest)
        // (The point is every HL7 value's mark: it goes straight to the point reader.)
        if let number = mark == .point ? DecimalText.parse(numberText) : DecimalText.parse(numberText, mark: mark) {
            return .number(number, comparator: comparator)
        }
        return .text(trimmed)
    }
}

/// Exact decimal reading and writing of lab numbers. Values travel as `Decimal`, never `Double`, so that
/// "1000 /uL" becomes exactly 1 ×10^9/L and thresholds such as "> 1.0" decide correctly.
public enum DecimalText {
    /// Parses `1234.5`, `1,234.5` (comma thousands separators only when grouped by three),
    /// `-0.5`, `+3`, `.5`, `1.2e3`, `1.2E-3`, and `1.2×10^3`-free plain forms. Returns nil for anything else,
    /// including a decimal comma ("1,5" is ambiguous and is never guessed).
    public static func parse(_ raw: String) -> Decimal? {
        var text = raw.trimmed()
        if text.isEmpty { return nil }
        // (`utf8.contains`, not Foundation's `String.contains(_:)`: a substring search per value cost 3,600
        // instructions, four fifths of the whole parse.)
        if text.utf8.contains(UInt8(ascii: ",")) {
            guard isGroupedThousands(text, separator: ",", point: ".") else { return nil }
            text.removeAll { $0 == "," }
        }
        // One pass over the UTF-8 bytes: sign, digits, optional fraction, optional exponent — nothing else.
        // (Decimal(string:) accepts prefixes such as "12abc" and goes through a locale-aware scanner.)
        if let value = text.utf8.withContiguousStorageIfAvailable({ parseBytes($0[...]) }) { return value }
        return Array(text.utf8).withUnsafeBufferPointer { parseBytes($0[...]) }
    }

    /// Parses a number written with `mark` as its decimal separator. With `.comma` (a file written in a
    /// decimal-comma locale), `1,5` is 1.5 and `1.234,5` is 1234.5: a point only groups thousands (by three).
    /// With no mark known, only a number whose text shows its mark (`impliedMark`) or has no separator is read:
    /// `82,350` could be 82.35 or 82350 and is nil.
    public static func parse(_ raw: String, mark: DecimalMark?) -> Decimal? {
        // Thousands grouped by spaces (SI style, and a French or German spreadsheet's `7 683,201` with a
        // non-breaking space): the groups are dropped when they are groups of three, whatever the mark.
        if raw.utf8.contains(where: { $0 == 0x20 || $0 == 0xC2 || $0 == 0xE2 }) {
            let spaced = raw.trimmed()
            let separators: Set<Character> = [" ", "\u{00A0}", "\u{202F}"]
            if spaced.contains(where: { separators.contains($0) }) {
                let unified = String(spaced.map { separators.contains($0) ? " " : $0 })
                let point: Character = (mark ?? .point) == .comma ? "," : "."
                guard isGroupedThousands(unified, separator: " ", point: point) else { return nil }
                return parse(unified.replacingOccurrences(of: " ", with: ""), mark: mark)
            }
        }
        guard let mark = mark ?? impliedMark(raw) else {
            return raw.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ".") } ? nil : parse(raw)
        }
        guard mark == .comma else { return parse(raw) }
        var text = raw.trimmed()
        guard !text.isEmpty, text.utf8.filter({ $0 == UInt8(ascii: ",") }).count <= 1 else { return nil }
        if text.utf8.contains(UInt8(ascii: ".")) {
            guard isGroupedThousands(text, separator: ".", point: ",") else { return nil }
            text.removeAll { $0 == "." }
        }
        return parse(text.replacingOccurrences(of: ",", with: "."))
    }

    /// The decimal mark a number's own text proves: the one of the two readings that reads it at all (`1,5`,
    /// `25.10`, `1.234,5`, `1,234,567`, `8.912E1`). Nil when the text reads under both (`82,350` is 82.35 or
    /// 82350; `7` is 7 either way) or under neither.
    public static func impliedMark(_ raw: String) -> DecimalMark? {
        switch (parse(raw, mark: .point), parse(raw, mark: .comma)) {
        case (_?, nil): return .point
        case (nil, _?): return .comma
        default: return nil
        }
    }

    /// True when both marks read `raw` and give different numbers (`82,350`, `1.000`): with no mark known, it
    /// cannot be read without guessing.
    public static func readsDifferently(_ raw: String) -> Bool {
        guard case .number(let p, _) = ReportedValue.parse(raw, mark: .point),
              case .number(let c, _) = ReportedValue.parse(raw, mark: .comma) else { return false }
        return p != c
    }

    private static func parseBytes(_ input: Slice<UnsafeBufferPointer<UInt8>>) -> Decimal? {
        var bytes = input
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(bytes.count)
        var scale = 0
        var sawPoint = false
        var sawDigit = false
        while let b = bytes.first, b == UInt8(ascii: ".") || (b >= 0x30 && b <= 0x39) {
            bytes = bytes.dropFirst()
            if b == UInt8(ascii: ".") {
                if sawPoint { return nil }
                sawPoint = true
                continue
            }
            sawDigit = true
            if digits.isEmpty && b == 0x30 {
                if sawPoint { scale -= 1 }  // leading zeros after the point only shift the scale
                continue
            }
            digits.append(b - 0x30)
            if sawPoint { scale -= 1 }
        }
        guard sawDigit else { return nil }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            var expNegative = false
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                expNegative = sign == UInt8(ascii: "-")
                bytes = bytes.dropFirst()
            }
            guard let d = bytes.first, d >= 0x30, d <= 0x39, bytes.count <= 3 else { return nil }
            var exponent = 0
            for b in bytes {
                guard b >= 0x30, b <= 0x39 else { return nil }
                exponent = exponent * 10 + Int(b - 0x30)
            }
            scale += expNegative ? -exponent : exponent
            bytes = bytes[bytes.endIndex...]
        }
        guard bytes.isEmpty else { return nil }
        if digits.isEmpty { return Decimal(0) }
        guard digits.count <= 38 else { return nil }  // beyond Decimal's exact mantissa: refuse, never round
        var significand = Decimal(0)
        if digits.count <= 18 {
            var n: UInt64 = 0
            for d in digits { n = n * 10 + UInt64(d) }
            significand = Decimal(n)
        } else {
            for d in digits { significand = significand * 10 + Decimal(Int(d)) }
        }
        guard scale >= -128, scale <= 127 else { return nil }
        return Decimal(sign: negative ? .minus : .plus, exponent: scale, significand: significand)
    }

    private static func isGroupedThousands(_ text: String, separator: Character, point: Character) -> Bool {
        let unsigned = text.drop { $0 == "+" || $0 == "-" }
        let integerPart = unsigned.split(separator: point, maxSplits: 1, omittingEmptySubsequences: false)[0]
        let groups = integerPart.split(separator: separator, omittingEmptySubsequences: false)
        guard groups.count > 1, let first = groups.first, (1...3).contains(first.count) else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 && $0.allSatisfy(\.isNumber) } && first.allSatisfy(\.isNumber)
    }

    /// The plain decimal text of `value` (`1.2`, `34.208`, `0.001`), never scientific notation and never
    /// with binary-float noise.
    public static func format(_ value: Decimal) -> String {
        var v = value
        if v.exponent < -20 {  // deeper than any lab precision: round (rare; rounding divides and is slow)
            var copy = value
            NSDecimalRound(&v, &copy, 20, .plain)
        }
        if fastFormatVerified, let text = fastFormat(v) { return text }
        let text = v.description
        return text == "-0" ? "0" : text
    }

    /// `Decimal.description` divides the 128-bit mantissa by 10 once per digit; this reads a mantissa that
    /// fits 64 bits from the value's bytes and prints it with `String(UInt64)` (about 9× faster). Foundation's
    /// layout is not API, so the fast path is used only after it printed known values exactly as
    /// `description` does; otherwise `description` is used.
    private static func fastFormat(_ v: Decimal) -> String? {
        guard MemoryLayout<Decimal>.size == 20, !v.isNaN else { return nil }
        let (low, high) = withUnsafeBytes(of: v) { raw in
            (raw.loadUnaligned(fromByteOffset: 4, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 12, as: UInt64.self))
        }
        guard high == 0 else { return nil }
        let mantissa = UInt64(littleEndian: low)
        if mantissa == 0 { return "0" }
        let digits = String(mantissa)
        var out = v.sign == .minus ? "-" : ""
        let exponent = v.exponent
        if exponent >= 0 {
            out += digits
            out += String(repeating: "0", count: exponent)
        } else {
            let point = digits.utf8.count + exponent
            if point > 0 {
                let i = digits.utf8.index(digits.startIndex, offsetBy: point)
                out += digits[..<i]
                out += "."
                out += digits[i...]
            } else {
                out += "0."
                out += String(repeating: "0", count: -point)
                out += digits
            }
        }
        return out
    }

    private static let fastFormatVerified: Bool = {
        let probes = ["0", "1", "-1.5", "34.208", "0.000012", "1200", "123456789.123456789", "18446744073709551615", "-0.05"]
        return probes.allSatisfy { text in
            guard let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return false }
            return fastFormat(d) == d.description
        }
    }()

    /// Number of significant digits written in `raw` ("2.0" → 2, "0.050" → 2, "1200" → 4).
    public static func significantDigits(in raw: String) -> Int {
        // ASCII digits of the mantissa (before any exponent), leading zeros not counted.
        var count = 0
        var leading = true
        for b in raw.utf8 {
            if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") { break }
            guard b >= 0x30 && b <= 0x39 else { continue }
            if leading && b == 0x30 { continue }
            leading = false
            count += 1
        }
        return max(1, count)
    }

    /// `value` rounded to `digits` significant digits.
    public static func round(_ value: Decimal, significantDigits digits: Int) -> Decimal {
        if value.isZero { return value }
        let magnitude = Int(Foundation.floor(Foundation.log10(abs(NSDecimalNumber(decimal: value).doubleValue))))
        let scale = digits - 1 - magnitude
        var copy = value
        var result = Decimal()
        NSDecimalRound(&result, &copy, scale, .plain)
        return result
    }
}

/// The decimal separator a file's numbers use: a property of the file (its locale), decided once from what the
/// file itself shows, never guessed cell by cell.
public enum DecimalMark: String, Sendable {
    /// `1234.5`, `1,234.5`.
    case point
    /// `1234,5`, `1.234,5` (German, French, … locales; their spreadsheets write `;`-separated CSV).
    case comma
}
