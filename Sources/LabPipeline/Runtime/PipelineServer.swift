import Dispatch
import Foundation
import LabCore
import LabStore
import Logging
import Synchronization

/// What `serve` reports, from its own threads.
public enum ServeEvent: Sendable {
    /// One unit ended.
    case unit(source: String, UnitReport)
    /// One look at a folder (or one fetch) that took work, once all its units have ended: the status line.
    case run(RunSummary)
    /// A cron schedule fired.
    case scheduled(source: String, at: Date)
}

/// The counts of one run of one source inside `serve`.
public struct RunSummary: Sendable {
    public var source: String
    public var started: Date
    public var finished: Date
    public var units: Int
    public var failed: Int
    public var counts: UnitCounts
}

/// `serve`: polls drop folders every `poll`, fires cron schedules (in the pipeline's zone) and feeds what they
/// produce to one `StageRuntime`, until stopped. Timers come from a `RuntimeClock` (DispatchSourceTimer in
/// production, a `ManualClock` in tests); all scheduling state lives on one serial queue.
public final class PipelineServer: @unchecked Sendable {
    // @unchecked: `book`, `timer`, `busy`, `stopped` are confined to `controlQueue`; `runs` is in a Mutex.
    public typealias Fetch = @Sendable (SourceDefinition, HTTPSource, Date) -> [UnitJob]

    public let runner: PipelineRunner
    public let runtime: StageRuntime
    private let clock: any RuntimeClock
    private let fetch: Fetch?
    private let onEvent: @Sendable (ServeEvent) -> Void
    private let reprocess: Bool
    private let controlQueue = DispatchQueue(label: "labingest.serve")
    private let intakeGroup = DispatchGroup()
    private var book: ScheduleBook
    private var timer: (any ScheduledTimer)?
    private var busy = Set<String>()
    private var stopped = false
    private var intakes: [String: (DropFolderIntake, DispatchQueue)] = [:]
    private let fetchQueue = DispatchQueue(label: "labingest.fetch")

    private struct Tally {
        var summary: RunSummary
        var expected: Int
    }
    private struct Runs {
        var byJob: [String: Int] = [:]
        var tallies: [Int: Tally] = [:]
        var nextID = 0
    }
    /// A reference to the run book, so the runtime's callback (made before `self` exists) can share it.
    private final class RunBook: Sendable {
        let state = Mutex(Runs())
    }
    private let runBook: RunBook

    /// - Parameters:
    ///   - fetch: fetches an `http` source when its schedule fires (the HTTP fetcher plugs in here); without it
    ///     a fired schedule is logged and skipped.
    ///   - onEvent: called from the server's threads.
    public init(runner: PipelineRunner, clock: any RuntimeClock = SystemClock(), workers: Int? = nil, reprocess: Bool = false,
                fetch: Fetch? = nil, onEvent: @escaping @Sendable (ServeEvent) -> Void) {
        self.runner = runner
        self.clock = clock
        self.fetch = fetch
        self.onEvent = onEvent
        self.reprocess = reprocess
        self.book = ScheduleBook(zone: runner.definition.timezone)
        let book = RunBook()
        self.runBook = book
        self.runtime = StageRuntime(options: StageRuntime.Options(workers: workers)) { job, report in
            onEvent(.unit(source: job.sourceName ?? "", report))
            let done: RunSummary? = book.state.withLock { r in
                guard let id = r.byJob.removeValue(forKey: job.path), var t = r.tallies[id] else { return nil }
                t.summary.units += 1
                t.summary.counts = t.summary.counts + report.counts
                if report.status == .failed { t.summary.failed += 1 }
                t.expected -= 1
                if t.expected > 0 {
                    r.tallies[id] = t
                    return nil
                }
                r.tallies.removeValue(forKey: id)
                t.summary.finished = Date()
                return t.summary
            }
            if let done { onEvent(.run(done)) }
        }
    }

