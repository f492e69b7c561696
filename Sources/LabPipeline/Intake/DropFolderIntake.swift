import Foundation
import LabCore
import LabStore
import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Takes files from one `directory` source and decides what happens to them afterwards.
///
/// A look (`poll`) lists the folder, lets `SettleTracker` say which files stopped changing, skips files that
/// `after: leave` already took (by size+mtime, then sha256 in the store's cursors), claims the rest by rename
/// into the `WorkFolder`, and returns one `UnitJob` per claimed file. The job's `finish` step archives
/// (`archive/YYYY-MM-DD/…` in the pipeline's zone), deletes or puts back the file once its unit is in the
/// store; a file that failed as a whole goes to `errors` with `<name>.reason.txt`; a unit that was rolled back
/// (interrupted, store trouble) goes back to the drop folder to be taken again. Moves are retried and then
/// reported, never looped on.
public final class DropFolderIntake: @unchecked Sendable {
    // @unchecked: mutable state lives in `state` (a Mutex); everything else is immutable.
    public let source: SourceDefinition
    public let folder: DirectorySource
    public let work: WorkFolder
    let ingestor: UnitIngestor
    let pipeline: String
    let zone: TimeZone
    let logger: Logger
    var store: any EventStore { ingestor.store }

    private struct State {
        var tracker: SettleTracker
        /// Left files already taken: relative path → (size, mtime).
        var left: [String: (Int64, Int64)] = [:]
    }
    private let state: Mutex<State>

    public init(source: SourceDefinition, runner: PipelineRunner) throws(LabError) {
        guard case .directory(let folder) = source.kind else {
            throw LabError(.pipelineInvalid, "source \(source.name) is not a directory source")
        }
        guard FileOps.isDirectory(folder.path) else {
            throw LabError(.ioUnreadable, "the drop folder of source \(source.name) does not exist", locator: Locator(uri: folder.path))
        }
        self.source = source
        self.folder = folder
        self.work = try WorkFolder(dropFolder: folder.path)
        self.ingestor = runner.ingestor(for: source)
        self.pipeline = runner.definition.name
        self.zone = runner.definition.timezone
        self.logger = runner.logger
        self.state = Mutex(State(tracker: SettleTracker(settle: folder.settle)))
    }

    // MARK: - Taking files

    /// Files a crashed process had claimed: taken again (a committed one then counts as a duplicate).
    public func recover(reprocess: Bool = false) -> [UnitJob] {
        let adopted = work.adoptOrphans()
        if !adopted.isEmpty {
            logger.notice("took over files of an interrupted run", metadata: ["source": "\(source.name)", "files": "\(adopted.count)"])
        }
        return adopted.map { job(for: $0, reprocess: reprocess) }
    }

    /// One look at the folder at `now`: claims every settled file and returns its job, in name order.
    /// Files another process sharing the folder claimed before it died are taken over here too.
    public func poll(now: Date, reprocess: Bool = false) -> [UnitJob] {
        var jobs = recover(reprocess: reprocess)
        let listing = folder.scan()
        let ready = state.withLock { $0.tracker.observe(listing, now: now.timeIntervalSince1970) }
        for snapshot in ready {
            if folder.after == .leave && alreadyTaken(snapshot) { continue }
            do throws(LabError) {
                guard let claimed = try work.claim(snapshot) else { continue }   // another process was first
                state.withLock { $0.tracker.forget(snapshot.relativePath) }
                jobs.append(job(for: claimed, reprocess: reprocess))
            } catch {
                logger.error("cannot claim a file", metadata: ["source": "\(source.name)", "file": "\(snapshot.relativePath)",
                                                               "reason": "\(error.code)", "message": "\(error.message)"])
            }
        }
        return jobs
    }

    /// Files seen but not settled yet (for `run`, which looks twice).
    public var pending: Int { state.withLock { $0.tracker.pending } }

    /// Puts claimed files the runtime did not take (it was stopping) back into the drop folder.
    public func giveBack(_ jobs: [UnitJob]) {
        for job in jobs {
            let rel = WorkFolder.relativePath(ofWorkName: (job.path as NSString).lastPathComponent)
            _ = move(job.path, to: folder.path, name: rel, what: "put back")
        }
    }

    func job(for claimed: ClaimedFile, reprocess: Bool) -> UnitJob {
        let original = (folder.path as NSString).appendingPathComponent(claimed.relativePath)
        let uri = URL(fileURLWithPath: original).standardizedFileURL.absoluteString
        return UnitJob(path: claimed.workPath, uri: uri, sourceName: source.name, ingestor: ingestor, reprocess: reprocess) {
            [self] report in finish(claimed, report)
        }
    }

    // MARK: - After a unit

