import Foundation
import LabCore

/// The `qpcr` format: CAR-T transgene copy number from qPCR exports, sniffed by content.
///
/// Flavours: Applied Biosystems QuantStudio/ViiA 7/StepOne/7500 text exports, Bio-Rad CFX/Maestro
/// "Quantification Cq Results" CSVs, RDML (plain XML or ZIP), and lab summary sheets (`options.columns`).
/// Instrument flavours quantify from the run's own standard curve with QC on every event (see
/// `QPCRQuantifier`); summary sheets pass the lab's copies through with their censoring.
///
/// Records: each results row / RDML react × target / summary row yields exactly one output. A quantified
/// sample's event sits on its first replicate row; its other replicate rows are `.ignored(qpcr.replicate-aggregated)`.
public struct QPCRParser: RecordParser {
    public static let formatName = "qpcr"
    public static let parserID = "qpcr/1"

    public init() {}

    public func checkOptions(_ context: ParseContext) throws(LabError) {
        let options = try QPCROptions(context.options, file: context.optionsFile)
        _ = try SampleManifest.load(options.manifestPath, context: context)
    }

    public func parse(_ source: ByteSource, context: ParseContext,
                      emit: (ParseOutput) throws(LabError) -> Void) throws(LabError) -> ParseSummary {
        let options = try QPCROptions(context.options, file: context.optionsFile)
        let manifest = try SampleManifest.load(options.manifestPath, context: context)
        let peekable = (source as? PeekableByteSource) ?? PeekableByteSource(source)
        let head = try peekable.peek(64 * 1024)
        let flavour: QPCRSniffer.Flavour
        switch options.flavour {
        case .auto:
            if let f = QPCRSniffer.flavour(head) { flavour = f }
            else if !options.columns.isEmpty { flavour = .summary }
            else { throw LabError(.formatUnknown, "the input is not a recognised qPCR export", locator: Locator(uri: context.uri)) }
        case .quantstudio: flavour = .appliedBiosystems
        case .cfx: flavour = .cfx
        case .rdml: flavour = head.starts(with: [0x50, 0x4B, 0x03, 0x04]) ? .rdmlZip : .rdml
        case .summary: flavour = .summary
        }
        switch flavour {
        case .appliedBiosystems, .cfx:
            return try QPCRTextReader(options: options, manifest: manifest, context: context, isCFX: flavour == .cfx).parse(peekable, emit: emit)
        case .summary:
            return try SummarySheetReader(options: options, context: context).parse(peekable, emit: emit)
        case .rdml:
            return try RDMLReader(options: options, manifest: manifest, context: context).parse(peekable, emit: emit)
        case .rdmlZip:
            return try RDMLZip.withXML(peekable, uri: context.uri) { (xml: ByteSource) throws(LabError) -> ParseSummary in
                var summary = try RDMLReader(options: options, manifest: manifest, context: context).parse(xml, emit: emit)
                summary.notes.append("read from a zipped RDML file")
                return summary
            }
        }
    }
}