    /// Opens the drop folders and arms the schedule (each look at a folder first takes over files an interrupted
    /// run had claimed, so the first look, at once, recovers them).
    /// - Throws: when a drop folder does not exist or its work folder cannot be made.
    public func start() throws(LabError) {
        let now = clock.now()
        var opened: [String: (DropFolderIntake, DispatchQueue)] = [:]
        var book = ScheduleBook(zone: runner.definition.timezone)
        for source in runner.definition.sources {
            switch source.kind {
            case .files:
                continue   // fixed files are for run, not serve
            case .directory(let folder):
                let intake = try DropFolderIntake(source: source, runner: runner)
                opened[source.name] = (intake, DispatchQueue(label: "labingest.intake.\(source.name)"))
                book.add(source.name, .every(folder.poll), now: now)
            case .http(let http):
                book.add(source.name, .cron(http.schedule), now: now)
            }
        }
        controlQueue.sync {
            self.intakes = opened
            self.book = book
        }
        controlQueue.async { [self] in tick() }
    }

    /// Stops taking new work; units in flight finish (or, with `cancelInFlight`, roll back and their files go
    /// back to the drop folder). `completion` runs once everything has ended and the work folders are released.
    public func stop(cancelInFlight: Bool = false, completion: @escaping @Sendable () -> Void) {
        controlQueue.async { [self] in
            let first = !stopped
            stopped = true
            timer?.cancel()
            timer = nil
            if cancelInFlight { runtime.cancelInFlight() } else { runtime.stop() }
            guard first else { return }
            intakeGroup.notify(queue: controlQueue) { @Sendable [self] in
                runtime.notifyWhenIdle(queue: controlQueue) { @Sendable [self] in
                    for (intake, _) in intakes.values { intake.work.release() }
                    completion()
                }
            }
        }
    }

    /// Blocks until the looks and fetches started so far have handed over their work (tests step a manual
    /// clock and call this between steps).
    public func waitForIntake() {
        intakeGroup.wait()
        controlQueue.sync {}
    }

    // MARK: - Scheduling (on controlQueue)

    private func tick() {
        dispatchPrecondition(condition: .onQueue(controlQueue))
        guard !stopped else { return }
        let now = clock.now()
        for name in book.due(at: now) { fire(name, at: now) }
        timer?.cancel()
        timer = book.nextDeadline.map { deadline in
            clock.schedule(at: deadline, queue: controlQueue) { [self] in tick() }
        }
    }

    private func fire(_ name: String, at now: Date) {
        guard let source = runner.definition.sources.first(where: { $0.name == name }) else { return }
        guard !busy.contains(name) else {
            runner.logger.debug("previous run still going; this one is skipped", metadata: ["source": "\(name)"])
            return
        }
        switch source.kind {
        case .directory:
            guard let (intake, queue) = intakes[name] else { return }
            busy.insert(name)
            intakeGroup.enter()
            queue.async { [self] in
                let jobs = runtime.isStopping ? [] : intake.poll(now: clock.now(), reprocess: reprocess)
                submit(jobs, source: name, intake: intake)
                controlQueue.async { [self] in busy.remove(name) }
                intakeGroup.leave()
            }
        case .http(let http):
            onEvent(.scheduled(source: name, at: now))
            guard let fetch else {
                runner.logger.warning("schedule fired, but fetching http sources is not available in this build", metadata: ["source": "\(name)"])
                return
            }
            busy.insert(name)
            intakeGroup.enter()
            fetchQueue.async { [self] in
                let jobs = fetch(source, http, now)
                submit(jobs, source: name, intake: nil)
                controlQueue.async { [self] in busy.remove(name) }
                intakeGroup.leave()
            }
        case .files:
            return
        }
    }

    /// Registers a run of `jobs` and submits them (waiting for room in the runtime); jobs the stopping runtime
    /// refuses go back to their drop folder.
    private func submit(_ jobs: [UnitJob], source: String, intake: DropFolderIntake?) {
        guard !jobs.isEmpty else { return }
        let id = runBook.state.withLock { r in
            r.nextID += 1
            r.tallies[r.nextID] = Tally(summary: RunSummary(source: source, started: Date(), finished: Date(), units: 0, failed: 0,
                                                             counts: UnitCounts()), expected: jobs.count)
            for j in jobs { r.byJob[j.path] = r.nextID }
            return r.nextID
        }
        var refused: [UnitJob] = []
        for job in jobs where !runtime.submit(job) { refused.append(job) }
        guard !refused.isEmpty else { return }
        runBook.state.withLock { r in
            for j in refused { r.byJob.removeValue(forKey: j.path) }
            r.tallies[id]?.expected -= refused.count
            if r.tallies[id]?.expected == 0 { r.tallies.removeValue(forKey: id) }
        }
        intake?.giveBack(refused)
    }
}
