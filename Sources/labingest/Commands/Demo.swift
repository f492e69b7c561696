import ArgumentParser
import Foundation
import LabCore
import LabPipeline
import LabStore

extension LabIngest {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run pipelines/demo.yaml on samples/ into ./labingest.sqlite and show what happened.")

        @Option(help: "Store path or URL.") var store: String = "labingest.sqlite"
        @Option(help: "The demo pipeline (found from the working directory or the executable when omitted).") var pipeline: String?
        @Flag(help: "Print one JSON object per unit of work and a total line.") var json = false
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let logger = try global.makeLogger()
            guard let path = pipeline ?? Demo.findDemoPipeline() else {
                throw LabError(.pipelineInvalid, "pipelines/demo.yaml not found: run the demo from the repository folder")
            }
            let definition = try PipelineDefinition.load(path: path)
            let runner = try PipelineRunner.prepare(definition, storeLocation: store, rosterPath: nil, logger: logger)
            var output = UnitOutput(json: json)
            if !json { print("LabIngest demo: pipeline \(definition.name) → \(StoreLocation.redacted(store))\n") }
            let reports = runner.runOnce { source, report in output.add(source: source, report) }
            output.finish()
            if !json {
                try showExamples(runner.store)
                let failed = reports.filter { $0.status == .failed }.count
                print("\nThe counts add up: every record read is appended, a duplicate, quarantined or ignored.")
                if failed > 0 { print("\(failed) file(s) failed as a whole; see above.") }
            }
            // The demo's samples include deliberately bad records: exit 0 whenever the run itself worked.
        }

        private func showExamples(_ store: any EventStore) throws {
            let stats = try store.statistics()
            print("\nstore: \(stats.events) events (last seq \(stats.lastSeq)), \(stats.sources) units complete, \(stats.openQuarantine) open quarantine rows")
            print("\nexample events (labingest events --format json for all fields):")
            print("  " + EventTable.header)
            // The first events of a few analytes and of every kind: lab results, qPCR copies, flow populations.
            var analytes = Set<String>()
            var kinds = Set<String>()
            try store.forEachEvent(EventQuery()) { e in
                let newKind = kinds.insert(e.kind.rawValue).inserted
                let wanted = ["751-8", "1975-2", "LI-CAR-CD3-PCT", "LI-MARROW-BLASTS"].contains(e.analyte.code)
                let newAnalyte = analytes.insert(e.analyte.code).inserted
                guard newKind || (wanted && newAnalyte) else { return }
                print("  " + EventTable.row(e))
            }
            let open = try store.quarantineItems(status: "open")
            if !open.isEmpty {
                print("\nquarantined records (labingest quarantine show ID):")
                for q in open.prefix(10) {
                    print("  #\(q.id ?? 0) [\(q.reason)] \(URL(string: q.uri)?.lastPathComponent ?? q.uri) \(q.locator): \(q.message)")
                }
            }
        }

        static func findDemoPipeline() -> String? {
            let fm = FileManager.default
            var candidates = [fm.currentDirectoryPath]
            var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<6 {
                candidates.append(dir.path)
                dir = dir.deletingLastPathComponent()
            }
            for c in candidates {
                let p = (c as NSString).appendingPathComponent("pipelines/demo.yaml")
                if fm.fileExists(atPath: p) { return p }
            }
            return nil
        }
    }
}
