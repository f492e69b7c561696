import ArgumentParser
import Foundation
import LabCore
import LabPipeline
import LabStore

extension LabIngest {
    struct Quarantine: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, show or retry quarantined records.",
            subcommands: [List.self, Show.self, Retry.self], defaultSubcommand: List.self)

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List quarantined records (open ones by default).")
            @Option(help: "Store path or URL.") var store: String = "labingest.sqlite"
            @Flag(help: "Include records that were resolved or superseded.") var all = false
            @Flag(help: "One JSON object per line.") var json = false

            func run() throws {
                let items = try StoreLocation.open(store).quarantineItems(status: all ? nil : "open")
                for q in items {
                    if json {
                        print(QuarantineJSON.render(q, withRaw: false))
                    } else {
                        print("#\(q.id ?? 0)  [\(q.reason)]  \(URL(string: q.uri)?.lastPathComponent ?? q.uri)  \(q.locator)  \(q.message)  (\(q.status))")
                    }
                }
                if !json { print("\(items.count) record(s)") }
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show one quarantined record with its raw text.")
            @Argument(help: "The quarantine id.") var id: Int64
            @Option(help: "Store path or URL.") var store: String = "labingest.sqlite"
            @Flag(help: "As JSON.") var json = false

            func run() throws {
                guard let q = try StoreLocation.open(store).quarantineItem(id: id) else {
                    throw LabError(.notFound, "no quarantined record #\(id)")
                }
                if json { print(QuarantineJSON.render(q, withRaw: true)); return }
                print("id:       \(q.id ?? 0)")
                print("reason:   \(q.reason)")
                print("message:  \(q.message)")
                print("source:   \(q.uri)")
                print("sha256:   \(q.source)")
                print("locator:  \(q.locator)")
                print("status:   \(q.status)")
                print("raw:      \(q.raw)")
            }
        }

        struct Retry: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Parse a quarantined record's file again (after fixing the roster, catalogue or pipeline).",
                discussion: "The whole unit of work is parsed again: events already stored stay duplicates, records that now normalize are appended, and the unit's earlier quarantine rows are replaced by whatever still fails.")
            @Argument(help: "The quarantine id.") var id: Int64
            @Option(help: "The pipeline whose roster, catalogue and source options apply.") var pipeline: String
            @Option(help: "Store path or URL (overrides the pipeline's store:).") var store: String?
            @Flag(help: "As JSON.") var json = false
            @OptionGroup var global: GlobalOptions

            func run() throws {
                let logger = try global.makeLogger()
                let definition = try PipelineDefinition.load(path: pipeline)
                let runner = try PipelineRunner.prepare(definition, storeLocation: store, rosterPath: nil, logger: logger)
                guard let q = try runner.store.quarantineItem(id: id) else { throw LabError(.notFound, "no quarantined record #\(id)") }
                guard let url = URL(string: q.uri), url.isFileURL, FileManager.default.fileExists(atPath: url.path) else {
                    throw LabError(.ioUnreadable, "the record's file is no longer at \(q.uri); replay it from the archive")
                }
                let sourceName = try runner.store.source(sha256: q.source)?.info.sourceName
                let source = definition.sources.first { $0.name == sourceName }
                    ?? SourceDefinition(name: sourceName ?? "retry", kind: .files(paths: [url.path]), format: "auto")
                var output = UnitOutput(json: json)
                output.add(source: source.name, runner.ingestor(for: source).ingest(path: url.path, reprocess: true))
                output.finish()
                throw output.exitCode
            }
        }
    }
}

enum QuarantineJSON {
    static func render(_ q: QuarantineItem, withRaw: Bool) -> String {
        var pairs: [(String, JSONValue)] = [
            ("id", .int(q.id ?? 0)), ("reason", .string(q.reason.rawValue)), ("message", .string(q.message)),
            ("uri", .string(q.uri)), ("source", .string(q.source)), ("locator", .string(q.locator)), ("status", .string(q.status)),
        ]
        if withRaw { pairs.append(("raw", .string(q.raw))) }
        return JSONValue.object(pairs).rendered()
    }
}
