import Foundation
import LabCore

/// A pipeline file (`pipelines/*.yaml`): where events go, how times and subjects are read, and the sources.
///
/// For example:
/// ```yaml
/// name: demo
/// store: ../labingest.sqlite        # path (relative to this file) or sqlite:///abs, postgres://…
/// timezone: Asia/Shanghai           # for timestamps without an offset
/// roster: ../samples/roster.csv
/// sources:
///   - name: hospital-lab-a
///     type: files
///     paths: ["../samples/lab-csv/*.csv"]
///     format: lab-csv
/// ```
/// Unknown keys are errors; every error names the file, line and key path.
public struct PipelineDefinition: Sendable {
    public var name: String
    public var file: String?
    public var store: String?
    public var timezone: TimeZone
    public var roster: String?
    public var analytes: [AnalyteOverride]
    public var units: [(spelling: String, ucum: String)]
    public var sources: [SourceDefinition]

    /// A per-pipeline analyte added to (or replacing one of) the built-in catalogue.
    public struct AnalyteOverride: Sendable {
        public var system: String
        public var code: String
        public var display: String
        public var canonicalUnit: String
        public var molarMass: Decimal?
        public var aliases: [String]
    }

    public init(name: String, file: String? = nil, store: String? = nil, timezone: TimeZone = TimeZone(identifier: "UTC")!,
                roster: String? = nil, analytes: [AnalyteOverride] = [], units: [(spelling: String, ucum: String)] = [],
                sources: [SourceDefinition] = []) {
        self.name = name
        self.file = file
        self.store = store
        self.timezone = timezone
        self.roster = roster
        self.analytes = analytes
        self.units = units
        self.sources = sources
    }

    /// Reads and validates a pipeline file.
    public static func load(path: String) throws(LabError) -> PipelineDefinition {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw LabError(.pipelineInvalid, "cannot read pipeline file", locator: Locator(uri: path))
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(LabError) -> PipelineDefinition {
        let root = try YAMLConfig.parse(text, file: file)
        guard root.map != nil else { throw LabError(.pipelineInvalid, "a pipeline file is a mapping", locator: Locator(uri: file, line: 1)) }
        var r = OptionReader(root, path: "", file: file)
        let base = (file as NSString).deletingLastPathComponent
        func resolve(_ p: String?) -> String? {
            guard let p else { return nil }
            if p.contains("://") || p.hasPrefix("/") { return p }
            return base.isEmpty ? p : (base as NSString).appendingPathComponent(p)
        }
        guard let name = try r.string("name"), !name.isEmpty else {
            throw LabError(.pipelineInvalid, "name: required", locator: Locator(uri: file, line: 1), field: "name")
        }
        var zone = TimeZone(identifier: "UTC")!
        if let tz = try r.string("timezone") {
            guard let z = TimeZone(identifier: tz) else {
                throw LabError(.pipelineInvalid, "timezone: '\(tz)' is not an IANA time zone", locator: Locator(uri: file, line: root["timezone"]?.line), field: "timezone")
            }
            zone = z
        }
        var definition = PipelineDefinition(name: name, file: file, store: resolve(try r.string("store")), timezone: zone,
                                            roster: resolve(try r.string("roster")))
        definition.units = try r.stringMap("units").map { (spelling: $0.0, ucum: $0.1) }
        if let list = r.raw("analytes") {
            guard let items = list.list else { throw LabError(.pipelineInvalid, "analytes: expected a list", locator: Locator(uri: file, line: list.line), field: "analytes") }
            for (i, item) in items.enumerated() {
                var a = OptionReader(item, path: "analytes[\(i)]", file: file)
                func required(_ key: String) throws(LabError) -> String {
                    guard let v = try a.string(key) else {
                        throw LabError(.pipelineInvalid, "analytes[\(i)].\(key): required", locator: Locator(uri: file, line: item.line), field: "analytes[\(i)].\(key)")
                    }
                    return v
                }
                let aliases = (a.raw("aliases")?.list ?? []).compactMap(\.string)
                definition.analytes.append(AnalyteOverride(
                    system: try a.string("system") ?? "LOINC", code: try required("code"), display: try required("display"),
                    canonicalUnit: try required("canonical-unit"), molarMass: try a.decimal("molar-mass"), aliases: aliases))
                try a.finish()
            }
        }
        if let list = r.raw("sources") {
            guard let items = list.list else { throw LabError(.pipelineInvalid, "sources: expected a list", locator: Locator(uri: file, line: list.line), field: "sources") }
            for (i, item) in items.enumerated() {
                definition.sources.append(try SourceDefinition.parse(item, index: i, file: file, resolve: resolve))
            }
            var seen = Set<String>()
            for s in definition.sources where !seen.insert(s.name).inserted {
                throw LabError(.pipelineInvalid, "sources: two sources are named '\(s.name)'", locator: Locator(uri: file, line: list.line), field: "sources")
            }
        }
        try r.finish()
        return definition
    }
}
