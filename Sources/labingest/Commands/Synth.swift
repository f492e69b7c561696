import ArgumentParser
import Foundation
import LabCore
import LabPipeline

extension LabIngest {
    struct Synth: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a deterministic synthetic trial (roster, HL7, qPCR, flow, pipeline.yaml, truth.json).",
            discussion: """
            The same options give the same bytes. Ingest the result with `labingest run DIR/pipeline.yaml`; \
            DIR/truth.json lists every result the store must then hold. --scale-hl7-mb adds one large v2.xml \
            batch under DIR/scale/ for `labingest bench ingest`.
            """)

        @Option(help: "Number of subjects (CART-001 …).") var subjects: Int = 60
        @Option(help: "Length of the trial window in months (from 2024-01).") var months: Int = 24
        @Option(help: "Random seed (an unsigned 64-bit integer).") var seed: UInt64 = 1
        @Option(help: "Output folder (created; existing files of the same names are replaced).") var out: String
        @Option(name: .customLong("scale-hl7-mb"), help: "Also write one central-lab v2.xml batch of about this many MB.")
        var scaleHL7MB: Double?

        func validate() throws {
            if let mb = scaleHL7MB, !(mb > 0 && mb <= 100_000) { throw ValidationError("--scale-hl7-mb must be above 0 and at most 100000") }
        }

        func run() throws {
            let options = SynthOptions(subjects: subjects, months: months, seed: seed, scaleHL7MB: scaleHL7MB)
            let summary = try SynthTrialGenerator.generate(options, into: out)
            print("wrote \(summary.files.count) files for \(summary.subjects) subjects into \(out): \(summary.results) expected events (truth.json)")
            if let s = summary.scale {
                print(String(format: "scale batch %@: %.1f MB, %d messages, %d OBX", s.path, Double(s.bytes) / 1_000_000, s.messages, s.observations))
            }
        }
    }
}
