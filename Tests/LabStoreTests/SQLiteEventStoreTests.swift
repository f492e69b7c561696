import Foundation
import GRDB
import LabCore
import LabStore
import Testing

/// Store behaviour every backend must have. The body takes the store so other backends can join the matrix.
@Suite struct SQLiteEventStoreTests {
    static func temporaryStore() throws -> (SQLiteEventStore, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labstore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("store.sqlite").path
        return (try SQLiteEventStore(path: path), path)
    }

    static func event(_ n: Int, subject: String = "CART-001", resultKey: String? = nil, status: ResultStatus = .final) -> Event {
        Event(id: "sha256:e\(n)", kind: .labResult, subject: subject,
              analyte: AnalyteCoding(system: "LOINC", code: "751-8", display: "Neutrophils"), specimen: "blood",
              value: Decimal(string: "1.2")! + Decimal(n), comparator: nil, unit: "10*9/L",
              original: OriginalValue(value: "\(1200 + n * 1000)", unit: "/uL"), referenceRange: ReferenceRange(low: Decimal(string: "1.8"), high: Decimal(string: "7.7")),
              flag: "L", status: status, resultKey: resultKey ?? "sha256:r\(n)", collectedAt: Date(timeIntervalSince1970: 1_709_253_000 + Double(n) * 86400),
              collectedOffsetSeconds: 28800, reportedAt: nil, studyDay: n,
              provenance: Provenance(source: "sha256:src", uri: "file:///x.csv", locator: "line \(n + 2)", sourceName: "lab", pipeline: "demo", parser: "lab-csv/1"),
              attributes: ["visit": .string("D\(n)"), "replicates": .int(3), "ratio": .decimal(Decimal(string: "0.1")!)])
    }

    static let source = SourceInfo(sha256: "sha256:src", uri: "file:///x.csv", size: 100, format: "lab-csv", sourceName: "lab", pipeline: "demo")

    @Test func appendsAndReadsBackExactly() throws {
        let (store, _) = try Self.temporaryStore()
        let record = try store.ingestUnit(Self.source) { w in
            let r = try w.append([Self.event(1), Self.event(2)])
            #expect(r.appended == 2)
            return (UnitCounts(read: 2, appended: 2), "utf-8", [])
        }
        #expect(record.status == .complete)
        let events = try store.events(EventQuery())
        #expect(events.count == 2)
        var expected = Self.event(1)
        expected.seq = 1
        #expect(events[0] == expected)
        #expect(events[0].json.rendered().contains(#""value":2.2"#))
        #expect(try store.completedSource(sha256: "sha256:src")?.counts.appended == 2)
    }

    @Test func duplicatesAreCountedNotStored() throws {
        let (store, _) = try Self.temporaryStore()
        _ = try store.ingestUnit(Self.source) { w in
            let first = try w.append([Self.event(1), Self.event(1)])
            #expect(first.appended == 1 && first.duplicates == 1)
            return (UnitCounts(read: 2, appended: 1, duplicates: 1), nil, [])
        }
        var other = Self.source
        other.sha256 = "sha256:other"
        _ = try store.ingestUnit(other) { w in
            let again = try w.append([Self.event(1)])
            #expect(again.appended == 0 && again.duplicates == 1)
            return (UnitCounts(read: 1, duplicates: 1), nil, [])
        }
        #expect(try store.statistics().events == 1)
    }

    @Test func aFailureMidUnitLeavesNothingBehind() throws {
        let (store, _) = try Self.temporaryStore()
        #expect(throws: LabError.self) {
            _ = try store.ingestUnit(Self.source) { w in
                _ = try w.append((0..<100).map { Self.event($0) })
                try w.quarantine([QuarantineItem(source: "sha256:src", uri: "file:///x.csv", reason: .unitUnknown, message: "m", locator: "line 3", raw: "r")])
                throw LabError(.ioUnreadable, "injected failure")
            }
        }
        #expect(try store.statistics().events == 0)
        #expect(try store.quarantineItems(status: nil).isEmpty)
        #expect(try store.completedSource(sha256: "sha256:src") == nil)
        // A re-run completes it.
        _ = try store.ingestUnit(Self.source) { w in
            _ = try w.append((0..<100).map { Self.event($0) })
            return (UnitCounts(read: 100, appended: 100), nil, [])
        }
        #expect(try store.statistics().events == 100)
    }

    @Test func correctionsSupersedeTheEarlierVersion() throws {
        let (store, _) = try Self.temporaryStore()
        _ = try store.ingestUnit(Self.source) { w in
            _ = try w.append([Self.event(1, resultKey: "sha256:same"), Self.event(2, resultKey: "sha256:same", status: .corrected)])
            return (UnitCounts(read: 2, appended: 2), nil, [])
        }
        let events = try store.events(EventQuery())
        #expect(events[0].supersedes == nil)
        #expect(events[1].supersedes == events[0].id)
    }

    @Test func queriesFilterBySubjectAnalyteKindAndSeq() throws {
        let (store, _) = try Self.temporaryStore()
        _ = try store.ingestUnit(Self.source) { w in
            _ = try w.append([Self.event(1), Self.event(2, subject: "CART-002"), Self.event(3)])
            return (UnitCounts(read: 3, appended: 3), nil, [])
        }
        #expect(try store.events(EventQuery(subject: "CART-001")).count == 2)
        #expect(try store.events(EventQuery(analyte: "751-8")).count == 3)
        #expect(try store.events(EventQuery(analyte: "718-7")).isEmpty)
        #expect(try store.events(EventQuery(kind: .qpcrCopies)).isEmpty)
        #expect(try store.events(EventQuery(afterSeq: 2)).map(\.seq) == [3])
        let from = Date(timeIntervalSince1970: 1_709_253_000 + 2 * 86400)
        #expect(try store.events(EventQuery(collectedFrom: from)).count == 2)
    }

    @Test func eventsAreAppendOnly() throws {
        let (store, path) = try Self.temporaryStore()
        _ = try store.ingestUnit(Self.source) { w in
            _ = try w.append([Self.event(1)])
            return (UnitCounts(read: 1, appended: 1), nil, [])
        }
        // Another connection trying to rewrite or delete history is refused by the schema's triggers.
        let raw = try DatabaseQueue(path: path)
        #expect(throws: DatabaseError.self) { try raw.write { try $0.execute(sql: "UPDATE events SET value = '9'") } }
        #expect(throws: DatabaseError.self) { try raw.write { try $0.execute(sql: "DELETE FROM events") } }
        #expect(try store.events(EventQuery()).first?.value == Self.event(1).value)
    }

    @Test func failuresAreRecordedButNeverDowngradeACompleteUnit() throws {
        let (store, _) = try Self.temporaryStore()
        try store.recordFailure(Self.source, error: LabError(.csvMalformed, "bad"))
        #expect(try store.source(sha256: "sha256:src")?.status == .failed)
        _ = try store.ingestUnit(Self.source) { _ in (UnitCounts(), nil, []) }
        try store.recordFailure(Self.source, error: LabError(.csvMalformed, "bad again"))
        #expect(try store.source(sha256: "sha256:src")?.status == .complete)
    }

    @Test func cursorsPersist() throws {
        let (store, path) = try Self.temporaryStore()
        try store.setCursor("lis.watermark", value: "2024-03-01T00:00:00Z")
        try store.setCursor("lis.watermark", value: "2024-03-02T00:00:00Z")
        #expect(try SQLiteEventStore(path: path).cursor("lis.watermark") == "2024-03-02T00:00:00Z")
    }
}
