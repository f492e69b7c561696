import Foundation
import Testing
import LabCore
@testable import LabPipeline

@Suite struct CronTests {
    let utc = TimeZone(identifier: "UTC")!
    let newYork = TimeZone(identifier: "America/New_York")!

    func date(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }
    func iso(_ d: Date?) -> String { d.map { ISO8601DateFormatter().string(from: $0) } ?? "never" }

    /// The next `n` fires after `start`.
    func fires(_ expr: String, from start: String, in zone: TimeZone, count n: Int) throws -> [String] {
        let c = try CronExpression(expr)
        var t = date(start)
        var out: [String] = []
        for _ in 0..<n {
            guard let next = c.nextFire(after: t, in: zone) else { break }
            out.append(iso(next))
            t = next
        }
        return out
    }

    @Test func fieldsListsRangesStepsAndNames() throws {
        let c = try CronExpression("*/20 8-10/2 1,15 jan-MAR mon-fri")
        #expect(c.minutes == [0, 20, 40])
        #expect(c.hours == [8, 10])
        #expect(c.monthDays == [1, 15])
        #expect(c.months == [1, 2, 3])
        #expect(c.weekdays == [1, 2, 3, 4, 5])
        #expect(try CronExpression("0 0 * * 7").weekdays == [0])
        #expect(try CronExpression("5/15 * * * *").minutes == [5, 20, 35, 50])
        #expect(try CronExpression("@hourly").minutes == [0] && CronExpression("@hourly").hours.count == 24)
        #expect(try CronExpression("@daily").hours == [0])
        #expect(try CronExpression("@weekly").weekdays == [0])
    }

    @Test(arguments: ["", "* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "*/0 * * * *",
                      "5-1 * * * *", "* * * foo *", "@reboot", "0 0 30 2 *", "1,,2 * * * *", "1/2/3 * * * *"])
    func rejectsBadExpressions(_ text: String) {
        #expect(throws: LabError.self) { try CronExpression(text) }
    }

