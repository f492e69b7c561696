import Foundation
import LabCore
import Synchronization

/// A lab's sample manifest: per sample name, the collection time and (qPCR) the ng of DNA loaded per reaction.
/// It gives what an instrument export cannot know: when the specimen was taken (a FlowJo table or a qPCR plate
/// knows only when it was run).
///
/// A small CSV named by a source's `manifest` option (a lookup table, one row per sample, read whole): header
/// row with `sample` and any of `collected`, `dna-ng-per-reaction` (also `dna_ng`, `ng per reaction`, `dna ng`).
public struct SampleManifest: Sendable {
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
    public static func read(_ source: ByteSource, uri: String) throws(LabError) -> SampleManifest {
        let reader = try DelimitedReader(source, uri: uri)
        guard let header = try reader.next() else { return SampleManifest() }
        let names = header.fields.map { QPCRColumns.normalize($0) }
        func index(_ options: [String]) -> Int? { names.firstIndex { options.contains($0) } }
        guard let sampleIndex = index(["sample", "sample name", "sample id"]) else {
            throw LabError(.csvMissingColumn, "the sample manifest has no sample column", locator: Locator(uri: uri, line: header.line))
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
                    throw LabError(.valueUnparseable, "the sample manifest has an unreadable DNA amount",
                                   locator: Locator(uri: uri, line: row.line), field: "dna-ng-per-reaction")
                }
                entry.dnaNgPerReaction = v
            }
            if let earlier = entries[sample], earlier != entry {  // which row is right is not ours to guess
                throw LabError(.csvMalformed, "the sample manifest gives sample \(sample) twice with different values",
                               locator: Locator(uri: uri, line: row.line), field: "sample")
            }
            entries[sample] = entry
        }
        return SampleManifest(entries: entries)
    }
}

extension SampleManifest {
    /// The manifest at `path` (nil: an empty one), resolved against the pipeline file's folder when relative.
    public static func load(_ path: String?, context: ParseContext) throws(LabError) -> SampleManifest {
        guard let path else { return SampleManifest() }
        var full = path
        if !path.hasPrefix("/"), let file = context.optionsFile {
            full = (((file.hasPrefix("file://") ? String(file.dropFirst(7)) : file) as NSString).deletingLastPathComponent as NSString)
                .appendingPathComponent(path)
        }
        do {
            return try SampleManifestCache.shared.manifest(at: full)
        } catch where error.code == .ioUnreadable {
            throw LabError(.ioUnreadable, "cannot read the sample manifest \(full) named by options.manifest", locator: Locator(uri: full))
        }
    }
}

/// Manifests already read, by path, while the file is unchanged (same device, inode, size and modification
/// time): a pipeline names one manifest for all its qPCR or flow files, and reading it again for every file was an
/// eighth of a small file's ingest. A changed file is read again; a file that cannot be examined is read.
final class SampleManifestCache: Sendable {
    static let shared = SampleManifestCache()

    private struct Stamp: Equatable {
        var device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int
    }
    private let entries = Mutex<[String: (stamp: Stamp, manifest: SampleManifest)]>([:])

    func manifest(at path: String) throws(LabError) -> SampleManifest {
        guard let stamp = Self.stamp(path) else { return try SampleManifest.read(try FileByteSource(path: path), uri: path) }
        if let known = entries.withLock({ $0[path] }), known.stamp == stamp { return known.manifest }
        let manifest = try SampleManifest.read(try FileByteSource(path: path), uri: path)
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
