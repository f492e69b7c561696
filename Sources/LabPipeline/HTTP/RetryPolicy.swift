import Foundation

/// When to ask an endpoint again: connection errors, timeouts, broken-off bodies, 5xx and 429, with exponential
/// backoff and jitter, a `Retry-After` honoured, and a maximum number of attempts.
///
/// Attempt `n` (1-based) that failed waits `min(maxDelay, baseDelay × multiplier^(n-1))`, less up to
/// `jitter` of it at random (so many fetchers that failed together do not come back together). A
/// `Retry-After` replaces that delay; one longer than `maxRetryAfter` ends the fetch instead.
public struct HTTPRetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var baseDelay: Double
    public var multiplier: Double
    public var maxDelay: Double
    /// Fraction of each delay taken off at random (0…1).
    public var jitter: Double
    public var maxRetryAfter: Double

    public init(maxAttempts: Int = 5, baseDelay: Double = 1, multiplier: Double = 2, maxDelay: Double = 60,
                jitter: Double = 0.5, maxRetryAfter: Double = 600) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(0, baseDelay)
        self.multiplier = max(1, multiplier)
        self.maxDelay = max(0, maxDelay)
        self.jitter = min(1, max(0, jitter))
        self.maxRetryAfter = max(0, maxRetryAfter)
    }

    /// Statuses worth another attempt: 429 and 5xx except 501 Not Implemented and 505 (they will not change).
    public static func isRetryable(status: Int) -> Bool {
        status == 429 || ((500...599).contains(status) && status != 501 && status != 505)
    }

    /// Seconds to wait after failed attempt `attempt`; `random` is uniform in 0..<1.
    public func backoff(afterAttempt attempt: Int, random: Double) -> Double {
        let exponential = baseDelay * pow(multiplier, Double(max(0, attempt - 1)))
        let capped = min(maxDelay, exponential)
        return capped * (1 - jitter * min(1, max(0, random)))
    }

    /// Seconds a `Retry-After` value asks for (delay-seconds or an HTTP-date, RFC 9110 §10.2.3); nil when unreadable.
    public static func retryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let v = value?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
        if let seconds = Int(v) { return Double(max(0, seconds)) }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "GMT")
            f.dateFormat = format
            if let date = f.date(from: v) { return max(0, date.timeIntervalSince(now)) }
        }
        return nil
    }
}

/// Waits between attempts. Injectable so tests need not really wait.
public protocol HTTPSleeper: Sendable {
    /// Waits `seconds`; returns false when the wait was cut short because the fetch should stop.
    func sleep(_ seconds: Double) -> Bool
}

/// Really waits, on the calling thread; `stop()` (e.g. from a signal handler) ends waits early.
public final class ThreadSleeper: HTTPSleeper, @unchecked Sendable {
    // @unchecked: `stopped` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var stopped = false

    public init() {}

    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    public func sleep(_ seconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: max(0, seconds))
        condition.lock()
        defer { condition.unlock() }
        while !stopped && Date() < deadline { _ = condition.wait(until: deadline) }
        return !stopped
    }

    public var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }
}