    @Test func dayOfMonthOrDayOfWeekWhenBothAreRestricted() throws {
        // 2024-03-01 is a Friday: "the 1st or any Monday".
        #expect(try fires("0 9 1 * mon", from: "2024-02-29T12:00:00Z", in: utc, count: 3)
                == ["2024-03-01T09:00:00Z", "2024-03-04T09:00:00Z", "2024-03-11T09:00:00Z"])
        // Only the weekday when the day of month is *.
        #expect(try fires("30 6 * * sat,sun", from: "2024-03-01T00:00:00Z", in: utc, count: 2)
                == ["2024-03-02T06:30:00Z", "2024-03-03T06:30:00Z"])
        #expect(try fires("0 0 29 2 *", from: "2024-03-01T00:00:00Z", in: utc, count: 1) == ["2028-02-29T00:00:00Z"])
    }

    @Test func nextFireIsStrictlyAfter() throws {
        let c = try CronExpression("*/15 * * * *")
        #expect(iso(c.nextFire(after: date("2024-05-01T10:15:00Z"), in: utc)) == "2024-05-01T10:30:00Z")
        #expect(iso(c.nextFire(after: date("2024-05-01T10:14:59Z"), in: utc)) == "2024-05-01T10:15:00Z")
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        #expect(iso(try CronExpression("@daily").nextFire(after: date("2024-05-01T10:00:00Z"), in: shanghai)) == "2024-05-01T16:00:00Z")
    }

    /// 2024-03-10 in New York: 02:00 EST jumps to 03:00 EDT. A daily 02:30 job runs once, at the jump.
    @Test func skippedHourRunsOnce() throws {
        #expect(try fires("30 2 * * *", from: "2024-03-09T12:00:00Z", in: newYork, count: 3)
                == ["2024-03-10T07:00:00Z", "2024-03-11T06:30:00Z", "2024-03-12T06:30:00Z"])
        // Every 15 minutes of the missing hour collapse into one run at 03:00 EDT, then 03:00 itself is the same instant.
        #expect(try fires("*/15 2,3 10 3 *", from: "2024-03-10T06:00:00Z", in: newYork, count: 3)
                == ["2024-03-10T07:00:00Z", "2024-03-10T07:15:00Z", "2024-03-10T07:30:00Z"])
    }

    /// 2024-11-03 in New York: 02:00 EDT falls back to 01:00 EST. A daily 01:30 job runs once (the first 01:30).
    @Test func repeatedHourRunsOnce() throws {
        #expect(try fires("30 1 * * *", from: "2024-11-02T12:00:00Z", in: newYork, count: 3)
                == ["2024-11-03T05:30:00Z", "2024-11-04T06:30:00Z", "2024-11-05T06:30:00Z"])
        // Hourly: 01:00 once, then 02:00 EST — the repeated hour does not run twice.
        #expect(try fires("0 * * * *", from: "2024-11-03T04:30:00Z", in: newYork, count: 3)
                == ["2024-11-03T05:00:00Z", "2024-11-03T07:00:00Z", "2024-11-03T08:00:00Z"])
        // Starting inside the second 01:xx, the 01:30 of that day is already past.
        #expect(try fires("30 1 * * *", from: "2024-11-03T06:10:00Z", in: newYork, count: 1) == ["2024-11-04T06:30:00Z"])
    }

    @Test func scheduleBookFiresEachTriggerOnceAndCoalescesMissedFires() throws {
        var book = ScheduleBook(zone: utc)
        let t0 = date("2024-05-01T10:00:00Z")
        book.add("poll", .every(10), now: t0)
        book.add("lis", .cron(try CronExpression("*/5 * * * *")), now: t0)
        #expect(book.due(at: t0) == ["poll"])
        #expect(book.nextDeadline == t0.addingTimeInterval(10))
        #expect(book.due(at: t0.addingTimeInterval(9)) == [])
        // Asleep for an hour: each fires once, not once per missed time.
        #expect(book.due(at: t0.addingTimeInterval(3600)) == ["poll", "lis"])
        #expect(iso(book.nextDeadline) == "2024-05-01T11:00:10Z")
    }

    /// `serve`'s scheduler driven by a manual clock through a whole DST week: a daily 02:30 fetch fires exactly
    /// once per local day, and a repeated-hour 01:30 fetch too. Nothing sleeps.
    @Test func serverFiresSchedulesOncePerDayAcrossDST() throws {
        let dir = RT.tempFolder()
        let path = (dir as NSString).appendingPathComponent("cron.yaml")
        RT.write("""
            name: cron
            store: store.sqlite
            timezone: America/New_York
            sources:
              - name: spring
                type: http
                url: https://lis.example.org/results
                schedule: "30 2 * * *"
                format: lab-csv
              - name: autumn
                type: http
                url: https://lis.example.org/results
                schedule: "30 1 * * *"
                format: lab-csv
            """, to: path)
        let runner = try RT.runner(path)
        let fired = Fires()
        let clock = ManualClock(now: date("2024-03-08T00:00:00Z"))
        let server = PipelineServer(runner: runner, clock: clock, workers: 1, fetch: { source, _, at in
            fired.add(source.name, at)
            return []
        }, onEvent: { _ in })
        try server.start()
        #expect(RT.eventually(timeout: 5) { clock.pendingCount == 1 })
        while clock.now() < date("2024-11-06T00:00:00Z") {
            clock.advance(by: 3600)
            server.waitForIntake()
        }
        let spring = fired.times("spring").map(iso)
        #expect(spring.prefix(5) == ["2024-03-08T07:30:00Z", "2024-03-09T07:30:00Z", "2024-03-10T07:00:00Z",
                                     "2024-03-11T06:30:00Z", "2024-03-12T06:30:00Z"])
        let autumn = fired.times("autumn").map(iso).filter { $0.hasPrefix("2024-11") }
        #expect(autumn == ["2024-11-01T05:30:00Z", "2024-11-02T05:30:00Z", "2024-11-03T05:30:00Z",
                           "2024-11-04T06:30:00Z", "2024-11-05T06:30:00Z"])
        // One fire per local day over the whole span (Mar 8 – Nov 5 inclusive = 243 days).
        #expect(fired.times("spring").count == 243)
        #expect(fired.times("autumn").count == 243)
        let done = DispatchSemaphore(value: 0)
        server.stop { done.signal() }
        #expect(done.wait(timeout: .now() + 10) == .success)
    }
}

final class Fires: @unchecked Sendable {
    private let lock = NSLock()
    private var all: [(String, Date)] = []
    func add(_ name: String, _ at: Date) { lock.lock(); all.append((name, at)); lock.unlock() }
    func times(_ name: String) -> [Date] { lock.lock(); defer { lock.unlock() }; return all.filter { $0.0 == name }.map(\.1) }
}
