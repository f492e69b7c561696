import Foundation
import LabCore
import LabStore
import Logging
import Synchronization

/// Files per second through intake → parse → normalize → append for the qPCR and flow sources of a
/// pipeline (a synthetic trial's `pipeline.yaml`), with 1 and with 2 workers taking files from one queue
/// into one fresh SQLite store.
public struct FilesBenchmark: Sendable {
    public var pipeline: String
    public var sources: Set<String>
    public var workDir: String

    public init(pipeline: String, sources: Set<String> = ["qpcr-lab", "flow-blood", "flow-marrow"], workDir: String) {
        self.pipeline = pipeline
        self.sources = sources
        self.workDir = workDir
    }

    public struct Result: Sendable {
        public var workers: Int
        public var files: Int
        public var seconds: Double
        public var counts: UnitCounts
        public var filesPerSecond: Double { Double(files) / seconds }
    }

    public func run(workers: Int) throws(LabError) -> Result {
        let definition = try PipelineDefinition.load(path: pipeline)
        let storePath = workDir + "/bench-files-\(UUID().uuidString).sqlite"
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + s) } }
        let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let runner = try PipelineRunner.prepare(definition, storeLocation: storePath, rosterPath: nil, logger: logger)
        var jobs: [(UnitIngestor, String)] = []
        for source in definition.sources where sources.contains(source.name) {
            guard case .files(let patterns) = source.kind else { continue }
            let ingestor = runner.ingestor(for: source)
            for f in PathExpansion.expand(patterns) { jobs.append((ingestor, f)) }
        }
        let work = jobs
        let next = Mutex(0)
        let totals = Mutex(UnitCounts())
        let start = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: max(1, workers)) { @Sendable _ in
            while true {
                let i = next.withLock { n -> Int in defer { n += 1 }; return n }
                guard i < work.count else { return }
                let report = work[i].0.ingest(path: work[i].1)
                totals.withLock { $0 = $0 + report.counts }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Result(workers: workers, files: work.count, seconds: seconds, counts: totals.withLock { $0 })
    }
}
