import Foundation
import LabCore

/// The `flow` format's options, read from the source's `options:` in the pipeline file.
///
/// Schema (every key optional unless said; unknown keys are errors):
/// ```yaml
/// options:
///   flavour: auto                 # auto | flowjo | facsdiva | mapped (auto: sniffed; `columns` implies mapped)
///   encoding: auto                # auto | utf-8 | windows-1252 | mac-roman
///   decimal-mark: point           # point | comma (default: what the file's numbers show, else point;
///                                 # for `;` files a number both marks read differently is not read)
///   sample-column: "Sample:"      # the sample column (mapped: required; flowjo: default the first column)
///   sample-field: "Specimen Name" # FACSDiva metadata key (or table column) naming the sample
///   collected-column: "$DATE"     # column (flowjo/mapped) or FACSDiva key with the collection date
///                                 # (FACSDiva default: Record Date; flowjo/mapped default: none)
///   collected-time-column: "$BTIM"
///   manifest: samples.csv         # sample, collected: when each specimen was taken (wins over the table's
///                                 # date, which is when it was acquired); relative to the pipeline file
///   panel: "CAR-T PB"             # recorded as attribute `panel` on every event of the unit
///   panel-column: "TUBE NAME"     # or per row from a column
///   columns:                      # mapped tables: header → population + statistic
///     "CAR+ %": { population: "Lymphs/CD3+/CAR+", statistic: "Freq. of Parent" }
///     "Blasts CD19+": "Blasts/CD19+ | Freq. of Parent"     # short form
///   measures:                     # canonical measures (LABINGEST codes) by gate pattern
///     - { analyte: LI-CAR-CD3-PCT, gate: "*/CD3+/CAR+", statistic: "Freq. of Parent" }
///   absolute-counts:              # bead-based cells/µL
///     - analyte: LI-CART-ABS      # default and only accepted code
///       cells: "*/CD3+/CAR+"      # Count of this gate
///       beads: "*/Beads"          # Count of this gate
///       beads-per-test: 51500     # or beads-per-test-column: "Bead lot count"
///       blood-volume-ul: 50       # or blood-volume-column: "Volume uL"
/// ```
public struct FlowOptions: Sendable {
    public enum Flavour: String, Sendable, CaseIterable {
        case auto, flowjo, facsdiva, mapped
    }

    /// A mapped table column.
    public struct MappedColumn: Sendable, Equatable {
        public var header: String
        public var population: String
        public var statistic: FlowStatistic
    }

    /// A canonical measure: cells whose gate matches `gate` and statistic matches `statistic` are the
    /// documented local analyte `analyte`.
    public struct Measure: Sendable, Equatable {
        public var analyte: String
        public var gate: FlowGatePattern
        public var statistic: FlowStatistic

        /// True for a column of this gate and statistic. A measure statistic without a channel matches the
        /// same statistic on any channel (ambiguity is caught by the caller).
        public func matches(_ column: FlowColumnSpec) -> Bool {
            guard gate.matches(normalizedPath: column.populationNormalized) else { return false }
            return FlowOptions.statistic(statistic, matches: column.statistic)
        }
    }

    /// A per-test constant given in the pipeline or read from a column (a manifest merged into the table).
    public enum Constant: Sendable, Equatable {
        case fixed(Decimal, text: String)
        case column(String)
    }

    public struct AbsoluteCount: Sendable, Equatable {
        public var analyte: String
        public var cells: FlowGatePattern
        public var beads: FlowGatePattern
        public var beadsPerTest: Constant
        public var bloodVolumeUL: Constant
    }

    public var flavour: Flavour = .auto
    public var encoding: TextEncoding?
    public var decimalMark: DecimalMark?
    public var sampleColumn: String?
    public var sampleField: String = "Specimen Name"
    public var collectedColumn: String?
    public var collectedTimeColumn: String?
    /// The sample manifest's path (`SampleManifest`): collection times a table does not carry.
    public var manifestPath: String?
    public var panel: String?
    public var panelColumn: String?
    public var columns: [MappedColumn] = []
    public var measures: [Measure] = []
    public var absoluteCounts: [AbsoluteCount] = []

