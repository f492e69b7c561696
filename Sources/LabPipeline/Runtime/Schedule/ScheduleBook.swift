import Foundation

/// When each of `serve`'s triggers is due next: folder polls every N seconds, cron schedules in the
/// pipeline's zone. A pure value driven by the times it is given, so tests step through days (and DST
/// transitions) without sleeping.
public struct ScheduleBook: Sendable {
    public enum Trigger: Sendable, Equatable {
        case every(Double)
        case cron(CronExpression)
    }

    struct Entry: Sendable {
        var name: String
        var trigger: Trigger
        var next: Date?
    }

    public let zone: TimeZone
    private(set) var entries: [Entry] = []

    public init(zone: TimeZone) { self.zone = zone }

    /// Adds a trigger. A poll is due at once; a cron schedule at its next fire after `now`.
    public mutating func add(_ name: String, _ trigger: Trigger, now: Date) {
        entries.append(Entry(name: name, trigger: trigger, next: first(trigger, now: now)))
    }

    private func first(_ trigger: Trigger, now: Date) -> Date? {
        switch trigger {
        case .every: return now
        case .cron(let c): return c.nextFire(after: now, in: zone)
        }
    }

    /// The earliest time anything is due.
    public var nextDeadline: Date? { entries.compactMap(\.next).min() }

    /// The triggers due at `now`, in the order they were added; each is moved to its next time. A trigger
    /// that fell behind (the machine slept) fires once, not once per missed time.
    public mutating func due(at now: Date) -> [String] {
        var fired: [String] = []
        for i in entries.indices {
            guard let next = entries[i].next, next <= now else { continue }
            fired.append(entries[i].name)
            switch entries[i].trigger {
            case .every(let seconds): entries[i].next = now.addingTimeInterval(seconds)
            case .cron(let c): entries[i].next = c.nextFire(after: max(now, next), in: zone)
            }
        }
        return fired
    }
}
