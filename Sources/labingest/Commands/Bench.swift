import ArgumentParser
import Foundation
import LabCore
import LabPipeline
import LabStore

extension LabIngest {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Benchmarks that print figures (build with -c release).",
                                                        subcommands: [StoreAppend.self])

        struct StoreAppend: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "store",
                abstract: "Append rate of a store: synthetic events in batches inside units of work, then the same again (all duplicates).")
            @Option(help: "Store path or URL (default: a new SQLite file in a temporary folder).") var store: String?
            @Option(help: "Events to append.") var events: Int = 100_000
            @Option(help: "Events per append batch.") var batch: Int = 512
            @Flag(help: "One JSON line.") var json = false

            func run() throws {
                let location = store ?? FileManager.default.temporaryDirectory
                    .appendingPathComponent("labingest-bench-\(UUID().uuidString).sqlite").path
                let target = try StoreLocation.open(location)
                let r = try StoreAppendBenchmark(events: events, batchSize: batch).run(on: target)
                if json {
                    print(JSONValue.object([
                        ("benchmark", .string("store-append")), ("store", .string(location.hasPrefix("postgres") ? "postgres" : "sqlite")),
                        ("events", .int(Int64(r.events))), ("seconds", .double(r.seconds)),
                        ("eventsPerSecond", .double(r.eventsPerSecond.rounded())), ("duplicateSeconds", .double(r.duplicateSeconds)),
                    ]).rendered())
                } else {
                    print(String(format: "appended %d events in %.2f s: %.0f events/s; the same again (all duplicates) in %.2f s",
                                 r.events, r.seconds, r.eventsPerSecond, r.duplicateSeconds))
                }
                if store == nil { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: location + suffix) } }
            }
        }
    }
}
