import Dispatch
import Foundation
import LabCore
import LabStore
import Logging
import Synchronization

/// One unit of work handed to the runtime: a file, how to ingest it, and what to do with it afterwards.
public struct UnitJob: Sendable {
    public var path: String
    /// The URI reports and provenance name (default: the file's URL).
    public var uri: String?
    public var sourceName: String?
    public var ingestor: UnitIngestor
    public var reprocess: Bool
    /// Runs once the unit is committed, found duplicate or failed (archive, delete, move to errors…), off the
    /// writer; it may add notes to the report it returns.
    public var finish: (@Sendable (UnitReport) -> UnitReport)?

    public init(path: String, uri: String? = nil, sourceName: String?, ingestor: UnitIngestor, reprocess: Bool = false,
                finish: (@Sendable (UnitReport) -> UnitReport)? = nil) {
        self.path = path
        self.uri = uri
        self.sourceName = sourceName
        self.ingestor = ingestor
        self.reprocess = reprocess
        self.finish = finish
    }
}

/// The stage runtime: intake → parse+normalize (concurrent) → append (one serial writer).
///
/// ```
///  submit(job) ──(blocks while `workers` units are in flight)──┐
///                                                              ▼
///  parse queue (concurrent): hash → duplicate check → parse → normalize ──batches──▶ UnitChannel (bounded,
///                                                                         high/low watermarks per unit)
///  writer queue (serial, submit order): one store transaction per unit, appending batches as they come ◀──┘
///  after queue (serial): archive / delete / errors, then the report callback
/// ```
///
/// Memory stays flat: at most `workers` units are open, and each buffers at most `highWatermark` batches of
/// `batchSize` records. The writer takes units one at a time in submit order; the unit it is writing always
/// has a running parser (parsers start in submit order and only wait on their own buffer), so no unit waits on
/// another and nothing deadlocks while SQLite's single write transaction is open.
public final class StageRuntime: @unchecked Sendable {
    // @unchecked: the mutable state is in `state` (a Mutex); queues and the semaphore are thread-safe.
    public struct Options: Sendable {
        /// Units in flight (parsing, waiting for the writer or being written). Default: the core count.
        public var workers: Int
        /// Batches buffered per unit before its parser waits, and the depth at which it resumes.
        public var highWatermark: Int
        public var lowWatermark: Int

        public init(workers: Int? = nil, highWatermark: Int = 4, lowWatermark: Int = 1) {
            self.workers = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
            self.highWatermark = max(2, highWatermark)
            self.lowWatermark = min(max(0, lowWatermark), self.highWatermark - 1)
        }
    }

    private struct State {
        var stopping = false
        var live: [Int: UnitChannel] = [:]
        var nextID = 0
    }

    public let options: Options
    private let parseQueue = DispatchQueue(label: "labingest.parse", attributes: .concurrent)
    private let writerQueue = DispatchQueue(label: "labingest.writer")
    private let afterQueue = DispatchQueue(label: "labingest.after")
    private let slots: DispatchSemaphore
    private let group = DispatchGroup()
    private let state = Mutex(State())
    private let onReport: @Sendable (UnitJob, UnitReport) -> Void

    /// - Parameter onReport: called once per unit, in submit order, on the runtime's after queue.
    public init(options: Options = Options(), onReport: @escaping @Sendable (UnitJob, UnitReport) -> Void) {
        self.options = options
        self.slots = DispatchSemaphore(value: options.workers)
        self.onReport = onReport
    }

