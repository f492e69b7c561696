import Foundation
import Testing
import LabCore
import LabStore
import LabFormats
@testable import LabPipeline

@Suite struct StageRuntimeTests {
    func setup(files: Int, rows: Int) throws -> (dir: String, paths: [String], pipeline: String) {
        let dir = RT.tempFolder()
        let paths = RT.makeFiles(files, rows: rows, in: (dir as NSString).appendingPathComponent("src"))
        return (dir, paths, RT.pipeline(in: dir))
    }

    /// The concurrent runtime (3 workers, tiny batches and buffers so parsers block often) ends with exactly
    /// the store the synchronous harness makes: same event ids, same counts per unit, reports in submit order.
    @Test func concurrentRuntimeMatchesSynchronousHarness() throws {
        let (dir, paths, pipeline) = try setup(files: 24, rows: 40)
        let all = paths + [paths[3]]   // the same bytes twice: the second is a duplicate
        let sync = try RT.runner(pipeline, store: (dir as NSString).appendingPathComponent("sync.sqlite"))
        let source = sync.definition.sources[0]
        let syncReports = all.map { sync.ingestor(for: source).ingest(path: $0) }

        let conc = try RT.runner(pipeline, store: (dir as NSString).appendingPathComponent("conc.sqlite"))
        var ingestor = conc.ingestor(for: source)
        ingestor.batchSize = 7
        let collected = Collected()
        let runtime = StageRuntime(options: .init(workers: 3, highWatermark: 2, lowWatermark: 1)) { job, report in
            collected.add(job.path, report)
        }
        for p in all { #expect(runtime.submit(UnitJob(path: p, sourceName: "drop", ingestor: ingestor))) }
        runtime.waitUntilIdle()
        let reports = collected.items
        #expect(reports.map(\.0) == all)
        #expect(reports.map(\.1.status) == syncReports.map(\.status))
        #expect(reports.map(\.1.counts) == syncReports.map(\.counts))
        #expect(reports.last?.1.status == .duplicate)
        #expect(reports.allSatisfy { $0.1.counts.addsUp })
        #expect(try RT.eventIDs(conc.store) == RT.eventIDs(sync.store))
        #expect(try conc.store.statistics().events == 24 * 40)
    }

    /// Batches of a unit collected by hand from the parse stage (no threads).
    func batches(_ runner: PipelineRunner, _ path: String) throws -> (SourceInfo, [UnitBatch], UnitIngestor) {
        var ingestor = runner.ingestor(for: runner.definition.sources[0])
        ingestor.batchSize = 10
        guard case .ready(let reading) = ingestor.open(path: path, reprocess: false) else { throw LabError(.notFound, "not ready") }
        var out: [UnitBatch] = []
        _ = try reading.parse { (b) throws(LabError) in out.append(b) }
        return (reading.info, out, ingestor)
    }

    /// The append stage, fed by hand: batches, then a failure → the unit rolls back entirely and is recorded
    /// as failed; then the same unit, complete → committed.
    @Test func writerRollsBackAUnitThatFailsMidway() throws {
        let (dir, paths, pipeline) = try setup(files: 1, rows: 55)
        let runner = try RT.runner(pipeline, store: (dir as NSString).appendingPathComponent("w.sqlite"))
        let (info, parts, ingestor) = try batches(runner, paths[0])
        #expect(parts.count == 6)
        let channel = UnitChannel(low: 1, high: 100)
        try channel.send(.opened(info))
        for b in parts.prefix(4) { try channel.send(.batch(b)) }
        channel.close(with: .failed(LabError(.ioUnreadable, "the file changed while it was read")))
        let job = UnitJob(path: paths[0], sourceName: "drop", ingestor: ingestor)
        let failed = StageRuntime.write(job, from: channel)
        #expect(failed.status == .failed && failed.error?.code == .ioUnreadable)
        #expect(try runner.store.statistics().events == 0)
        #expect(try runner.store.source(sha256: info.sha256)?.status == .failed)

        let again = UnitChannel(low: 1, high: 100)
        try again.send(.opened(info))
        for b in parts { try again.send(.batch(b)) }
        again.close(with: .end(ParseSummary(encoding: "utf-8")))
        let done = StageRuntime.write(job, from: again)
        #expect(done.status == .complete && done.counts == UnitCounts(read: 55, appended: 55))
        #expect(try runner.store.statistics().events == 55)
    }

    /// Cancelling while the writer waits inside the unit's transaction rolls it back (nothing committed, no
    /// failure recorded: the file will simply be read again).
    @Test func cancelRollsBackTheUnitInFlight() throws {
        let (dir, paths, pipeline) = try setup(files: 1, rows: 30)
        let runner = try RT.runner(pipeline, store: (dir as NSString).appendingPathComponent("c.sqlite"))
        let (info, parts, ingestor) = try batches(runner, paths[0])
        let channel = UnitChannel(low: 1, high: 100)
        try channel.send(.opened(info))
        try channel.send(.batch(parts[0]))
        let result = Collected()
        let finished = DispatchSemaphore(value: 0)
        let job = UnitJob(path: paths[0], sourceName: "drop", ingestor: ingestor)
        DispatchQueue.global().async {
            result.add("w", StageRuntime.write(job, from: channel))
            finished.signal()
        }
        #expect(finished.wait(timeout: .now() + 0.3) == .timedOut)   // the writer waits for more batches
        channel.cancel()
        #expect(finished.wait(timeout: .now() + 10) == .success)
        #expect(result.items.first?.1.error?.code == .runCancelled)
        #expect(try runner.store.statistics().events == 0)
        #expect(try runner.store.source(sha256: info.sha256) == nil)
    }

    @Test func stoppedRuntimeRefusesNewUnits() throws {
        let (_, paths, pipeline) = try setup(files: 2, rows: 5)
        let runner = try RT.runner(pipeline)
        let collected = Collected()
        let runtime = StageRuntime(options: .init(workers: 1)) { job, r in collected.add(job.path, r) }
        let ingestor = runner.ingestor(for: runner.definition.sources[0])
        #expect(runtime.submit(UnitJob(path: paths[0], sourceName: "drop", ingestor: ingestor)))
        runtime.stop()
        #expect(!runtime.submit(UnitJob(path: paths[1], sourceName: "drop", ingestor: ingestor)))
        runtime.waitUntilIdle()
        #expect(collected.items.map(\.1.status) == [.complete])
    }

    @Test func progressLine() {
        #expect(ProgressLine.render(done: 30, total: 120, events: 4500, elapsed: 3, width: 80)
                == "[#########..............................] 30/120 files  1500 events/s  ETA 0:09")
        #expect(ProgressLine.clock(3725) == "1:02:05")
        #expect(ProgressLine.render(done: 0, total: 10, events: 0, elapsed: 0).hasSuffix("ETA --:--"))
    }
}

final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var all: [(String, UnitReport)] = []
    func add(_ key: String, _ r: UnitReport) { lock.lock(); all.append((key, r)); lock.unlock() }
    var items: [(String, UnitReport)] { lock.lock(); defer { lock.unlock() }; return all }
}
