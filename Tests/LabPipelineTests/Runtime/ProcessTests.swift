import Foundation
import Testing
import LabCore
import LabStore
@testable import LabPipeline
#if canImport(Glibc)
import Glibc
#endif

/// Tests of the built `labingest` binary as operators run it: several processes, signals, SIGKILL. They run
/// one at a time (the machine has 2 cores) and take a few seconds each.
@Suite(.serialized) struct ProcessTests {
    func binaryOrFail() throws -> String {
        try #require(Child.binary, "the labingest binary is not built beside the tests (swift build --build-tests)")
    }

    func store(_ path: String) throws -> any EventStore { try SQLiteEventStore(path: path) }

    func total(_ child: Child) -> [String: Any]? {
        let last = child.stdout.split(separator: "\n").last.map(String.init) ?? ""
        return (try? JSONSerialization.jsonObject(with: Data(last.utf8))) as? [String: Any]
    }

    /// A writer appends to a file over 3 s; with `settle: 1s` the file is taken once, complete.
    @Test func slowWriterIsTakenOnceComplete() throws {
        _ = try binaryOrFail()
        let dir = RT.tempFolder()
        let pipeline = RT.pipeline(in: dir, settle: "1s", poll: "0.2s")
        let server = try Child(["serve", pipeline, "--json"], in: dir)
        defer { server.signal(SIGKILL); server.wait() }
        let file = (dir as NSString).appendingPathComponent("inbox/slow.csv")
        let handle = try #require({ () -> FileHandle? in
            _ = FileManager.default.createFile(atPath: file, contents: Data((RT.header + "\n").utf8))
            return FileHandle(forWritingAtPath: file)
        }())
        handle.seekToEndOfFile()
        for r in 0..<12 {                       // 12 rows, one every 0.25 s
            usleep(250_000)
            handle.write(Data((RT.row(file: 1, row: r) + "\n").utf8))
        }
        try handle.close()
        let archived = RT.eventually(timeout: 20) { RT.files(under: (dir as NSString).appendingPathComponent("inbox")).contains { $0.hasSuffix("/slow.csv") } }
        #expect(archived)
        server.signal(SIGTERM)
        #expect(server.wait() == 0)
        let units = server.stdout.split(separator: "\n").filter { $0.contains("\"uri\"") }
        #expect(units.count == 1)
        #expect(units.first?.contains("\"read\":12") == true)
        let s = try store((dir as NSString).appendingPathComponent("store.sqlite"))
        #expect(try s.statistics().events == 12)
        #expect(try s.statistics().sources == 1)
    }

    /// Two `serve` processes poll one folder of 200 files (two stores, so each keeps what it took): every file
    /// is taken by exactly one of them and archived once.
    @Test func twoServersClaimEachFileOnce() throws {
        _ = try binaryOrFail()
        let dir = RT.tempFolder()
        let pipeline = RT.pipeline(in: dir, settle: "0.2s", poll: "0.1s")
        let inbox = (dir as NSString).appendingPathComponent("inbox")
        _ = RT.makeFiles(200, rows: 3, in: inbox)
        let a = (dir as NSString).appendingPathComponent("a.sqlite"), b = (dir as NSString).appendingPathComponent("b.sqlite")
        let one = try Child(["serve", pipeline, "--store", a, "--quiet", "--workers", "1"], in: dir, tag: "one")
        let two = try Child(["serve", pipeline, "--store", b, "--quiet", "--workers", "1"], in: dir, tag: "two")
        let done = RT.eventually(timeout: 60) { RT.files(under: (inbox as NSString).appendingPathComponent("archive")).count >= 200 }
        one.signal(SIGTERM)
        two.signal(SIGTERM)
        #expect(one.wait() == 0 && two.wait() == 0)
        #expect(done)
        let archived = RT.files(under: (inbox as NSString).appendingPathComponent("archive"))
        #expect(archived.count == 200)
        #expect(!archived.contains { $0.contains("~") })
        let sa = try store(a), sb = try store(b)
        let ia = try RT.eventIDs(sa), ib = try RT.eventIDs(sb)
        #expect(ia.count + ib.count == 600)
        #expect(Set(ia).isDisjoint(with: ib))
        #expect(try sa.statistics().sources + sb.statistics().sources == 200)
        print("claim race: server one took \(try sa.statistics().sources) files, server two \(try sb.statistics().sources)")
    }

    /// SIGKILL at random moments during a 300-file run, several times, then a run to completion: the store has
    /// exactly the events of a clean run (none missing, none twice) and every file is archived.
    @Test func killedRunsLeaveNothingHalfDone() throws {
        _ = try binaryOrFail()
        let kills = Int(ProcessInfo.processInfo.environment["LABINGEST_CRASH_KILLS"] ?? "") ?? 20
        let clean = RT.tempFolder("crash-clean")
        let cleanPipeline = RT.pipeline(in: clean)
        _ = RT.makeFiles(300, rows: 20, in: (clean as NSString).appendingPathComponent("inbox"))
        let started = Date()
        let cleanRun = try Child.run(["run", cleanPipeline, "--quiet"], in: clean)
        let cleanSeconds = Date().timeIntervalSince(started)
        #expect(cleanRun.status == 0)
        let expected = try RT.eventIDs(try store((clean as NSString).appendingPathComponent("store.sqlite")))
        #expect(expected.count == 6000)

        let dir = RT.tempFolder("crash")
        let pipeline = RT.pipeline(in: dir)
        let inbox = (dir as NSString).appendingPathComponent("inbox")
        _ = RT.makeFiles(300, rows: 20, in: inbox)
        var generator = SystemRandomNumberGenerator()
        var killedMidway = 0
        for _ in 0..<kills {
            let child = try Child(["run", pipeline, "--quiet"], in: dir, tag: "kill")
            // A run starts in ~0.1 s and takes ~150 files/s in a debug build: most kills land mid-run.
            usleep(UInt32(Double.random(in: 0.05...max(0.1, min(0.35, cleanSeconds * 0.3)), using: &generator) * 1_000_000))
            child.signal(SIGKILL)
            if child.wait() == 128 + SIGKILL { killedMidway += 1 }
        }
        let finish = try Child.run(["run", pipeline, "--json"], in: dir)
        #expect(finish.status == 0)
        #expect(killedMidway >= min(kills, 5))
        let s = try store((dir as NSString).appendingPathComponent("store.sqlite"))
        #expect(try RT.eventIDs(s) == expected)
        #expect(try s.statistics().sources == 300)
        #expect(try s.statistics().failedSources == 0)
        let left = RT.files(under: inbox)
        #expect(left.filter { !$0.hasPrefix("archive/") } == [])
        let names = Set(left.map { ($0 as NSString).lastPathComponent.replacingOccurrences(of: "~2", with: "") })
        #expect(names.count == 300)
        print("crash safety: \(kills) runs, \(killedMidway) killed by SIGKILL mid-run; clean run \(String(format: "%.1f", cleanSeconds)) s")
    }

    /// Replaying an archive twice appends nothing; --reprocess parses again and still appends nothing.
    @Test func replayTwiceAppendsNothing() throws {
        _ = try binaryOrFail()
        let dir = RT.tempFolder()
        let pipeline = RT.pipeline(in: dir)
        let inbox = (dir as NSString).appendingPathComponent("inbox")
        _ = RT.makeFiles(6, rows: 5, in: inbox)
        #expect(try Child.run(["run", pipeline, "--quiet"], in: dir).status == 0)
        let archive = (inbox as NSString).appendingPathComponent("archive")
        // Copying an archive gives new mtimes: replay goes by name, not mtime.
        let f = RT.files(under: archive)
        let oldest = (archive as NSString).appendingPathComponent(f.last!)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 0)], ofItemAtPath: oldest)
        for _ in 0..<2 {
            let r = try Child.run(["replay", archive, "--pipeline", pipeline, "--json"], in: dir)
            #expect(r.status == 0)
            let t = try #require(total(r))
            #expect(t["appended"] as? Int == 0 && t["duplicates"] as? Int == 30 && t["units"] as? Int == 6)
            let uris = r.stdout.split(separator: "\n").dropLast().compactMap { line -> String? in
                ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])?["uri"] as? String
            }
            #expect(uris == uris.sorted() && uris.count == 6)
        }
        let again = try Child.run(["replay", archive, "--pipeline", pipeline, "--reprocess", "--json"], in: dir)
        let t = try #require(total(again))
        #expect(t["appended"] as? Int == 0 && t["duplicates"] as? Int == 30)
        let since = try Child.run(["replay", archive, "--pipeline", pipeline, "--since", "2999-01-01", "--json"], in: dir)
        #expect(total(since)?["units"] as? Int == 0)
    }

    /// One run/serve per pipeline and store: a second exits 2 with a clear message, or waits with --wait.
    @Test func lockKeepsASecondRunOut() throws {
        _ = try binaryOrFail()
        let dir = RT.tempFolder()
        let pipeline = RT.pipeline(in: dir, poll: "0.2s")
        let server = try Child(["serve", pipeline, "--quiet"], in: dir, tag: "serve")
        defer { server.signal(SIGKILL); server.wait() }
        #expect(RT.eventually(timeout: 20) { server.stderr.contains("serving pipeline") })
        let second = try Child.run(["run", pipeline], in: dir)
        #expect(second.status == 2)
        #expect(second.stderr.contains("error[pipeline.busy]"))
        #expect(second.stderr.contains("already running"))
        // Another store is another lock.
        let other = try Child.run(["run", pipeline, "--store", (dir as NSString).appendingPathComponent("other.sqlite")], in: dir)
        #expect(other.status == 0)
        let waiting = try Child(["run", pipeline, "--wait", "--quiet"], in: dir, tag: "wait")
        usleep(600_000)
        #expect(kill(waiting.pid, 0) == 0)        // still waiting
        server.signal(SIGINT)
        #expect(server.wait() == 0)
        #expect(waiting.wait() == 0)
        #expect(waiting.stderr.contains("waiting"))
    }

    /// Peak RSS stays flat with 10× the files queued (a generous sanity bound; the benchmark note has figures).
    @Test func memoryStaysFlatWithManyFilesQueued() throws {
        _ = try binaryOrFail()
        var peaks: [Int] = []
        for count in [100, 1000] {
            let dir = RT.tempFolder("rss\(count)")
            let pipeline = RT.pipeline(in: dir)
            _ = RT.makeFiles(count, rows: 10, in: (dir as NSString).appendingPathComponent("inbox"))
            let c = try Child.run(["run", pipeline, "--quiet"], in: dir)
            #expect(c.status == 0)
            peaks.append(c.maxRSSKiB)
        }
        print("peak RSS: 100 files \(peaks[0] / 1024) MiB, 1000 files \(peaks[1] / 1024) MiB")
        #expect(peaks[1] < peaks[0] + 24 * 1024)
    }
}
