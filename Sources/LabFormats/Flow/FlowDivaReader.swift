import Foundation
import LabCore

/// Reads a BD FACSDiva statistics export: per-tube blocks of metadata lines (`Experiment Name,…`,
/// `Specimen Name,…`, `Tube Name,…`, `Record Date,"Mar 18, 2014 12:38:58 PM"`) followed by a population table
/// `Population,Parent Name,#Events,%Parent,%Grand Parent,%Total,CD3 FITC-A Mean,…`.
///
/// - Metadata lines and blank lines are structure, not records: nothing is emitted for them. A blank line ends a
///   table; key/value lines after it are the next block's metadata, never population rows. A line with more than
///   two values outside a table is quarantined (`flow.row-outside-table`).
/// - Each population row is one record group: one output per non-empty statistic cell; a row without any
///   value is `flow.empty-row`.
/// - The gate path is rebuilt from `Parent Name` (`All Events/Lymphs/CD3+/CAR+`); without that column the
///   population name alone is the path.
/// - The sample is the metadata value (or table column) named by `sample-field` (default `Specimen Name`);
///   `Tube Name` becomes attribute `tube`, `Experiment Name` attribute `experiment`; the collection time
///   comes from the `collected-column` key when the tube has it, else from `Record Date`.
/// - Rows are buffered per tube only (one sample's populations) to resolve gate paths, measures and
///   absolute counts; a table whose rows carry their own `Tube Name`/sample column is cut into tubes
///   wherever that value changes.
struct FlowDivaReader {
    let reader: DelimitedReader
    let options: FlowOptions
    let uri: String
    let emitter: FlowEmitter
    private(set) var notes: [String] = []

    /// Metadata keys that start or continue a tube block (lower-cased, without a trailing colon).
    static let metadataKeys: Set<String> = [
        "experiment name", "experiment", "specimen name", "specimen", "tube name", "tube", "record date",
        "$op", "guid", "sample name", "sample id", "plate name", "well name", "export date", "cytometer", "user",
        "global worksheet", "worksheet",
    ]

    private struct Table {
        var headers: [String]
        var populationIndex: Int
        var parentIndex: Int?
        var stats: [(index: Int, statistic: FlowStatistic)]
        /// Metadata carried as table columns (lower-cased name → index).
        var metaColumns: [String: Int]
    }

    private var metadata: [(key: String, value: String)] = []
    private var metadataClosed = false
    private var table: Table?
    private var tubeRows: [DelimitedRecord] = []
    private var tubeKey: String?
    private var tubeNumber = 0
    private var rowNumber = 0

    init(reader: DelimitedReader, options: FlowOptions, uri: String, emitter: FlowEmitter) {
        self.reader = reader
        self.options = options
        self.uri = uri
        self.emitter = emitter
    }

    // MARK: - Run

    mutating func run(emit: (ParseOutput) throws(LabError) -> Void) throws(LabError) {
        var sawTable = false
        /// Metadata lines read since the last table ended: a block that no table follows is reported in a note.
        var linesAfterTable = 0
        while let record = try reader.next() {
            // A table ends at a blank line (or a known metadata line, or a new Population header): what follows
            // is the next tube's metadata block, so a user keyword such as `PATIENT ID,12345` is never a population.
            if record.isBlank {
                if table != nil { try endTable(emit) }
                continue
            }
            let first = Self.key(record.fields[0])
            if first == "population" {
                if table != nil { try endTable(emit) }
                table = try makeTable(record)
                sawTable = true
                linesAfterTable = 0
                rowNumber = 0
                continue
            }
            if table != nil {
                if isMetadataLine(record) {
                    try endTable(emit)
                    addMetadata(record)
                    linesAfterTable = 1
                } else {
                    try addRow(record, emit)
                }
                continue
            }
            if sawTable && Self.nonEmptyCount(record) > 2 {
                // Several values after the table ended: not a key/value line, and no table to belong to (a population
                // row after a stray blank line?). Kept for a person, never guessed into the previous table.
                let locator = Locator(uri: uri, line: record.line, path: "after tube \(tubeNumber)")
                // Raw text keeps the first cell and the numbers; other text is blanked (a stray keyword line may name a patient).
                let raw = record.fields.enumerated().map { $0 == 0 || DecimalText.parse($1) != nil ? $1 : "" }
                try emit(.quarantined(LabError(.flowRowOutsideTable, "a line with several values outside any Population table",
                                               locator: locator), raw: raw.joined(separator: "\t")))
                continue
            }
            if sawTable { linesAfterTable += 1 }
            addMetadata(record)
        }
        if table != nil { try endTable(emit) }
        guard sawTable else {
            throw LabError(.csvMissingColumn, "no 'Population' table in the FACSDiva export", locator: Locator(uri: uri))
        }
        if linesAfterTable > 0 {
            notes.append("\(linesAfterTable) line(s) after the last Population table read as metadata; no table follows them")
        }
    }

