import Foundation
import LabCore

/// Calendar arithmetic for the synthetic trial without Foundation's calendars or locales (so the output
/// cannot change with the machine's time zone or ICU data): days since 1970-01-01 and local wall times.
public enum SynthCalendar {
    /// Civil date of a day number (the same proleptic Gregorian arithmetic the ingestion side uses).
    public static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let (y, m, d) = LabTime.civilFromDays(days)
        return (y, m, d)
    }

    /// Day number of a civil date.
    public static func days(year: Int, month: Int, day: Int) -> Int {
        LabTime.daysFromCivil(year: year, month: month, day: day)
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    static func four(_ n: Int) -> String { String(repeating: "0", count: max(0, 4 - String(n).count)) + String(n) }

    /// `2024-03-04`.
    public static func isoDate(_ days: Int) -> String {
        let c = civil(days)
        return "\(four(c.year))-\(two(c.month))-\(two(c.day))"
    }

    /// `2024-03`.
    public static func yearMonth(_ days: Int) -> String {
        let c = civil(days)
        return "\(four(c.year))-\(two(c.month))"
    }

    /// `11-Mar-2024` (the FCS `$DATE` keyword form).
    public static func fcsDate(_ days: Int) -> String {
        let c = civil(days)
        return "\(two(c.day))-\(monthNames[c.month - 1])-\(four(c.year))"
    }
}

/// A wall-clock time at the trial sites: a day number and minutes after local midnight, in a fixed UTC
/// offset (the sites do not observe daylight saving time).
public struct SynthTime: Sendable, Hashable, Comparable {
    public var day: Int
    public var minute: Int
    public var offsetMinutes: Int

    public init(day: Int, minute: Int, offsetMinutes: Int) {
        self.day = day + minute / 1440
        self.minute = minute % 1440
        self.offsetMinutes = offsetMinutes
    }

    public static func < (a: SynthTime, b: SynthTime) -> Bool { a.utcSeconds < b.utcSeconds }

    /// Seconds since 1970 of this instant.
    public var utcSeconds: Int { day * 86_400 + minute * 60 - offsetMinutes * 60 }

    /// HL7 DTM to the minute with the offset: `202403110730+0800`.
    public var hl7WithOffset: String { hl7Local + offsetText(colon: false) }

    /// HL7 DTM to the minute, local wall time without an offset: `202403110730`.
    public var hl7Local: String {
        let c = SynthCalendar.civil(day)
        return SynthCalendar.four(c.year) + SynthCalendar.two(c.month) + SynthCalendar.two(c.day)
            + SynthCalendar.two(minute / 60) + SynthCalendar.two(minute % 60)
    }

    /// ISO 8601 with the offset: `2024-03-11T07:30:00+08:00`.
    public var isoWithOffset: String {
        SynthCalendar.isoDate(day) + "T" + SynthCalendar.two(minute / 60) + ":" + SynthCalendar.two(minute % 60) + ":00"
            + offsetText(colon: true)
    }

    /// The instant in UTC, ISO 8601 with `Z` (the event's `collectedAt`).
    public var utcISO: String {
        let s = utcSeconds
        let d = Int((Double(s) / 86_400).rounded(.down))
        let rest = s - d * 86_400
        return SynthCalendar.isoDate(d) + "T" + SynthCalendar.two(rest / 3600) + ":" + SynthCalendar.two(rest % 3600 / 60) + ":"
            + SynthCalendar.two(rest % 60) + "Z"
    }

    /// `yyyy-MM-dd HH:mm:ss` local (an instrument's run time stamp).
    public var localText: String {
        SynthCalendar.isoDate(day) + " " + SynthCalendar.two(minute / 60) + ":" + SynthCalendar.two(minute % 60) + ":00"
    }

    private func offsetText(colon: Bool) -> String {
        let sign = offsetMinutes < 0 ? "-" : "+"
        let m = abs(offsetMinutes)
        return sign + SynthCalendar.two(m / 60) + (colon ? ":" : "") + SynthCalendar.two(m % 60)
    }
}
