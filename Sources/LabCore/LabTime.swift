import Foundation

/// A reported point in time as written: calendar fields to some precision, with or without a UTC offset.
///
/// For example `LabTime.parse("202403010830+0800")` (HL7 DTM) and `LabTime.parse("2024-03-01T08:30:00+08:00")`
/// (ISO 8601) give the same value. A time without an offset is only resolved to an instant against the
/// pipeline's IANA zone (`resolved(in:)`), and the offset actually used is recorded.
public struct LabTime: Hashable, Sendable, CustomStringConvertible {
    public enum Precision: String, Sendable, Comparable, CaseIterable {
        case year, month, day, hour, minute, second, fraction
        private var rank: Int { Precision.allCases.firstIndex(of: self)! }
        public static func < (a: Precision, b: Precision) -> Bool { a.rank < b.rank }
    }

    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var nanosecond: Int
    public var offsetSeconds: Int?
    public var precision: Precision
    public var original: String

    public var description: String { original }

    /// Parses HL7 DTM/TS (`YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ]`) or ISO 8601
    /// (`YYYY-MM-DD[(T| )HH:MM[:SS[.S…]]][Z|±HH:MM|±HHMM]`). Returns nil for anything else; it never guesses
    /// between day-first and month-first forms.
    public static func parse(_ raw: String) -> LabTime? {
        // Trim by hand: Foundation's trimmingCharacters goes through NSString and dominated HL7 profiles.
        var text = Substring(raw)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        let original = String(text)
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 4 else { return nil }
        if scalars.count >= 5, scalars[4] == "-" { return parseISO(scalars, original: original) }
        return parseDTM(scalars, original: original)
    }

    // MARK: - Instants

    /// The instant this time denotes, reading an offset-less time in `zone`. Returns the instant and the
    /// offset (seconds east of UTC) that applied. Missing fields are the start of the period ("2024-03" is
    /// March 1st, 00:00). In a DST gap the wall time is moved forward by the gap; in a repeated hour the
    /// earlier instant is taken.
    public func resolved(in zone: TimeZone) -> (date: Date, offsetSeconds: Int)? {
        resolution(in: zone).map { ($0.date, $0.offsetSeconds) }
    }

    /// How an offset-less wall time met its zone's clock changes.
    public enum ZoneFit: String, Sendable {
        /// The wall time occurs once (or the time carried its own offset).
        case exact
        /// The wall time occurs twice (the repeated hour when clocks go back): the earlier instant was taken.
        case repeatedHour = "repeated-hour"
        /// The wall time never occurs (the hour skipped when clocks go forward): moved forward by the gap.
        case skippedHour = "skipped-hour"
    }

    /// `resolved(in:)`, and whether the wall time was one the zone repeats or skips (then the instant is a
    /// choice the caller should not hide).
    public func resolution(in zone: TimeZone) -> (date: Date, offsetSeconds: Int, fit: ZoneFit)? {
        let days = LabTime.daysFromCivil(year: year, month: month, day: day)
        let wallAsUTC = Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
        let fraction = Double(nanosecond) / 1e9
        if let offsetSeconds {
            return (wallAsUTC.addingTimeInterval(fraction - Double(offsetSeconds)), offsetSeconds, .exact)
        }
        // Try the zone's offsets around this wall time; the earliest consistent instant wins.
        let probes = [-36 * 3600, 0, 36 * 3600].map { wallAsUTC.addingTimeInterval(Double($0)) }
        let candidates = Set(probes.map { zone.secondsFromGMT(for: $0) }).sorted(by: >)
        let consistent = candidates.filter { zone.secondsFromGMT(for: wallAsUTC.addingTimeInterval(-Double($0))) == $0 }
        if let offset = consistent.first {
            let instant = wallAsUTC.addingTimeInterval(-Double(offset))
            return (instant.addingTimeInterval(fraction), offset, consistent.count > 1 ? .repeatedHour : .exact)
        }
        // A wall time inside a DST gap: read it with the offset before the gap (moves it forward).
        let before = zone.secondsFromGMT(for: wallAsUTC.addingTimeInterval(-36 * 3600))
        let instant = wallAsUTC.addingTimeInterval(-Double(before))
        return (instant.addingTimeInterval(fraction), zone.secondsFromGMT(for: instant), .skippedHour)
    }

    // MARK: - Formatting

