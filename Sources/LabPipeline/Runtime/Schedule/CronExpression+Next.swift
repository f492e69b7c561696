import Foundation

extension CronExpression {
    /// The first instant strictly after `instant` at which the expression fires, reading the fields as wall-clock
    /// time in `zone`; nil when it never fires within eight years.
    ///
    /// Daylight-saving rules (so a daily job runs exactly once a day):
    /// - a wall time that does not exist (the hour skipped in spring) fires once, at the instant the clocks
    ///   jump (02:30 on a 02:00→03:00 night fires at 03:00);
    /// - a wall time that occurs twice (the hour repeated in autumn) fires once, at its first occurrence.
    public func nextFire(after instant: Date, in zone: TimeZone) -> Date? {
        let t = instant.timeIntervalSince1970
        let whole = Int64(t.rounded(.down))
        let wallNow = whole + Int64(zone.secondsFromGMT(for: instant))
        let startMinute = CivilTime.floorDiv(wallNow, 60) + 1   // wall minutes strictly after now
        let firstDay = CivilTime.floorDiv(startMinute, 1440)
        var day = firstDay
        while day < firstDay + 366 * 8 {
            let (_, m, d) = CivilTime.civil(fromDays: day)
            if matches(month: m, day: d, weekday: CivilTime.weekday(fromDays: day)) {
                for h in hours {
                    for mi in minutes {
                        let wallMinute = day * 1440 + Int64(h * 60 + mi)
                        if wallMinute < startMinute { continue }
                        let fire = CivilTime.firstInstant(wallSeconds: wallMinute * 60, in: zone)
                        if fire > t { return Date(timeIntervalSince1970: fire) }
                    }
                }
            }
            day += 1
        }
        return nil
    }
}

/// Calendar arithmetic on "wall seconds" (local time read as if it were UTC), without Calendar's cost.
enum CivilTime {
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's civil_from_days).
    static func civil(fromDays z0: Int64) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    /// Days since 1970-01-01 of a civil date.
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64(month > 2 ? month - 3 : month + 9)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// 0 = Sunday.
    static func weekday(fromDays z: Int64) -> Int { Int(((z % 7) + 11) % 7) }

    /// The first instant (seconds since 1970) whose wall-clock time in `zone` is `wallSeconds`; for a wall time
    /// inside a gap, the instant the clocks jump over it.
    static func firstInstant(wallSeconds w: Int64, in zone: TimeZone) -> Double {
        func offset(_ s: Int64) -> Int64 { Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(s)))) }
        let before = offset(w - 86_400), after = offset(w + 86_400)
        let candidates = Set([before, after]).map { w - $0 }.filter { offset($0) == w - $0 }.sorted()
        if let first = candidates.first { return Double(first) }
        // A gap (offset grows): find the transition between the two readings by bisection.
        var lo = w - max(before, after), hi = w - min(before, after)
        let late = offset(hi)
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if offset(mid) == late { hi = mid } else { lo = mid }
        }
        return Double(hi)
    }
}
