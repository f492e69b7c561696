import Foundation
import LabCore

/// Reads a lab's summary sheet: one row per sample with copies the lab already computed, columns named by the
/// pipeline's `columns:` mapping (roles sample, subject, collected, visit, specimen, copies, lloq, lod, comment, unit).
///
/// Values: a number (`12,345`), a censored number (`<500`), or a not-detected spelling (`ND`, `not detected`,
/// `negative`, `undetected`) → "not detected" (never zero); `BLQ`/`<LLOQ` → `<` the row's or pipeline's LLOQ;
/// a number below the LLOQ → `<` LLOQ. Units: copies per µg genomic DNA (`{copies}/ug`, analyte
/// LI-CAR-COPIES-GDNA) or per µL blood (`{copies}/uL`, LI-CAR-COPIES-BLOOD); they are never converted into
/// each other. Rows stream: nothing is buffered.
struct SummarySheetReader {
    let options: QPCROptions
    let context: ParseContext

    static func canonicalUnit(_ text: String) -> String? {
        let t = text.lowercased().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "µ", with: "u")
            .replacingOccurrences(of: "μ", with: "u")
        if t.hasSuffix("/ug") || t.hasSuffix("/ugdna") || t.hasSuffix("/uggdna") || t.contains("perug") { return "{copies}/ug" }
        if t.hasSuffix("/ul") || t.hasSuffix("/ulblood") || t.contains("perul") { return "{copies}/uL" }
        return nil
    }

    func parse(_ source: PeekableByteSource, emit: (ParseOutput) throws(LabError) -> Void) throws(LabError) -> ParseSummary {
        let reader = try DelimitedReader(source, uri: context.uri)
        // A `;`-separated sheet may write decimal commas or points: until a number shows which (`1,5`, `5.72`,
        // `1.234,5`), a number that could be either (`82.350`) is not read. Comma-separated sheets use points.
        var mark: DecimalMark? = options.decimalMark ?? (reader.delimiter == UInt8(ascii: ";") ? nil : .point)
        guard let header = try reader.next() else {
            throw LabError(.csvMissingColumn, "the summary sheet is empty", locator: Locator(uri: context.uri))
        }
        let names = header.fields.map(QPCRColumns.normalize)
        func column(_ role: String, defaults: [String]) throws(LabError) -> Int? {
            if let mapped = options.columns[role] {
                guard let i = names.firstIndex(of: QPCRColumns.normalize(mapped)) else {
                    throw LabError(.csvMissingColumn, "the mapped \(role) column is not in the sheet", locator: Locator(uri: context.uri, line: header.line), field: role)
                }
                return i
            }
            return names.firstIndex { defaults.contains($0) }
        }
        let sample = try column("sample", defaults: ["sample", "sample id", "sample name"])
        let subject = try column("subject", defaults: ["subject", "subject id", "patient"])
        let collected = try column("collected", defaults: ["collected", "collection date", "collection time", "date collected"])
        let visit = try column("visit", defaults: ["visit", "timepoint", "time point"])
        let specimen = try column("specimen", defaults: ["specimen", "specimen type"])
        let copies = try column("copies", defaults: ["copies", "copies/ug", "copies per ug gdna", "car copies", "copies/ul"])
        let lloqCol = try column("lloq", defaults: ["lloq"])
        let lodCol = try column("lod", defaults: ["lod"])
        let comment = try column("comment", defaults: ["comment", "comments", "note"])
        let unitCol = try column("unit", defaults: ["unit", "units"])
        guard let copies else {
            throw LabError(.csvMissingColumn, "the summary sheet has no copies column (map it with options.columns.copies)", locator: Locator(uri: context.uri, line: header.line), field: "copies")
        }
        guard sample != nil || subject != nil else {
            throw LabError(.csvMissingColumn, "the summary sheet has neither a sample nor a subject column", locator: Locator(uri: context.uri, line: header.line), field: "sample")
        }
        while let row = try reader.next() {
            let locator = Locator(uri: context.uri, line: row.line)
            if row.isBlank { try emit(.ignored(.rowEmpty, locator, detail: nil)); continue }
            func cell(_ i: Int?) -> String? {
                guard let i, i < row.fields.count else { return nil }
                let t = row.fields[i].trimmingCharacters(in: .whitespaces)
                return t.isEmpty ? nil : t
            }
            if mark == nil { mark = [copies, lloqCol, lodCol].lazy.compactMap { cell($0).flatMap(DecimalText.impliedMark) }.first }
            try emit(output(row, locator, sample: cell(sample), subject: cell(subject), collected: cell(collected),
                            visit: cell(visit), specimen: cell(specimen), copies: cell(copies), lloq: cell(lloqCol),
                            lod: cell(lodCol), comment: cell(comment), unit: cell(unitCol), mark: mark))
        }
        return ParseSummary(encoding: reader.encoding.rawValue, notes: reader.fellBack ? ["parts of the file were read as windows-1252"] : [])
    }

    private func output(_ row: DelimitedRecord, _ locator: Locator, sample: String?, subject: String?, collected: String?,
                        visit: String?, specimen: String?, copies: String?, lloq lloqText: String?, lod lodText: String?,
                        comment: String?, unit unitText: String?, mark: DecimalMark?) -> ParseOutput {
        guard sample != nil || subject != nil else {
            return .quarantined(LabError(.subjectMissing, "the row names no sample or subject", locator: locator, field: "sample"), raw: row.raw)
        }
        guard let copies else {
            return .quarantined(LabError(.valueMissing, "the row has no copies value", locator: locator, field: "copies"), raw: row.raw)
        }
        let writtenUnit = unitText ?? options.unit ?? "{copies}/ug"
        guard let unit = Self.canonicalUnit(writtenUnit) else {
            return .quarantined(LabError(.unitUnknown, "the unit is neither copies per µg DNA nor copies per µL blood", locator: locator, field: "unit"), raw: row.raw)
        }
        var lloq = options.lloq
        if let lloqText {
            guard let v = DecimalText.parse(lloqText, mark: mark) else {
                return .quarantined(LabError(.valueUnparseable, "the LLOQ is not a number", locator: locator, field: "lloq"), raw: row.raw)
            }
            lloq = v
        }
        var lod = options.lod
        if let lodText { lod = DecimalText.parse(lodText, mark: mark) ?? lod }
        var attributes: [String: JSONValue] = ["flavour": .string("summary"), "unitAsWritten": .string(writtenUnit)]
        if let sample { attributes["sample"] = .string(sample) }
        if let lloq { attributes["lloq"] = .decimal(lloq) }
        if let lod { attributes["lod"] = .decimal(lod) }
        if let comment { attributes["comment"] = .string(comment) }
        if let visit { attributes["visit"] = .string(visit) }

        let value: ObservationValue
        let lower = copies.lowercased()
        if ["nd", "n.d.", "not detected", "undetected", "negative", "neg", "none detected", "0 (nd)"].contains(lower) {
            value = .text("not detected")
            attributes["censoring"] = .string("not-detected")
        } else if ["blq", "bloq", "<lloq", "below lloq", "< lloq", "detected <lloq", "dnq"].contains(lower) {
            guard let lloq else {
                return .quarantined(LabError(.valueUnparseable, "below LLOQ but no LLOQ is known", locator: locator, field: "lloq"), raw: row.raw)
            }
            value = .number(lloq, comparator: .lessThan, original: copies)
            attributes["censoring"] = .string("below-lloq")
        } else {
            switch ReportedValue.parse(copies, mark: mark) {
            case .number(let n, let comparator):
                if comparator == nil, let lloq, n < lloq {
                    value = .number(lloq, comparator: .lessThan, original: copies)
                    attributes["censoring"] = .string("below-lloq")
                    attributes["copiesEstimate"] = .decimal(n)
                } else {
                    value = .number(n, comparator: comparator, original: copies)
                    attributes["censoring"] = .string(comparator == nil ? "quantified" : "censored")
                }
            default:
                let ambiguous = mark == nil && DecimalText.readsDifferently(copies)
                return .quarantined(LabError(.valueUnparseable, ambiguous
                    ? "the copies value " + DecimalMarkSniffer.ambiguousMessage
                    : "the copies value is not a number or a known censoring text", locator: locator, field: "copies"), raw: row.raw)
            }
        }
        let code = unit == "{copies}/uL" ? "LI-CAR-COPIES-BLOOD" : "LI-CAR-COPIES-GDNA"
        let display = unit == "{copies}/uL" ? "CAR transgene copies per µL blood" : "CAR transgene copies per µg genomic DNA"
        return .observation(Observation(
            kind: .qpcrCopies, locator: locator,
            subject: SubjectReference(sampleID: sample, subjectID: subject),
            analyte: AnalyteReference(codings: [.init(system: "LABINGEST", code: code, display: display)]),
            value: value, unit: unit, specimen: specimen,
            collected: ReportedTime(collected ?? options.collected), resultID: sample.map { "\($0)|" },
            attributes: attributes, raw: row.raw))
    }
}