    /// Milliseconds since 1970, rounded: the one instant key event ids, the stores and the output share.
    public static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// `2024-03-01T00:30:00Z`, with milliseconds only when there are any.
    public static func utcString(_ date: Date) -> String {
        let totalMillis = millis(date)
        let millis = Int(((totalMillis % 1000) + 1000) % 1000)
        let seconds = (totalMillis - Int64(millis)) / 1000
        let days = Int((seconds >= 0 ? seconds : seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let (y, m, d) = civilFromDays(days)
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, secondOfDay / 3600, (secondOfDay % 3600) / 60, secondOfDay % 60)
        if millis > 0 { text += String(format: ".%03d", millis) }
        return text + "Z"
    }

    /// `+08:00`, `-05:00`, `+00:00`.
    public static func offsetString(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        return String(format: "%@%02d:%02d", sign, magnitude / 3600, (magnitude % 3600) / 60)
    }

    /// Parses `+08:00`, `-0500`, `Z`, `+00:00` back to seconds.
    public static func parseOffset(_ text: String) -> Int? {
        if text == "Z" { return 0 }
        let scalars = Array(text.unicodeScalars)
        return parseOffsetScalars(scalars[...])
    }

    /// Whole days from `day0` (a calendar date) to the calendar date of `date` in `zone`; day 0 is the
    /// infusion day, so the day after is 1 and the day before is -1.
    public static func studyDay(of date: Date, offsetSeconds: Int, day0: DateComponents) -> Int? {
        guard let y = day0.year, let m = day0.month, let d = day0.day else { return nil }
        let local = Int((date.timeIntervalSince1970 + Double(offsetSeconds)).rounded(.down))
        let localDay = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return localDay - daysFromCivil(year: y, month: m, day: d)
    }

    // MARK: - Calendar arithmetic (proleptic Gregorian, no Foundation Calendar on the hot path)

    /// Days from 1970-01-01 to the given civil date (Howard Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count from 1970-01-01 (inverse of `daysFromCivil`).
    public static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: - Parsing

    private static func digits(_ s: ArraySlice<Unicode.Scalar>) -> Int? {
        guard !s.isEmpty else { return nil }
        var n = 0
        for c in s {
            guard let v = c.properties.numericType != nil && c.isASCII ? Int(String(c)) : nil else { return nil }
            n = n * 10 + v
        }
        return n
    }

    private static func parseOffsetScalars(_ s: ArraySlice<Unicode.Scalar>) -> Int? {
        if s.count == 1, s.first == "Z" { return 0 }
        guard let sign = s.first, sign == "+" || sign == "-" else { return nil }
        var body = Array(s.dropFirst())
        if body.count == 5, body[2] == ":" { body.remove(at: 2) }
        guard body.count == 4 || body.count == 2, let hh = digits(body[0..<2]) else { return nil }
        let mm = body.count == 4 ? digits(body[2..<4]) : 0
        guard let mm, hh <= 14, mm < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hh * 3600 + mm * 60)
    }

    private static func fractionNanos(_ s: ArraySlice<Unicode.Scalar>) -> Int? {
        guard !s.isEmpty, s.count <= 9, digits(s) != nil else { return nil }
        let padded = String(String.UnicodeScalarView(s)).padding(toLength: 9, withPad: "0", startingAt: 0)
        return Int(padded)
    }

    private static func parseDTM(_ s: [Unicode.Scalar], original: String) -> LabTime? {
        var body = s[...]
        var offset: Int?
        if let signIndex = body.firstIndex(where: { $0 == "+" || $0 == "-" }) {
            guard let o = parseOffsetScalars(body[signIndex...]) else { return nil }
            offset = o
            body = body[..<signIndex]
        }
        var fraction = 0
        var hasFraction = false
        if let dot = body.firstIndex(of: ".") {
            guard let f = fractionNanos(body[(dot + 1)...]) else { return nil }
            fraction = f
            hasFraction = true
            body = body[..<dot]
            guard body.count == 14 else { return nil }
        }
        let lengths: [(Int, Precision)] = [(4, .year), (6, .month), (8, .day), (10, .hour), (12, .minute), (14, .second)]
        guard let precision = lengths.first(where: { $0.0 == body.count })?.1 else { return nil }
        let b = body.startIndex
        func field(_ start: Int, _ len: Int, _ fallback: Int) -> Int? {
            body.count >= start + len ? digits(body[(b + start)..<(b + start + len)]) : fallback
        }
        guard let y = field(0, 4, 0), let mo = field(4, 2, 1), let d = field(6, 2, 1), let h = field(8, 2, 0),
              let mi = field(10, 2, 0), let sec = field(12, 2, 0) else { return nil }
        return make(y, mo, d, h, mi, sec, fraction, offset, hasFraction ? .fraction : precision, original)
    }

    private static func parseISO(_ s: [Unicode.Scalar], original: String) -> LabTime? {
        guard s.count >= 10, s[7] == "-", let y = digits(s[0..<4]), let mo = digits(s[5..<7]),
              let d = digits(s[8..<10]) else { return nil }
        if s.count == 10 { return make(y, mo, d, 0, 0, 0, 0, nil, .day, original) }
        guard s[10] == "T" || s[10] == " " || s[10] == "t", s.count >= 16, s[13] == ":",
              let h = digits(s[11..<13]), let mi = digits(s[14..<16]) else { return nil }
        var rest = s[16...]
        var sec = 0
        var fraction = 0
        var precision = Precision.minute
        if rest.first == ":" {
            guard rest.count >= 3, let ss = digits(rest.dropFirst().prefix(2)) else { return nil }
            sec = ss
            precision = .second
            rest = rest.dropFirst(3)
            if rest.first == "." || rest.first == "," {
                let digitsEnd = rest.dropFirst().firstIndex(where: { !($0.isASCII && $0.properties.numericType != nil) }) ?? rest.endIndex
                guard let f = fractionNanos(rest[(rest.startIndex + 1)..<digitsEnd]) else { return nil }
                fraction = f
                precision = .fraction
                rest = rest[digitsEnd...]
            }
        }
        var offset: Int?
        if !rest.isEmpty {
            guard let o = parseOffsetScalars(rest) else { return nil }
            offset = o
        }
        return make(y, mo, d, h, mi, sec, fraction, offset, precision, original)
    }

    private static func make(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ ns: Int, _ offset: Int?,
                             _ precision: Precision, _ original: String) -> LabTime? {
        guard (1...12).contains(mo), (1...31).contains(d), (0...23).contains(h), (0...59).contains(mi),
              (0...60).contains(s), y >= 1800, y <= 2200 else { return nil }
        guard d <= daysInMonth(year: y, month: mo) else { return nil }  // rejects 2024-02-30
        return LabTime(year: y, month: mo, day: d, hour: h, minute: mi, second: min(s, 59), nanosecond: ns,
                       offsetSeconds: offset, precision: precision, original: original)
    }
}
