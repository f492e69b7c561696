import Foundation
import LabCore

/// The known truth of a generated trial (`truth.json`): per subject the generating values, per generated
/// result what it must be once normalized and stored, and the outcomes the other records must have.
///
/// Every generated result that should become an event is listed exactly once (a re-sent copy of a
/// message is counted in `expectedDuplicates`, not listed again); a correction is listed as its own
/// result with status `corrected`.
public struct SynthTruth: Sendable {
    public struct Subject: Sendable {
        public var subject: String
        public var mrn: String
        public var site: String
        public var lab: String
        public var infusionDate: String
        /// True peak of CAR transgene copies/µg gDNA in blood and its study day (the generating curve,
        /// not a measurement).
        public var cmax: Double
        public var tmax: Int
        /// Response at each marrow assessment visit (`SCR` baseline, `D28`, `M3`, `M6`, `REL`).
        public var responseByVisit: [(visit: String, response: String)]
        public var relapseDate: String?
        public var antigenLoss: Bool
    }

    public struct Result: Sendable {
        /// Path relative to the output folder.
        public var file: String
        public var kind: String
        public var subject: String
        public var specimen: String?
        /// ISO 8601 UTC (`2024-03-11T23:30:00Z`).
        public var collectedAt: String
        public var status: String
        public var expected: SynthExpectedValue
    }

    public var seed: UInt64
    public var subjectsCount: Int
    public var months: Int
    public var startDate: String
    public var timezone = "Asia/Shanghai"
    public var subjects: [Subject] = []
    public var results: [Result] = []
    /// Records that must be quarantined, by reason code.
    public var expectedQuarantined: [String: Int] = [:]
    /// Events that arrive a second time (re-sent messages) and must be counted as duplicates.
    public var expectedDuplicates = 0
    /// Records that must be ignored, by reason code (only those the generator plants on purpose).
    public var expectedIgnored: [String: Int] = [:]
    /// Output files: path relative to the folder, format, records written (OBX, wells, cells).
    public var files: [(path: String, format: String)] = []

    /// The truth as JSON text: one result per line so that large files stay readable and diffable.
    public func json() -> String {
        var out = "{\n"
        func line(_ key: String, _ value: JSONValue, last: Bool = false) {
            out += "  \"\(key)\": " + value.rendered() + (last ? "\n" : ",\n")
        }
        line("generator", .string("labingest-synth/1"))
        line("seed", .string(String(seed)))
        line("subjectsCount", .int(Int64(subjectsCount)))
        line("months", .int(Int64(months)))
        line("startDate", .string(startDate))
        line("timezone", .string(timezone))
        line("files", .array(files.map { .object([("path", .string($0.path)), ("format", .string($0.format))]) }))
        line("expectedQuarantined", .object(expectedQuarantined.keys.sorted().map { ($0, .int(Int64(expectedQuarantined[$0]!))) }))
        line("expectedIgnored", .object(expectedIgnored.keys.sorted().map { ($0, .int(Int64(expectedIgnored[$0]!))) }))
        line("expectedDuplicates", .int(Int64(expectedDuplicates)))
        line("expectedEvents", .int(Int64(results.count)))
        out += "  \"subjects\": [\n"
        for (i, s) in subjects.enumerated() {
            let v: JSONValue = .object([
                ("subject", .string(s.subject)), ("mrn", .string(s.mrn)), ("site", .string(s.site)), ("lab", .string(s.lab)),
                ("infusionDate", .string(s.infusionDate)),
                ("cmax", .object([("value", .decimal(DecimalText.round(Decimal(s.cmax.rounded()), significantDigits: 6))), ("unit", .string("{copies}/ug"))])),
                ("tmaxDay", .int(Int64(s.tmax))),
                ("responseByVisit", .object(s.responseByVisit.map { ($0.visit, .string($0.response)) })),
                ("relapseDate", .string(s.relapseDate)), ("antigenLoss", .bool(s.antigenLoss)),
            ])
            out += "    " + v.rendered() + (i == subjects.count - 1 ? "\n" : ",\n")
        }
        out += "  ],\n  \"results\": [\n"
        for (i, r) in results.enumerated() {
            var pairs: [(String, JSONValue)] = [
                ("file", .string(r.file)), ("kind", .string(r.kind)), ("subject", .string(r.subject)),
                ("analyte", .object([("system", .string(r.expected.system)), ("code", .string(r.expected.code))])),
                ("specimen", .string(r.specimen)), ("collectedAt", .string(r.collectedAt)), ("status", .string(r.status)),
                ("value", .decimal(r.expected.value)), ("comparator", .string(r.expected.comparator)), ("unit", .string(r.expected.unit)),
            ]
            if let t = r.expected.text { pairs.append(("text", .string(t))) }
            out += "    " + JSONValue.object(pairs).rendered() + (i == results.count - 1 ? "\n" : ",\n")
        }
        out += "  ]\n}\n"
        return out
    }
}
