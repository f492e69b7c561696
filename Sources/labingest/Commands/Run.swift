import ArgumentParser
import Foundation
import LabCore
import LabPipeline

extension LabIngest {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every source of a pipeline once, then exit (made for system cron).",
            discussion: """
                files sources read their files; directory sources take their settled files (looking twice, settle \
                apart) and archive, delete or leave them. One run or serve per pipeline and store at a time: a \
                second exits 2, or waits with --wait. SIGINT/SIGTERM stop taking files and let those in flight \
                finish (a second signal rolls them back); the run then exits 0.
                """)

        @Argument(help: "The pipeline file (pipelines/*.yaml).") var pipeline: String
        @Option(help: "Store path or URL (overrides the pipeline's store:).") var store: String?
        @Option(help: "Roster CSV (overrides the pipeline's roster:).") var roster: String?
        @Option(help: "Units parsed at once (default: the number of cores).") var workers: Int?
        @Flag(help: "Print one JSON object per unit of work and a total line.") var json = false
        @Flag(help: "Print only the total (and no progress bar).") var quiet = false
        @Flag(help: "Parse files again even when their bytes were already ingested.") var reprocess = false
        @Flag(help: "Wait for another run/serve of this pipeline and store to finish instead of exiting 2.") var wait = false
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        }

        func run() throws {
            let logger = try global.makeLogger()
            let definition = try PipelineDefinition.load(path: pipeline)
            let lock = try PipelineLock.acquire(pipeline: definition.name,
                                                storeLocation: PipelineRunner.resolvedStoreLocation(definition, store),
                                                wait: wait) { FileHandle.standardError.write(Data(("labingest: " + $0 + "\n").utf8)) }
            let runner = try PipelineRunner.prepare(definition, storeLocation: store, rosterPath: roster, logger: logger)
            let storeLock = try runner.acquireStoreLock(wait: wait) { FileHandle.standardError.write(Data(("labingest: " + $0 + "\n").utf8)) }
            let control = RunControl()
            let trap = SignalTrap { _, count in
                if count == 1 { control.stop() } else { control.cancelInFlight() }
            }
            let output = BatchOutput(json: json, quiet: quiet)
            runner.runOnce(reprocess: reprocess, workers: workers, control: control) { output.handle($0) }
            let exitCode = output.finish()
            withExtendedLifetime((lock, storeLock, trap)) {}
            if control.isStopped {
                FileHandle.standardError.write(Data("labingest: interrupted; units in flight were finished or rolled back\n".utf8))
                return
            }
            throw exitCode
        }
    }
}
