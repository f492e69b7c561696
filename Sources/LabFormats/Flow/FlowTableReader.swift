import Foundation
import LabCore

/// Reads a one-row-per-sample table: a FlowJo table export (v10 or legacy) or a pipeline-mapped table.
///
/// Rows are streamed. The only look-ahead is the footer: a row whose sample cell is `Mean`, `SD`, `StdDev`
/// (FlowJo's summary rows) is held back, with any blank rows after it, until either the input ends (then each
/// held row is ignored: `flow.summary-row`, blank ones `flow.empty-row`) or a sample row follows (then the
/// held rows are read as ordinary rows: a `Mean` that is not last is a sample). At most
/// `maxHeldRows` rows are held.
struct FlowTableReader {
    enum Mode { case flowjo, mapped }

    static let footerLabels: Set<String> = ["mean", "sd", "stddev", "std dev", "std. dev.", "std.dev."]
    static let maxHeldRows = 16

    let reader: DelimitedReader
    let options: FlowOptions
    let mode: Mode
    let uri: String
    private(set) var notes: [String] = []
    private(set) var flavourName = ""

    init(reader: DelimitedReader, options: FlowOptions, mode: Mode, uri: String) {
        self.reader = reader
        self.options = options
        self.mode = mode
        self.uri = uri
    }

    /// The header analysed once: which column is what.
    private struct Layout {
        var headers: [String]
        var sampleIndex: Int
        var stats: [(index: Int, spec: FlowColumnSpec)]
        var resolutions: [FlowResolution]
        var absolute: [(rule: FlowOptions.AbsoluteCount, binding: FlowAbsoluteBinding)]
        var collectedIndex: Int?
        var collectedTimeIndex: Int?
        var panelIndex: Int?
        /// FlowJo: columns whose header reads as no statistic and that no option names; their numbers are
        /// counted as ignored (`flow.column-unread`), never dropped without trace.
        var unread: [Int] = []

        func index(of name: String) -> Int? {
            let wanted = FlowGatePath.normalizeName(name).lowercased()
            return headers.firstIndex { FlowGatePath.normalizeName($0).lowercased() == wanted }
        }
    }

    // MARK: - Run

    mutating func run(_ emitter: (String) -> FlowEmitter, emit: (ParseOutput) throws(LabError) -> Void) throws(LabError) {
        guard let (headerRecord, _) = try findHeader() else {
            throw LabError(.csvMissingColumn, mode == .mapped ? "the sample column named in the pipeline was not found"
                                                             : "the file has no header row", locator: Locator(uri: uri))
        }
        let layout = try makeLayout(headerRecord)
        flavourName = mode == .mapped ? "mapped"
            : (layout.stats.contains { $0.spec.header.contains(" | ") } ? "flowjo-v10" : "flowjo-legacy")
        let out = emitter(flavourName)

        var held: [DelimitedRecord] = []
        var rowNumber = 0
        func process(_ record: DelimitedRecord) throws(LabError) {
            rowNumber += 1
            try processRow(record, rowNumber: rowNumber, layout: layout, emitter: out, emit: emit)
        }
        while let record = try reader.next() {
            let sampleCell = layout.sampleIndex < record.fields.count ? record.fields[layout.sampleIndex] : ""
            let isFooter = Self.footerLabels.contains(FlowGatePath.normalizeName(sampleCell).lowercased())
            if isFooter || (!held.isEmpty && record.isBlank) {
                held.append(record)
                if held.count > Self.maxHeldRows {
                    for h in held { try process(h) }
                    held.removeAll()
                }
                continue
            }
            for h in held { try process(h) }
            held.removeAll()
            try process(record)
        }
        for h in held {
            rowNumber += 1
            let locator = Locator(uri: uri, line: h.line, path: "row \(rowNumber)")
            if h.isBlank {
                try emit(.ignored(.flowEmptyRow, locator, detail: nil))
            } else {
                let label = FlowGatePath.normalizeName(h.fields[layout.sampleIndex])
                try emit(.ignored(.flowSummaryRow, locator, detail: "\(label) row"))
            }
        }
    }

