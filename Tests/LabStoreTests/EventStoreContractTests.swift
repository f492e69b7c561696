import Foundation
import GRDB
import LabCore
import LabStore
import Testing

/// Store behaviour every backend must have: each test body runs against SQLite and, when PostgreSQL is
/// installed, against a real PostgreSQL 15 cluster (`StoreBackend.available`).
@Suite struct EventStoreContractTests {
    typealias F = StoreFixtures

    /// Shows up as skipped, with the reason, on machines without PostgreSQL; runs (and must pass) elsewhere.
    @Test(.enabled(if: StoreBackend.postgresTestable, Comment(rawValue: StoreBackend.postgresSkipMessage)))
    func postgresClusterIsRunning() throws {
        let cluster = try PostgresTestCluster.shared.get()
        #expect(try cluster.psql("SELECT current_setting('server_version_num')::int / 10000").contains("15"))
    }

    @Test(arguments: StoreBackend.available)
    func appendsAndReadsBackExactly(_ backend: StoreBackend) throws {
        let store = try backend.makeStore().store
        let record = try store.ingestUnit(F.source) { w in
            let r = try w.append([F.event(1), F.event(2)])
            #expect(r.appended == 2)
            return (UnitCounts(read: 2, appended: 2), "utf-8", [])
        }
        #expect(record.status == .complete)
        let events = try store.events(EventQuery())
        #expect(events.count == 2)
        var expected = F.event(1)
        expected.seq = 1
        #expect(events[0] == expected)
        #expect(events[0].json.rendered().contains(#""value":2.2"#))
        #expect(try store.completedSource(sha256: "sha256:src")?.counts.appended == 2)
        #expect(try store.event(id: "sha256:e2")?.seq == 2)
        #expect(try store.event(id: "sha256:missing") == nil)
        let source = try store.source(sha256: "sha256:src")
        #expect(source?.info == F.source)
        #expect(source?.encoding == "utf-8")
    }

    @Test(arguments: StoreBackend.available)
    func duplicatesAreCountedNotStored(_ backend: StoreBackend) throws {
        let store = try backend.makeStore().store
        _ = try store.ingestUnit(F.source) { w in
            let first = try w.append([F.event(1), F.event(1)])
            #expect(first.appended == 1 && first.duplicates == 1)
            return (UnitCounts(read: 2, appended: 1, duplicates: 1), nil, [])
        }
        var other = F.source
        other.sha256 = "sha256:other"
        _ = try store.ingestUnit(other) { w in
            let again = try w.append([F.event(1)])
            #expect(again.appended == 0 && again.duplicates == 1)
            return (UnitCounts(read: 1, duplicates: 1), nil, [])
        }
        #expect(try store.statistics().events == 1)
        // A duplicate uses up no position: the next event follows the last one without a gap.
        var third = F.source
        third.sha256 = "sha256:third"
        _ = try store.ingestUnit(third) { w in
            let r = try w.append([F.event(1), F.event(2), F.event(1), F.event(3)])
            #expect(r.appended == 2 && r.duplicates == 2)
            return (UnitCounts(read: 4, appended: 2, duplicates: 2), nil, [])
        }
        #expect(try store.events(EventQuery()).map(\.seq) == [1, 2, 3])
    }