    /// Hands a unit to the runtime, waiting while `workers` units are in flight (intake is demand-driven).
    /// - Returns: false when the runtime is stopping; the job was not taken.
    @discardableResult
    public func submit(_ job: UnitJob) -> Bool {
        if state.withLock({ $0.stopping }) { return false }
        slots.wait()
        let channel = UnitChannel(low: options.lowWatermark, high: options.highWatermark)
        let id: Int? = state.withLock { s in
            guard !s.stopping else { return nil }
            s.nextID += 1
            s.live[s.nextID] = channel
            return s.nextID
        }
        guard let id else {
            slots.signal()
            return false
        }
        group.enter()
        parseQueue.async { StageRuntime.parse(job, into: channel) }
        writerQueue.async { [self] in
            let report = StageRuntime.write(job, from: channel)
            afterQueue.async { [self] in
                let final = job.finish?(report) ?? report
                state.withLock { _ = $0.live.removeValue(forKey: id) }
                onReport(job, final)
                slots.signal()
                group.leave()
            }
        }
        return true
    }

    /// Takes no new units; those in flight go on to the end.
    public func stop() {
        state.withLock { $0.stopping = true }
    }

    public var isStopping: Bool { state.withLock { $0.stopping } }

    /// Rolls back the units in flight (their files stay where they were claimed, for the caller to put back).
    public func cancelInFlight() {
        stop()
        let channels = state.withLock { Array($0.live.values) }
        for c in channels { c.cancel() }
    }

    /// Blocks until every submitted unit has been reported.
    public func waitUntilIdle() {
        group.wait()
    }

    /// Calls `body` (on `queue`) once every submitted unit has been reported.
    public func notifyWhenIdle(queue: DispatchQueue, _ body: @escaping @Sendable () -> Void) {
        group.notify(queue: queue) { @Sendable in body() }
    }

    // MARK: - Stages

    /// The parse stage of one unit: hash, duplicate check, parse and normalize into the unit's channel.
    static func parse(_ job: UnitJob, into channel: UnitChannel) {
        switch job.ingestor.open(path: job.path, uri: job.uri, reprocess: job.reprocess) {
        case .finished(let report):
            channel.close(with: .finished(report))
        case .ready(let reading):
            do throws(LabError) {
                try channel.send(.opened(reading.info))
                let summary = try reading.parse { (batch) throws(LabError) in try channel.send(.batch(batch)) }
                channel.close(with: .end(summary))
            } catch {
                channel.close(with: .failed(error))
            }
        }
    }

    /// The append stage of one unit, on the serial writer: one store transaction fed from the channel.
    static func write(_ job: UnitJob, from channel: UnitChannel) -> UnitReport {
        let ingestor = job.ingestor
        let fallbackURI = job.uri ?? URL(fileURLWithPath: job.path).standardizedFileURL.absoluteString
        guard let first = channel.receive() else {
            return ingestor.failed(UnitChannel.cancellation, path: job.path, info: nil, report: UnitReport(uri: fallbackURI))
        }
        let info: SourceInfo
        switch first {
        case .finished(let report):
            return report
        case .opened(let i):
            info = i
        case .failed(let error):
            return ingestor.failed(error, path: job.path, info: nil, report: UnitReport(uri: fallbackURI))
        case .batch, .end:
            channel.cancel()
            return ingestor.failed(LabError(.storeFailed, "internal error: a unit's batches came before it was opened"),
                                   path: job.path, info: nil, report: UnitReport(uri: fallbackURI))
        }
        // Another unit with the same bytes may have committed since this one's parser looked.
        if !job.reprocess, let done = try? ingestor.store.completedSource(sha256: info.sha256) {
            channel.cancel()
            return ingestor.duplicate(ingestor.report(for: info), done)
        }
        var tally = UnitTally()
        do throws(LabError) {
            let record = try ingestor.store.ingestUnit(info) { writer in
                while true {
                    guard let message = channel.receive() else { throw UnitChannel.cancellation }
                    switch message {
                    case .batch(let batch): try tally.apply(batch, to: writer)
                    case .end(let summary): return (tally.counts, summary.encoding, summary.notes)
                    case .failed(let error): throw error
                    case .opened, .finished: throw LabError(.storeFailed, "internal error: a unit was opened twice")
                    }
                }
            }
            return ingestor.completed(info, record: record, tally: tally)
        } catch {
            channel.cancel()
            return ingestor.failed(error, path: job.path, info: info, report: ingestor.report(for: info))
        }
    }
}
