import Foundation
import Testing
import LabCore
import LabStore
@testable import LabPipeline
#if canImport(Glibc)
import Glibc
#endif

@Suite struct DropFolderTests {
    @Test func settleNeedsUnchangedSizeAndMtimeForTheWholeSettleTime() {
        var t = SettleTracker(settle: 1)
        let a = FileSnapshot(relativePath: "a.csv", size: 10, mtimeNanos: 100)
        #expect(t.observe([a], now: 0).isEmpty)             // first sight
        #expect(t.observe([a], now: 0.5).isEmpty)
        var grown = a
        grown.size = 20
        #expect(t.observe([grown], now: 1.0).isEmpty)        // still written: the clock restarts
        #expect(t.observe([grown], now: 1.5).isEmpty)
        #expect(t.observe([grown], now: 2.0) == [grown])
        var touched = grown
        touched.mtimeNanos = 200                             // same size, new mtime (SFTP rewrote a block)
        #expect(t.observe([touched], now: 2.0).isEmpty)
        #expect(t.observe([], now: 2.5).isEmpty && t.pending == 0)   // gone: forgotten
        var zero = SettleTracker(settle: 0)
        #expect(zero.observe([a], now: 0) == [a])
    }

    @Test func scanSkipsPartialHiddenExcludedAndOwnFolders() throws {
        let dir = RT.tempFolder()
        let inbox = (dir as NSString).appendingPathComponent("inbox")
        for name in ["a.csv", "B.CSV", "c.txt", ".hidden.csv", "d.csv.tmp", "e.part", "f.filepart", "g-draft.csv",
                     "sub/h.csv", ".labingest/work/x/1-i.csv", "archive/2024-01-01/j.csv", "errors/k.csv", "errors/k.csv.reason.txt"] {
            RT.write("x", to: (inbox as NSString).appendingPathComponent(name))
        }
        var d = DirectorySource(path: inbox, patterns: ["*.csv"], exclude: ["*-draft.csv"])
        #expect(d.scan().map(\.relativePath) == ["B.CSV", "a.csv"])
        d.recursive = true
        #expect(d.scan().map(\.relativePath) == ["B.CSV", "a.csv", "sub/h.csv"])
        d.patterns = ["sub/*.csv"]
        #expect(d.scan().map(\.relativePath) == ["sub/h.csv"])
    }