    @Test(arguments: StoreBackend.available)
    func aFailureMidUnitLeavesNothingBehind(_ backend: StoreBackend) throws {
        let store = try backend.makeStore().store
        #expect(throws: LabError.self) {
            _ = try store.ingestUnit(F.source) { w in
                _ = try w.append((0..<100).map { F.event($0) })
                try w.quarantine([QuarantineItem(source: "sha256:src", uri: "file:///x.csv", reason: .unitUnknown, message: "m", locator: "line 3", raw: "r")])
                throw LabError(.ioUnreadable, "injected failure")
            }
        }
        #expect(try store.statistics().events == 0)
        #expect(try store.quarantineItems(status: nil).isEmpty)
        #expect(try store.completedSource(sha256: "sha256:src") == nil)
        // A re-run completes it.
        _ = try store.ingestUnit(F.source) { w in
            _ = try w.append((0..<100).map { F.event($0) })
            return (UnitCounts(read: 100, appended: 100), nil, [])
        }
        #expect(try store.statistics().events == 100)
        #expect(try store.statistics().lastSeq == 100)
    }

    @Test(arguments: StoreBackend.available)
    func aNonLabErrorComesBackAsStoreFailed(_ backend: StoreBackend) throws {
        struct Boom: Error {}
        let store = try backend.makeStore().store
        do {
            _ = try store.ingestUnit(F.source) { w in
                _ = try w.append([F.event(1)])
                throw Boom()
            }
            Issue.record("expected a failure")
        } catch {
            #expect(error.code == .storeFailed)
        }
        #expect(try store.statistics().events == 0)
    }

    @Test(arguments: StoreBackend.available)
    func correctionsSupersedeTheEarlierVersion(_ backend: StoreBackend) throws {
        let store = try backend.makeStore().store
        _ = try store.ingestUnit(F.source) { w in
            _ = try w.append([F.event(1, resultKey: "sha256:same"), F.event(2, resultKey: "sha256:same", status: .corrected)])
            return (UnitCounts(read: 2, appended: 2), nil, [])
        }
        let events = try store.events(EventQuery())
        #expect(events[0].supersedes == nil)
        #expect(events[1].supersedes == events[0].id)
    }

    @Test(arguments: StoreBackend.available)
    func correctionsInALaterUnitSupersedeTheNewestEarlierEvent(_ backend: StoreBackend) throws {
        let store = try backend.makeStore().store
        _ = try store.ingestUnit(F.source) { w in
            _ = try w.append([F.event(1, resultKey: "sha256:same", status: .preliminary), F.event(2, resultKey: "sha256:same")])
            return (UnitCounts(read: 2, appended: 2), nil, [])
        }
        _ = try store.ingestUnit(F.source("sha256:later")) { w in
            // A duplicate of the final first (not stored again), then the correction.
            let r = try w.append([F.event(2, resultKey: "sha256:same"), F.event(3, resultKey: "sha256:same", status: .corrected)])
            #expect(r.appended == 1 && r.duplicates == 1)
            return (UnitCounts(read: 2, appended: 1, duplicates: 1), nil, [])
        }
        let events = try store.events(EventQuery())
        #expect(events.map(\.id) == ["sha256:e1", "sha256:e2", "sha256:e3"])
        #expect(events.map(\.supersedes) == [nil, "sha256:e1", "sha256:e2"])
    }

    @Test(arguments: StoreBackend.available)
    func queriesFilterBySubjectAnalyteKindAndSeq(_ backend: StoreBackend) throws {
        let store = try backend.makeStore().store
        _ = try store.ingestUnit(F.source) { w in
            _ = try w.append([F.event(1), F.event(2, subject: "CART-002"), F.event(3)])
            return (UnitCounts(read: 3, appended: 3), nil, [])
        }
        #expect(try store.events(EventQuery(subject: "CART-001")).count == 2)
        #expect(try store.events(EventQuery(analyte: "751-8")).count == 3)
        #expect(try store.events(EventQuery(analyte: "718-7")).isEmpty)
        #expect(try store.events(EventQuery(kind: .qpcrCopies)).isEmpty)
        #expect(try store.events(EventQuery(afterSeq: 2)).map(\.seq) == [3])
        let from = Date(timeIntervalSince1970: 1_709_253_000 + 2 * 86400)
        #expect(try store.events(EventQuery(collectedFrom: from)).count == 2)
        #expect(try store.events(EventQuery(collectedBefore: from)).map(\.seq) == [1])
        #expect(try store.events(EventQuery(subject: "CART-001", afterSeq: 1)).map(\.seq) == [3])
        #expect(try store.events(EventQuery(limit: 2)).map(\.seq) == [1, 2])
    }

    @Test(arguments: StoreBackend.available)
    func readingPagesThroughManyEventsInSeqOrder(_ backend: StoreBackend) throws {
        let store = try backend.makeStore().store
        _ = try store.ingestUnit(F.source) { w in
            _ = try w.append((0..<4_500).map { F.event($0) })
            return (UnitCounts(read: 4_500, appended: 4_500), nil, [])
        }
        var seqs: [Int64] = []
        try store.forEachEvent(EventQuery()) { seqs.append($0.seq ?? -1) }
        #expect(seqs == Array(1...4_500))
        #expect(try store.events(EventQuery(afterSeq: 2_000, limit: 2_500)).count == 2_500)
    }

    @Test(arguments: StoreBackend.available)
    func eventsAreAppendOnly(_ backend: StoreBackend) throws {
        let t = try backend.makeStore()
        let store = t.store
        _ = try store.ingestUnit(F.source) { w in
            _ = try w.append([F.event(1)])
            return (UnitCounts(read: 1, appended: 1), nil, [])
        }
        // Another connection trying to rewrite or delete history is refused by the schema's triggers.
        switch backend {
        case .sqlite:
            let raw = try DatabaseQueue(path: t.location)
            #expect(throws: DatabaseError.self) { try raw.write { try $0.execute(sql: "UPDATE events SET value = '9'") } }
            #expect(throws: DatabaseError.self) { try raw.write { try $0.execute(sql: "DELETE FROM events") } }
        case .postgres:
            #expect(throws: (any Error).self) { try t.rawExecute("UPDATE events SET value = '9'") }
            #expect(throws: (any Error).self) { try t.rawExecute("DELETE FROM events") }
            #expect(throws: (any Error).self) { try t.rawExecute("TRUNCATE events") }
        }
        #expect(try store.events(EventQuery()).first?.value == F.event(1).value)
    }

    @Test(arguments: StoreBackend.available)
    func failuresAreRecordedButNeverDowngradeACompleteUnit(_ backend: StoreBackend) throws {
        let store = try backend.makeStore().store
        try store.recordFailure(F.source, error: LabError(.csvMalformed, "bad"))
        #expect(try store.source(sha256: "sha256:src")?.status == .failed)
        #expect(try store.source(sha256: "sha256:src")?.errorCode == "csv.malformed")
        #expect(try store.completedSource(sha256: "sha256:src") == nil)
        #expect(try store.statistics().failedSources == 1)
        _ = try store.ingestUnit(F.source) { _ in (UnitCounts(), nil, []) }
        try store.recordFailure(F.source, error: LabError(.csvMalformed, "bad again"))
        #expect(try store.source(sha256: "sha256:src")?.status == .complete)
        #expect(try store.statistics().failedSources == 0)
    }

    @Test(arguments: StoreBackend.available)
    func reparsingAUnitSupersedesItsOpenQuarantineRows(_ backend: StoreBackend) throws {
        let store = try backend.makeStore().store
        let item = QuarantineItem(source: "sha256:src", uri: "file:///x.csv", reason: .unitUnknown, message: "unit 'mg/dl' unknown",
                                  locator: "line 7", raw: "CART-001,glucose,5,mg/dl")
        for _ in 0..<2 {
            _ = try store.ingestUnit(F.source) { w in
                try w.quarantine([item])
                return (UnitCounts(read: 1, quarantined: 1), nil, [])
            }
        }
        let all = try store.quarantineItems(status: nil)
        #expect(all.map(\.status) == ["superseded", "open"])
        let open = try store.quarantineItems(status: "open")
        #expect(open.count == 1)
        let id = try #require(open.first?.id)
        let stored = try #require(try store.quarantineItem(id: id))
        #expect(stored.reason == .unitUnknown && stored.locator == "line 7" && stored.raw == item.raw && stored.message == item.message)
        try store.setQuarantineStatus(id: id, status: "resolved")
        #expect(try store.quarantineItems(status: "open").isEmpty)
        #expect(try store.statistics().openQuarantine == 0)
        #expect(try store.quarantineItem(id: 999_999) == nil)
    }

    @Test(arguments: StoreBackend.available)
    func cursorsPersist(_ backend: StoreBackend) throws {
        let t = try backend.makeStore()
        try t.store.setCursor("lis.watermark", value: "2024-03-01T00:00:00Z")
        try t.store.setCursor("lis.watermark", value: "2024-03-02T00:00:00Z")
        #expect(try t.reopen().cursor("lis.watermark") == "2024-03-02T00:00:00Z")
        #expect(try t.store.cursor("missing") == nil)
    }

    @Test(arguments: StoreBackend.available)
    func statisticsReportTheSchemaVersion(_ backend: StoreBackend) throws {
        let t = try backend.makeStore()
        let s = try t.store.statistics()
        // SQLite is at v2 (hashed index keys); PostgreSQL's text indexes never needed it.
        let version = backend == .sqlite ? "v2" : "v1"
        #expect(s.schemaVersion == version)
        #expect(s.events == 0 && s.lastSeq == 0 && s.sources == 0)
        // Opening an already migrated store again is a no-op.
        #expect(try t.reopen().statistics().schemaVersion == version)
    }
}
