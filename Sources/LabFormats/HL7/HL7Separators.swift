import Foundation

/// The five HL7 v2 delimiters of a message (MSH-1 and MSH-2), with escape decoding and encoding.
///
/// For example `\F\` decodes to the field separator, `\.br\` to a line break and `\X0D\` to the bytes
/// it names; an escape sequence the standard does not define is kept as written.
public struct HL7Separators: Sendable, Equatable {
    public var field: Character = "|"
    public var component: Character = "^"
    public var repetition: Character = "~"
    public var escape: Character = "\\"
    public var subcomponent: Character = "&"

    public static let standard = HL7Separators()

    public init() {}

    /// Reads MSH-1 (`field`) and MSH-2 (`encoding`, e.g. `^~\&` or v2.7's `^~\&#`). Nil when unusable.
    public init?(field: Character, encoding: String) {
        let chars = Array(encoding)
        guard chars.count >= 2, !field.isLetter, !field.isNumber, !field.isWhitespace else { return nil }
        self.field = field
        component = chars[0]
        repetition = chars[1]
        escape = chars.count > 2 ? chars[2] : "\u{0}"
        subcomponent = chars.count > 3 ? chars[3] : "\u{0}"
        let all = [field, component, repetition, escape, subcomponent].filter { $0 != "\u{0}" }
        guard Set(all).count == all.count else { return nil }
    }

    // MARK: - Escapes

    /// The text an escape sequence body (between two escape characters, e.g. `F`, `.br`, `X0D0A`) stands
    /// for; nil when the body is not a known escape (the caller keeps it literally).
    public func decodeEscape(_ body: String) -> String? {
        switch body {
        case "F": return String(field)
        case "S": return String(component)
        case "T": return String(subcomponent)
        case "R": return String(repetition)
        case "E": return String(escape)
        case "P": return "#"  // v2.7 truncation character (default #)
        case ".br": return "\n"
        case "H", "N", ".fi", ".nf": return ""  // highlighting / fill mode: formatting only
        default: break
        }
        if body.hasPrefix(".sp") {
            let n = Int(body.dropFirst(3).trimmingCharacters(in: .whitespaces)) ?? 1
            return String(repeating: "\n", count: max(1, min(n, 10)))
        }
        if body.hasPrefix(".in") || body.hasPrefix(".ti") || body.hasPrefix(".sk") || body == ".ce" { return "" }
        if body.hasPrefix("C") || body.hasPrefix("M") {  // character-set switches: no text of their own
            let hex = body.dropFirst()
            if !hex.isEmpty, hex.count % 2 == 0, hex.allSatisfy(\.isHexDigit) { return "" }
        }
        if body.hasPrefix("X") {
            let hex = Array(body.dropFirst())
            guard !hex.isEmpty, hex.count % 2 == 0, hex.allSatisfy(\.isHexDigit) else { return nil }
            var bytes: [UInt8] = []
            var i = 0
            while i < hex.count {
                bytes.append(UInt8(String(hex[i...i + 1]), radix: 16)!)
                i += 2
            }
            return TextEncoding.utf8.decode(bytes).text
        }
        return nil
    }

    /// Decodes every escape sequence in `text` (text of one subcomponent).
    public func unescape(_ text: String) -> String {
        guard escape != "\u{0}", text.contains(escape) else { return text }
        var out = ""
        var rest = Substring(text)
        while let start = rest.firstIndex(of: escape) {
            out += rest[..<start]
            let afterStart = rest.index(after: start)
            guard let end = rest[afterStart...].firstIndex(of: escape) else {
                out += rest[start...]
                return out
            }
            let body = String(rest[afterStart..<end])
            if let decoded = decodeEscape(body) {
                out += decoded
            } else {
                out += rest[start...end]
            }
            rest = rest[rest.index(after: end)...]
        }
        out += rest
        return out
    }

    /// Escapes text for ER7 output with these separators (line breaks become `\.br\`).
    public func escaped(_ text: String) -> String {
        if let f = field.asciiValue, let c = component.asciiValue, let r = repetition.asciiValue,
           let e = escape.asciiValue, let sc = subcomponent.asciiValue,
           !text.utf8.contains(where: { $0 == f || $0 == c || $0 == r || $0 == e || $0 == sc || $0 == 0x0A || $0 == 0x0D }) {
            return text
        }
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case escape: out += "\(escape)E\(escape)"
            case field: out += "\(escape)F\(escape)"
            case component: out += "\(escape)S\(escape)"
            case subcomponent: out += "\(escape)T\(escape)"
            case repetition: out += "\(escape)R\(escape)"
            case "\n", "\r", "\r\n": out += "\(escape).br\(escape)"
            default: out.append(ch)
            }
        }
        return out
    }
}
