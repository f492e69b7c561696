import Foundation
import LabCore

/// The four outcomes of a unit of work. They always add up to `read`.
public struct UnitCounts: Sendable, Equatable, Codable {
    public var read = 0
    public var appended = 0
    public var duplicates = 0
    public var quarantined = 0
    public var ignored = 0

    public init(read: Int = 0, appended: Int = 0, duplicates: Int = 0, quarantined: Int = 0, ignored: Int = 0) {
        self.read = read
        self.appended = appended
        self.duplicates = duplicates
        self.quarantined = quarantined
        self.ignored = ignored
    }

    /// True when every record read ended as exactly one outcome.
    public var addsUp: Bool { read == appended + duplicates + quarantined + ignored }

    public static func + (a: UnitCounts, b: UnitCounts) -> UnitCounts {
        UnitCounts(read: a.read + b.read, appended: a.appended + b.appended, duplicates: a.duplicates + b.duplicates,
                   quarantined: a.quarantined + b.quarantined, ignored: a.ignored + b.ignored)
    }
}

/// A unit of work as the store records it.
public struct SourceInfo: Sendable, Equatable {
    /// `sha256:<hex>` of the bytes.
    public var sha256: String
    public var uri: String
    public var size: Int64
    public var format: String
    public var sourceName: String?
    public var pipeline: String?

    public init(sha256: String, uri: String, size: Int64, format: String, sourceName: String?, pipeline: String?) {
        self.sha256 = sha256
        self.uri = uri
        self.size = size
        self.format = format
        self.sourceName = sourceName
        self.pipeline = pipeline
    }
}

/// A unit of work's row in `sources`.
public struct SourceRecord: Sendable, Equatable {
    public enum Status: String, Sendable { case complete, failed }
    public var info: SourceInfo
    public var status: Status
    public var counts: UnitCounts
    public var encoding: String?
    public var notes: [String]
    public var errorCode: String?
    public var errorMessage: String?
    public var finishedAt: Date
}

/// A record kept aside: its reason, where it was, and its raw text (PHI blanked).
public struct QuarantineItem: Sendable, Equatable {
    public var id: Int64?
    public var source: String
    public var uri: String
    public var reason: ReasonCode
    public var message: String
    public var locator: String
    public var raw: String
    public var status: String
    public var createdAt: Date

    public init(id: Int64? = nil, source: String, uri: String, reason: ReasonCode, message: String, locator: String,
                raw: String, status: String = "open", createdAt: Date = Date()) {
        self.id = id
        self.source = source
        self.uri = uri
        self.reason = reason
        self.message = message
        self.locator = locator
        self.raw = raw
        self.status = status
        self.createdAt = createdAt
    }
}

/// Which events to read. Every filter is optional; results come in `seq` order.
public struct EventQuery: Sendable {
    public var subject: String?
    /// A LOINC or local analyte code.
    public var analyte: String?
    public var kind: EventKind?
    public var afterSeq: Int64?
    public var collectedFrom: Date?
    public var collectedBefore: Date?
    public var limit: Int?

    public init(subject: String? = nil, analyte: String? = nil, kind: EventKind? = nil, afterSeq: Int64? = nil,
                collectedFrom: Date? = nil, collectedBefore: Date? = nil, limit: Int? = nil) {
        self.subject = subject
        self.analyte = analyte
        self.kind = kind
        self.afterSeq = afterSeq
        self.collectedFrom = collectedFrom
        self.collectedBefore = collectedBefore
        self.limit = limit
    }
}

/// Writes one unit of work inside its transaction. Obtained from `EventStore.ingestUnit`.
public protocol UnitWriter: AnyObject {
    /// Appends events; an event whose id is already stored (or appended earlier in this unit) is a duplicate.
    /// Corrections and cancellations get `supersedes` set to the latest earlier event with the same result key.
    func append(_ events: [Event]) throws(LabError) -> (appended: Int, duplicates: Int)
    func quarantine(_ items: [QuarantineItem]) throws(LabError)
}

/// The event store: append-only events, units of work (`sources`), quarantine and cursors.
///
/// Contract: a unit of work is atomic — everything `body` appended is committed together with the unit's
/// `sources` row, or nothing is (a throw, a crash). Appends are idempotent by event id. `seq` increases in
/// commit order, so a consumer reading "events after seq N" never misses a row.
public protocol EventStore: AnyObject, Sendable {
    /// The completed unit with this content hash, if any.
    func completedSource(sha256: String) throws(LabError) -> SourceRecord?

    /// Runs `body` in one transaction for the unit `source`, then records the unit as complete with the
    /// counts and summary `body` returns. A throw from `body` rolls back everything and is rethrown (an error
    /// that is not a `LabError` comes back as `store.failed` with it as the cause).
    func ingestUnit(_ source: SourceInfo,
                    body: (any UnitWriter) throws -> (UnitCounts, encoding: String?, notes: [String]))
        throws(LabError) -> SourceRecord

    /// Records a unit that failed as a whole (nothing of it is in the store).
    func recordFailure(_ source: SourceInfo, error: LabError) throws(LabError)

    func forEachEvent(_ query: EventQuery, _ body: (Event) throws -> Void) throws(LabError)
    func event(id: String) throws(LabError) -> Event?
    func source(sha256: String) throws(LabError) -> SourceRecord?
    func quarantineItems(status: String?) throws(LabError) -> [QuarantineItem]
    func quarantineItem(id: Int64) throws(LabError) -> QuarantineItem?
    func setQuarantineStatus(id: Int64, status: String) throws(LabError)

    func cursor(_ name: String) throws(LabError) -> String?
    func setCursor(_ name: String, value: String) throws(LabError)

    /// Counts for `store status`.
    func statistics() throws(LabError) -> StoreStatistics
}

public struct StoreStatistics: Sendable, Equatable {
    public var events: Int
    public var lastSeq: Int64
    public var sources: Int
    public var failedSources: Int
    public var openQuarantine: Int
    public var schemaVersion: String
}

extension EventStore {
    public func events(_ query: EventQuery) throws(LabError) -> [Event] {
        var out: [Event] = []
        try forEachEvent(query) { out.append($0) }
        return out
    }
}