    func finish(_ claimed: ClaimedFile, _ report: UnitReport) -> UnitReport {
        var report = report
        switch report.status {
        case .complete, .duplicate:
            switch folder.after {
            case .archive:
                let day = DropFolderIntake.dayFolder(Date(), zone: zone)
                if let final = move(claimed.workPath, to: (folder.archive as NSString).appendingPathComponent(day),
                                    name: claimed.relativePath, what: "archive", report: &report) {
                    report.notes.append("archived to \(final)")
                }
            case .delete:
                let r = FileOps.retrying { () throws(LabError) in
                    if unlink(claimed.workPath) != 0 && errno != ENOENT {
                        throw LabError(.intakeMoveFailed, "cannot delete the file: \(FileOps.errnoText())", locator: Locator(uri: claimed.workPath))
                    }
                }
                if case .failure(let e) = r { stuck(e, claimed.workPath, &report) }
            case .leave:
                if let final = move(claimed.workPath, to: folder.path, name: claimed.relativePath, what: "put back", report: &report) {
                    let rel = String(final.dropFirst(folder.path.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                    remember(rel, sha: report.sha256, final: final)
                }
            }
        case .failed:
            let code = report.error?.code
            if code == .runCancelled || code == .storeUnavailable || code == .storeFailed {
                // Not the file's fault: it goes back to be taken again.
                if move(claimed.workPath, to: folder.path, name: claimed.relativePath, what: "put back", report: &report) != nil {
                    report.notes.append("put back into the drop folder")
                }
            } else if let final = move(claimed.workPath, to: folder.errors, name: claimed.relativePath, what: "move to errors", report: &report) {
                writeReason(for: final, claimed: claimed, report: report)
                report.notes.append("moved to \(final)")
            }
        }
        return report
    }

    /// `YYYY-MM-DD` of `date` in the pipeline's zone (the archive's date folders).
    static func dayFolder(_ date: Date, zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1)
    }

    @discardableResult
    private func move(_ path: String, to directory: String, name: String, what: String) -> String? {
        var ignored = UnitReport(uri: path)
        return move(path, to: directory, name: name, what: what, report: &ignored)
    }

    private func move(_ path: String, to directory: String, name: String, what: String, report: inout UnitReport) -> String? {
        switch FileOps.retrying({ () throws(LabError) in try FileOps.moveNoReplace(path, toDirectory: directory, name: name) }) {
        case .success(let final): return final
        case .failure(let error):
            stuck(LabError(.intakeMoveFailed, "could not \(what) the file after 3 attempts: \(error.message)", locator: error.locator), path, &report)
            return nil
        }
    }

    /// A move that failed for good: reported, and the file stays in the work folder (the next process takes it
    /// over once, and its unit is then a duplicate) — never retried in a loop.
    private func stuck(_ error: LabError, _ path: String, _ report: inout UnitReport) {
        logger.error("file left in the work folder", metadata: ["source": "\(source.name)", "file": "\(path)",
                                                                  "reason": "\(error.code)", "message": "\(error.message)"])
        report.notes.append("\(error.description); the file stays at \(path)")
    }

    private func writeReason(for final: String, claimed: ClaimedFile, report: UnitReport) {
        let e = report.error
        let text = """
            file: \((folder.path as NSString).appendingPathComponent(claimed.relativePath))
            failed at: \(LabTime.utcString(Date()))
            pipeline: \(pipeline)
            source: \(source.name)
            sha256: \(report.sha256 ?? "-")
            reason: \(e?.code.rawValue ?? "unknown")
            message: \(e?.message ?? "-")
            where: \(e?.locator?.fileAndLine ?? "-")

            Nothing of this file is in the store. Fix the cause, then move the file back into the drop folder.

            """
        _ = FileManager.default.createFile(atPath: final + ".reason.txt", contents: Data(text.utf8))
    }

    // MARK: - after: leave

    private func ledgerKey(_ rel: String) -> String { "leave:\(pipeline)/\(source.name):\(rel)" }

    private func alreadyTaken(_ s: FileSnapshot) -> Bool {
        if let known = state.withLock({ $0.left[s.relativePath] }), known == (s.size, s.mtimeNanos) { return true }
        guard let value = try? store.cursor(ledgerKey(s.relativePath)) else { return false }
        let parts = value.split(separator: " ")
        guard parts.count == 3, Int64(parts[0]) == s.size, Int64(parts[1]) == s.mtimeNanos else { return false }
        state.withLock { $0.left[s.relativePath] = (s.size, s.mtimeNanos) }
        return true
    }

    private func remember(_ rel: String, sha: String?, final: String) {
        guard let s = FileOps.snapshot(final, relativePath: rel) else { return }
        state.withLock {
            $0.left[rel] = (s.size, s.mtimeNanos)
            $0.tracker.forget(rel)
        }
        try? store.setCursor(ledgerKey(rel), value: "\(s.size) \(s.mtimeNanos) \(sha ?? "-")")
    }
}
