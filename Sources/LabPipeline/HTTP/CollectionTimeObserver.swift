import Foundation
import LabCore
import LabStore
import Synchronization

/// An `EventStore` that passes everything through to `base` and remembers, per committed unit (by sha256),
/// the newest collection time among the events the unit offered to the store (appended or duplicate).
/// The HTTP fetcher hands it to its `UnitIngestor`s: the watermark then comes from exactly what committed,
/// without parsing the body twice.
final class CollectionTimeObserver: EventStoreDecorator {
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
}
