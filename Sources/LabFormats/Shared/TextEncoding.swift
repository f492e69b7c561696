import Foundation
import LabCore

/// The text encodings lab exports arrive in. Detection order: UTF-8 BOM, valid UTF-8, then a single-byte
/// fallback: Mac-Roman when the text uses CR-only line ends (classic Mac exports), else Windows-1252.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf8BOM = "utf-8-bom"
    case windows1252 = "windows-1252"
    case macRoman = "mac-roman"

    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "utf-8-bom", "utf-8-sig": self = .utf8BOM
        case "windows-1252", "cp1252", "latin1", "iso-8859-1": self = .windows1252
        case "mac-roman", "macroman", "macintosh": self = .macRoman
        default: return nil
        }
    }

    /// Picks the encoding from the first bytes of a file.
    public static func detect(_ head: [UInt8], isComplete: Bool) -> TextEncoding {
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8BOM }
        if isValidUTF8(head, allowTruncatedEnd: !isComplete) { return .utf8 }
        let hasCR = head.contains(0x0D)
        let hasLF = head.contains(0x0A)
        return hasCR && !hasLF ? .macRoman : .windows1252
    }

    static func isValidUTF8(_ bytes: [UInt8], allowTruncatedEnd: Bool) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            let len: Int
            if b < 0x80 { i += 1; continue }
            else if b & 0xE0 == 0xC0, b >= 0xC2 { len = 2 }
            else if b & 0xF0 == 0xE0 { len = 3 }
            else if b & 0xF8 == 0xF0, b <= 0xF4 { len = 4 }
            else { return false }
            if i + len > n { return allowTruncatedEnd }
            for k in 1..<len where bytes[i + k] & 0xC0 != 0x80 { return false }
            i += len
        }
        return true
    }

    /// Decodes `bytes`; UTF-8 that turns out invalid later in a file is read as Windows-1252 for that piece
    /// (the caller records it).
    public func decode<C: Collection>(_ bytes: C) -> (text: String, fellBack: Bool) where C.Element == UInt8 {
        switch self {
        case .utf8, .utf8BOM:
            if let s = String(validating: bytes, as: UTF8.self) { return (s, false) }
            return (TextEncoding.windows1252.decode(bytes).text, true)
        case .windows1252:
            return (String(String.UnicodeScalarView(bytes.map { TextEncoding.cp1252Scalar($0) })), false)
        case .macRoman:
            return (String(String.UnicodeScalarView(bytes.map { TextEncoding.macRomanScalar($0) })), false)
        }
    }

    private static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func cp1252Scalar(_ b: UInt8) -> Unicode.Scalar {
        if b >= 0x80 && b < 0xA0 { return Unicode.Scalar(cp1252High[Int(b - 0x80)])! }
        return Unicode.Scalar(b)
    }

    // Mac OS Roman 0x80–0xFF.
    private static let macRomanHigh: [UInt32] = [
        0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1, 0x00E0, 0x00E2, 0x00E4, 0x00E3, 0x00E5, 0x00E7, 0x00E9, 0x00E8,
        0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3, 0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC,
        0x2020, 0x00B0, 0x00A2, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x00DF, 0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,
        0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211, 0x220F, 0x03C0, 0x222B, 0x00AA, 0x00BA, 0x03A9, 0x00E6, 0x00F8,
        0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB, 0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153,
        0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x25CA, 0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02,
        0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1, 0x00CB, 0x00C8, 0x00CD, 0x00CE, 0x00CF, 0x00CC, 0x00D3, 0x00D4,
        0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC, 0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7,
    ]

    static func macRomanScalar(_ b: UInt8) -> Unicode.Scalar {
        if b >= 0x80 { return Unicode.Scalar(macRomanHigh[Int(b - 0x80)])! }
        return Unicode.Scalar(b)
    }
}