    // MARK: - Header

    /// FlowJo: the first non-blank record. Mapped: the first record naming the sample column (records before
    /// it are title/metadata lines, not records).
    private func findHeader() throws(LabError) -> (DelimitedRecord, Int)? {
        var skipped = 0
        while let record = try reader.next() {
            if record.isBlank { continue }
            switch mode {
            case .flowjo: return (record, skipped)
            case .mapped:
                let wanted = FlowGatePath.normalizeName(options.sampleColumn ?? "").lowercased()
                if record.fields.contains(where: { FlowGatePath.normalizeName($0).lowercased() == wanted }) { return (record, skipped) }
                skipped += 1
                if skipped > 100 { return nil }
            }
        }
        return nil
    }

    private mutating func makeLayout(_ header: DelimitedRecord) throws(LabError) -> Layout {
        var layout = Layout(headers: header.fields, sampleIndex: 0, stats: [], resolutions: [], absolute: [])
        let at = Locator(uri: uri, line: header.line)
        func required(_ name: String?, _ key: String) throws(LabError) -> Int? {
            guard let name else { return nil }
            guard let i = layout.index(of: name) else {
                throw LabError(.csvMissingColumn, "column named by options.\(key) is missing", locator: at, field: key)
            }
            return i
        }
        if let i = try required(options.sampleColumn, "sample-column") { layout.sampleIndex = i }
        layout.collectedIndex = try required(options.collectedColumn, "collected-column")
        layout.collectedTimeIndex = try required(options.collectedTimeColumn, "collected-time-column")
        layout.panelIndex = try required(options.panelColumn, "panel-column")

        switch mode {
        case .flowjo:
            for (i, text) in header.fields.enumerated() where i != layout.sampleIndex {
                if let spec = FlowHeader.parse(text) { layout.stats.append((i, spec)) }
            }
            guard !layout.stats.isEmpty else {
                throw LabError(.csvMissingColumn, "no '<gate path> | <statistic>' columns in the header", locator: at)
            }
        case .mapped:
            var missing = 0
            for column in options.columns {
                guard let i = layout.index(of: column.header) else { missing += 1; continue }
                layout.stats.append((i, FlowColumnSpec(header: header.fields[i], population: column.population, statistic: column.statistic)))
            }
            guard !layout.stats.isEmpty else {
                throw LabError(.csvMissingColumn, "none of the columns mapped in the pipeline is in the header", locator: at)
            }
            layout.stats.sort { $0.index < $1.index }
            if missing > 0 { notes.append("\(missing) mapped column(s) not in this file") }
        }
        // Columns nothing reads: a note in both modes. In a mapped table the pipeline chose them; in a FlowJo table
        // a renamed Table Editor column looks just like a keyword, so its numbers are also counted (see `unread`).
        let constants = options.absoluteCounts.flatMap { [$0.beadsPerTest, $0.bloodVolumeUL] }.compactMap { c -> Int? in
            if case .column(let name) = c { return layout.index(of: name) } else { return nil }
        }
        let used = Set(layout.stats.map(\.index) + [layout.sampleIndex] + constants
                       + [layout.collectedIndex, layout.collectedTimeIndex, layout.panelIndex].compactMap { $0 })
        let unread = header.fields.indices.filter { !used.contains($0) && !header.fields[$0].trimmed().isEmpty }
        let names = unread.map { header.fields[$0] }.joined(separator: ", ")
        switch mode {
        case .mapped:
            if !unread.isEmpty { notes.append("columns not mapped (not read): \(names)") }
        case .flowjo:
            layout.unread = unread
            if !unread.isEmpty { notes.append("columns not read as '<gate path> | <statistic>' (numbers in them counted as flow.column-unread): \(names)") }
        }
        let specs = layout.stats.map(\.spec)
        layout.resolutions = FlowResolver.resolve(specs, measures: options.measures)
        for (n, measure) in options.measures.enumerated() where !layout.resolutions.contains(where: {
            $0 == .measure(measure.analyte) || $0 == .ambiguous(measure.analyte)
        }) {
            notes.append("measures[\(n)] (\(measure.analyte)) matches no column")
        }
        for (n, rule) in options.absoluteCounts.enumerated() {
            let binding = FlowResolver.bind(rule, specs)
            if binding == .notApplicable { notes.append("absolute-counts[\(n)] does not apply: no Count column for its cells or beads gate") }
            layout.absolute.append((rule, binding))
        }
        return layout
    }

