import Foundation
import GRDB
import LabCore
@testable import LabStore
import Testing
import LabTestSupport

/// The SQLite store's own format: hashed index keys (schema v2) and the migration of v1 stores.
@Suite struct SQLiteSchemaTests {
    typealias F = StoreFixtures

    static func emptyDirectory() throws -> String {
        try TestDirectory.make("labstore").path
    }

    @Test func keyHashIsSixtyFourBitFNV1a() {
        // Published FNV-1a 64 test vectors: the stored hashes depend on this exact function.
        #expect(SQLiteKeyHash.of("") == Int64(bitPattern: 0xcbf2_9ce4_8422_2325))
        #expect(SQLiteKeyHash.of("a") == Int64(bitPattern: 0xaf63_dc4c_8601_ec8c))
        #expect(SQLiteKeyHash.of("foobar") == Int64(bitPattern: 0x8594_4171_f739_67e8))
    }

    @Test func aVersion1StoreIsMigratedWithItsEventsSeqAndDuplicateDetection() throws {
        let path = try Self.emptyDirectory() + "/v1.sqlite"
        let old = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(old, upTo: "v1")
        // Two versions of one result and one other event, as a v1 store held them (seq 5 and 9: AUTOINCREMENT
        // must continue after 9).
        try old.write { db in
            for (seq, id, key, status) in [(5, "sha256:a", "sha256:r", "final"), (7, "sha256:b", "sha256:r", "corrected"),
                                           (9, "sha256:c", "sha256:q", "final")] {
                try db.execute(sql: """
                    INSERT INTO events (seq, id, kind, subject, analyte_system, analyte_code, analyte_display, original_value,
                        status, supersedes, result_key, collected_ms, collected_offset, source_sha256, source_uri, locator, parser)
                    VALUES (?, ?, 'lab.result', 'CART-001', 'LOINC', '751-8', 'Neutrophils', '1.2', ?, NULL, ?, 0, 0,
                        'sha256:old', 'file:///old.csv', 'line 2', 'lab-csv/1')
                    """, arguments: [seq, id, status, key])
            }
        }
        try old.close()

        let store = try SQLiteEventStore(path: path)
        #expect(try store.statistics().schemaVersion == "v2")
        // The store's 8 KiB page size is for new files: this one keeps the 4 KiB it was created with.
        #expect(try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == 4096)
        #expect(try store.events(EventQuery()).map(\.seq) == [5, 7, 9])
        #expect(try store.event(id: "sha256:b")?.status == .corrected)
        var again = F.event(1)
        again.id = "sha256:c"
        var correction = F.event(2)
        correction.id = "sha256:d"
        correction.resultKey = "sha256:r"
        correction.status = .corrected
        _ = try store.ingestUnit(F.source) { w in
            let r = try w.append([again, correction])
            #expect(r.appended == 1 && r.duplicates == 1, "a v1 event is still found by its id")
            return (UnitCounts(read: 2, appended: 1, duplicates: 1), nil, [])
        }
        let stored = try #require(try store.event(id: "sha256:d"))
        #expect(stored.seq == 10)
        #expect(stored.supersedes == "sha256:b", "the newest v1 version of the result is found by its key")
        // Still append-only after the rebuild.
        #expect(throws: DatabaseError.self) { try DatabaseQueue(path: path).write { try $0.execute(sql: "DELETE FROM events") } }
    }

    @Test func aHashCollisionIsNeverMistakenForADuplicateOrAnEarlierVersion() throws {
        let path = try Self.emptyDirectory() + "/s.sqlite"
        let store = try SQLiteEventStore(path: path)
        #expect(try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == 8192)
        let e = F.event(1)
        // A row whose id and result key hash like e's but differ as text: what a real FNV collision would store.
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                INSERT INTO events (id, kind, subject, analyte_system, analyte_code, analyte_display, original_value, status,
                    result_key, collected_ms, collected_offset, source_sha256, source_uri, locator, parser, id_hash, result_key_hash)
                VALUES ('sha256:other', 'lab.result', 'CART-001', 'LOINC', '751-8', 'Neutrophils', '1', 'final',
                    'sha256:other-key', 0, 0, 'sha256:x', 'file:///x', 'line 1', 'lab-csv/1', ?, ?)
                """, arguments: [SQLiteKeyHash.of(e.id), SQLiteKeyHash.of(e.resultKey)])
        }
        _ = try store.ingestUnit(F.source) { w in
            let r = try w.append([e])
            #expect(r.appended == 1 && r.duplicates == 0)
            return (UnitCounts(read: 1, appended: 1), nil, [])
        }
        #expect(try store.event(id: e.id)?.supersedes == nil)
        #expect(try store.events(EventQuery()).map(\.id) == ["sha256:other", e.id])
    }
}
