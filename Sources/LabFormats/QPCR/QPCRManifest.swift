import Foundation
import LabCore

/// A lab's sample manifest: per sample name, the collection time and the ng of DNA loaded per reaction.
///
/// A small CSV named by the `manifest` option (a lookup table, one row per sample, read whole): header row with
/// `sample` and any of `collected`, `dna-ng-per-reaction` (also `dna_ng`, `ng per reaction`, `dna ng`).
public struct QPCRManifest: Sendable {
    public struct Entry: Sendable, Equatable {
        public var collected: String?
        public var dnaNgPerReaction: Double?
        public init(collected: String? = nil, dnaNgPerReaction: Double? = nil) {
            self.collected = collected
            self.dnaNgPerReaction = dnaNgPerReaction
        }
    }

    public var entries: [String: Entry]

    public init(entries: [String: Entry] = [:]) { self.entries = entries }

    public subscript(sample: String) -> Entry? { entries[sample.trimmingCharacters(in: .whitespaces)] }

    /// Reads a manifest; a missing `sample` column or an unreadable DNA amount fails the unit (the pipeline's
    /// own file is wrong, not a record).
    public static func read(_ source: ByteSource, uri: String) throws(LabError) -> QPCRManifest {
        let reader = try DelimitedReader(source, uri: uri)
        guard let header = try reader.next() else { return QPCRManifest() }
        let names = header.fields.map { QPCRColumns.normalize($0) }
        func index(_ options: [String]) -> Int? { names.firstIndex { options.contains($0) } }
        guard let sampleIndex = index(["sample", "sample name", "sample id"]) else {
            throw LabError(.csvMissingColumn, "the qPCR manifest has no sample column", locator: Locator(uri: uri, line: header.line))
        }
        let collectedIndex = index(["collected", "collection date", "collection time", "collected at"])
        let dnaIndex = index(["dna-ng-per-reaction", "dna ng per reaction", "dna_ng", "dna ng", "ng per reaction", "dna (ng)"])
        var entries: [String: Entry] = [:]
        while let row = try reader.next() {
            if row.isBlank { continue }
            func cell(_ i: Int?) -> String? {
                guard let i, i < row.fields.count else { return nil }
                let t = row.fields[i].trimmingCharacters(in: .whitespaces)
                return t.isEmpty ? nil : t
            }
            guard let sample = cell(sampleIndex) else { continue }
            var entry = Entry(collected: cell(collectedIndex))
            if let text = cell(dnaIndex) {
                guard let v = QPCRCells.number(text), v > 0 else {
                    throw LabError(.valueUnparseable, "the qPCR manifest has an unreadable DNA amount",
                                   locator: Locator(uri: uri, line: row.line), field: "dna-ng-per-reaction")
                }
                entry.dnaNgPerReaction = v
            }
            if let earlier = entries[sample], earlier != entry {  // which row is right is not ours to guess
                throw LabError(.csvMalformed, "the qPCR manifest gives sample \(sample) twice with different values",
                               locator: Locator(uri: uri, line: row.line), field: "sample")
            }
            entries[sample] = entry
        }
        return QPCRManifest(entries: entries)
    }
}
