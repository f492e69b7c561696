import Foundation
import LabCore
import LabStore
import Synchronization
import Testing

/// Many writers, one store: 4 writer threads, each with its own store instance (own connections, like a
/// separate process) × 250 units; half of the units are the same bytes for every writer, the other half are
/// each writer's own files whose events overlap with the other writers'. A reader tails the store by `seq`
/// meanwhile. Every event must end up stored exactly once, the counts must add up across writers, and the
/// tailing reader must see every event exactly once, in order.
@Suite struct ConcurrentWritersTests {
    static let writers = 4
    static let unitsPerWriter = 250
    static let eventsPerUnit = 8

    final class Shared: Sendable {
        let totals = Mutex<[UnitCounts]>([])
        let failures = Mutex<[String]>([])
        let done = Atomic<Int>(0)
    }

    struct Unit: Sendable {
        let info: SourceInfo
        let events: [Event]
    }

    /// Unit `i` of writer `w`. Even `i`: shared bytes (same sha256 and events for every writer). Odd `i`:
    /// the writer's own file: 4 events of its own + 4 events every writer's odd unit `i` also carries.
    static func unit(writer w: Int, index i: Int) -> Unit {
        if i % 2 == 0 {
            let sha = "sha256:shared-\(i)"
            return Unit(info: StoreFixtures.source(sha), events: (0..<eventsPerUnit).map {
                StoreFixtures.event(id: "s\(i)-\($0)", source: sha, ordinal: $0)
            })
        }
        let sha = "sha256:w\(w)-\(i)"
        let own = (0..<4).map { StoreFixtures.event(id: "w\(w)-\(i)-\($0)", source: sha, ordinal: $0) }
        let overlap = (0..<4).map { StoreFixtures.event(id: "o\(i)-\($0)", source: sha, ordinal: 4 + $0) }
        // Interleave so an overlapping event sits between new ones.
        return Unit(info: StoreFixtures.source(sha), events: zip(own, overlap).flatMap { [$1, $0] })
    }

    static var distinctEvents: Int {
        let half = unitsPerWriter / 2
        return half * eventsPerUnit + half * 4 + writers * half * 4
    }

    /// What the runtime does with one file: skip it when complete, else ingest it in two batches.
    static func ingest(_ unit: Unit, into store: any EventStore) throws -> UnitCounts {
        if let done = try store.completedSource(sha256: unit.info.sha256) {
            return UnitCounts(read: done.counts.read, duplicates: done.counts.read)
        }
        return try store.ingestUnit(unit.info) { w in
            var counts = UnitCounts(read: unit.events.count)
            for batch in [unit.events.prefix(3), unit.events.dropFirst(3)] {
                let r = try w.append(Array(batch))
                counts.appended += r.appended
                counts.duplicates += r.duplicates
            }
            return (counts, nil, [])
        }.counts
    }

    @Test(arguments: StoreBackend.available)
    func fourWritersOverlappingUnitsEveryEventExactlyOnce(_ backend: StoreBackend) throws {
        let t = try backend.makeStore()
        let stores = try (0..<Self.writers).map { _ in try t.reopen() }
        let shared = Shared()
        let group = DispatchGroup()
        for w in 0..<Self.writers {
            let store = stores[w]
            group.enter()
            Thread.detachNewThread {
                defer { group.leave(); shared.done.add(1, ordering: .sequentiallyConsistent) }
                var sum = UnitCounts()
                // Each writer starts at a different place so the same units meet at different times.
                for k in 0..<Self.unitsPerWriter {
                    let i = (k + w * 61) % Self.unitsPerWriter
                    do {
                        let counts = try Self.ingest(Self.unit(writer: w, index: i), into: store)
                        if !counts.addsUp { shared.failures.withLock { $0.append("writer \(w) unit \(i): \(counts)") } }
                        sum = sum + counts
                    } catch {
                        shared.failures.withLock { $0.append("writer \(w) unit \(i): \(error)") }
                    }
                }
                shared.totals.withLock { $0.append(sum) }
            }
        }
        // The tailing consumer: "events after the last seq I saw", over and over, while the writers run.
        let reader = try t.reopen()
        var seen: [Event] = []
        var last: Int64 = 0
        func poll() throws {
            let batch = try reader.events(EventQuery(afterSeq: last))
            seen += batch
            if let l = batch.last?.seq { last = l }
        }
        while shared.done.load(ordering: .sequentiallyConsistent) < Self.writers {
            try poll()
            Thread.sleep(forTimeInterval: 0.005)
        }
        group.wait()
        try poll()

        #expect(shared.failures.withLock { $0 }.isEmpty, "\(shared.failures.withLock { $0.prefix(5) })")
        let sum = shared.totals.withLock { $0.reduce(UnitCounts(), +) }
        let expected = Self.distinctEvents
        #expect(sum.read == Self.writers * Self.unitsPerWriter * Self.eventsPerUnit)
        #expect(sum.appended == expected, "appended across writers")
        #expect(sum.addsUp)

        let stored = try t.store.events(EventQuery())
        #expect(stored.count == expected)
        #expect(Set(stored.map(\.id)).count == expected)
        #expect(stored.map(\.seq) == (1...Int64(expected)).map(Optional.some), "seq dense and in order")
        #expect(try t.store.statistics().events == expected)
        #expect(try t.store.statistics().sources == Self.unitsPerWriter / 2 + Self.writers * Self.unitsPerWriter / 2)

        // The tailing reader saw every event once, in seq order: nothing was committed behind its back.
        #expect(seen.count == expected)
        #expect(seen.map(\.id) == stored.map(\.id))
    }
}