    static func nonEmptyCount(_ record: DelimitedRecord) -> Int {
        record.fields.filter { !$0.trimmed().isEmpty }.count
    }

    static func key(_ cell: String) -> String {
        var k = FlowGatePath.normalizeName(cell).lowercased()
        while k.hasSuffix(":") { k.removeLast() }
        return k.trimmingCharacters(in: .whitespaces)
    }

    private func isMetadataLine(_ record: DelimitedRecord) -> Bool {
        let k = Self.key(record.fields[0])
        return Self.nonEmptyCount(record) <= 2 && (Self.metadataKeys.contains(k) || k == Self.key(options.sampleField))
    }

    private mutating func addMetadata(_ record: DelimitedRecord) {
        if metadataClosed { metadata = []; metadataClosed = false }
        var k = record.fields[0].trimmingCharacters(in: .whitespaces)
        var value = record.fields.dropFirst().first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?
            .trimmingCharacters(in: .whitespaces) ?? ""
        if record.fields.count == 1, let colon = k.range(of: ": ") {
            value = String(k[colon.upperBound...]).trimmingCharacters(in: .whitespaces)
            k = String(k[..<colon.lowerBound])
        }
        metadata.append((Self.key(k), value))
    }

    private func meta(_ name: String) -> String? {
        let k = Self.key(name)
        return metadata.last { $0.key == k }?.value
    }

    // MARK: - Table

    private mutating func makeTable(_ header: DelimitedRecord) throws(LabError) -> Table {
        var t = Table(headers: header.fields, populationIndex: 0, parentIndex: nil, stats: [], metaColumns: [:])
        var unknown: [String] = []
        for (i, text) in header.fields.enumerated() {
            let k = Self.key(text)
            if k.isEmpty { continue }
            if k == "population" { t.populationIndex = i; continue }
            if k == "parent name" || k == "parent" { t.parentIndex = i; continue }
            if let stat = FlowStatistic.parseDiva(text) ?? FlowStatistic.parseFlowJo(text) {
                t.stats.append((i, stat))
            } else {
                t.metaColumns[k] = i
                if !Self.metadataKeys.contains(k) && k != Self.key(options.sampleField) { unknown.append(text) }
            }
        }
        if !unknown.isEmpty { notes.append("FACSDiva columns read as metadata, not statistics: \(unknown.joined(separator: ", "))") }
        if t.stats.isEmpty {
            throw LabError(.csvMissingColumn, "the FACSDiva population table has no statistic columns",
                           locator: Locator(uri: uri, line: header.line))
        }
        return t
    }

    private mutating func endTable(_ emit: (ParseOutput) throws(LabError) -> Void) throws(LabError) {
        try flushTube(emit)
        table = nil
        tubeKey = nil
        metadataClosed = true
    }

    /// A row's value for a metadata name: its own column first, then the block's metadata lines.
    private func value(_ name: String, in record: DelimitedRecord) -> String? {
        if let t = table, let i = t.metaColumns[Self.key(name)], i < record.fields.count {
            let v = record.fields[i].trimmingCharacters(in: .whitespaces)
            if !v.isEmpty { return v }
        }
        return meta(name)
    }

    private mutating func addRow(_ record: DelimitedRecord, _ emit: (ParseOutput) throws(LabError) -> Void) throws(LabError) {
        let key = "\(value(options.sampleField, in: record) ?? "")\u{1F}\(value("Tube Name", in: record) ?? "")"
        if tubeKey != key {
            try flushTube(emit)
            tubeKey = key
        }
        tubeRows.append(record)
    }

    // MARK: - One tube

