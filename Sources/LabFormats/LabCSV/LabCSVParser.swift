import LabCore

/// Format `lab-csv`: the tidy results sheet labs export from a LIS or a spreadsheet, one result per row.
///
/// Columns are found by header name with aliases (see `LabCSVColumns`), or mapped by the pipeline:
/// ```yaml
/// options:
///   columns: { value: "Wert", unit: "Einheit" }   # field → header
///   delimiter: ";"                                # else sniffed (comma, semicolon, tab)
///   encoding: windows-1252                        # else detected (UTF-8, BOM, Windows-1252, Mac-Roman)
/// ```
/// Each data row yields one observation, or one quarantined record with its line and raw text (personal
/// columns blanked). Blank lines are not records and are skipped; a row of empty cells is ignored (`row.empty`). A row with more cells than the header is
/// `csv.malformed` (usually an unquoted comma); missing trailing cells are empty.
public struct LabCSVParser: RecordParser {
    public static let formatName = "lab-csv"
    public static let parserID = "lab-csv/1"

    public init() {}

    /// The `options:` of a lab-csv source.
    struct Options {
        var mapping: [(String, String)]
        var delimiter: UInt8?
        var encoding: TextEncoding?
        var decimalMark: DecimalMark?

        init(_ context: ParseContext) throws(LabError) {
            var options = OptionReader(context.options, path: "options", file: context.optionsFile)
            mapping = try options.stringMap("columns")
            let delimiterText = try options.string("delimiter")
            let encodingName = try options.string("encoding")
            decimalMark = try options.decimalMark()
            try options.finish()
            for (field, _) in mapping where LabCSVColumns.Field(rawValue: field) == nil {
                throw LabError(.pipelineInvalid, "options.columns.\(field): unknown lab-csv field (known: \(LabCSVColumns.Field.allCases.map(\.rawValue).joined(separator: ", ")))",
                               locator: Locator(uri: context.optionsFile))
            }
            if let d = delimiterText {
                let bytes = Array((d == "\\t" || d.lowercased() == "tab" ? "\t" : d).utf8)
                guard bytes.count == 1 else { throw LabError(.pipelineInvalid, "options.delimiter: one character expected") }
                delimiter = bytes[0]
            }
            if let name = encodingName {
                guard let e = TextEncoding(name: name) else { throw LabError(.pipelineInvalid, "options.encoding: unknown encoding '\(name)'") }
                encoding = e
            }
        }
    }

    public func checkOptions(_ context: ParseContext) throws(LabError) { _ = try Options(context) }

    public func parse(_ source: ByteSource, context: ParseContext,
                      emit: (ParseOutput) throws(LabError) -> Void) throws(LabError) -> ParseSummary {
        let options = try Options(context)
        let (mapping, delimiter, encoding) = (options.mapping, options.delimiter, options.encoding)

        let peekable = PeekableByteSource(source)
        let reader = try DelimitedReader(peekable, delimiter: delimiter, encoding: encoding, uri: context.uri)
        let mark = DecimalMarkSniffer.fileMark(stated: options.decimalMark, head: try peekable.peek(64 * 1024), delimiter: reader.delimiter)
        var header: DelimitedRecord?
        while let record = try reader.next() {
            if record.isBlank { continue }
            header = record
            break
        }
        guard let header else {
            throw LabError(.csvMissingColumn, "the file has no header row", locator: Locator(uri: context.uri, line: 1))
        }
        let columns = try LabCSVColumns(header: header.fields, mapping: mapping, uri: context.uri, line: header.line)
        let delimiterCharacter = Character(Unicode.Scalar(reader.delimiter))

        while let record = try reader.next() {
            let locator = Locator(uri: context.uri, line: record.line)
            if record.isBlank {
                // A blank line is not a record; a row of empty cells (",,,") is one, ignored with its reason.
                if record.fields.count > 1 { try emit(.ignored(.rowEmpty, locator, detail: nil)) }
                continue
            }
            let raw = LabCSVParser.redactedRaw(record.fields, personal: columns.personal, delimiter: delimiterCharacter)
            if record.fields.count > header.fields.count {
                try emit(.quarantined(LabError(.csvMalformed,
                    "row has \(record.fields.count) cells but the header has \(header.fields.count) (an unquoted delimiter?)",
                    locator: locator), raw: raw))
                continue
            }
            try emit(LabCSVParser.observation(record.fields, columns: columns, mark: mark, locator: locator, raw: raw))
        }
        var notes: [String] = []
        if reader.fellBack { notes.append("some rows were not valid UTF-8 and were read as windows-1252") }
        return ParseSummary(encoding: reader.encoding.rawValue, notes: notes)
    }