    // MARK: - Rows

    private func processRow(_ record: DelimitedRecord, rowNumber: Int, layout: Layout, emitter: FlowEmitter,
                            emit: (ParseOutput) throws(LabError) -> Void) throws(LabError) {
        let fields = record.fields
        func field(_ i: Int?) -> String? { i.flatMap { $0 < fields.count ? fields[$0] : nil } }
        let rowLocator = Locator(uri: uri, line: record.line, path: "row \(rowNumber)")
        let values = layout.stats.map { field($0.index) ?? "" }
        let extra = fields.indices.filter { $0 >= layout.headers.count && !fields[$0].trimmingCharacters(in: .whitespaces).isEmpty }
        // A number under an unread header may be a result: counted. Text there is a keyword value, not a record.
        let unread = layout.unread.filter { field($0).flatMap(DecimalText.parse) != nil }
        guard values.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) || !extra.isEmpty || !unread.isEmpty else {
            try emit(.ignored(.flowEmptyRow, rowLocator, detail: nil))
            return
        }
        let sample = FlowSampleContext(
            sampleCell: field(layout.sampleIndex) ?? "",
            collected: FlowDate.reported(field(layout.collectedIndex), time: field(layout.collectedTimeIndex)),
            panel: options.panel ?? field(layout.panelIndex),
            lookup: { name in layout.index(of: name).flatMap { $0 < fields.count ? fields[$0] : nil } })
        for (k, column) in layout.stats.enumerated() where !values[k].trimmingCharacters(in: .whitespaces).isEmpty {
            let locator = Locator(uri: uri, line: record.line, path: "row \(rowNumber), column \(column.index + 1)")
            try emit(emitter.cell(column.spec, layout.resolutions[k], value: values[k], sample: sample, locator: locator))
        }
        for i in unread {
            let locator = Locator(uri: uri, line: record.line, path: "row \(rowNumber), column \(i + 1)")
            try emit(.ignored(.flowColumnUnread, locator, detail: layout.headers[i]))
        }
        for i in extra {
            let locator = Locator(uri: uri, line: record.line, path: "row \(rowNumber), column \(i + 1)")
            try emit(.quarantined(LabError(.csvMalformed, "a value beyond the last header column", locator: locator),
                                  raw: "\(sample.sampleCell)\t\t\(fields[i])"))
        }
        for (rule, binding) in layout.absolute {
            switch binding {
            case .notApplicable: continue
            case .bound(let c, let b):
                if let out = emitter.absolute(rule, cells: (layout.stats[c].spec, values[c]), beads: (layout.stats[b].spec, values[b]),
                                              sample: sample, locator: rowLocator) {
                    try emit(out)
                }
            case .ambiguous:
                // Reported once per sample row that has a Count value for the rule's gates.
                let involved = layout.stats.indices.contains { k in
                    let spec = layout.stats[k].spec
                    return spec.statistic.kind == .count && !values[k].trimmingCharacters(in: .whitespaces).isEmpty
                        && (rule.cells.matches(normalizedPath: spec.populationNormalized) || rule.beads.matches(normalizedPath: spec.populationNormalized))
                }
                if involved { try emit(emitter.ambiguousAbsolute(rule, sample: sample, locator: rowLocator)) }
            }
        }
    }
}
