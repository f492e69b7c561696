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

    init(uri: String) {
        self.uri = uri
        status = .failed
        counts = UnitCounts()
        quarantined = []
        ignored = [:]
        notes = []
    }
}

/// Ingests one unit of work (a file) end to end: hash → duplicate check → parse → normalize → append, in one
/// store transaction. Records flow to the store in batches while the file is read, so memory does not grow
/// with the file.
///
/// The work is split in two halves so the stage runtime can run them on different threads:
/// `open` + `UnitReading.parse` (hash, duplicate check, parse, normalize → `UnitBatch`es) and
/// `UnitTally.apply` (append a batch inside the unit's transaction). `ingest(path:)` runs both on the
/// calling thread: it is the synchronous harness of the stages.
public struct UnitIngestor: Sendable {
    public let store: any EventStore
    public let normalizer: Normalizer
    public let format: String
    public let options: ConfigValue
    public let optionsFile: String?
    public var batchSize = 256
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

    /// - Parameters:
    ///   - uri: the unit's URI in reports and provenance (default: the file's URL). A claimed drop-folder file is
    ///     read from the work folder but keeps the URI of where it arrived.
    ///   - reprocess: parse even when the same bytes were complete (after a parser upgrade); events with an
    ///     existing id stay duplicates.
    public func ingest(path: String, uri: String? = nil, reprocess: Bool = false) -> UnitReport {
        switch open(path: path, uri: uri, reprocess: reprocess) {
        case .finished(let report):
            return report
        case .ready(let reading):
            var tally = UnitTally()
            do throws(LabError) {
                let record = try store.ingestUnit(reading.info) { writer in
                    let summary = try reading.parse { (batch) throws(LabError) in try tally.apply(batch, to: writer) }
                    return (tally.counts, summary.encoding, summary.notes)
                }
                return completed(reading.info, record: record, tally: tally)
            } catch {
                return failed(error, path: path, info: reading.info, report: report(for: reading.info))
            }
        }
    }

    // MARK: - Stage halves

    /// The outcome of opening a unit: finished already (duplicate, or failed before parsing) or ready to parse.
    public enum Opening {
        case finished(UnitReport)
        case ready(UnitReading)
    }

    /// Hashes the file, checks whether the same bytes are already complete, and picks the parser.
    public func open(path: String, uri: String? = nil, reprocess: Bool) -> Opening {
        let uri = uri ?? URL(fileURLWithPath: path).standardizedFileURL.absoluteString
        var report = UnitReport(uri: uri)
        do throws(LabError) {
            let (sha, size) = try HashingByteSource.digest(path: path)
            report.sha256 = sha
            if !reprocess, let done = try store.completedSource(sha256: sha) {
                return .finished(duplicate(report, done))
            }
            let file = PeekableByteSource(try FileByteSource(path: path))
            let parser = try chooseParser(file, path: path)
            let parserType = type(of: parser)
            report.format = parserType.formatName
            let info = SourceInfo(sha256: sha, uri: uri, size: size, format: parserType.formatName,
                                  sourceName: normalizer.context.sourceName, pipeline: normalizer.context.pipeline)
            return .ready(UnitReading(ingestor: self, path: path, info: info, parser: parser, file: file))
        } catch {
            return .finished(failed(error, path: path, info: nil, report: report))
        }
    }

    /// The report of a unit whose bytes were already complete.
    func duplicate(_ base: UnitReport, _ done: SourceRecord) -> UnitReport {
        var report = base
        report.status = .duplicate
        report.format = done.info.format
        report.counts = UnitCounts(read: done.counts.read, duplicates: done.counts.read)
        logger.info("unit already ingested", metadata: ["source.sha256": "\(done.info.sha256)", "source.uri": "\(base.uri)"])
        return report
    }

    /// A report naming the unit (uri, sha256, format) before anything happened to it.
    func report(for info: SourceInfo) -> UnitReport {
        var report = UnitReport(uri: info.uri)
        report.sha256 = info.sha256
        report.format = info.format
        return report
    }

    func completed(_ info: SourceInfo, record: SourceRecord, tally: UnitTally) -> UnitReport {
        var report = report(for: info)
        report.status = .complete
        report.counts = record.counts
        report.encoding = record.encoding
        report.notes = record.notes
        report.quarantined = tally.quarantined
        report.ignored = tally.ignored
        logger.info("unit ingested", metadata: [
            "source.sha256": "\(info.sha256)", "source.uri": "\(info.uri)", "read": "\(record.counts.read)",
            "appended": "\(record.counts.appended)", "duplicates": "\(record.counts.duplicates)",
            "quarantined": "\(record.counts.quarantined)", "ignored": "\(record.counts.ignored)",
        ])
        return report
    }

    /// The report of a unit that failed as a whole; the failure is recorded in the store unless the store itself
    /// failed or the run was cancelled (the unit will simply be read again).
    func failed(_ error: LabError, path: String, info: SourceInfo?, report base: UnitReport) -> UnitReport {
        let uri = base.uri
        let located = error.locator == nil ? error.at(Locator(uri: path)) : error
        var report = base
        report.status = .failed
        report.error = located
        report.counts = UnitCounts()
        report.quarantined = []
        report.ignored = [:]
        if error.code == .runCancelled {
            logger.notice("unit rolled back", metadata: ["source.uri": "\(uri)"])
        } else {
            logger.error("unit failed", metadata: ["source.uri": "\(uri)", "reason": "\(error.code)", "message": "\(error.message)"])
            if let info, error.code != .storeUnavailable {
                try? store.recordFailure(info, error: located)
            }
        }
        return report
    }

