import Foundation
import LabCore

/// Reads the dates flow exports carry, without guessing day/month order.
///
/// Accepted: ISO 8601 and HL7 DTM (through `LabTime`), the FCS keyword form `18-MAR-2024` (`$DATE`, optionally
/// followed by a time), and FACSDiva's `Record Date` form `Mar 18, 2014 12:38:58 PM`. A purely numeric
/// `03/04/2024` is ambiguous and is passed on as unparseable (the normalizer quarantines it).
enum FlowDate {
    static func reported(_ date: String?, time: String? = nil) -> ReportedTime {
        guard let date = date?.trimmingCharacters(in: .whitespaces), !date.isEmpty else { return .missing }
        let clock = time?.trimmingCharacters(in: .whitespaces) ?? ""
        let text = clock.isEmpty ? date : "\(date) \(clock)"
        if let iso = isoText(text), let parsed = LabTime.parse(iso) {
            // Keep what the file said as the original text.
            var t = parsed
            t.original = text
            return .time(t)
        }
        return .unparseable(text)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// The ISO text of `text`, or nil.
    static func isoText(_ text: String) -> String? {
        if LabTime.parse(text) != nil { return text }
        // Split date part and time part: the time part starts at the first token containing ':'.
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        guard !tokens.isEmpty else { return nil }
        var dateTokens: [String] = []
        var timeTokens: [String] = []
        for token in tokens {
            if token.contains(":") || !timeTokens.isEmpty { timeTokens.append(token) } else { dateTokens.append(token) }
        }
        var y: Int?, m: Int?, d: Int?
        if dateTokens.count == 1 {
            // 18-MAR-2024
            let parts = dateTokens[0].split(separator: "-").map(String.init)
            guard parts.count == 3, let day = Int(parts[0]), let month = monthNumber(parts[1]), let year = Int(parts[2])
            else { return nil }
            (y, m, d) = (year, month, day)
        } else if dateTokens.count == 3 {
            // Mar 18 2014 / 18 Mar 2014
            if let month = monthNumber(dateTokens[0]), let day = Int(dateTokens[1]), let year = Int(dateTokens[2]) {
                (y, m, d) = (year, month, day)
            } else if let day = Int(dateTokens[0]), let month = monthNumber(dateTokens[1]), let year = Int(dateTokens[2]) {
                (y, m, d) = (year, month, day)
            }
        }
        guard let year = y, let month = m, let day = d, year >= 1900 else { return nil }
        var iso = "\(year)-\(pad(month))-\(pad(day))"
        if !timeTokens.isEmpty {
            guard let clock = clockText(timeTokens) else { return nil }
            iso += "T" + clock
        }
        return iso
    }

    private static func monthNumber(_ token: String) -> Int? {
        let lower = token.lowercased()
        guard lower.count >= 3, lower.allSatisfy(\.isLetter) else { return nil }
        return months.firstIndex(of: String(lower.prefix(3))).map { $0 + 1 }
    }

    /// `12:38:58 PM`, `10:32`, `10:32:05.12` → `HH:MM[:SS]`.
    private static func clockText(_ tokens: [String]) -> String? {
        let parts = tokens[0].split(separator: ":").map(String.init)
        guard parts.count >= 2, var hour = Int(parts[0]), let minute = Int(parts[1]) else { return nil }
        let second = parts.count >= 3 ? Int(parts[2].split(separator: ".").first ?? "") : nil
        if parts.count >= 3, second == nil { return nil }
        if tokens.count >= 2 {
            switch tokens[1].uppercased() {
            case "AM": guard (1...12).contains(hour) else { return nil }; if hour == 12 { hour = 0 }
            case "PM": guard (1...12).contains(hour) else { return nil }; if hour != 12 { hour += 12 }
            default: return nil
            }
        }
        var text = "\(pad(hour)):\(pad(minute))"
        if let second { text += ":\(pad(second))" }
        return text
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
