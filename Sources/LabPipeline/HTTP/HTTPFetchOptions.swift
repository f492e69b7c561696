import Foundation
import LabCore

/// How an `HTTPSourceFetcher` behaves beyond what the pipeline file says. Production code uses the
/// defaults; tests inject a sleeper, randomness, environment and hooks.
public struct HTTPFetchOptions: Sendable {
    public var retry = HTTPRetryPolicy()
    /// Waits between attempts (tests: one that records the delays and returns at once).
    public var sleeper: any HTTPSleeper = ThreadSleeper()
    /// Uniform in 0..<1; the jitter of each backoff.
    public var random: @Sendable () -> Double = { Double.random(in: 0..<1) }
    /// Where `auth`'s variables are read.
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// A response header whose value becomes the watermark, instead of the newest collection time among the
    /// fetched events (e.g. `X-Next-Since`). The pipeline schema has no key for it yet.
    public var watermarkHeader: String?
    /// Where response bodies are written while they are ingested (deleted afterwards).
    public var workDirectory: String = NSTemporaryDirectory()
    /// Polled during transfers and waits; true aborts the fetch (nothing committed moves a cursor).
    public var isCancelled: @Sendable () -> Bool = { false }
    /// Runs once every unit of a fetch has committed, just before the cursors are written. A throw leaves
    /// the cursors as they were, exactly like a crash at that point (used by the crash-recovery test).
    public var beforeCursorUpdate: (@Sendable () throws(LabError) -> Void)?

    public init() {}
}

/// What one fetch of one source did.
public struct HTTPFetchResult: Sendable {
    public var source: String
    /// One per response body (unit of work), in page order; a fetch that failed before or between bodies
    /// ends with a failed report naming the (redacted) URL and the error.
    public var reports: [UnitReport] = []
    /// The first page answered 304 Not Modified: nothing to do.
    public var notModified = false
    public var pages = 0
    /// The fetch's own failure (also the last report's error), or why the cursors were not written.
    public var error: LabError?
    /// True when the watermark and validators were written after every unit committed.
    public var cursorsAdvanced = false
    /// The watermark cursor after the fetch.
    public var watermark: String?
    public var notes: [String] = []
}

/// Units of one fetch handed to the stage runtime (`serve`, `run`): each job's `finish` records its outcome
/// and the last one to end writes the cursors.
public struct HTTPFetchJobs: Sendable {
    public var jobs: [UnitJob] = []
    /// Why the fetch stopped early (the pages before it are still in `jobs`; no cursor will move).
    public var failure: UnitReport?
    public var notModified = false
}
