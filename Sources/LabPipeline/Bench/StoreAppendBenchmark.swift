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
        try appendAll(store, unitPrefix: "bench")
        let first = Date().timeIntervalSince(start)
        let again = Date()
        try appendAll(store, unitPrefix: "bench-again")
        return Result(events: events, seconds: first, duplicateSeconds: Date().timeIntervalSince(again))
    }

    private func appendAll(_ store: any EventStore, unitPrefix: String) throws(LabError) {
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
                return (counts, nil, [])
            }
            produced += count
            unit += 1
        }
    }

    /// A realistic lab event: 60 subjects, 9 analytes, one per day.
    static func event(_ i: Int) -> Event {
        let subject = "CART-\(String(format: "%03d", i % 60 + 1))"
        let codes = ["751-8", "6690-2", "731-0", "777-3", "718-7", "1920-8", "1742-6", "1975-2", "2160-0"]
        let code = codes[(i / 60) % codes.count]
        let day = i / (60 * codes.count)
        let collected = Date(timeIntervalSince1970: 1_709_251_200 + Double(day) * 86_400)
        let value = Decimal(i % 1000) / 100
        let id = "sha256:" + String(format: "%064x", i)
        return Event(
            id: id, kind: .labResult, subject: subject, analyte: AnalyteCoding(system: "LOINC", code: code, display: code),
            specimen: "blood", value: value, comparator: nil, unit: "10*9/L",
            original: OriginalValue(value: DecimalText.format(value * 1000), unit: "/uL"),
            referenceRange: ReferenceRange(low: Decimal(string: "1.8"), high: Decimal(string: "7.7")), flag: nil,
            status: .final, resultKey: "sha256:r" + String(format: "%063x", i), collectedAt: collected,
            collectedOffsetSeconds: 28_800, reportedAt: nil, studyDay: day,
            provenance: Provenance(source: "sha256:bench", uri: "bench://", locator: "line \(i + 2)", sourceName: "bench",
                                   pipeline: "bench", parser: "bench/1"),
            attributes: [:], raw: "MRN,2024-03-01T08:00:00+08:00,\(code),\(i % 1000),/uL")
    }
}
