import ArgumentParser
import Foundation
import LabCore
import LabPipeline

extension LabIngest {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run every source of a pipeline once, then exit.")

        @Argument(help: "The pipeline file (pipelines/*.yaml).") var pipeline: String
        @Option(help: "Store path or URL (overrides the pipeline's store:).") var store: String?
        @Option(help: "Roster CSV (overrides the pipeline's roster:).") var roster: String?
        @Flag(help: "Print one JSON object per unit of work and a total line.") var json = false
        @Flag(help: "Print only the total.") var quiet = false
        @Flag(help: "Parse files again even when their bytes were already ingested.") var reprocess = false
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let logger = try global.makeLogger()
            let definition = try PipelineDefinition.load(path: pipeline)
            let runner = try PipelineRunner.prepare(definition, storeLocation: store, rosterPath: roster, logger: logger)
            var output = UnitOutput(json: json, quiet: quiet)
            runner.runOnce(reprocess: reprocess) { source, report in output.add(source: source, report) }
            output.finish()
            throw output.exitCode
        }
    }
}
