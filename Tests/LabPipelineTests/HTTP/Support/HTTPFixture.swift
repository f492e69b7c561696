import Foundation
import LabCore
import LabPipeline
import LabStore
import LabTestSupport
import Logging
import Synchronization

/// A temporary pipeline with one http source, its SQLite store, a log capture and an instant sleeper.
final class HTTPFixture: @unchecked Sendable {
    // @unchecked: everything is set in init and read afterwards from the test's thread.
    static let samples: String = {
        var dir = (#filePath as NSString).deletingLastPathComponent
        while dir != "/" {
            if FileManager.default.fileExists(atPath: dir + "/samples/hl7") { return dir + "/samples" }
            dir = (dir as NSString).deletingLastPathComponent
        }
        return "samples"
    }()
    static let hl7 = samples + "/hl7/oru-v251-ts.xml"

    let directory: String
    let storePath: String
    let logs = LogCapture()
    let sleeper = RecordingSleeper()

    init() throws {
        directory = try TestDirectory.make("http").path
        try FileManager.default.createDirectory(atPath: directory + "/work", withIntermediateDirectories: true)
        storePath = directory + "/store.sqlite"
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    var logger: Logger {
        var l = Logger(label: "test") { [logs] _ in CaptureHandler(capture: logs) }
        l.logLevel = .trace
        return l
    }

    /// A pipeline whose only source is `source` (YAML lines of the source's mapping, without `name`/`type`).
    func runner(source yaml: String) throws -> (PipelineRunner, SourceDefinition) {
        let text = """
            name: http-test
            store: \(storePath)
            timezone: UTC
            roster: \(Self.samples)/roster.csv
            sources:
              - name: lis
                type: http
                schedule: "*/15 * * * *"
            \(yaml.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            """
        let definition = try PipelineDefinition.parse(text, file: directory + "/pipeline.yaml")
        let runner = try PipelineRunner.prepare(definition, storeLocation: nil, rosterPath: nil, logger: logger)
        return (runner, definition.sources[0])
    }

    /// Options with the instant sleeper, fixed jitter and the given environment.
    func options(environment: [String: String] = [:], attempts: Int = 3) -> HTTPFetchOptions {
        var o = HTTPFetchOptions()
        o.sleeper = sleeper
        o.random = { 0.5 }
        o.environment = environment
        o.retry = HTTPRetryPolicy(maxAttempts: attempts, baseDelay: 0.5, multiplier: 2, maxDelay: 4, jitter: 0.5, maxRetryAfter: 30)
        o.workDirectory = directory + "/work"
        return o
    }

    func fetcher(_ source: String, environment: [String: String] = [:], attempts: Int = 3,
                 configure: (inout HTTPFetchOptions) -> Void = { _ in }) throws -> (HTTPSourceFetcher, PipelineRunner) {
        let (runner, definition) = try runner(source: source)
        var o = options(environment: environment, attempts: attempts)
        configure(&o)
        return (try HTTPSourceFetcher(runner: runner, source: definition, options: o), runner)
    }

    /// Every byte of the store (database, WAL and shared-memory files).
    func storeBytes() -> Data {
        var all = Data()
        for suffix in ["", "-wal", "-shm", "-journal"] {
            if let d = FileManager.default.contents(atPath: storePath + suffix) { all.append(d) }
        }
        return all
    }

    /// Body files left in the work folder (there should be none after a fetch).
    var leftoverBodies: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory + "/work")) ?? []
    }
}

/// Waits nothing, remembers what it was asked to wait.
final class RecordingSleeper: HTTPSleeper {
    private let waits = Mutex<[Double]>([])
    func sleep(_ seconds: Double) -> Bool {
        waits.withLock { $0.append(seconds) }
        return true
    }
    var delays: [Double] { waits.withLock { $0 } }
}

/// Every log line, rendered with its metadata, for secret checks.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])
    func add(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
    var text: String { all.joined(separator: "\n") }
}

struct CaptureHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let meta = merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }.joined(separator: " ")
        capture.add("\(event.level) \(event.message) \(meta)" + (event.error.map { " error=\($0)" } ?? ""))
    }
}
