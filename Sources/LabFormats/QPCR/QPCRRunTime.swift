import Foundation
import LabCore

/// Reads instrument run times into ISO 8601 text without guessing.
///
/// Handles the Applied Biosystems form `2010-10-21 00:51:26 AM EDT` (24-hour clock followed by a redundant
/// AM/PM marker; a 12-hour clock is also read: "09:09:19 PM" → 21:09:19) and Java's `Date.toString()` form
/// `Tue Mar 12 14:25:23 CET 2013`. A zone abbreviation becomes an offset only when it is unambiguous
/// (EDT, CET, JST…); otherwise the time is returned without offset and the pipeline's zone applies.
/// Day-first/month-first forms (`03-12-2013`) return nil: they cannot be read without guessing.
enum QPCRRunTime {
    static let zones: [String: Int] = [
        "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 3600, "BST": 3600, "CET": 3600, "CEST": 7200, "MET": 3600,
        "MEST": 7200, "EET": 7200, "EEST": 10800, "MSK": 10800, "EST": -18000, "EDT": -14400, "CST": -21600,
        "CDT": -18000, "MST": -25200, "MDT": -21600, "PST": -28800, "PDT": -25200, "AKST": -32400,
        "AKDT": -28800, "HST": -36000, "JST": 32400, "KST": 32400, "AEST": 36000, "AEDT": 39600,
        "ACST": 34200, "AWST": 28800, "NZST": 43200, "NZDT": 46800, "SGT": 28800, "HKT": 28800,
    ]

    static func iso(_ raw: String) -> String? {
        let parts = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !parts.isEmpty else { return nil }
        if parts[0].count == 10, parts[0].dropFirst(4).first == "-" { return fromISODate(parts) }
        if parts.count >= 6 { return fromJavaDate(parts) }
        return nil
    }

    private static func fromISODate(_ parts: [String]) -> String? {
        let date = parts[0]
        guard parts.count >= 2 else { return date }
        var rest = Array(parts.dropFirst())
        let timeParts = rest.removeFirst().split(separator: ":").compactMap { Int($0) }
        guard timeParts.count >= 2 else { return nil }
        var hour = timeParts[0]
        if let marker = rest.first?.uppercased(), marker == "AM" || marker == "PM" {
            rest.removeFirst()
            if marker == "PM" && hour < 12 { hour += 12 }
            if marker == "AM" && hour == 12 { hour = 0 }
        }
        guard hour < 24 else { return nil }
        let second = timeParts.count > 2 ? timeParts[2] : 0
        var text = String(format: "%@T%02d:%02d:%02d", date, hour, timeParts[1], second)
        if let zone = rest.first {
            if let offset = zones[zone.uppercased()] { text += LabTime.offsetString(offset) } else if let o = numericOffset(zone) { text += o }
        }
        return text
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func fromJavaDate(_ p: [String]) -> String? {
        // EEE MMM dd HH:mm:ss zzz yyyy
        guard let m = months.firstIndex(of: p[1].prefix(3).lowercased()), let day = Int(p[2]), let year = Int(p[5]) else { return nil }
        let t = p[3].split(separator: ":").compactMap { Int($0) }
        guard t.count == 3 else { return nil }
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", year, m + 1, day, t[0], t[1], t[2])
        if let offset = zones[p[4].uppercased()] { text += LabTime.offsetString(offset) }
        return text
    }

    private static func numericOffset(_ s: String) -> String? {
        let body = s.uppercased().hasPrefix("GMT") || s.uppercased().hasPrefix("UTC") ? String(s.dropFirst(3)) : s
        guard let sign = body.first, sign == "+" || sign == "-" else { return nil }
        let digits = body.dropFirst().filter(\.isNumber)
        guard digits.count == 4 || digits.count == 2 else { return nil }
        let hh = digits.prefix(2), mm = digits.count == 4 ? digits.suffix(2) : "00"
        return "\(sign)\(hh):\(mm)"
    }
}
