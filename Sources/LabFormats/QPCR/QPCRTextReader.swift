import Foundation
import LabCore

/// Reads Applied Biosystems (QuantStudio, ViiA 7, StepOne, 7500) text exports and Bio-Rad CFX/Maestro
/// "Quantification Cq Results" CSVs, streaming rows through `DelimitedReader`.
///
/// Applied Biosystems: `* Key = Value` header lines (instrument, `Experiment Run End Time` or `… Stop Time`),
/// then `[Section]` blocks. Only the rows of `[Results]` are records; the raw fluorescence sections
/// (`[Amplification Data]`, `[Raw Data]`, `[Multicomponent Data]`, `[Sample Setup]`…) are skipped and counted in
/// the summary notes. CFX: one header row (often with a leading empty column) and one row per well.
/// One run's rows are buffered until the run ends (a results section, or the file) because the standard curve
/// needs them all; at most `maxRunRows` rows, so memory stays bounded by a plate, not by the file.
struct QPCRTextReader {
    static let maxRunRows = 20_000

    let options: QPCROptions
    let manifest: SampleManifest
    let context: ParseContext
    /// The input was recognised (or named) as a Bio-Rad CFX export rather than an Applied Biosystems one.
    var isCFX = false

    func parse(_ source: PeekableByteSource, emit: (ParseOutput) throws(LabError) -> Void) throws(LabError) -> ParseSummary {
        let head = try source.peek(64 * 1024)
        let reader = try DelimitedReader(source, delimiter: Self.delimiter(head), uri: context.uri)
        var run = QPCRRunInfo(flavour: "cfx")
        var headerValues: [String: String] = [:]
        var section: String?          // nil before any [Section]
        var sawSections = false
        var columns: QPCRColumns?
        // A run's rows wait for its end: the standard curve needs them all, and their decimal mark is read from
        // all their Cq cells before any number is.
        var rows: [(record: DelimitedRecord, isFooter: Bool)] = []
        var afterTable = false
        var skipped: [String: Int] = [:]
        var resultsSeen = false
        // SDS 2.x (7900HT, 7500 SDS 1.x) "AQ/RQ Results" text: a tab-separated preamble whose first line names the
        // software, no `*` lines and no sections, then the table (`Detector Name`, `Ct`).
        var sdsPreamble = false
        // A `;`-separated file comes from a spreadsheet in a decimal-comma locale, or from one that is not: its
        // mark is unknown until the file shows it. Tab- and comma-separated exports write a decimal point.
        let fileMark: DecimalMark? = reader.delimiter == UInt8(ascii: ";") ? nil : .point

        func flush() throws(LabError) {
            guard let cols = columns, !rows.isEmpty else { return }
            let mark = options.decimalMark ?? cols.decimalMark(of: rows.map(\.record)) ?? fileMark
            let wells = rows.map { row in
                var well = cols.well(row.record, uri: context.uri, nonDetect: options.nonDetectCq, mark: mark)
                well.isFooter = row.isFooter
                return well
            }
            let q = QPCRQuantifier(options: options, manifest: manifest, run: run)
            for output in q.outputs(for: wells) { try emit(output) }
            rows.removeAll(keepingCapacity: true)
        }

        while let row = try reader.next() {
            let first = row.fields.first?.trimmingCharacters(in: .whitespaces) ?? ""
            if row.line == 1 && QPCRSniffer.isSDSTitle(first) { sdsPreamble = true }
            // MARK: Applied Biosystems header and sections
            if row.fields.count == 1 || row.fields.dropFirst().allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                let line = row.raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("*") && section == nil && columns == nil {
                    let body = line.dropFirst().trimmingCharacters(in: .whitespaces)
                    if let eq = body.range(of: "=") {
                        let key = body[..<eq.lowerBound].trimmingCharacters(in: .whitespaces).lowercased()
                        headerValues[key] = body[eq.upperBound...].trimmingCharacters(in: .whitespaces)
                    }
                    run.flavour = "quantstudio"
                    continue
                }
                if line.hasPrefix("[") && line.hasSuffix("]") {
                    try flush()
                    section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces).lowercased()
                    sawSections = true
                    run = runInfo(headerValues, flavour: "quantstudio")
                    columns = nil
                    afterTable = false
                    continue
                }
            }
            // A key/value preamble before a table without `*` lines (SDS 2.x, StepOne CSV: `Instrument Type,
            // steponeplus`, `Run DateTime	3/11/24 3:02:50 PM`) is the run's header.
            if columns == nil && !sawSections && row.fields.count == 2, !first.isEmpty {
                headerValues[first.lowercased()] = row.fields[1].trimmingCharacters(in: .whitespaces)
                continue
            }
            let inResults = !sawSections || section == "results"
            if !inResults {
                if !row.isBlank { skipped[section ?? "-", default: 0] += 1 }
                continue
            }
            if row.isBlank {
                if columns != nil { afterTable = true }
                continue
            }
            guard let cols = columns else {
                if let c = QPCRColumns(header: row.fields) {
                    columns = c
                    resultsSeen = true
                    if !sawSections {
                        run = runInfo(headerValues, flavour: sdsPreamble ? "sds" : isCFX || headerValues.isEmpty ? "cfx" : "quantstudio")
                    }
                } else {
                    skipped["preamble", default: 0] += 1
                }
                continue
            }
            // QuantStudio footers ("Analysis Type = Singleplex") follow the table after a blank line.
            rows.append((row, afterTable || (first.contains("=") && cols.position(of: row).contains("="))))
            if rows.count > Self.maxRunRows {
                throw LabError(.qpcrRunTooLarge, "a run holds more than \(Self.maxRunRows) result rows", locator: Locator(uri: context.uri, line: row.line))
            }
        }
        try flush()
        guard resultsSeen else {
            throw LabError(.qpcrNoResults, "no qPCR results table (Well, Sample/Target, Cq columns) was found", locator: Locator(uri: context.uri))
        }
        var notes = skipped.keys.sorted().map { "skipped \(skipped[$0]!) rows of section [\($0)] (not results)" }
        if reader.fellBack { notes.append("parts of the file were read as windows-1252") }
        return ParseSummary(encoding: reader.encoding.rawValue, notes: notes)
    }

    private func runInfo(_ h: [String: String], flavour: String) -> QPCRRunInfo {
        let end = h["experiment run end time"] ?? h["experiment run stop time"] ?? h["run end time"] ?? h["run stop time"] ?? h["run ended"]
            ?? h.first { $0.key.hasSuffix("end time") || $0.key.hasSuffix("stop time") }?.value
        let endText = (end?.isEmpty ?? true) || end == "Not Started" ? nil : end
        let instrument = [h["instrument type"], h["instrument name"].map { "(\($0))" }].compactMap { $0 }.filter { !$0.isEmpty }
        return QPCRRunInfo(flavour: flavour, instrument: instrument.isEmpty ? nil : instrument.joined(separator: " "),
                           runEndText: endText, runEndISO: endText.flatMap(QPCRRunTime.iso),
                           runID: h["experiment name"])
    }

    /// Tab when any non-header line of the head holds a tab (Applied Biosystems), else comma/semicolon sniffed.
    static func delimiter(_ head: [UInt8]) -> UInt8? {
        var lineStart = true
        var starLine = false
        for b in head {
            if lineStart { starLine = b == UInt8(ascii: "*"); lineStart = false }
            if b == 0x0A || b == 0x0D { lineStart = true; continue }
            if b == 0x09 && !starLine { return 0x09 }
        }
        return nil
    }
}
