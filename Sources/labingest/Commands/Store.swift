import ArgumentParser
import Foundation
import LabCore
import LabPipeline

extension LabIngest {
    struct Store: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Operator commands for a store.",
                                                        subcommands: [Migrate.self, Status.self])

        struct Migrate: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create or upgrade the store's schema.")
            @Option(help: "Store path or URL.") var store: String = "labingest.sqlite"
            func run() throws {
                let s = try StoreLocation.open(store).statistics()  // opening migrates
                print("migrated: schema \(s.schemaVersion)")
            }
        }

        struct Status: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Counts of events, units and quarantine.")
            @Option(help: "Store path or URL.") var store: String = "labingest.sqlite"
            func run() throws {
                let s = try StoreLocation.open(store).statistics()
                print("schema: \(s.schemaVersion)")
                print("events: \(s.events) (last seq \(s.lastSeq))")
                print("units:  \(s.sources) complete, \(s.failedSources) failed")
                print("quarantine: \(s.openQuarantine) open")
            }
        }
    }
}
