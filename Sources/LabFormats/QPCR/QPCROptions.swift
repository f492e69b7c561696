import Foundation
import LabCore

/// What to do with the events of a run (or sample) that fails QC.
public enum QPCRQCPolicy: String, Sendable {
    /// Append the events with `qc: failed` and the reasons (default).
    case flag
    /// Quarantine every CAR event of the failing run (`qpcr.run-qc-failed`) or sample (`qpcr.sample-qc-failed`).
    case quarantine
}

/// The `options:` of a qPCR source, read with `OptionReader` (unknown keys are errors).
///
/// Keys: `flavour` (auto | quantstudio | cfx | rdml | summary), `car-targets` (list), `reference-targets` (list),
/// `dna-ng-per-reaction`, `collected`, `manifest` (path of a CSV: sample, collected, dna-ng-per-reaction),
/// `lloq`, `lod` (copies/µg, or copies/µL for blood sheets), `efficiency-min` (90), `efficiency-max` (110),
/// `r2-min` (0.98), `min-standard-levels` (3), `ntc-cq-cutoff` (38), `replicate-sd-max` (0.5),
/// `non-detect-cq` (a Cq at or above which a reaction counts as not amplified, e.g. 40 or 100),
/// `on-qc-failure` (flag | quarantine), `significant-digits` (4), `columns` (summary sheets: sample, subject,
/// collected, visit, copies, lloq, lod, comment, unit), `unit` (summary sheets without a unit column),
/// `decimal-mark` (point | comma; default: comma for `;`-separated files, else read from the run's Cq cells),
/// `sample-id` (accepted and left to the normalizer).
public struct QPCROptions: Sendable {
    public enum Flavour: String, Sendable { case auto, quantstudio, cfx, rdml, summary }

    public var flavour: Flavour = .auto
    /// Exact target names (case-insensitive) that count as the CAR transgene; nil = any name containing "CAR".
    public var carTargets: [String]?
    public var referenceTargets: [String] = []
    public var dnaNgPerReaction: Double?
    public var collected: String?
    public var manifestPath: String?
    public var lloq: Decimal?
    public var lod: Decimal?
    public var efficiencyMin = 90.0
    public var efficiencyMax = 110.0
    public var r2Min = 0.98
    public var minStandardLevels = 3
    public var ntcCqCutoff = 38.0
    public var replicateSDMax = 0.5
    public var nonDetectCq: Double?
    public var onQCFailure: QPCRQCPolicy = .flag
    public var significantDigits = 4
    /// Summary-sheet column mapping: role → column header as written.
    public var columns: [String: String] = [:]
    public var unit: String?
    /// The file's decimal separator when the lab states it; nil = inferred (see `QPCRColumns.decimalMark`).
    public var decimalMark: DecimalMark?

    public init() {}

    public static let columnRoles: Set<String> = ["sample", "subject", "collected", "visit", "copies", "lloq", "lod",
                                                  "comment", "unit", "specimen"]

    /// Reads and validates the options; throws `pipeline.invalid` naming the key.
    public init(_ value: ConfigValue, file: String?) throws(LabError) {
        var r = OptionReader(value, path: "options", file: file)
        if let f = try r.string("flavour") {
            guard let v = Flavour(rawValue: f.lowercased()) else { throw Self.bad("flavour", "expected auto, quantstudio, cfx, rdml or summary", file) }
            flavour = v
        }
        carTargets = try Self.list(&r, "car-targets", file)
        referenceTargets = try Self.list(&r, "reference-targets", file) ?? []
        dnaNgPerReaction = try Self.positive(&r, "dna-ng-per-reaction", file)
        collected = try r.string("collected")
        manifestPath = try r.string("manifest")
        lloq = try r.decimal("lloq")
        lod = try r.decimal("lod")
        efficiencyMin = try r.decimal("efficiency-min").map(Self.double) ?? efficiencyMin
        efficiencyMax = try r.decimal("efficiency-max").map(Self.double) ?? efficiencyMax
        r2Min = try r.decimal("r2-min").map(Self.double) ?? r2Min
        if let n = try r.decimal("min-standard-levels") { minStandardLevels = Int(Self.double(n)) }
        ntcCqCutoff = try r.decimal("ntc-cq-cutoff").map(Self.double) ?? ntcCqCutoff
        replicateSDMax = try r.decimal("replicate-sd-max").map(Self.double) ?? replicateSDMax
        nonDetectCq = try r.decimal("non-detect-cq").map(Self.double)
        if let p = try r.string("on-qc-failure") {
            guard let v = QPCRQCPolicy(rawValue: p.lowercased()) else { throw Self.bad("on-qc-failure", "expected flag or quarantine", file) }
            onQCFailure = v
        }
        if let d = try r.decimal("significant-digits") {
            let n = Int(Self.double(d))
            guard (2...15).contains(n) else { throw Self.bad("significant-digits", "expected 2 to 15", file) }
            significantDigits = n
        }
        for (role, header) in try r.stringMap("columns") {
            guard Self.columnRoles.contains(role) else { throw Self.bad("columns.\(role)", "unknown column role", file) }
            columns[role] = header
        }
        unit = try r.string("unit")
        decimalMark = try r.decimalMark()
        _ = try r.string("sample-id")  // the normalizer's key; accepted here so one options map serves both
        try r.finish()
        guard efficiencyMin < efficiencyMax else { throw Self.bad("efficiency-min", "must be below efficiency-max", file) }
    }

    /// True when `name` is a CAR transgene target.
    public func isCARTarget(_ name: String) -> Bool {
        let n = name.trimmingCharacters(in: .whitespaces)
        if let carTargets { return carTargets.contains { $0.caseInsensitiveCompare(n) == .orderedSame } }
        return n.range(of: "CAR", options: .caseInsensitive) != nil
    }

    public func isReferenceTarget(_ name: String) -> Bool {
        let n = name.trimmingCharacters(in: .whitespaces)
        return referenceTargets.contains { $0.caseInsensitiveCompare(n) == .orderedSame }
    }

    // MARK: - Helpers

    private static func double(_ d: Decimal) -> Double { NSDecimalNumber(decimal: d).doubleValue }

    private static func bad(_ key: String, _ message: String, _ file: String?) -> LabError {
        LabError(.pipelineInvalid, "options.\(key): \(message)", locator: Locator(uri: file), field: "options.\(key)")
    }

    private static func positive(_ r: inout OptionReader, _ key: String, _ file: String?) throws(LabError) -> Double? {
        guard let d = try r.decimal(key) else { return nil }
        guard d > 0 else { throw bad(key, "must be positive", file) }
        return double(d)
    }

    private static func list(_ r: inout OptionReader, _ key: String, _ file: String?) throws(LabError) -> [String]? {
        guard let v = r.raw(key) else { return nil }
        switch v {
        case .null: return nil
        case .string(let s, _): return s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        case .list(let items, _):
            var out: [String] = []
            for item in items {
                guard let s = item.string else { throw bad(key, "expected a list of target names", file) }
                out.append(s)
            }
            return out
        case .map: throw bad(key, "expected a list of target names", file)
        }
    }
}
