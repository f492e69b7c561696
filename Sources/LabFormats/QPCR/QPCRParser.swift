import Foundation
import LabCore
import Synchronization

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

    public func parse(_ source: ByteSource, context: ParseContext,
                      emit: (ParseOutput) throws(LabError) -> Void) throws(LabError) -> ParseSummary {
        let options = try QPCROptions(context.options, file: context.optionsFile)
        let manifest = try loadManifest(options, context)
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
            return try QPCRTextReader(options: options, manifest: manifest, context: context).parse(peekable, emit: emit)
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

    /// The manifest path is resolved against the pipeline file's folder when relative.
    private func loadManifest(_ options: QPCROptions, _ context: ParseContext) throws(LabError) -> QPCRManifest {
        guard let path = options.manifestPath else { return QPCRManifest() }
        var full = path
        if !path.hasPrefix("/"), let file = context.optionsFile {
            full = (((file.hasPrefix("file://") ? String(file.dropFirst(7)) : file) as NSString).deletingLastPathComponent as NSString)
                .appendingPathComponent(path)
        }
        return try QPCRManifestCache.shared.manifest(at: full)
    }
}

/// Manifests already read, by path, while the file is unchanged (same device, inode, size and modification
/// time): a pipeline names one manifest for all its qPCR files, and reading it again for every file was an
/// eighth of a small file's ingest. A changed file is read again; a file that cannot be examined is read.
final class QPCRManifestCache: Sendable {
    static let shared = QPCRManifestCache()

    private struct Stamp: Equatable {
        var device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int
    }
    private let entries = Mutex<[String: (stamp: Stamp, manifest: QPCRManifest)]>([:])

    func manifest(at path: String) throws(LabError) -> QPCRManifest {
        guard let stamp = Self.stamp(path) else { return try QPCRManifest.read(try FileByteSource(path: path), uri: path) }
        if let known = entries.withLock({ $0[path] }), known.stamp == stamp { return known.manifest }
        let manifest = try QPCRManifest.read(try FileByteSource(path: path), uri: path)
        // Examined again after reading: a file that changed meanwhile is not kept.
        if Self.stamp(path) == stamp {
            entries.withLock { entries in
                if entries.count >= 64 { entries.removeAll() }
                entries[path] = (stamp, manifest)
            }
        }
        return manifest
    }

    private static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Stamp(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                     seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec))
    }
}
