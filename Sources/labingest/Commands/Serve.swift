import ArgumentParser
import Foundation
import LabCore
import LabPipeline
import LabStore
import Synchronization

extension LabIngest {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Watch a pipeline's drop folders and fire its schedules until SIGINT/SIGTERM, then drain.",
            discussion: """
                Each directory source is looked at every poll; a file is taken once its size and mtime have not \
                changed for settle, claimed by an atomic rename, ingested and archived (or deleted, or left). \
                http sources fire on their cron schedule in the pipeline's time zone. A status line is printed per \
                run that took work. The first SIGINT/SIGTERM stops taking work and lets units in flight finish; a \
                second rolls them back (their files go back to the drop folder). Exit 0.
                """)

        @Flag(help: "Print one JSON object per unit of work and per run.") var json = false
        @Flag(help: "Print only the status line of each run.") var quiet = false
        @OptionGroup var options: LockedPipelineOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let logger = try global.makeLogger()
            let opened = try options.open(logger: logger)
            let definition = opened.definition, runner = opened.runner, workers = options.workers
            let output = Mutex(UnitOutput(json: false, quiet: true))   // totals only; units print below
            let json = self.json, quiet = self.quiet
            let sleeper = ThreadSleeper()
            var fetchOptions = HTTPFetchOptions()
            fetchOptions.sleeper = sleeper
            fetchOptions.isCancelled = { sleeper.isStopped }
            let server = PipelineServer(runner: runner, workers: workers,
                                        fetch: HTTPSourceFetcher.serverFetch(runner: runner, options: fetchOptions)) { event in
                switch event {
                case .unit(let source, let report):
                    output.withLock { o in
                        if json || !quiet {
                            var each = UnitOutput(json: json, quiet: false)
                            each.add(source: source, report)
                        }
                        o.add(source: source, report)
                    }
                case .run(let summary):
                    output.withLock { _ in print(Serve.statusLine(summary, json: json)) }
                case .scheduled:
                    break
                }
            }
            try server.start()
            let sources = definition.sources.filter { $0.directory != nil || $0.http != nil }.map(\.name)
            if sources.isEmpty {
                throw LabError(.pipelineInvalid, "pipeline \(definition.name) has no directory or http source to serve (files sources are for run)",
                               locator: Locator(uri: options.pipeline))
            }
            FileHandle.standardError.write(Data("labingest: serving pipeline \(definition.name) (\(sources.joined(separator: ", "))); Ctrl-C to stop\n".utf8))
            let stopped = DispatchSemaphore(value: 0)
            let trap = SignalTrap { _, count in
                if count == 1 {
                    FileHandle.standardError.write(Data("labingest: stopping; finishing the units in flight (signal again to roll them back)\n".utf8))
                }
                sleeper.stop()  // a fetch waiting to retry gives up at once
                server.stop(cancelInFlight: count > 1) { stopped.signal() }
            }
            stopped.wait()
            withExtendedLifetime((opened.locks, trap)) {}
            output.withLock { o in
                if !json {
                    let t = o.total
                    print("serve stopped: \(o.units) file(s), read \(t.read), appended \(t.appended), duplicates \(t.duplicates), quarantined \(t.quarantined), ignored \(t.ignored)\(o.failed > 0 ? ", \(o.failed) failed" : "")")
                }
            }
        }

        static func statusLine(_ s: RunSummary, json: Bool) -> String {
            let c = s.counts
            let seconds = s.finished.timeIntervalSince(s.started)
            if json {
                return JSONValue.object([
                    ("run", .bool(true)), ("source", .string(s.source)), ("started", .string(LabTime.utcString(s.started))),
                    ("seconds", .string(String(format: "%.3f", seconds))), ("units", .int(Int64(s.units))), ("failed", .int(Int64(s.failed))),
                    ("read", .int(Int64(c.read))), ("appended", .int(Int64(c.appended))), ("duplicates", .int(Int64(c.duplicates))),
                    ("quarantined", .int(Int64(c.quarantined))), ("ignored", .int(Int64(c.ignored))),
                ]).rendered()
            }
            return "[\(LabTime.utcString(s.finished))] \(s.source): \(s.units) file(s), read \(c.read), appended \(c.appended), duplicates \(c.duplicates), quarantined \(c.quarantined), ignored \(c.ignored)\(s.failed > 0 ? ", \(s.failed) failed" : "") in \(String(format: "%.2f", seconds)) s"
        }
    }
}
