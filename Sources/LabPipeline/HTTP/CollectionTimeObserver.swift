import Foundation
import LabCore
import LabStore
import Synchronization

/// An `EventStore` that passes everything through to `base` and remembers, per committed unit (by sha256),
/// the newest collection time among the events the unit offered to the store (appended or duplicate).
/// The HTTP fetcher hands it to its `UnitIngestor`s: the watermark then comes from exactly what committed,
/// without parsing the body twice.
final class CollectionTimeObserver: EventStore {
    let base: any EventStore
    private let newest = Mutex<[String: Date]>([:])

    init(_ base: any EventStore) { self.base = base }

    /// The newest collection time of a unit that committed through this store (and forgets it).
    func takeNewest(sha256: String) -> Date? {
        newest.withLock { $0.removeValue(forKey: sha256) }
    }

    func ingestUnit(_ source: SourceInfo,
                    body: (any UnitWriter) throws -> (UnitCounts, encoding: String?, notes: [String])) throws(LabError) -> SourceRecord {
        var seen: Date?
        let record = try base.ingestUnit(source) { writer in
            let observing = ObservingWriter(writer)
            defer { seen = observing.newest }
            return try body(observing)
        }
        if let seen { newest.withLock { $0[source.sha256] = seen } }  // only once committed
        return record
    }

    private final class ObservingWriter: UnitWriter {
        let base: any UnitWriter
        var newest: Date?

        init(_ base: any UnitWriter) { self.base = base }

        func append(_ events: [Event]) throws(LabError) -> (appended: Int, duplicates: Int) {
            let result = try base.append(events)
            for e in events where newest.map({ e.collectedAt > $0 }) ?? true { newest = e.collectedAt }
            return result
        }

        func quarantine(_ items: [QuarantineItem]) throws(LabError) { try base.quarantine(items) }
    }

    // MARK: - Passed through

    func completedSource(sha256: String) throws(LabError) -> SourceRecord? { try base.completedSource(sha256: sha256) }
    func recordFailure(_ source: SourceInfo, error: LabError) throws(LabError) { try base.recordFailure(source, error: error) }
    func forEachEvent(_ query: EventQuery, _ body: (Event) throws -> Void) throws(LabError) { try base.forEachEvent(query, body) }
    func event(id: String) throws(LabError) -> Event? { try base.event(id: id) }
    func source(sha256: String) throws(LabError) -> SourceRecord? { try base.source(sha256: sha256) }
    func quarantineItems(status: String?) throws(LabError) -> [QuarantineItem] { try base.quarantineItems(status: status) }
    func quarantineItem(id: Int64) throws(LabError) -> QuarantineItem? { try base.quarantineItem(id: id) }
    func setQuarantineStatus(id: Int64, status: String) throws(LabError) { try base.setQuarantineStatus(id: id, status: status) }
    func cursor(_ name: String) throws(LabError) -> String? { try base.cursor(name) }
    func setCursor(_ name: String, value: String) throws(LabError) { try base.setCursor(name, value: value) }
    func statistics() throws(LabError) -> StoreStatistics { try base.statistics() }
}
