import ArgumentParser
import Foundation
import LabCore
import LabPipeline

extension LabIngest {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ingest files now, outside any pipeline's sources.")

        @Argument(help: "Files to ingest.") var files: [String]
        @Option(help: "Format: \(FormatRegistry.names.joined(separator: ", ")) or auto.") var format: String = "auto"
        @Option(help: "Roster CSV (subject,mrn[,sample_prefix,infusion_date,site]).") var roster: String?
        @Option(help: "Take the store, time zone, roster and catalogue additions from this pipeline file.") var pipeline: String?
        @Option(help: "Store path or URL.") var store: String?
        @Option(help: "Time zone for timestamps without an offset (IANA name), when no pipeline gives one.") var timezone: String?
        @Option(help: "Sample-id regex with a (?<subject>…) group.") var sampleId: String?
        @Flag(help: "Print one JSON object per unit of work and a total line.") var json = false
        @Flag(help: "Parse files again even when their bytes were already ingested.") var reprocess = false
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard format == "auto" || FormatRegistry.names.contains(format) else {
                throw ValidationError("unknown --format '\(format)' (known: \(FormatRegistry.names.joined(separator: ", ")), auto)")
            }
            guard !files.isEmpty else { throw ValidationError("name at least one file") }
        }

        func run() throws {
            let logger = try global.makeLogger()
            var definition = try pipeline.map { path throws(LabError) in try PipelineDefinition.load(path: path) }
                ?? PipelineDefinition(name: "ad-hoc")
            if let timezone {
                guard let zone = TimeZone(identifier: timezone) else { throw ValidationError("--timezone: unknown zone '\(timezone)'") }
                definition.timezone = zone
                definition.timezoneStated = true
            }
            let runner = try PipelineRunner.prepare(definition, storeLocation: store, rosterPath: roster, logger: logger)
            let source = SourceDefinition(name: "ingest", kind: .files(paths: files), format: format,
                                          sampleID: try sampleId.map { p throws(LabError) in try SampleIDPattern(p) })
            var output = UnitOutput(json: json)
            runner.ingest(files, source: source, reprocess: reprocess) { event in
                if case .unit(_, let report) = event { output.add(source: nil, report) }
            }
            output.finish()
            throw output.exitCode
        }
    }
}
