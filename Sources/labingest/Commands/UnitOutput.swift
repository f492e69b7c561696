import ArgumentParser
import Foundation
import LabCore
import LabPipeline
import LabStore

/// Prints unit reports as text or JSON lines and works out the exit code.
struct UnitOutput {
    let json: Bool
    let quiet: Bool
    var total = UnitCounts()
    var failed = 0
    var units = 0

    init(json: Bool, quiet: Bool = false) {
        self.json = json
        self.quiet = quiet
    }

    mutating func add(source: String?, _ r: UnitReport) {
        total = total + r.counts
        units += 1
        if r.status == .failed { failed += 1 }
        if json {
            var pairs: [(String, JSONValue)] = [
                ("uri", .string(r.uri)), ("source", .string(source)), ("sha256", .string(r.sha256)),
                ("format", .string(r.format)), ("status", .string(r.status.rawValue)),
                ("read", .int(Int64(r.counts.read))), ("appended", .int(Int64(r.counts.appended))),
                ("duplicates", .int(Int64(r.counts.duplicates))), ("quarantined", .int(Int64(r.counts.quarantined))),
                ("ignored", .int(Int64(r.counts.ignored))),
                ("ignoredReasons", .object(r.ignored.keys.sorted().map { ($0, .int(Int64(r.ignored[$0]!))) })),
                ("quarantine", .array(r.quarantined.map {
                    .object([("reason", .string($0.reason.rawValue)), ("locator", .string($0.locator)), ("message", .string($0.message))])
                })),
                ("encoding", .string(r.encoding)), ("notes", .array(r.notes.map(JSONValue.string))),
            ]
            if let e = r.error {
                pairs.append(("error", .object([("code", .string(e.code.rawValue)), ("message", .string(e.message)),
                                                ("locator", .string(e.locator?.description))])))
            }
            print(JSONValue.object(pairs).rendered())
            return
        }
        if quiet { return }
        let name = URL(string: r.uri)?.lastPathComponent ?? r.uri
        let c = r.counts
        switch r.status {
        case .failed:
            print("✗ \(name): failed — \(r.error?.description ?? "unknown error")")
        case .duplicate:
            print("= \(name): already ingested — read \(c.read), duplicates \(c.duplicates)")
        case .complete:
            var line = "✓ \(name) [\(r.format ?? "?")]: read \(c.read), appended \(c.appended), duplicates \(c.duplicates), quarantined \(c.quarantined), ignored \(c.ignored)"
            if let enc = r.encoding, enc != "utf-8" { line += " (encoding \(enc))" }
            print(line)
            for (reason, n) in r.ignored.sorted(by: { $0.key < $1.key }) { print("    ignored \(n) × \(reason)") }
            for q in r.quarantined.prefix(20) { print("    quarantined [\(q.reason)] \(q.locator): \(q.message)") }
            if r.quarantined.count > 20 { print("    … \(r.quarantined.count - 20) more (labingest quarantine list)") }
            for note in r.notes { print("    note: \(note)") }
        }
    }

    func finish() {
        if json {
            print(JSONValue.object([
                ("total", .bool(true)), ("units", .int(Int64(units))), ("failed", .int(Int64(failed))),
                ("read", .int(Int64(total.read))), ("appended", .int(Int64(total.appended))),
                ("duplicates", .int(Int64(total.duplicates))), ("quarantined", .int(Int64(total.quarantined))),
                ("ignored", .int(Int64(total.ignored))),
            ]).rendered())
        } else {
            print("total: \(units) file(s), read \(total.read), appended \(total.appended), duplicates \(total.duplicates), quarantined \(total.quarantined), ignored \(total.ignored)\(failed > 0 ? ", \(failed) failed" : "")")
        }
    }

    /// 0 nothing quarantined; 1 some records quarantined or a unit failed.
    var exitCode: ExitCode { total.quarantined > 0 || failed > 0 ? ExitCode(1) : .success }
}

/// The output of a batch command (`run`, `replay`): unit reports, a progress bar on a TTY, and the total.
final class BatchOutput {
    private(set) var output: UnitOutput
    private let bar: ProgressBar?

    init(json: Bool, quiet: Bool) {
        output = UnitOutput(json: json, quiet: quiet)
        bar = ProgressBar(enabled: !json && !quiet)
    }

    func handle(_ event: RunEvent) {
        switch event {
        case .planned(let n):
            bar?.plan(n)
        case .unit(let source, let report):
            bar?.clear()
            output.add(source: source, report)
            bar?.unitDone(report)
        }
    }

    /// Prints the total and returns the exit code.
    func finish() -> ExitCode {
        bar?.finish()
        output.finish()
        return output.exitCode
    }
}
