import Foundation
import LabCore
import LabStore
import Testing

/// `store copy`: an embedded store moved into another store (SQLite → PostgreSQL when available, and
/// back), with ids, seq order, supersedes, provenance, units, quarantine and cursors intact; idempotent.
@Suite struct StoreCopyTests {
    typealias F = StoreFixtures

    static func filledSQLiteStore() throws -> TestStore {
        let t = try StoreBackend.sqlite.makeStore()
        _ = try t.store.ingestUnit(F.source) { w in
            _ = try w.append([F.event(1, resultKey: "sha256:same", status: .preliminary), F.event(2), F.event(3, resultKey: "sha256:same")])
            try w.quarantine([QuarantineItem(source: "sha256:src", uri: "file:///x.csv", reason: .unitUnknown, message: "unit unknown",
                                             locator: "line 9", raw: "CART-001,x,1,furlongs")])
            return (UnitCounts(read: 4, appended: 3, quarantined: 1), "utf-8", ["delimiter: comma"])
        }
        _ = try t.store.ingestUnit(F.source("sha256:second")) { w in
            _ = try w.append([F.event(4, subject: "CART-002"), F.event(2)])
            return (UnitCounts(read: 2, appended: 1, duplicates: 1), nil, [])
        }
        try t.store.recordFailure(F.source("sha256:broken"), error: LabError(.csvMalformed, "bad"))
        try t.store.setCursor("lis.watermark", value: "2024-03-02T00:00:00Z")
        return t
    }

    static func assertSameContent(_ a: any EventStore, _ b: any EventStore) throws {
        let ea = try a.events(EventQuery()), eb = try b.events(EventQuery())
        #expect(ea == eb)  // ids, seq, supersedes, provenance, values: everything
        for sha in ["sha256:src", "sha256:second", "sha256:broken"] {
            let sa = try a.source(sha256: sha), sb = try b.source(sha256: sha)
            #expect(sa?.info == sb?.info && sa?.status == sb?.status && sa?.counts == sb?.counts)
            #expect(sa?.notes == sb?.notes && sa?.errorCode == sb?.errorCode && sa?.encoding == sb?.encoding)
        }
        let qa = try a.quarantineItems(status: nil).map { ($0.source, $0.reason, $0.locator, $0.raw, $0.status) }
        let qb = try b.quarantineItems(status: nil).map { ($0.source, $0.reason, $0.locator, $0.raw, $0.status) }
        #expect(qa.elementsEqual(qb, by: ==))
        #expect(try a.cursor("lis.watermark") == b.cursor("lis.watermark"))
    }

    @Test(arguments: StoreBackend.available)
    func copiesAnEmbeddedStoreWithEverythingIntact(_ target: StoreBackend) throws {
        let from = try Self.filledSQLiteStore()
        let to = try target.makeStore()
        let source = try #require(from.store as? any EventStoreCopying)
        let destination = try #require(to.store as? any EventStoreCopying)
        let summary = try source.copy(to: destination, batchSize: 2)
        #expect(summary.eventsAppended == 4 && summary.eventsDuplicate == 0)
        #expect(summary.sourcesCopied == 3 && summary.quarantineCopied == 1 && summary.cursorsCopied == 1)
        try Self.assertSameContent(from.store, to.store)
        #expect(try to.store.events(EventQuery()).map(\.supersedes) == [nil, nil, "sha256:e1", nil])

        // Again: nothing new.
        let again = try source.copy(to: destination)
        #expect(again.eventsAppended == 0 && again.eventsDuplicate == 4 && again.sourcesSkipped == 2 && again.quarantineCopied == 0)
        try Self.assertSameContent(from.store, to.store)

        // And back into a fresh embedded store.
        let back = try StoreBackend.sqlite.makeStore()
        _ = try destination.copy(to: try #require(back.store as? any EventStoreCopying))
        try Self.assertSameContent(from.store, back.store)
    }

    @Test(arguments: StoreBackend.available)
    func copyingIntoAStoreWithHistoryAppendsAfterItsLastSeq(_ target: StoreBackend) throws {
        let from = try Self.filledSQLiteStore()
        let to = try target.makeStore()
        _ = try to.store.ingestUnit(F.source("sha256:elsewhere")) { w in
            _ = try w.append([F.event(10), F.event(2)])
            return (UnitCounts(read: 2, appended: 2), nil, [])
        }
        let summary = try (from.store as! any EventStoreCopying).copy(to: to.store as! any EventStoreCopying)
        #expect(summary.eventsAppended == 3 && summary.eventsDuplicate == 1)
        let ids = try to.store.events(EventQuery()).map(\.id)
        #expect(ids == ["sha256:e10", "sha256:e2", "sha256:e1", "sha256:e3", "sha256:e4"])
        let seqs = try to.store.events(EventQuery()).compactMap(\.seq)
        #expect(seqs.count == 5 && seqs == seqs.sorted() && seqs.first == 1, "\(seqs)")
    }
}
