import ArgumentParser
import Foundation
import LabCore
import LabPipeline
import LabStore

extension LabIngest {
    struct Trace: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an event, the unit of work it came from, and its raw input.")
        @Argument(help: "The event id (sha256:…).") var eventID: String
        @Option(help: "Store path or URL.") var store: String = "labingest.sqlite"

        func run() throws {
            let events = try StoreLocation.open(store)
            guard let e = try events.event(id: eventID) else { throw LabError(.notFound, "no event with this id") }
            print("event:")
            print("  " + e.json.rendered())
            print("source:")
            if let s = try events.source(sha256: e.provenance.source) {
                print("  uri:      \(s.info.uri)")
                print("  sha256:   \(s.info.sha256)  (\(s.info.size) bytes, format \(s.info.format), \(s.status.rawValue))")
                print("  counts:   read \(s.counts.read), appended \(s.counts.appended), duplicates \(s.counts.duplicates), quarantined \(s.counts.quarantined), ignored \(s.counts.ignored)")
                if let enc = s.encoding { print("  encoding: \(enc)") }
            } else {
                print("  \(e.provenance.uri) (no source row)")
            }
            print("  locator:  \(e.provenance.locator)")
            print("  parser:   \(e.provenance.parser)")
            print("raw input:")
            print("  \(e.raw ?? "(not kept)")")
            if let prior = e.supersedes { print("supersedes: \(prior)") }
        }
    }
}