    private mutating func flushTube(_ emit: (ParseOutput) throws(LabError) -> Void) throws(LabError) {
        guard let t = table, let first = tubeRows.first else { return }
        defer { tubeRows.removeAll() }
        tubeNumber += 1
        func cell(_ r: DelimitedRecord, _ i: Int?) -> String {
            guard let i, i < r.fields.count else { return "" }
            return r.fields[i]
        }
        // Gate paths from Parent Name, within this tube.
        var pathByName: [String: String] = [:]
        var paths: [String] = []
        for r in tubeRows {
            let name = cell(r, t.populationIndex).trimmingCharacters(in: .whitespaces)
            let parent = cell(r, t.parentIndex).trimmingCharacters(in: .whitespaces)
            let path = parent.isEmpty ? name : "\(pathByName[parent] ?? parent)/\(name)"
            if pathByName[name] == nil { pathByName[name] = path }
            paths.append(path)
        }
        var specs: [FlowColumnSpec] = []
        var where_: [(row: Int, column: Int)] = []
        for (ri, _) in tubeRows.enumerated() {
            for (ci, stat) in t.stats.enumerated() {
                let header = t.headers[stat.index]
                specs.append(FlowColumnSpec(header: header, population: paths[ri], statistic: stat.statistic,
                                            display: "\(paths[ri]) | \(header)"))
                where_.append((ri, ci))
            }
        }
        let resolutions = FlowResolver.resolve(specs, measures: options.measures)
        // `collected-column` where the tube has it (one option set can serve FlowJo and FACSDiva files),
        // else FACSDiva's own Record Date.
        let collectedText = options.collectedColumn.flatMap { value($0, in: first) } ?? value("Record Date", in: first)
        let sample = FlowSampleContext(
            sampleCell: value(options.sampleField, in: first) ?? "",
            collected: FlowDate.reported(collectedText,
                                         time: options.collectedTimeColumn.flatMap { value($0, in: first) }),
            panel: options.panel ?? options.panelColumn.flatMap { value($0, in: first) },
            tube: value("Tube Name", in: first),
            experiment: value("Experiment Name", in: first),
            lookup: { [self] name in value(name, in: first) })

        let perRow = t.stats.count
        for (ri, r) in tubeRows.enumerated() {
            rowNumber += 1
            let base = ri * perRow
            let rowPath = "tube \(tubeNumber), row \(rowNumber)"
            let values = t.stats.map { cell(r, $0.index) }
            // Values beyond the last header column are records too: quarantined, as in FlowJo tables.
            let extra = r.fields.indices.filter { $0 >= t.headers.count && !r.fields[$0].trimmed().isEmpty }
            guard values.contains(where: { !$0.trimmed().isEmpty }) || !extra.isEmpty else {
                try emit(.ignored(.flowEmptyRow, Locator(uri: uri, line: r.line, path: rowPath), detail: nil))
                continue
            }
            for (ci, stat) in t.stats.enumerated() where !values[ci].trimmed().isEmpty {
                let locator = Locator(uri: uri, line: r.line, path: "\(rowPath), column \(stat.index + 1)")
                try emit(emitter.cell(specs[base + ci], resolutions[base + ci], value: values[ci], sample: sample, locator: locator))
            }
            for i in extra {
                let locator = Locator(uri: uri, line: r.line, path: "\(rowPath), column \(i + 1)")
                try emit(.quarantined(LabError(.csvMalformed, "a value beyond the last header column", locator: locator),
                                      raw: "\(sample.sampleCell)\t\t\(r.fields[i])"))
            }
        }
        let tubeLocator = Locator(uri: uri, line: first.line, path: "tube \(tubeNumber)")
        for rule in options.absoluteCounts {
            switch FlowResolver.bind(rule, specs) {
            case .notApplicable: continue
            case .ambiguous: try emit(emitter.ambiguousAbsolute(rule, sample: sample, locator: tubeLocator))
            case .bound(let c, let b):
                let cv = cell(tubeRows[where_[c].row], t.stats[where_[c].column].index)
                let bv = cell(tubeRows[where_[b].row], t.stats[where_[b].column].index)
                if let out = emitter.absolute(rule, cells: (specs[c], cv), beads: (specs[b], bv), sample: sample, locator: tubeLocator) {
                    try emit(out)
                }
            }
        }
    }
}
