import ArgumentParser
import Foundation
import LabCore
import LabPipeline

extension LabIngest {
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read archived files again, in name order, regardless of their mtime.",
            discussion: """
                A file whose bytes are already complete in the store is a duplicate: nothing is parsed and every \
                record counts as a duplicate, so replaying an archive twice appends nothing the second time. \
                --reprocess parses such files again (after a parser or catalogue upgrade): events whose id already \
                exists stay duplicates; results whose normalization changed become new events, and their provenance \
                names the parser version that made them. --since keeps files archived on or after DATE (read from a \
                YYYY-MM-DD folder or a date in the file name, never from mtime).
                """)

        @Argument(help: "Archived files or folders (folders are read recursively).") var paths: [String]
        @Option(help: "Pipeline whose store, roster, time zone and sources (by archive folder) apply.") var pipeline: String?
        @Option(help: "Only files archived on or after this day (YYYY-MM-DD).") var since: String?
        @Option(help: "Format for every file (default: each file's source's format, else auto).") var format: String?
        @Option(help: "Store path or URL (overrides the pipeline's store:).") var store: String?
        @Option(help: "Roster CSV (overrides the pipeline's roster:).") var roster: String?
        @Option(help: "Units parsed at once (default: the number of cores).") var workers: Int?
        @Flag(help: "Parse complete files again (events with an existing id stay duplicates).") var reprocess = false
        @Flag(help: "Print one JSON object per unit of work and a total line.") var json = false
        @Flag(help: "Print only the total (and no progress bar).") var quiet = false
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard !paths.isEmpty else { throw ValidationError("name at least one file or folder") }
            if let format, !(format == "auto" || FormatRegistry.names.contains(format)) {
                throw ValidationError("unknown --format '\(format)' (known: \(FormatRegistry.names.joined(separator: ", ")), auto)")
            }
            if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        }

        func run() throws {
            let logger = try global.makeLogger()
            var day: DateComponents?
            if let since {
                let parts = since.split(separator: "-").compactMap { Int($0) }
                guard since.count == 10, parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else {
                    throw ValidationError("--since: expected a date such as 2024-03-01")
                }
                day = DateComponents(year: parts[0], month: parts[1], day: parts[2])
            }
            let definition = try pipeline.map { path throws(LabError) in try PipelineDefinition.load(path: path) } ?? PipelineDefinition(name: "replay")
            let plan = try ReplayPlan.make(paths: paths, since: day, definition: pipeline == nil ? nil : definition, format: format)
            if plan.undated > 0 {
                FileHandle.standardError.write(Data("labingest: --since skipped \(plan.undated) file(s) whose path carries no date\n".utf8))
            }
            if plan.unmatched > 0 {
                FileHandle.standardError.write(Data("labingest: \(plan.unmatched) file(s) belong to no source of the pipeline; read with format \(format ?? "auto")\n".utf8))
            }
            let runner = try PipelineRunner.prepare(definition, storeLocation: store, rosterPath: roster, logger: logger)
            let control = RunControl()
            let trap = SignalTrap { _, count in
                if count == 1 { control.stop() } else { control.cancelInFlight() }
            }
            let output = BatchOutput(json: json, quiet: quiet)
            runner.replay(plan, reprocess: reprocess, workers: workers, control: control) { output.handle($0) }
            let exitCode = output.finish()
            withExtendedLifetime(trap) {}
            if control.isStopped { return }
            throw exitCode
        }
    }
}