    /// The LABINGEST codes a gate-pattern measure may name (all percentages).
    public static let percentAnalytes: Set<String> = [
        "LI-MARROW-BLASTS", "LI-CAR-CD3-PCT", "LI-TAA-BLAST-PCT", "LI-BLAST-CD45-PCT", "LI-MRD-PCT",
    ]
    /// The LABINGEST code of bead-based absolute counts (`/uL`).
    public static let absoluteAnalyte = "LI-CART-ABS"

    public init() {}

    /// Reads and validates options; throws `pipeline.invalid` naming the key path.
    public init(_ config: ConfigValue?, path: String = "options", file: String? = nil) throws(LabError) {
        var r = OptionReader(config, path: path, file: file)
        func invalid(_ key: String, _ message: String, _ at: ConfigValue?) -> LabError {
            LabError(.pipelineInvalid, "\(path).\(key): \(message)", locator: Locator(uri: file, line: at?.line), field: "\(path).\(key)")
        }
        if let f = try r.string("flavour") {
            guard let v = Flavour(rawValue: f.lowercased()) else {
                throw invalid("flavour", "expected one of \(Flavour.allCases.map(\.rawValue).joined(separator: ", "))", r.value["flavour"])
            }
            flavour = v
        }
        if let e = try r.string("encoding"), e.lowercased() != "auto" {
            guard let v = TextEncoding(name: e) else { throw invalid("encoding", "unknown encoding", r.value["encoding"]) }
            encoding = v
        }
        decimalMark = try r.decimalMark()
        sampleColumn = try r.string("sample-column")
        if let s = try r.string("sample-field") { sampleField = s }
        collectedColumn = try r.string("collected-column")
        collectedTimeColumn = try r.string("collected-time-column")
        manifestPath = try r.string("manifest")
        panel = try r.string("panel")
        panelColumn = try r.string("panel-column")

        if let cols = r.raw("columns") {
            guard let map = cols.map else { throw invalid("columns", "expected a mapping of header to population and statistic", cols) }
            for (header, value) in map {
                columns.append(try Self.mappedColumn(header, value, path: "\(path).columns.\(header)", file: file))
            }
        }
        if let list = r.raw("measures") {
            guard let items = list.list else { throw invalid("measures", "expected a list", list) }
            for (i, item) in items.enumerated() {
                measures.append(try Self.measure(item, path: "\(path).measures[\(i)]", file: file))
            }
        }
        if let list = r.raw("absolute-counts") {
            guard let items = list.list else { throw invalid("absolute-counts", "expected a list", list) }
            for (i, item) in items.enumerated() {
                absoluteCounts.append(try Self.absoluteCount(item, path: "\(path).absolute-counts[\(i)]", file: file))
            }
        }
        try r.finish()
        if flavour == .mapped && columns.isEmpty {
            throw invalid("columns", "a mapped table needs at least one column", config)
        }
        if flavour == .mapped && sampleColumn == nil {
            throw invalid("sample-column", "a mapped table needs its sample column", config)
        }
        if !columns.isEmpty && flavour == .auto { flavour = .mapped }
    }

    // MARK: - Items

    private static func fail(_ path: String, _ message: String, _ file: String?, _ at: ConfigValue?) -> LabError {
        LabError(.pipelineInvalid, "\(path): \(message)", locator: Locator(uri: file, line: at?.line), field: path)
    }

    /// A statistic named in the pipeline, in any of the exports' spellings.
    static func statistic(_ text: String, path: String, file: String?, at: ConfigValue?) throws(LabError) -> FlowStatistic {
        if let s = FlowStatistic.parseFlowJo(text) ?? FlowStatistic.parseDiva(text) { return s }
        throw fail(path, "unknown statistic (expected e.g. 'Freq. of Parent', 'Count', 'Median (FITC-A)')", file, at)
    }

