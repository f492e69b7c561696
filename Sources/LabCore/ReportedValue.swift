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

    public static func parse(_ raw: String) -> ReportedValue {
        let trimmed = raw.trimmed()
        if trimmed.isEmpty { return .empty }
        var rest = Substring(trimmed)
        var comparator: ResultComparator?
        for symbol in ["<=", ">=", "=<", "=>", "≤", "≥", "<", ">"] where rest.hasPrefix(symbol) {
            comparator = ResultComparator(symbol: symbol)
            rest = rest.dropFirst(symbol.count)
            break
        }
        if let number = DecimalText.parse(String(rest)) {
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
        if text.contains(",") {
            guard isGroupedThousands(text) else { return nil }
            text.removeAll { $0 == "," }
        }
        // Validate the shape first: Decimal(string:) accepts prefixes ("12abc" → 12).
        var index = text.startIndex
        func eat(_ predicate: (Character) -> Bool) -> Int {
            var n = 0
            while index < text.endIndex, predicate(text[index]) { index = text.index(after: index); n += 1 }
            return n
        }
        if index < text.endIndex, text[index] == "+" || text[index] == "-" { index = text.index(after: index) }
        let whole = eat { $0.isASCII && $0.isNumber }
        var fraction = 0
        if index < text.endIndex, text[index] == "." {
            index = text.index(after: index)
            fraction = eat { $0.isASCII && $0.isNumber }
        }
        guard whole + fraction > 0 else { return nil }
        if index < text.endIndex, text[index] == "e" || text[index] == "E" {
            index = text.index(after: index)
            if index < text.endIndex, text[index] == "+" || text[index] == "-" { index = text.index(after: index) }
            guard eat({ $0.isASCII && $0.isNumber }) > 0 else { return nil }
        }
        guard index == text.endIndex else { return nil }
        if text.hasPrefix("+") { text.removeFirst() }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    private static func isGroupedThousands(_ text: String) -> Bool {
        let unsigned = text.drop { $0 == "+" || $0 == "-" }
        let integerPart = unsigned.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let groups = integerPart.split(separator: ",", omittingEmptySubsequences: false)
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
        let text = v.description
        return text == "-0" ? "0" : text
    }

    /// Number of significant digits written in `raw` ("2.0" → 2, "0.050" → 2, "1200" → 4).
    public static func significantDigits(in raw: String) -> Int {
        var mantissa = raw.trimmed()
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) { mantissa = String(mantissa[..<e]) }
        let digits = mantissa.filter { $0.isASCII && $0.isNumber }
        let trimmed = digits.drop { $0 == "0" }
        return max(1, trimmed.count)
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
