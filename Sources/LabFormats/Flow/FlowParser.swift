import Foundation
import LabCore

/// The `flow` format: flow-cytometry summary exports, one `flow.population` observation per statistic cell.
///
/// Flavours, recognised by content (`FlowSniffer`) or named by `options.flavour`:
/// - **FlowJo v10 table** (CSV): first header cell empty, others `<gate path> | <statistic>`; trailing
///   `Mean`/`SD` rows; trailing commas; CRLF or LF.
/// - **Legacy FlowJo table** (Mac v9 / early v10, TSV): CR-only, Mac-Roman, first header `Sample`, headers
///   `<gate path>,<statistic>`, sample cells prefixed `1: `, footer `Mean`/`StdDev`.
/// - **FACSDiva statistics export**: per-tube metadata blocks, then a `Population,Parent Name,#Events,…` table
///   (see `FlowDivaReader`).
/// - **Mapped table** (Kaluza, CytExpert, hand-made): the pipeline maps headers to population and statistic
///   (`options.columns`, `options.sample-column`).
///
/// ## The unit of counting is the cell
/// A table row is one sample, but it carries many results, so for flow the *record* that ends as exactly one
/// of appended / duplicate / quarantined / ignored is the **statistic cell**:
/// - every non-empty statistic cell → one output (`.observation`; `n/a`, `NaN`, `####`, `Infinity` →
///   `.ignored(flow.statistic-undefined)`; any other text (`-`, `ND`, `12,5`) → `.quarantined(value.unparseable)`;
///   a measure matching several cells → `.quarantined(flow.measure-ambiguous)`);
/// - a row without any statistic value (compensation control, blank line) → one `.ignored(flow.empty-row)`;
/// - each trailing `Mean`/`SD`/`StdDev` row → one `.ignored(flow.summary-row)`;
/// - each bead-based absolute count computed for a sample → one more output (derived from two Count cells,
///   which are themselves still emitted);
/// - a value beyond the last header column → `.quarantined(csv.malformed)`;
/// - FlowJo: a number in a column whose header is no statistic and that no option names (a renamed Table
///   Editor column) → `.ignored(flow.column-unread)`, and the unit's notes list such columns;
/// - FACSDiva: a line with more than two values outside any table → `.quarantined(flow.row-outside-table)`;
/// - a second cell of the same sample, tube and statistic in the file: passed on when its value and time are
///   the same (the store counts a duplicate), else `.quarantined(flow.ambiguous-repeat)` (`FlowRepeatGuard`).
/// Empty cells, text in keyword/metadata columns, FACSDiva metadata lines and the header are not records. So
/// the outputs of a unit add up to: non-empty statistic cells + ignored rows + absolute counts + stray cells
/// + numbers in unread columns.
///
/// Encoding (UTF-8, UTF-8 with BOM, Windows-1252, Mac-Roman) is detected by `DelimitedReader` and recorded in
/// `ParseSummary.encoding` and in each event's attribute `encoding`.
public struct FlowParser: RecordParser {
    public static let formatName = "flow"
    public static let parserID = "flow/1"

    public init() {}

    public func checkOptions(_ context: ParseContext) throws(LabError) {
        let options = try FlowOptions(context.options, path: "options", file: context.optionsFile)
        _ = try SampleManifest.load(options.manifestPath, context: context)
    }

    public func parse(_ source: ByteSource, context: ParseContext,
                      emit: (ParseOutput) throws(LabError) -> Void) throws(LabError) -> ParseSummary {
        let options = try FlowOptions(context.options, path: "options", file: context.optionsFile)
        let peekable = (source as? PeekableByteSource) ?? PeekableByteSource(source)
        let head = try peekable.peek(64 * 1024)
        let detected = FlowSniffer.detect(head)

        var flavour = options.flavour
        var delimiter: UInt8?
        switch (flavour, detected) {
        case (.auto, .flowjo(let d, _)?): flavour = .flowjo; delimiter = d
        case (.auto, .facsdiva(let d)?): flavour = .facsdiva; delimiter = d
        case (.auto, nil):
            throw LabError(.formatUnknown, "not a FlowJo table or FACSDiva statistics export (a mapped table needs options.columns)",
                           locator: Locator(uri: context.uri))
        case (.flowjo, .flowjo(let d, _)?), (.facsdiva, .facsdiva(let d)?): delimiter = d
        default: break
        }

        let reader = try DelimitedReader(peekable, delimiter: delimiter, encoding: options.encoding, uri: context.uri)
        let encoding = reader.encoding.rawValue
        // The mark the file's numbers show: a quoted "0,5" in a comma file, a German FlowJo's tab table.
        let mark = DecimalMarkSniffer.fileMark(stated: options.decimalMark, head: head, delimiter: reader.delimiter)
        let manifest = try SampleManifest.load(options.manifestPath, context: context)
        func emitter(_ flavour: String) -> FlowEmitter {
            FlowEmitter(flavour: flavour, encoding: encoding, uri: context.uri, decimalMark: mark, manifest: manifest)
        }
        var notes: [String] = []
        // Every output passes the unit's repeat guard: a repeat inside one file is never a correction.
        var repeats = FlowRepeatGuard()
        let guarded: (ParseOutput) throws(LabError) -> Void = { output throws(LabError) in try emit(repeats.check(output)) }
        switch flavour {
        case .facsdiva:
            var diva = FlowDivaReader(reader: reader, options: options, uri: context.uri,
                                      emitter: emitter("facsdiva"))
            try diva.run(emit: guarded)
            notes += diva.notes
        case .flowjo, .mapped, .auto:
            var table = FlowTableReader(reader: reader, options: options, mode: flavour == .mapped ? .mapped : .flowjo, uri: context.uri)
            try table.run(emitter, emit: guarded)
            notes += table.notes
        }
        if reader.fellBack { notes.append("parts of the file were not valid UTF-8 and were read as windows-1252") }
        return ParseSummary(encoding: encoding, notes: notes)
    }
}
