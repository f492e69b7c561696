import Foundation
import LabCore
import LabFormats
import LabStore
import Logging

/// What happened to one unit of work.
public struct UnitReport: Sendable {
    public enum Status: String, Sendable {
        /// Parsed and committed.
        case complete
        /// The same bytes were already complete: nothing parsed, every record counted as a duplicate.
        case duplicate
        /// Failed as a whole; nothing of it is in the store.
        case failed
    }

    public var uri: String
    public var sha256: String?
    public var format: String?
    public var status: Status
    public var counts: UnitCounts
    public var error: LabError?
    /// Quarantined records of this run (reason, locator, message; raw text stays in the store).
    public var quarantined: [QuarantineItem]
    /// Ignored records by reason code.
    public var ignored: [String: Int]
    public var encoding: String?
    public var notes: [String]
}

/// Ingests one unit of work (a file) end to end: hash → duplicate check → parse → normalize → append, in one
/// store transaction. Records flow to the store in batches while the file is read, so memory does not grow
/// with the file.
public struct UnitIngestor: Sendable {
    public let store: any EventStore
    public let normalizer: Normalizer
    public let format: String
    public let options: ConfigValue
    public let optionsFile: String?
    public var batchSize = 512
    public let logger: Logger

    public init(store: any EventStore, normalizer: Normalizer, format: String, options: ConfigValue = .map([], line: nil),
                optionsFile: String? = nil, logger: Logger) {
        self.store = store
        self.normalizer = normalizer
        self.format = format
        self.options = options
        self.optionsFile = optionsFile
        self.logger = logger
    }

    /// - Parameter reprocess: parse even when the same bytes were complete (after a parser upgrade); events
    ///   with an existing id stay duplicates.
    public func ingest(path: String, reprocess: Bool = false) -> UnitReport {
        let uri = URL(fileURLWithPath: path).standardizedFileURL.absoluteString
        var report = UnitReport(uri: uri, sha256: nil, format: nil, status: .failed, counts: UnitCounts(), error: nil,
                                quarantined: [], ignored: [:], encoding: nil, notes: [])
        var info: SourceInfo?
        do throws(LabError) {
            let (sha, size) = try HashingByteSource.digest(path: path)
            report.sha256 = sha
            if !reprocess, let done = try store.completedSource(sha256: sha) {
                report.status = .duplicate
                report.format = done.info.format
                report.counts = UnitCounts(read: done.counts.read, duplicates: done.counts.read)
                logger.info("unit already ingested", metadata: ["source.sha256": "\(sha)", "source.uri": "\(uri)"])
                return report
            }
            let file = PeekableByteSource(try FileByteSource(path: path))
            let parser = try chooseParser(file, path: path)
            let parserType = type(of: parser)
            report.format = parserType.formatName
            let unit = SourceInfo(sha256: sha, uri: uri, size: size, format: parserType.formatName,
                                  sourceName: normalizer.context.sourceName, pipeline: normalizer.context.pipeline)
            info = unit
            let hashing = HashingByteSource(file)
            var quarantined: [QuarantineItem] = []
            var ignored: [String: Int] = [:]
            let record = try store.ingestUnit(unit) { writer in
                var counts = UnitCounts()
                var events: [Event] = []
                var held: [QuarantineItem] = []
                func flush() throws(LabError) {
                    if !events.isEmpty {
                        let r = try writer.append(events)
                        counts.appended += r.appended
                        counts.duplicates += r.duplicates
                        events.removeAll(keepingCapacity: true)
                    }
                    if !held.isEmpty {
                        try writer.quarantine(held)
                        held.removeAll(keepingCapacity: true)
                    }
                }
                func hold(_ error: LabError, raw: String, fallback: Locator) {
                    let where_ = error.locator ?? fallback
                    let item = QuarantineItem(source: sha, uri: uri, reason: error.code, message: error.message,
                                              locator: where_.description, raw: raw)
                    held.append(item)
                    if quarantined.count < 1000 { quarantined.append(item) }
                    counts.quarantined += 1
                }
                let context = ParseContext(uri: uri, options: options, optionsFile: optionsFile)
                let summary = try parser.parse(hashing, context: context) { (output) throws(LabError) in
                    counts.read += 1
                    switch output {
                    case .observation(let o):
                        do throws(LabError) {
                            events.append(try normalizer.event(from: o, source: unit, parser: parserType.parserID))
                        } catch {
                            hold(error, raw: o.raw, fallback: o.locator)
                        }
                    case .ignored(let reason, _, _):
                        counts.ignored += 1
                        ignored[reason.rawValue, default: 0] += 1
                    case .quarantined(let error, let raw):
                        hold(error, raw: raw, fallback: Locator(uri: uri))
                    }
                    if events.count >= batchSize || held.count >= batchSize { try flush() }
                }
                try flush()
                guard try hashing.finish() == sha else {
                    throw LabError(.ioUnreadable, "the file changed while it was read; it will be read again", locator: Locator(uri: path))
                }
                return (counts, summary.encoding, summary.notes)
            }
            report.status = .complete
            report.counts = record.counts
            report.encoding = record.encoding
            report.notes = record.notes
            report.quarantined = quarantined
            report.ignored = ignored
            logger.info("unit ingested", metadata: [
                "source.sha256": "\(sha)", "source.uri": "\(uri)", "read": "\(record.counts.read)",
                "appended": "\(record.counts.appended)", "duplicates": "\(record.counts.duplicates)",
                "quarantined": "\(record.counts.quarantined)", "ignored": "\(record.counts.ignored)",
            ])
        } catch {
            let located = error.locator == nil ? error.at(Locator(uri: path)) : error
            report.status = .failed
            report.error = located
            report.counts = UnitCounts()
            report.quarantined = []
            logger.error("unit failed", metadata: ["source.uri": "\(uri)", "reason": "\(error.code)", "message": "\(error.message)"])
            if let info, error.code != .storeUnavailable {
                try? store.recordFailure(info, error: located)
            }
        }
        return report
    }

    private func chooseParser(_ file: PeekableByteSource, path: String) throws(LabError) -> any RecordParser {
        if format != "auto" {
            guard let p = FormatRegistry.parser(named: format) else {
                throw LabError(.formatUnknown, "unknown format '\(format)'", locator: Locator(uri: path))
            }
            return p
        }
        let head = try file.peek(64 * 1024)
        guard let p = FormatRegistry.sniff(head, fileName: (path as NSString).lastPathComponent) else {
            throw LabError(.formatUnknown, "the file's format could not be recognised; name it with --format", locator: Locator(uri: path))
        }
        return p
    }
}
