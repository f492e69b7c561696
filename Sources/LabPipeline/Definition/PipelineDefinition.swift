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
///   - name: instrument-drop         # see DirectorySource and HTTPSource for the other source types
///     type: directory
///     path: ../samples/inbox
///     format: auto
/// ```
/// Unknown keys are errors; every error names the file, line and key path.
public struct PipelineDefinition: Sendable {
    public var name: String
    public var description: String?
    public var file: String?
    public var store: String?
    public var timezone: TimeZone
    /// The pipeline file (or `--timezone`) names the zone; otherwise it is UTC and a sender's own declared
    /// offset (HL7 MSH-7) reads that sender's offset-less times.
    public var timezoneStated = false
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

    /// - Parameter timezone: the zone offset-less times are read in; nil: none stated (UTC, see `timezoneStated`).
    public init(name: String, file: String? = nil, store: String? = nil, timezone: TimeZone? = nil,
                roster: String? = nil, analytes: [AnalyteOverride] = [], units: [(spelling: String, ucum: String)] = [],
                sources: [SourceDefinition] = []) {
        self.name = name
        self.file = file
        self.store = store
        self.timezone = timezone ?? TimeZone(identifier: "UTC")!
        self.timezoneStated = timezone != nil
        self.roster = roster
        self.analytes = analytes
        self.units = units
        self.sources = sources
    }

    /// Reads and validates a pipeline file.
    /// - Throws: the first problem (`pipeline.invalid`, with file:line and key path); `check(path:)` lists all.
    public static func load(path: String) throws(LabError) -> PipelineDefinition {
        let result = check(path: path)
        if let first = result.problems.first {
            var error = first
            if result.problems.count > 1 { error.message += " (and \(result.problems.count - 1) more problem(s): labingest validate lists them)" }
            throw error
        }
        return result.definition!
    }

    public static func parse(_ text: String, file: String) throws(LabError) -> PipelineDefinition {
        let result = check(text, file: file)
        if let first = result.problems.first { throw first }
        return result.definition!
    }

    /// The outcome of reading a pipeline file: the definition when it has no problem, and every problem found.
    public struct Check: Sendable {
        public var definition: PipelineDefinition?
        /// In file order; each names the file, line and key path (`sources[2].settle`).
        public var problems: [LabError]
    }

    /// Reads a pipeline file and reports every problem (unknown keys, wrong shapes, bad values).
    public static func check(path: String) -> Check {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return Check(definition: nil, problems: [LabError(.pipelineInvalid, "cannot read pipeline file", locator: Locator(uri: path))])
        }
        return check(text, file: path)
    }

    public static func check(_ text: String, file: String) -> Check {
        let root: ConfigValue
        do throws(LabError) { root = try YAMLConfig.parse(text, file: file) } catch { return Check(definition: nil, problems: [error]) }
        guard root.map != nil else {
            return Check(definition: nil, problems: [LabError(.pipelineInvalid, "a pipeline file is a mapping", locator: Locator(uri: file, line: 1))])
        }
        let problems = ConfigProblems(file: file)
        var r = ConfigReader(root, path: "", problems: problems)
        // Paths in the file are relative to the file (made absolute, so a drop folder's claims and archive paths
        // do not depend on the working directory).
        var base = (file as NSString).deletingLastPathComponent
        if !base.hasPrefix("/") {
            base = ((FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(base) as NSString).standardizingPath
        }
        func resolve(_ p: String) -> String {
            if p.contains("://") || p.hasPrefix("/") { return p }
            if p.hasPrefix("~/") { return (p as NSString).expandingTildeInPath }
            return ((base as NSString).appendingPathComponent(p) as NSString).standardizingPath
        }
        let name = r.string("name", required: true)
        if let name, name.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]*$"#, options: .regularExpression) == nil {
            r.fail("name", "use letters, digits, '.', '_' and '-' (it names lock files and cursors)")
        }
        let summary = r.string("description")
        var zone: TimeZone?
        if let tz = r.string("timezone") {
            if let z = TimeZone(identifier: tz) { zone = z } else { r.fail("timezone", "'\(tz)' is not an IANA time zone") }
        }
        var definition = PipelineDefinition(name: name ?? "", file: file, store: r.string("store").map(resolve), timezone: zone,
                                            roster: r.string("roster").map(resolve))
        definition.description = summary
        definition.units = r.stringMap("units").map { (spelling: $0.0, ucum: $0.1) }
        if let list = r.raw("analytes") {
            if let items = list.list {
                for (i, item) in items.enumerated() {
                    var a = ConfigReader(item, path: "analytes[\(i)]", problems: problems)
                    let system = a.string("system") ?? "LOINC"
                    let code = a.string("code", required: true)
                    let display = a.string("display", required: true)
                    let unit = a.string("canonical-unit", required: true)
                    var molarMass: Decimal?
                    if let m = a.string("molar-mass") {
                        if let d = DecimalText.parse(m), d > 0 { molarMass = d } else { a.fail("molar-mass", "expected a positive number, found '\(m)'") }
                    }
                    let aliases = a.stringList("aliases") ?? []
                    a.finish()
                    if let code, let display, let unit {
                        definition.analytes.append(AnalyteOverride(system: system, code: code, display: display, canonicalUnit: unit,
                                                                   molarMass: molarMass, aliases: aliases))
                    }
                }
            } else {
                r.fail("analytes", "expected a list")
            }
        }
        if let list = r.raw("sources") {
            if let items = list.list {
                var seen: [String: Int] = [:]
                for (i, item) in items.enumerated() {
                    guard let source = SourceDefinition.parse(item, index: i, problems: problems, resolve: resolve) else { continue }
                    if let first = seen[source.name] {
                        problems.add("sources[\(i)].name", "two sources are named '\(source.name)' (also sources[\(first)])", line: item["name"]?.line ?? item.line)
                    } else {
                        seen[source.name] = i
                    }
                    definition.sources.append(source)
                }
            } else {
                r.fail("sources", "expected a list")
            }
        }
        r.finish()
        let found = problems.sorted
        return Check(definition: found.isEmpty ? definition : nil, problems: found)
    }
}
