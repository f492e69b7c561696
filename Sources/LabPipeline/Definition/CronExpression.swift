import Foundation
import LabCore

/// A 5-field cron expression (`minute hour day-of-month month day-of-week`), as in Vixie cron:
/// lists (`1,15`), ranges (`9-17`), steps (`*/15`, `8-18/2`), month and weekday names (`jan`, `mon-fri`),
/// `7` for Sunday, and the macros `@yearly`/`@annually`, `@monthly`, `@weekly`, `@daily`/`@midnight`,
/// `@hourly`. When both day fields are restricted a day matches either (cron's rule); when one is `*` only
/// the other counts.
///
/// For example `CronExpression("*/15 6-22 * * mon-fri")` fires every quarter hour from 06:00 to 22:45 on
/// weekdays. `nextFire(after:in:)` (in `CronExpression+Next.swift`) finds the next instant in a time zone.
public struct CronExpression: Sendable, Equatable, CustomStringConvertible {
    public let source: String
    /// Sorted minutes (0–59) and hours (0–23) that match.
    let minutes: [Int]
    let hours: [Int]
    let monthDays: Set<Int>
    let months: Set<Int>
    /// 0 = Sunday … 6 = Saturday.
    let weekdays: Set<Int>
    let monthDaysRestricted: Bool
    let weekdaysRestricted: Bool

    public var description: String { source }

    static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]
    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// - Throws: `pipeline.invalid` naming the field that is wrong (the message never echoes more than the field).
    public init(_ text: String) throws(LabError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var expanded = trimmed
        if trimmed.hasPrefix("@") {
            guard let m = CronExpression.macros[trimmed.lowercased()] else {
                throw LabError(.pipelineInvalid, "unknown cron macro '\(trimmed)' (known: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)")
            }
            expanded = m
        }
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw LabError(.pipelineInvalid, "a cron expression has 5 fields (minute hour day-of-month month day-of-week), found \(fields.count)")
        }
        source = trimmed
        minutes = try CronExpression.field(fields[0], name: "minute", range: 0...59, names: []).sorted()
        hours = try CronExpression.field(fields[1], name: "hour", range: 0...23, names: []).sorted()
        monthDays = try CronExpression.field(fields[2], name: "day-of-month", range: 1...31, names: [])
        months = try CronExpression.field(fields[3], name: "month", range: 1...12, names: CronExpression.monthNames, nameBase: 1)
        let dow = try CronExpression.field(fields[4], name: "day-of-week", range: 0...7, names: CronExpression.dayNames)
        weekdays = Set(dow.map { $0 % 7 })
        monthDaysRestricted = !fields[2].hasPrefix("*")
        weekdaysRestricted = !fields[4].hasPrefix("*")
        if monthDaysRestricted && !weekdaysRestricted {
            // "0 0 30 2 *" never fires: say so now rather than waiting forever.
            let longest = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            guard months.contains(where: { m in monthDays.contains { $0 <= longest[m - 1] } }) else {
                throw LabError(.pipelineInvalid, "the day-of-month never occurs in the chosen months, so the schedule never fires")
            }
        }
    }

    /// Does the calendar day match (month and the day-of-month / day-of-week rule)?
    func matches(month: Int, day: Int, weekday: Int) -> Bool {
        guard months.contains(month) else { return false }
        switch (monthDaysRestricted, weekdaysRestricted) {
        case (true, true): return monthDays.contains(day) || weekdays.contains(weekday)
        case (true, false): return monthDays.contains(day)
        case (false, true): return weekdays.contains(weekday)
        case (false, false): return true
        }
    }

    // MARK: - Parsing one field

    private static func field(_ text: String, name: String, range: ClosedRange<Int>, names: [String],
                              nameBase: Int = 0) throws(LabError) -> Set<Int> {
        func value(_ s: String) throws(LabError) -> Int {
            if let n = Int(s) {
                guard range.contains(n) else {
                    throw LabError(.pipelineInvalid, "\(name): \(n) is outside \(range.lowerBound)-\(range.upperBound)")
                }
                return n
            }
            if let i = names.firstIndex(of: s.lowercased()) { return i + nameBase }
            throw LabError(.pipelineInvalid, "\(name): '\(s)' is not a number\(names.isEmpty ? "" : " or a name (\(names.joined(separator: ",")))")")
        }
        var out = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard !item.isEmpty else { throw LabError(.pipelineInvalid, "\(name): empty list item") }
            let parts = item.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count <= 2 else { throw LabError(.pipelineInvalid, "\(name): '\(item)' has more than one step") }
            var step = 1
            if parts.count == 2 {
                guard let s = Int(parts[1]), s > 0, s <= range.upperBound + 1 else {
                    throw LabError(.pipelineInvalid, "\(name): the step in '\(item)' must be a number from 1 to \(range.upperBound + 1)")
                }
                step = s
            }
            let base = parts[0]
            var lo: Int, hi: Int
            if base == "*" {
                (lo, hi) = (range.lowerBound, range.upperBound)
                if name == "day-of-week" { hi = 6 }
            } else if let dash = base.firstIndex(of: "-"), dash != base.startIndex {
                lo = try value(String(base[..<dash]))
                hi = try value(String(base[base.index(after: dash)...]))
                guard lo <= hi else { throw LabError(.pipelineInvalid, "\(name): the range '\(base)' runs backwards") }
            } else {
                lo = try value(base)
                // "5/15" means from 5 to the end in steps of 15.
                hi = parts.count == 2 ? (name == "day-of-week" ? 6 : range.upperBound) : lo
            }
            for v in stride(from: lo, through: hi, by: step) { out.insert(v) }
        }
        return out
    }
}
