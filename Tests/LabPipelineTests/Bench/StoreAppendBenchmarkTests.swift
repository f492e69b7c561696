import Foundation
import LabCore
import LabPipeline
import LabStore
import LabTestSupport
import Testing

/// The store benchmark times what it says: its first pass appends every event, its second finds every one a
/// duplicate, and a store that already holds its events is refused instead of timed.
@Suite struct StoreAppendBenchmarkTests {
    @Test func aSecondRunOnTheSameStoreIsRefused() throws {
        let path = try TestDirectory.make("bench-store").appendingPathComponent("s.sqlite").path
        let store = try SQLiteEventStore(path: path)
        let bench = StoreAppendBenchmark(events: 50, batchSize: 8, eventsPerUnit: 20)
        let result = try bench.run(on: store)
        #expect(result.events == 50)
        #expect(try store.events(EventQuery()).count == 50)
        do {
            _ = try bench.run(on: store)
            Issue.record("a store holding the benchmark's events was timed")
        } catch {
            #expect(error.code == .argumentInvalid)
            #expect(error.message.contains("already holds 50"))
        }
    }
}
