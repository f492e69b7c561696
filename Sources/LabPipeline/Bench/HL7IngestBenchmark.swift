import Foundation
import LabCore
import LabFormats
import LabStore
import Logging

/// HL7 v2.xml ingestion against its physical limit and against a peer, on one file: parse only, parse +
/// normalize + append to a fresh SQLite store, replay of the ingested file (recognised by its hash) and
/// reprocessing (parsed again, every event a duplicate), `xmllint --stream --noout`, and the Python peer
/// (`bench/peer_lxml.py`). A benchmark prints figures; it asserts nothing.
public struct HL7IngestBenchmark: Sendable {
    public var file: String
    public var roster: String
    /// Folder for the temporary stores.
    public var workDir: String
    /// `bench/peer_lxml.py`; nil skips the peer.
    public var peerScript: String?
    public var python = "python3"
    public var xmllint = "xmllint"

    public init(file: String, roster: String, workDir: String, peerScript: String?) {
        self.file = file
        self.roster = roster
        self.workDir = workDir
        self.peerScript = peerScript
    }

    public struct Result: Sendable {
        public var bytes: Int64
        /// OBX records the parser emitted.
        public var obx: Int
        public var parseSeconds: Double
        public var ingestSeconds: Double
        public var counts: UnitCounts
        /// Parse + normalize with the batches dropped (the parse stage without the writer), and its events.
        public var normalizeSeconds: Double
        public var normalized: Int
        /// SQLite alone inserting the same event rows into an empty store (`INSERT … SELECT`, one transaction).
        public var sqliteFloorSeconds: Double
        public var replaySeconds: Double
        public var reprocessSeconds: Double
        /// Peak RSS of this process after parse and ingest (kB).
        public var peakRSSKB: Int
        public var xmllint: ChildProcess.Run?
        public var peer: ChildProcess.Run?
        public var peerRows: Int?

        public var megabytes: Double { Double(bytes) / 1_000_000 }
    }

    /// The parser and mapper alone on the file, outputs counted and dropped: records and seconds.
    public func parseOnly() throws(LabError) -> (records: Int, seconds: Double) {
        guard let parser = FormatRegistry.parser(named: "hl7-xml") else {
            throw LabError(.formatUnknown, "the hl7-xml format is not registered in this build", locator: Locator(uri: file))
        }
        var records = 0
        let t0 = DispatchTime.now().uptimeNanoseconds
        _ = try parser.parse(try FileByteSource(path: file), context: ParseContext(uri: file)) { _ in records += 1 }
        return (records, Self.since(t0))
    }

    /// Parse + normalize with the batches dropped (the parse stage without the writer), on a throwaway
    /// store: events and seconds.
    public func normalizeOnly() throws(LabError) -> (events: Int, seconds: Double) {
        let storePath = workDir + "/bench-normalize-\(UUID().uuidString).sqlite"
        defer { Self.removeStore(storePath) }
        let (runner, source) = try prepare(storePath)
        return try Self.parseAndNormalize(file, with: runner.ingestor(for: source))
    }

    /// A runner on a fresh SQLite store at `storePath`, and the benchmark file as its source.
    private func prepare(_ storePath: String) throws(LabError) -> (PipelineRunner, SourceDefinition) {
        let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let definition = PipelineDefinition(name: "bench", timezone: TimeZone(identifier: "Asia/Shanghai")!, roster: roster)
        let runner = try PipelineRunner.prepare(definition, storeLocation: storePath, rosterPath: nil, logger: logger)
        return (runner, SourceDefinition(name: "bench", kind: .files(paths: [file]), format: "hl7-xml"))
    }

    static func removeStore(_ path: String) {
        for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) }
    }

    static func parseAndNormalize(_ file: String, with ingestor: UnitIngestor) throws(LabError) -> (events: Int, seconds: Double) {
        var events = 0
        let t = DispatchTime.now().uptimeNanoseconds
        switch ingestor.open(path: file, reprocess: true) {
        case .ready(let reading): _ = try reading.parse { batch in events += batch.events.count }
        case .finished(let report): if let error = report.error { throw error }
        }
        return (events, since(t))
    }

    public func run() throws(LabError) -> Result {
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0

        // 1. Parse only.
        let (obx, parseSeconds) = try parseOnly()

        // 2. Parse + normalize + append, then the same file again (replay) and reprocessed.
        let storePath = workDir + "/bench-hl7-\(UUID().uuidString).sqlite"
        defer { Self.removeStore(storePath) }
        let (runner, source) = try prepare(storePath)
        let ingestor = runner.ingestor(for: source)
        // 1b. Parse + normalize, batches dropped: the parse stage alone, without the writer.
        let (normalized, normalizeSeconds) = try Self.parseAndNormalize(file, with: ingestor)
        let t1 = DispatchTime.now().uptimeNanoseconds
        // Through the stage runtime, as `run` and `ingest` do: parse + normalize on a worker while the writer appends.
        guard let first = runner.ingest([file], source: source, onEvent: { _ in }).first else {
            throw LabError(.ioUnreadable, "the runtime reported nothing for the benchmark file")
        }
        let ingestSeconds = Self.since(t1)
        if let error = first.error { throw error }
        let peak = ChildProcess.selfPeakRSSKB()
        let floorSeconds = try Self.sqliteFloor(copying: storePath, workDir: workDir)
        let t2 = DispatchTime.now().uptimeNanoseconds
        _ = ingestor.ingest(path: file)
        let replaySeconds = Self.since(t2)
        let t3 = DispatchTime.now().uptimeNanoseconds
        _ = ingestor.ingest(path: file, reprocess: true)
        let reprocessSeconds = Self.since(t3)

        // 3. Peers.
        let lint = ChildProcess.run([xmllint, "--stream", "--noout", file])
        var peer: ChildProcess.Run?
        var peerRows: Int?
        if let peerScript {
            let db = workDir + "/bench-peer-\(UUID().uuidString).sqlite"
            defer { Self.removeStore(db) }
            peer = ChildProcess.run([python, peerScript, file, "--roster", roster, "--db", db])
            if let out = peer?.output, let line = out.split(separator: "\n").last,
               let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
                peerRows = (json["rows"] as? NSNumber)?.intValue
            }
        }
        return Result(bytes: size, obx: obx, parseSeconds: parseSeconds, ingestSeconds: ingestSeconds, counts: first.counts,
                      normalizeSeconds: normalizeSeconds, normalized: normalized, sqliteFloorSeconds: floorSeconds, replaySeconds: replaySeconds, reprocessSeconds: reprocessSeconds, peakRSSKB: peak,
                      xmllint: lint, peer: peer, peerRows: peerRows)
    }

    /// The time SQLite itself takes to insert the rows of the ingested store into an empty one: the floor
    /// of the append half, whatever the Swift side does.
    static func sqliteFloor(copying storePath: String, workDir: String) throws(LabError) -> Double {
        let floorPath = workDir + "/bench-floor-\(UUID().uuidString).sqlite"
        defer { removeStore(floorPath) }
        let store = try SQLiteEventStore(path: floorPath)
        let t = DispatchTime.now().uptimeNanoseconds
        _ = try store.insertEventRowsForBenchmark(from: storePath)
        return since(t)
    }

    static func since(_ start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}