    /// The byte order of a UTF-16 text file (one with a byte-order mark) that is read through `UTF16ByteSource`;
    /// nil for everything else, and for UTF-16 XML, which libxml2 decodes by its own declaration.
    static func utf16Text(_ head: [UInt8]) -> UTF16ByteSource.ByteOrder? {
        guard let order = UTF16ByteSource.byteOrder(of: head), head.count >= 4 else { return nil }
        let firstCharacter = order == .littleEndian ? (head[2], head[3]) : (head[3], head[2])
        return firstCharacter == (UInt8(ascii: "<"), 0) ? nil : order
    }

    private func chooseParser(_ file: PeekableByteSource, path: String) throws(LabError) -> any RecordParser {
        if format != "auto" {
            guard let p = FormatRegistry.parser(named: format) else {
                throw LabError(.formatUnknown, "unknown format '\(format)'", locator: Locator(uri: path))
            }
            return p
        }
        var head = try file.peek(64 * 1024)
        if let order = Self.utf16Text(head) {  // sniff the text, not its UTF-16 bytes
            let decoder = UTF16ByteSource(MemoryByteSource(head), byteOrder: order)
            var text = [UInt8](repeating: 0, count: 64 * 1024)
            head = (try? decoder.read(into: &text, count: text.count)).map { Array(text[0..<$0]) } ?? []
        }
        guard let p = FormatRegistry.sniff(head, fileName: (path as NSString).lastPathComponent) else {
            throw LabError(.formatUnknown, "the file's format could not be recognised; name it with --format", locator: Locator(uri: path))
        }
        return p
    }
}

// MARK: - Parse half

/// Records of one unit on their way from the parser to the writer: normalized events, quarantined records,
/// and the counts only the parser sees (read, ignored, quarantined).
public struct UnitBatch: Sendable {
    public var events: [Event] = []
    public var quarantine: [QuarantineItem] = []
    public var read = 0
    public var ignored: [String: Int] = [:]

    public var ignoredCount: Int { ignored.values.reduce(0, +) }
    public var isEmpty: Bool { read == 0 && events.isEmpty && quarantine.isEmpty }
}

/// A unit opened for parsing, bound to the thread that reads it (it owns the open file).
public struct UnitReading {
    let ingestor: UnitIngestor
    let path: String
    public let info: SourceInfo
    let parser: any RecordParser
    let file: PeekableByteSource

    /// Parses and normalizes the whole unit, handing a batch to `deliver` every `batchSize` records (and a last
    /// one at the end). A throw from `deliver` stops parsing and is rethrown.
    /// - Throws: the format's whole-unit failure, or `io.unreadable` when the bytes changed while they were read.
    public func parse(_ deliver: (UnitBatch) throws(LabError) -> Void) throws(LabError) -> ParseSummary {
        let parserID = type(of: parser).parserID
        let normalizer = ingestor.normalizer
        let batchSize = ingestor.batchSize
        let info = self.info
        let hashing = HashingByteSource(file)
        var batch = UnitBatch()
        var repeats = UnitRepeatGuard()
        func hold(_ error: LabError, raw: String, fallback: Locator) {
            let place = error.locator ?? fallback
            batch.quarantine.append(QuarantineItem(source: info.sha256, uri: info.uri, reason: error.code, message: error.message,
                                                   locator: place.description, raw: raw))
        }
        let context = ParseContext(uri: info.uri, options: ingestor.options, optionsFile: ingestor.optionsFile)
        // The hash covers the bytes as stored; the parser reads UTF-16 text as UTF-8.
        let utf16 = UnitIngestor.utf16Text(try file.peek(4))
        let input: ByteSource = utf16.map { UTF16ByteSource(hashing, byteOrder: $0, uri: info.uri) } ?? hashing
        var summary = try parser.parse(input, context: context) { (output) throws(LabError) in
            batch.read += 1
            switch output {
            case .observation(let o):
                do throws(LabError) {
                    let event = try normalizer.event(from: o, source: info, parser: parserID)
                    if let conflict = repeats.check(event) { throw conflict.at(o.locator) }
                    batch.events.append(event)
                } catch {
                    hold(error, raw: o.raw, fallback: o.locator)
                }
            case .ignored(let reason, _, _):
                batch.ignored[reason.rawValue, default: 0] += 1
            case .quarantined(let error, let raw):
                hold(error, raw: raw, fallback: Locator(uri: info.uri))
            }
            if batch.read >= batchSize {
                try deliver(batch)
                batch = UnitBatch()
            }
        }
        guard try hashing.finish() == info.sha256 else {
            throw LabError(.ioUnreadable, "the file changed while it was read; it will be read again", locator: Locator(uri: path))
        }
        if !batch.isEmpty { try deliver(batch) }
        if let utf16 { summary.encoding = utf16.rawValue }
        return summary
    }
}

// MARK: - Append half

/// The writer's running totals for one unit: appends each batch inside the unit's transaction.
public struct UnitTally: Sendable {
    public private(set) var counts = UnitCounts()
    /// The first 1,000 quarantined records (for the report; all of them go to the store).
    public private(set) var quarantined: [QuarantineItem] = []
    public private(set) var ignored: [String: Int] = [:]

    public init() {}

    public mutating func apply(_ batch: UnitBatch, to writer: any UnitWriter) throws(LabError) {
        if !batch.events.isEmpty {
            let r = try writer.append(batch.events)
            counts.appended += r.appended
            counts.duplicates += r.duplicates
        }
        if !batch.quarantine.isEmpty {
            try writer.quarantine(batch.quarantine)
            counts.quarantined += batch.quarantine.count
            quarantined.append(contentsOf: batch.quarantine.prefix(max(0, 1000 - quarantined.count)))
        }
        counts.read += batch.read
        counts.ignored += batch.ignoredCount
        for (reason, n) in batch.ignored { ignored[reason, default: 0] += n }
    }
}
