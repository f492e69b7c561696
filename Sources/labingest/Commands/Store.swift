import ArgumentParser
import Foundation
import LabCore
import LabPipeline
import LabStore

extension LabIngest {
    struct Store: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Operator commands for a store (SQLite path or postgres:// URL).",
            subcommands: [Migrate.self, Status.self, Copy.self])

        struct Migrate: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create or upgrade the store's schema.")
            @Option(help: "Store path or URL.") var store: String = "labingest.sqlite"
            func run() throws {
                let s = try StoreLocation.open(store).statistics()  // opening migrates
                print("migrated \(StoreLocation.redacted(store)): schema \(s.schemaVersion)")
            }
        }

        struct Status: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Counts of events, units and quarantine.")
            @Option(help: "Store path or URL.") var store: String = "labingest.sqlite"
            func run() throws {
                let opened = try StoreLocation.open(store)
                let s = try opened.statistics()
                print("store: \(StoreLocation.redacted(store)) (\(opened is SQLiteEventStore ? "sqlite" : "postgresql"))")
                print("schema: \(s.schemaVersion)")
                print("events: \(s.events) (last seq \(s.lastSeq))")
                print("units:  \(s.sources) complete, \(s.failedSources) failed")
                print("quarantine: \(s.openQuarantine) open")
            }
        }

        struct Copy: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Copy one store into another (e.g. an embedded SQLite store into a shared PostgreSQL one).",
                discussion: """
                    Events keep their ids, order, supersedes and provenance; the target numbers them after its own \
                    last seq. Units, their quarantine rows and cursors come along. Everything is written in one \
                    target transaction, and running the copy again adds nothing.
                    """)
            @Option(help: "The store to read (path or URL).") var from: String
            @Option(help: "The store to write (path or URL); created or migrated as needed.") var to: String
            func run() throws {
                guard from != to else { throw LabError(.argumentInvalid, "--from and --to name the same store") }
                let source = try StoreLocation.open(from)
                let target = try StoreLocation.open(to)
                guard let reader = source as? any EventStoreCopying, let writer = target as? any EventStoreCopying else {
                    throw LabError(.storeUnavailable, "this store kind cannot be copied")
                }
                let s = try reader.copy(to: writer)
                print("copied \(StoreLocation.redacted(from)) → \(StoreLocation.redacted(to))")
                print("events: \(s.eventsAppended) appended, \(s.eventsDuplicate) already there")
                print("units:  \(s.sourcesCopied) copied, \(s.sourcesSkipped) already complete there")
                print("quarantine: \(s.quarantineCopied) rows; cursors: \(s.cursorsCopied)")
            }
        }
    }
}
