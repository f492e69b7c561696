import Foundation
import LabCore
import LabStore
import LabPipeline
import Logging
import LabTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Fixtures for the runtime tests: temporary folders, synthetic lab-csv files, a pipeline runner on a real
/// SQLite store, and the built `labingest` binary.
enum RT {
    static let roster = """
        subject,mrn,sample_prefix,infusion_date,site
        CART-001,MRN10001,CART-001,2024-03-04,Site 01
        CART-002,MRN10002,CART-002,2024-03-11,Site 01
        CART-003,MRN10003,CART-003,2024-03-18,Site 02

        """

    /// A fresh temporary folder holding `roster.csv`.
    static func tempFolder(_ name: String = #function) -> String {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let dir = try! TestDirectory.make("rt-\(safe)").path
        write(roster, to: (dir as NSString).appendingPathComponent("roster.csv"))
        return dir
    }

    static func write(_ text: String, to path: String) {
        try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }

    static let header = "patient_id,collected_at,loinc,test_name,result,units,specimen,result_id"

    /// One row of a synthetic tidy lab sheet; `n` makes it unique.
    static func row(file: Int, row: Int) -> String {
        let mrn = ["MRN10001", "MRN10002", "MRN10003"][(file + row) % 3]
        let tests = [("751-8", "Neutrophils abs", "/uL", 1500), ("6690-2", "WBC", "10^9/L", 4), ("777-3", "Platelets", "10^9/L", 150)]
        let t = tests[row % 3]
        let minute = file * 1000 + row
        let day = 1 + (minute / 1440) % 28, hour = (minute / 60) % 24, min = minute % 60
        let time = String(format: "2024-04-%02dT%02d:%02d:00+08:00", day, hour, min)
        return "\(mrn),\(time),\(t.0),\(t.1),\(t.3 + row % 7),\(t.2),blood,F\(file)-R\(row)"
    }

    /// A synthetic lab-csv file with `rows` results (no personal data; subjects from the demo roster).
    static func labCSV(file: Int, rows: Int) -> String {
        ([header] + (0..<rows).map { row(file: file, row: $0) }).joined(separator: "\n") + "\n"
    }

    /// Writes `count` synthetic files `f0000.csv`… into `folder`.
    static func makeFiles(_ count: Int, rows: Int, in folder: String, first: Int = 0) -> [String] {
        (first..<(first + count)).map { i in
            let path = (folder as NSString).appendingPathComponent(String(format: "f%04d.csv", i))
            write(labCSV(file: i, rows: rows), to: path)
            return path
        }
    }

    /// A pipeline file in `dir` with one directory source on `dir/inbox`.
    static func pipeline(in dir: String, name: String = "rt", settle: String = "0s", poll: String = "0.1s",
                         after: String = "archive", extra: String = "") -> String {
        let path = (dir as NSString).appendingPathComponent("\(name).yaml")
        try? FileManager.default.createDirectory(atPath: (dir as NSString).appendingPathComponent("inbox"), withIntermediateDirectories: true)
        write("""
            name: \(name)
            store: store.sqlite
            timezone: Asia/Shanghai
            roster: roster.csv
            sources:
              - name: drop
                type: directory
                path: inbox
                format: lab-csv
                settle: \(settle)
                poll: \(poll)
                after: \(after)
            \(extra)
            """, to: path)
        return path
    }

    static let logger: Logger = {
        var l = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        l.logLevel = .critical
        return l
    }()

    static func runner(_ pipelinePath: String, store: String? = nil) throws -> PipelineRunner {
        let definition = try PipelineDefinition.load(path: pipelinePath)
        return try PipelineRunner.prepare(definition, storeLocation: store, rosterPath: nil, logger: logger)
    }

    static func eventIDs(_ store: any EventStore) throws -> [String] {
        var ids: [String] = []
        try store.forEachEvent(EventQuery()) { ids.append($0.id) }
        return ids.sorted()
    }

    static func files(under dir: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: dir) else { return [] }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent(rel), isDirectory: &isDir), !isDir.boolValue {
                out.append(rel)
            }
        }
        return out.sorted()
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` passes (for tests of real processes only).
    static func eventually(timeout: Double, _ condition: () -> Bool) -> Bool {
        let end = Date(timeIntervalSinceNow: timeout)
        while Date() < end {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }
}

// MARK: - The built binary

/// A `labingest` child process, spawned with posix_spawn so its own peak RSS can be read with wait4.
final class Child {
    let pid: pid_t
    let stdoutPath: String
    let stderrPath: String
    private(set) var status: Int32?
    private(set) var maxRSSKiB: Int = 0

    /// The `labingest` built beside the test bundle (or `$LABINGEST_BIN`).
    static var binary: String? {
        if let env = ProcessInfo.processInfo.environment["LABINGEST_BIN"], FileManager.default.isExecutableFile(atPath: env) { return env }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("labingest").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    init(_ arguments: [String], in directory: String, tag: String = "child") throws {
        guard let binary = Child.binary else { throw LabError(.notFound, "the labingest binary is not built (swift build --build-tests)") }
        stdoutPath = (directory as NSString).appendingPathComponent("\(tag)-\(UUID().uuidString.prefix(6)).out")
        stderrPath = stdoutPath.replacingOccurrences(of: ".out", with: ".err")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        // Callers pass absolute paths: the test process's working directory is shared by parallel tests.
        let rc = posix_spawn(&pid, binary, &actions, nil, argv, environ)
        guard rc == 0 else { throw LabError(.ioUnreadable, "posix_spawn failed: \(rc)") }
        self.pid = pid
    }

    func signal(_ sig: Int32) { kill(pid, sig) }

    /// Waits for the process to end; returns its exit status (128 + signal when killed).
    @discardableResult
    func wait() -> Int32 {
        if let status { return status }
        var raw: Int32 = 0
        var usage = rusage()
        while wait4(pid, &raw, 0, &usage) < 0 && errno == EINTR {}
        maxRSSKiB = usage.ru_maxrss
        let s: Int32 = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        status = s
        return s
    }

    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Runs to the end.
    static func run(_ arguments: [String], in directory: String) throws -> Child {
        let c = try Child(arguments, in: directory)
        c.wait()
        return c
    }
}

