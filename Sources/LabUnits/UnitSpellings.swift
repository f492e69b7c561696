import Foundation
import LabCore

/// How labs write units, mapped to UCUM c/s *before* UCUM parsing (`Tables/UnitSpellingsTable.swift`).
///
/// Some lab spellings are valid UCUM with another meaning (`G/L` is gauss per litre, `K/uL` kelvin per
/// microlitre, `T/L` tesla per litre), so the table is consulted first. Powers of ten are rewritten as
/// text (`10E9/L` → `10*9/L`): a lab's `10E9` never goes through a float parser (where it would be 1e10).
///
/// Matching: the text is normalised (µ U+00B5 and μ U+03BC → `u`, a leading `mc` of a unit → `u`,
/// superscript digits → `^n`, `×` → `x`, whitespace collapsed), then looked up exactly, then with all
/// spaces removed, then via the generic `[x]10(^|*|E|e)n[cells]/…` rule, and finally case-insensitively
/// only when the text is not valid UCUM as written.
public struct UnitSpellings: Sendable {
    public struct Spelling: Sendable, Hashable, Codable {
        public var spelling: String
        public var ucum: String
        public var group: String?
    }

    public private(set) var spellings: [Spelling]
    private var exact: [String: String] = [:]
    private var folded: [String: String] = [:]

    public init(_ spellings: [Spelling]) {
        self.spellings = spellings
        reindex()
    }

    public static func builtIn() throws(LabError) -> UnitSpellings {
        struct File: Decodable { var spellings: [Spelling] }
        return UnitSpellings(try BuiltInTable.unitSpellings.decode(as: File.self).spellings)
    }

    /// The table with `extra` spellings added; an extra spelling replaces a built-in one.
    public func merging(_ extra: [(spelling: String, ucum: String)]) -> UnitSpellings {
        UnitSpellings(spellings + extra.map { Spelling(spelling: $0.spelling, ucum: $0.ucum, group: "pipeline") })
    }

    /// The UCUM text for a lab spelling, or nil when the table has no rule for it (the text may then
    /// still be valid UCUM as written).
    public func ucum(for text: String) -> String? {
        let key = Self.normalize(text)
        if let hit = exact[key] { return hit }
        let compact = key.replacingOccurrences(of: " ", with: "")
        if let hit = exact[compact] { return hit }
        if let rewritten = Self.powerOfTen(compact) {
            // The denominator may itself be a lab spelling ("10^3/mcL").
            return rewritten
        }
        if key != text, !key.contains(" "), UCUM.isValid(key) { return key }
        if !UCUM.isValid(compact), let hit = folded[compact.lowercased()] { return hit }
        return nil
    }

    // MARK: - Normalisation

    static let superscripts: [Character: Character] = [
        "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+",
    ]

    static func normalize(_ text: String) -> String {
        var out = ""
        var inSuperscript = false
        for ch in text.trimmingCharacters(in: .whitespacesAndNewlines) {
            if let digit = superscripts[ch] {
                if !inSuperscript, !out.hasSuffix("^"), !out.hasSuffix("*") { out.append("^") }
                inSuperscript = true
                out.append(digit)
                continue
            }
            inSuperscript = false
            switch ch {
            case "\u{00B5}", "\u{03BC}": out.append("u")
            case "×", "✕": out.append("x")
            default:
                if ch.isWhitespace {
                    if !out.hasSuffix(" ") { out.append(" ") }
                } else {
                    out.append(ch)
                }
            }
        }
        return replacingMicroMC(out)
    }

    /// `mcg` → `ug`, `/mcL` → `/uL`: "mc" at the start of a unit symbol, followed by a letter.
    private static func replacingMicroMC(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        while i < chars.count {
            if chars[i] == "m", i + 2 < chars.count, chars[i + 1] == "c", chars[i + 2].isLetter,
               i == 0 || !chars[i - 1].isLetter {
                out.append("u")
                i += 2
                continue
            }
            out.append(chars[i])
            i += 1
        }
        return out
    }

    /// `10^9/L`, `x10E3/uL`, `10e9cells/L`, `10*6/L` → `10*n/…` (n an integer, kept as text).
    static func powerOfTen(_ compact: String) -> String? {
        var rest = Substring(compact)
        if rest.hasPrefix("x") || rest.hasPrefix("X") { rest = rest.dropFirst() }
        guard rest.hasPrefix("10"), rest.count > 3 else { return nil }
        rest = rest.dropFirst(2)
        guard let op = rest.first, "^*Ee".contains(op) else { return nil }
        rest = rest.dropFirst()
        var exponent = ""
        if let sign = rest.first, sign == "-" || sign == "+" {
            if sign == "-" { exponent.append("-") }
            rest = rest.dropFirst()
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        exponent += digits
        rest = rest.dropFirst(digits.count)
        for word in ["cells", "Cells", "{cells}"] where rest.hasPrefix(word) { rest = rest.dropFirst(word.count) }
        if rest.isEmpty { return "10*\(exponent)" }
        guard rest.first == "/" else { return nil }
        let candidate = "10*\(exponent)\(rest)"
        return UCUM.isValid(candidate) ? candidate : nil
    }

    private mutating func reindex() {
        exact = [:]
        folded = [:]
        var ambiguous: Set<String> = []
        for s in spellings {
            let key = Self.normalize(s.spelling)
            exact[key] = s.ucum
            exact[key.replacingOccurrences(of: " ", with: "")] = s.ucum
            let f = key.replacingOccurrences(of: " ", with: "").lowercased()
            if let existing = folded[f], existing != s.ucum { ambiguous.insert(f) }
            folded[f] = s.ucum
        }
        for f in ambiguous { folded[f] = nil }
    }
}
