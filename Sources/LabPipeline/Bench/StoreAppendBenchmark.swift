import Foundation
import LabCore
import LabStore

/// Measures a store's append rate: synthetic events appended in batches inside units of work, the way
/// ingestion does it. A benchmark prints figures; it asserts nothing.
public struct StoreAppendBenchmark: Sendable {
    public var events: Int
    public var batchSize: Int
    public var eventsPerUnit: Int

    public init(events: Int = 100_000, batchSize: Int = 512, eventsPerUnit: Int = 10_000) {
        self.events = events
        self.batchSize = batchSize
        self.eventsPerUnit = eventsPerUnit
    }

    public struct Result: Sendable {
        public var events: Int
        public var seconds: Double
        public var eventsPerSecond: Double { Double(events) / seconds }
        /// Appending the same events again: every one a duplicate.
        public var duplicateSeconds: Double
    }

    public func run(on store: any EventStore) throws(LabError) -> Result {
        let start = Date()
        let first = try appendAll(store, unitPrefix: "bench")
        let firstSeconds = Date().timeIntervalSince(start)
        // The events have fixed ids: on a store that already holds them, the first pass would time duplicate
        // checks, not appends. Refuse rather than print a figure that measures something else.
        guard first.appended == events else {
            throw LabError(.argumentInvalid, "the store already holds \(events - first.appended) of the benchmark's \(events) events; give it an empty store")
        }
        let again = Date()
        let second = try appendAll(store, unitPrefix: "bench-again")
        let secondSeconds = Date().timeIntervalSince(again)
        guard second.duplicates == events else {
            throw LabError(.storeFailed, "the second pass found \(second.duplicates) of \(events) events as duplicates")
        }
        return Result(events: events, seconds: firstSeconds, duplicateSeconds: secondSeconds)
    }

    /// Appends the events in units of `eventsPerUnit`; returns the summed counts the store answered.
    private func appendAll(_ store: any EventStore, unitPrefix: String) throws(LabError) -> UnitCounts {
        var total = UnitCounts()
        var produced = 0
        var unit = 0
        while produced < events {
            let count = min(eventsPerUnit, events - produced)
            let base = produced
            let info = SourceInfo(sha256: "sha256:\(unitPrefix)-\(unit)", uri: "bench://\(unitPrefix)/\(unit)", size: 0,
                                  format: "bench", sourceName: "bench", pipeline: "bench")
            _ = try store.ingestUnit(info) { writer in
                var batch: [Event] = []
                batch.reserveCapacity(batchSize)
                var counts = UnitCounts()
                for i in base..<(base + count) {
                    batch.append(StoreAppendBenchmark.event(i))
                    if batch.count == batchSize {
                        let r = try writer.append(batch)
                        counts.appended += r.appended
                        counts.duplicates += r.duplicates
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty {
                    let r = try writer.append(batch)
                    counts.appended += r.appended
                    counts.duplicates += r.duplicates
                }
                counts.read = count
                total.appended += counts.appended
                total.duplicates += counts.duplicates
                return (counts, nil, [])
            }
            produced += count
            unit += 1
        }
        return total
    }

    /// A realistic lab event: 60 subjects, 9 analytes, one per day. Built cheaply (no formatting, no
    /// division) so the benchmark measures the store, not the generator.
    static func event(_ i: Int) -> Event {
        let n = i % 60 + 1
        let subject = n < 10 ? "CART-00\(n)" : "CART-0\(n)"
        let code = codes[(i / 60) % codes.count]
        let day = i / (60 * codes.count)
        let collected = Date(timeIntervalSince1970: 1_709_251_200 + Double(day) * 86_400)
        let value = Decimal(sign: .plus, exponent: -2, significand: Decimal(i % 1000))
        let hex = EventIdentity.hexString(withUnsafeBytes(of: UInt64(i).bigEndian) { Array($0) })
        return Event(
            id: "sha256:" + String(repeating: "0", count: 48) + hex, kind: .labResult, subject: subject,
            analyte: AnalyteCoding(system: "LOINC", code: code, display: code),
            specimen: "blood", value: value, comparator: nil, unit: "10*9/L",
            original: OriginalValue(value: String(i % 1000 * 10), unit: "/uL"),
            referenceRange: ReferenceRange(low: low, high: high), flag: nil,
            status: .final, resultKey: "sha256:r" + String(repeating: "0", count: 47) + hex, collectedAt: collected,
            collectedOffsetSeconds: 28_800, reportedAt: nil, studyDay: day,
            provenance: Provenance(source: "sha256:bench", uri: "bench://", locator: "line \(i + 2)", sourceName: "bench",
                                   pipeline: "bench", parser: "bench/1"),
            attributes: [:], raw: "MRN,2024-03-01T08:00:00+08:00,\(code),\(i % 1000),/uL")
    }

    private static let codes = ["751-8", "6690-2", "731-0", "777-3", "718-7", "1920-8", "1742-6", "1975-2", "2160-0"]
    private static let low = Decimal(string: "1.8")
    private static let high = Decimal(string: "7.7")
}