    /// Claim by rename: a second claimer of the same file gets nothing; files of a dead owner are adopted.
    @Test func claimIsExclusiveAndOrphansAreAdopted() throws {
        let dir = RT.tempFolder()
        let inbox = (dir as NSString).appendingPathComponent("inbox")
        _ = RT.makeFiles(2, rows: 3, in: inbox)
        let one = try WorkFolder(dropFolder: inbox)
        let two = try WorkFolder(dropFolder: inbox)
        let snap = try #require(DirectorySource(path: inbox).scan().first)
        let c1 = try one.claim(snap)
        let c2 = try two.claim(snap)
        #expect(c1 != nil && c2 == nil)
        #expect(two.adoptOrphans().isEmpty)     // `one` is alive: its files are not touched
        // A process that died: its lock is free (simulated by a work folder whose lock file nobody holds).
        let dead = ((inbox as NSString).appendingPathComponent(".labingest/work") as NSString).appendingPathComponent("host-1-dead")
        RT.write("", to: dead + ".lock")
        RT.write(RT.labCSV(file: 9, rows: 2), to: (dead as NSString).appendingPathComponent("7-sub%2Fz.csv"))
        let adopted = two.adoptOrphans()
        #expect(adopted.map(\.relativePath) == ["sub/z.csv"])
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: adopted[0].workPath))
        one.release()
        two.release()
    }

    /// archive/errors/leave through a real pipeline run (runOnce on a temp store).
    @Test func afterActionsArchiveErrorsAndLeave() throws {
        let dir = RT.tempFolder()
        let path = RT.pipeline(in: dir, settle: "0s")
        let inbox = (dir as NSString).appendingPathComponent("inbox")
        _ = RT.makeFiles(3, rows: 4, in: inbox)
        RT.write("just,some,columns\n1,2,3\n", to: (inbox as NSString).appendingPathComponent("bad.csv"))
        let runner = try RT.runner(path)
        let reports = runner.runOnce { _, _ in }
        #expect(reports.map(\.status) == [.failed, .complete, .complete, .complete])
        let left = RT.files(under: inbox)
        let day = DropFolderIntake.dayFolder(Date(), zone: runner.definition.timezone)
        #expect(left == ["archive/\(day)/f0000.csv", "archive/\(day)/f0001.csv", "archive/\(day)/f0002.csv",
                         "errors/bad.csv", "errors/bad.csv.reason.txt"])
        let reason = try String(contentsOfFile: (inbox as NSString).appendingPathComponent("errors/bad.csv.reason.txt"), encoding: .utf8)
        #expect(reason.contains("reason: csv.missing-column"))
        #expect(reason.contains("source: drop"))
        #expect(try runner.store.statistics().events == 12)
        // The same name again with other bytes is archived beside the first, never over it.
        RT.write(RT.labCSV(file: 50, rows: 2), to: (inbox as NSString).appendingPathComponent("f0000.csv"))
        #expect(runner.runOnce { _, _ in }.map(\.status) == [.complete])
        #expect(RT.files(under: inbox).contains("archive/\(day)/f0000~2.csv"))

        // after: leave — the file stays, and is not taken again until its bytes change.
        let leaveDir = RT.tempFolder()
        let leavePath = RT.pipeline(in: leaveDir, after: "leave")
        let leaveInbox = (leaveDir as NSString).appendingPathComponent("inbox")
        let files = RT.makeFiles(2, rows: 3, in: leaveInbox)
        let leaver = try RT.runner(leavePath)
        #expect(leaver.runOnce { _, _ in }.map(\.status) == [.complete, .complete])
        #expect(RT.files(under: leaveInbox) == ["f0000.csv", "f0001.csv"])
        #expect(leaver.runOnce { _, _ in }.isEmpty)
        RT.write(RT.labCSV(file: 77, rows: 3), to: files[1])
        #expect(leaver.runOnce { _, _ in }.map(\.status) == [.complete])
        #expect(try leaver.store.statistics().events == 9)
    }

    /// A move that keeps failing is retried, reported on the unit, and the file is not taken again in a loop:
    /// it stays in the work folder; only the next process takes it over (once; it is a duplicate then).
    @Test func failedArchiveIsReportedNotLooped() throws {
        let dir = RT.tempFolder()
        let blocker = (dir as NSString).appendingPathComponent("not-a-folder")
        RT.write("x", to: blocker)   // archive: points below a regular file, so every move fails (even as root)
        let path = RT.pipeline(in: dir, extra: "    archive: \(blocker)/archive")
        let inbox = (dir as NSString).appendingPathComponent("inbox")
        _ = RT.makeFiles(1, rows: 2, in: inbox)
        let runner = try RT.runner(path)
        let source = runner.definition.sources[0]
        let intake = try DropFolderIntake(source: source, runner: runner)
        let jobs = intake.poll(now: Date())
        #expect(jobs.count == 1)
        let report = jobs[0].finish!(jobs[0].ingestor.ingest(path: jobs[0].path, uri: jobs[0].uri))
        #expect(report.status == .complete)
        #expect(report.notes.contains { $0.contains("intake.move-failed") && $0.contains("stays at") })
        #expect(intake.poll(now: Date()).isEmpty)
        #expect(intake.recover().isEmpty)                 // its own work folder is not an orphan
        #expect(intake.work.remaining.count == 1)
        intake.work.release()
        // The next process (a new intake) takes it over once: a duplicate, reported again.
        let next = try DropFolderIntake(source: source, runner: runner)
        let adopted = next.recover()
        #expect(adopted.count == 1)
        let second = adopted[0].finish!(adopted[0].ingestor.ingest(path: adopted[0].path, uri: adopted[0].uri))
        #expect(second.status == .duplicate)
        #expect(next.poll(now: Date()).isEmpty && next.recover().isEmpty)
        next.work.release()
        #expect(try runner.store.statistics().events == 2)
    }
}
