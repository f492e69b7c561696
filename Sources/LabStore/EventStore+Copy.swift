import Foundation
import LabCore

/// What `labingest store copy` needs beyond `EventStore`: reading every unit and cursor of a store, and
/// writing rows as they are into another one. Both `SQLiteEventStore` and `PostgresEventStore` conform.
public protocol EventStoreCopying: EventStore {
    /// Every `sources` row, in the order the units were first recorded.
    func allSources() throws(LabError) -> [SourceRecord]
    /// Every cursor (fetch watermarks, consumer positions), by name.
    func allCursors() throws(LabError) -> [(name: String, value: String)]
    /// Runs `body` in one transaction of this store (the copy target): all of it is written, or nothing.
    func importing<T>(_ body: (any StoreImporter) throws(LabError) -> T) throws(LabError) -> T
}

/// Writes rows copied from another store, inside `EventStoreCopying.importing`.
public protocol StoreImporter: AnyObject {
    /// Appends events in the order given, numbered after the target's last `seq`, with `supersedes` and
    /// provenance exactly as given. An id the target already has is a duplicate (idempotent re-runs).
    func importEvents(_ events: [Event]) throws(LabError) -> (appended: Int, duplicates: Int)
    /// Writes a unit's row unless the target already has that unit complete; returns whether it wrote it.
    func importSource(_ record: SourceRecord) throws(LabError) -> Bool
    /// Appends quarantine rows keeping their status and creation time (they get the target's ids).
    func importQuarantine(_ items: [QuarantineItem]) throws(LabError)
    /// Sets a cursor.
    func importCursor(_ name: String, value: String) throws(LabError)
}

/// What a copy did.
public struct StoreCopySummary: Sendable, Equatable {
    public var eventsAppended = 0
    public var eventsDuplicate = 0
    public var sourcesCopied = 0
    /// Units the target already had complete (their quarantine rows are not copied again).
    public var sourcesSkipped = 0
    public var quarantineCopied = 0
    public var cursorsCopied = 0
    public init() {}
}

extension EventStoreCopying {
    /// Copies this store into `target` in one target transaction: units (sources rows), events in `seq` order
    /// (ids, supersedes and provenance intact; the target numbers them after its own last `seq`), the
    /// quarantine rows of newly copied units, and cursors. Running it again copies nothing new.
    public func copy(to target: any EventStoreCopying, batchSize: Int = 1_000) throws(LabError) -> StoreCopySummary {
        let sources = try allSources()
        let cursors = try allCursors()
        let quarantine = try quarantineItems(status: nil)
        return try target.importing { importer throws(LabError) -> StoreCopySummary in
            var summary = StoreCopySummary()
            var copied = Set<String>()
            for record in sources {
                if try importer.importSource(record) {
                    copied.insert(record.info.sha256)
                    summary.sourcesCopied += 1
                } else {
                    summary.sourcesSkipped += 1
                }
            }
            var batch: [Event] = []
            batch.reserveCapacity(batchSize)
            func flush() throws(LabError) {
                guard !batch.isEmpty else { return }
                let r = try importer.importEvents(batch)
                summary.eventsAppended += r.appended
                summary.eventsDuplicate += r.duplicates
                batch.removeAll(keepingCapacity: true)
            }
            try forEachEvent(EventQuery()) { event in
                batch.append(event)
                if batch.count >= batchSize { try flush() }
            }
            try flush()
            let items = quarantine.filter { copied.contains($0.source) }
            try importer.importQuarantine(items)
            summary.quarantineCopied = items.count
            for cursor in cursors { try importer.importCursor(cursor.name, value: cursor.value) }
            summary.cursorsCopied = cursors.count
            return summary
        }
    }
}
