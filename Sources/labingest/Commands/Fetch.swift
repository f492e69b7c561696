import ArgumentParser
import Foundation
import LabCore
import LabPipeline

extension LabIngest {
    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch one http source of a pipeline now and ingest what it returns.",
            discussion: """
                Builds the URL from the stored watermark (or --since), asks with the stored ETag/Last-Modified \
                (304: nothing to do), retries connection errors, timeouts, 5xx and 429, follows rel="next" pages, \
                and ingests each response body as one unit of work. The watermark and validators move only after \
                every unit committed. Credentials come from the environment variables the source names; they never \
                appear in output, logs or the store. Takes the pipeline's run lock like run.
                """)

        @Argument(help: "The pipeline file (pipelines/*.yaml).") var pipeline: String
        @Option(help: "The http source to fetch (its name in the pipeline).") var source: String
        @Option(help: "Start the window here instead of at the stored watermark (ISO 8601; fills {since}).") var since: String?
        @Option(help: "Store path or URL (overrides the pipeline's store:).") var store: String?
        @Option(help: "Roster CSV (overrides the pipeline's roster:).") var roster: String?
        @Flag(help: "Print one JSON object per unit of work and a total line.") var json = false
        @Flag(help: "Wait for another run/serve of this pipeline and store to finish instead of exiting 2.") var wait = false
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if let since, LabTime.parse(since) == nil {
                throw ValidationError("--since expects an ISO 8601 date or time (2024-03-01 or 2024-03-01T00:00:00Z)")
            }
        }

        func run() throws {
            let logger = try global.makeLogger()
            let definition = try PipelineDefinition.load(path: pipeline)
            guard let chosen = definition.sources.first(where: { $0.name == source }) else {
                throw LabError(.argumentInvalid, "the pipeline has no source named '\(source)'", locator: Locator(uri: pipeline))
            }
            guard chosen.http != nil else {
                throw LabError(.argumentInvalid, "source '\(source)' is not an http source", locator: Locator(uri: pipeline))
            }
            let lock = try PipelineLock.acquire(pipeline: definition.name,
                                                storeLocation: PipelineRunner.resolvedStoreLocation(definition, store),
                                                wait: wait) { FileHandle.standardError.write(Data(("labingest: " + $0 + "\n").utf8)) }
            let runner = try PipelineRunner.prepare(definition, storeLocation: store, rosterPath: roster, logger: logger)
            let sleeper = ThreadSleeper()
            var options = HTTPFetchOptions()
            options.sleeper = sleeper
            options.isCancelled = { sleeper.isStopped }
            let trap = SignalTrap { _, _ in sleeper.stop() }   // stop waiting and transferring; nothing half-stored
            let fetcher = try HTTPSourceFetcher(runner: runner, source: chosen, options: options)
            let result = fetcher.fetchOnce(since: since)

            var output = UnitOutput(json: json)
            for report in result.reports { output.add(source: chosen.name, report) }
            if !json {
                if result.notModified { print("= \(chosen.name): not modified since the last fetch") }
                for note in result.notes { print("    note: \(note)") }
                if let mark = result.watermark { print("    watermark: \(mark)") }
            }
            output.finish()
            withExtendedLifetime((lock, trap)) {}
            throw output.exitCode
        }
    }
}