    static func observation(_ fields: [String], columns: LabCSVColumns, mark: DecimalMark? = .point, locator: Locator,
                            raw: String) -> ParseOutput {
        func v(_ f: LabCSVColumns.Field) -> String? {
            guard let text = columns.value(f, in: fields) else { return nil }
            // Bounds of a reference range in a decimal-comma sheet, written with points for the normalizer.
            return mark != .point && [.refLow, .refHigh, .refRange].contains(f) ? pointNumbers(text, mark: mark) : text
        }
        guard let value = DecimalMarkSniffer.value(columns.value(.value, in: fields) ?? "", mark: mark) else {
            return .quarantined(LabError(.valueUnparseable, "the value " + DecimalMarkSniffer.ambiguousMessage,
                                         locator: locator, field: "value"), raw: raw)
        }

        var status = ResultStatus.final
        if let s = v(.status) {
            guard let parsed = LabCSVParser.status(s) else {
                return .quarantined(LabError(.statusUnknown, "result status is not one of final, preliminary, corrected, cancelled",
                                             locator: locator, field: "status"), raw: raw)
            }
            status = parsed
        }
        var codings: [AnalyteReference.Coding] = []
        if let loinc = v(.loinc) { codings.append(.init(system: "LN", code: loinc, display: v(.analyte))) }
        if let code = v(.localCode) { codings.append(.init(system: nil, code: code, display: v(.analyte))) }
        var subject = SubjectReference()
        if let s = v(.subject) { subject.subjectID = s }
        if let m = v(.mrn) { subject.identifiers = [.init(value: m, type: "MR")] }
        if let sample = v(.sampleID) { subject.sampleID = sample }

        var range = v(.refRange)
        if range == nil, v(.refLow) != nil || v(.refHigh) != nil {
            range = "\(v(.refLow) ?? "")-\(v(.refHigh) ?? "")"
            if v(.refLow) == nil, let high = v(.refHigh) { range = "<=\(high)" }
            if v(.refHigh) == nil, let low = v(.refLow) { range = ">=\(low)" }
        }
        return .observation(Observation(
            kind: .labResult, locator: locator, subject: subject,
            analyte: AnalyteReference(codings: codings, name: v(.analyte)),
            value: value, unit: v(.unit), referenceRange: range, flag: v(.flag),
            status: status, specimen: v(.specimen), collected: ReportedTime(v(.collectedAt)),
            reported: ReportedTime(v(.reportedAt)), resultID: v(.resultID), raw: raw))
    }

    /// `text` with each number that `mark` reads rewritten with a decimal point (`3,5-5,0` → `3.5-5.0`); a
    /// number it cannot read is left as written (the range is then kept as text).
    static func pointNumbers(_ text: String, mark: DecimalMark?) -> String {
        var out = ""
        var token = ""
        func flush() {
            if !token.isEmpty, let d = DecimalText.parse(token, mark: mark) { out += DecimalText.format(d) } else { out += token }
            token = ""
        }
        for ch in text {
            if ch.isASCII && (ch.isNumber || ch == "," || ch == ".") { token.append(ch) } else { flush(); out.append(ch) }
        }
        flush()
        return out
    }

    static func status(_ text: String) -> ResultStatus? {
        switch text.lowercased() {
        case "f", "final", "finished", "complete", "completed": return .final
        case "p", "preliminary", "prelim": return .preliminary
        case "c", "corrected", "correction", "amended": return .corrected
        case "d", "w", "x", "cancelled", "canceled", "deleted", "withdrawn": return .cancelled
        default: return nil
        }
    }

    /// The row re-joined with personal cells emptied, quoting cells that need it.
    static func redactedRaw(_ fields: [String], personal: Set<Int>, delimiter: Character) -> String {
        fields.enumerated().map { i, f in
            if personal.contains(i) { return "" }
            if f.contains(delimiter) || f.contains("\"") || f.contains("\n") || f.contains("\r") {
                return "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return f
        }.joined(separator: String(delimiter))
    }
}
