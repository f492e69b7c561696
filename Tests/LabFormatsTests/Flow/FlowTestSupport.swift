import Foundation
import LabCore
@testable import LabFormats

/// Helpers shared by the flow tests: sample lookup, option building, running the parser, rendering outputs.
enum FlowFixture {
    /// `samples/flow/<name>`, found by walking up from this file.
    static func sample(_ name: String, file: String = #filePath) throws -> [UInt8] {
        var dir = URL(fileURLWithPath: file).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("samples/flow/\(name)")
            if FileManager.default.fileExists(atPath: candidate.path) {
                return Array(try Data(contentsOf: candidate))
            }
            dir = dir.deletingLastPathComponent()
        }
        throw LabError(.notFound, "sample \(name) not found")
    }

    static func s(_ text: String) -> ConfigValue { .string(text, line: nil) }
    static func map(_ pairs: [(String, ConfigValue)]) -> ConfigValue { .map(pairs.map { (key: $0.0, value: $0.1) }, line: nil) }
    static func list(_ items: [ConfigValue]) -> ConfigValue { .list(items, line: nil) }

    /// The options the demo pipeline uses (see the report).
    static let demoOptions: ConfigValue = map([("collected-column", s("$DATE"))] + measureOptionPairs)

    /// The demo's measures and absolute counts, without a collection column (for inline tables).
    static let measureOptions: ConfigValue = map(measureOptionPairs)

    static let measureOptionPairs: [(String, ConfigValue)] = [
        ("measures", list([
            map([("analyte", s("LI-CAR-CD3-PCT")), ("gate", s("*/CD3+/CAR+")), ("statistic", s("Freq. of Parent"))]),
            map([("analyte", s("LI-TAA-BLAST-PCT")), ("gate", s("*/Blasts/CD19+")), ("statistic", s("Freq. of Parent"))]),
            map([("analyte", s("LI-BLAST-CD45-PCT")), ("gate", s("*/CD45+/Blasts")), ("statistic", s("Freq. of Parent"))]),
            map([("analyte", s("LI-MRD-PCT")), ("gate", s("*/Nucleated/CD19+/MRD")), ("statistic", s("Freq. of Grandparent"))]),
        ])),
        ("absolute-counts", list([
            map([("analyte", s("LI-CART-ABS")), ("cells", s("*/CD3+/CAR+")), ("beads", s("*/Beads")),
                 ("beads-per-test", s("51500")), ("blood-volume-ul", s("50"))]),
        ])),
    ]

    struct Run {
        var outputs: [ParseOutput]
        var summary: ParseSummary

        var observations: [Observation] {
            outputs.compactMap { if case .observation(let o) = $0 { return o } else { return nil } }
        }
        var ignored: [(ReasonCode, Locator, String?)] {
            outputs.compactMap { if case .ignored(let r, let l, let d) = $0 { return (r, l, d) } else { return nil } }
        }
        var quarantined: [(LabError, String)] {
            outputs.compactMap { if case .quarantined(let e, let raw) = $0 { return (e, raw) } else { return nil } }
        }
        func ignoredCount(_ reason: ReasonCode) -> Int { ignored.filter { $0.0 == reason }.count }

        /// Observations of one sample and code.
        func value(_ sample: String, _ code: String) -> Observation? {
            observations.first { $0.subject.sampleID == sample && $0.analyte.codings.first?.code == code }
        }
    }

    static func run(_ bytes: [UInt8], options: ConfigValue = demoOptions, chunkSize: Int = .max) throws -> Run {
        var outputs: [ParseOutput] = []
        let summary = try FlowParser().parse(MemoryByteSource(bytes, chunkSize: chunkSize),
                                             context: ParseContext(uri: "file:///test", options: options)) { outputs.append($0) }
        return Run(outputs: outputs, summary: summary)
    }

    static func run(_ text: String, options: ConfigValue = measureOptions, chunkSize: Int = .max) throws -> Run {
        try run(Array(text.utf8), options: options, chunkSize: chunkSize)
    }

    /// A stable text form of an output, for comparing runs.
    static func render(_ output: ParseOutput) -> String {
        switch output {
        case .observation(let o):
            let attrs = o.attributes.keys.sorted().map { "\($0)=\(o.attributes[$0]!.rendered())" }.joined(separator: ";")
            let codings = o.analyte.codings.map { "\($0.system ?? "")|\($0.code)|\($0.display ?? "")" }.joined(separator: ",")
            return "obs \(o.locator) line:\(o.locator.line ?? -1) \(o.subject.sampleID ?? "-") \(codings) \(o.value) \(o.unit ?? "-") \(o.collected) \(o.resultID ?? "") \(attrs) raw:\(o.raw)"
        case .ignored(let r, let l, let d):
            return "ign \(r) \(l) \(d ?? "")"
        case .quarantined(let e, let raw):
            return "qua \(e.code) \(e.message) \(e.locator?.description ?? "") raw:\(raw)"
        }
    }
}