    static func mappedColumn(_ header: String, _ value: ConfigValue, path: String, file: String?) throws(LabError) -> MappedColumn {
        if let short = value.string {
            guard let spec = FlowHeader.parse(short), spec.statistic.kind != .other else {
                throw fail(path, "expected '<gate path> | <statistic>' or a mapping with population and statistic", file, value)
            }
            return MappedColumn(header: header, population: spec.population, statistic: spec.statistic)
        }
        var r = OptionReader(value, path: path, file: file)
        guard let population = try r.string("population") else { throw fail(path + ".population", "required", file, value) }
        guard let stat = try r.string("statistic") else { throw fail(path + ".statistic", "required", file, value) }
        try r.finish()
        return MappedColumn(header: header, population: population,
                            statistic: try statistic(stat, path: path + ".statistic", file: file, at: value))
    }

    static func measure(_ value: ConfigValue, path: String, file: String?) throws(LabError) -> Measure {
        var r = OptionReader(value, path: path, file: file)
        guard let analyte = try r.string("analyte") else { throw fail(path + ".analyte", "required", file, value) }
        guard percentAnalytes.contains(analyte) else {
            throw fail(path + ".analyte", "expected one of \(percentAnalytes.sorted().joined(separator: ", "))", file, value)
        }
        guard let gate = try r.string("gate"), !gate.isEmpty else { throw fail(path + ".gate", "required", file, value) }
        let statText = try r.string("statistic") ?? "Freq. of Parent"
        try r.finish()
        let stat = try statistic(statText, path: path + ".statistic", file: file, at: value)
        guard stat.kind == .frequency else {
            throw fail(path + ".statistic", "a percentage measure needs a frequency statistic", file, value)
        }
        return Measure(analyte: analyte, gate: FlowGatePattern(gate), statistic: stat)
    }

    static func absoluteCount(_ value: ConfigValue, path: String, file: String?) throws(LabError) -> AbsoluteCount {
        var r = OptionReader(value, path: path, file: file)
        let analyte = try r.string("analyte") ?? absoluteAnalyte
        guard analyte == absoluteAnalyte else { throw fail(path + ".analyte", "expected \(absoluteAnalyte)", file, value) }
        guard let cells = try r.string("cells"), !cells.isEmpty else { throw fail(path + ".cells", "required", file, value) }
        guard let beads = try r.string("beads"), !beads.isEmpty else { throw fail(path + ".beads", "required", file, value) }
        let perTest = try constant(&r, "beads-per-test", "beads-per-test-column", path: path, file: file)
        let volume = try constant(&r, "blood-volume-ul", "blood-volume-column", path: path, file: file)
        try r.finish()
        return AbsoluteCount(analyte: analyte, cells: FlowGatePattern(cells), beads: FlowGatePattern(beads),
                             beadsPerTest: perTest, bloodVolumeUL: volume)
    }

    private static func constant(_ r: inout OptionReader, _ key: String, _ columnKey: String, path: String,
                                 file: String?) throws(LabError) -> Constant {
        let text = try r.string(key)
        let column = try r.string(columnKey)
        switch (text, column) {
        case (let t?, nil):
            guard let d = DecimalText.parse(t), d > 0 else { throw fail(path + "." + key, "expected a positive number", file, r.value[key]) }
            return .fixed(d, text: t)
        case (nil, let c?): return .column(c)
        case (nil, nil): throw fail(path + "." + key, "required (or \(columnKey))", file, r.value)
        case (.some, .some): throw fail(path + "." + key, "give \(key) or \(columnKey), not both", file, r.value)
        }
    }

    // MARK: - Statistic matching

    /// A pipeline statistic matches a column statistic when their canonical forms agree (case-insensitive);
    /// a pipeline statistic without a channel ignores the column's channel.
    static func statistic(_ wanted: FlowStatistic, matches actual: FlowStatistic) -> Bool {
        if wanted.channel == nil {
            return wanted.name.lowercased() == actual.name.lowercased()
        }
        return wanted.canonical.lowercased() == actual.canonical.lowercased()
    }
}
