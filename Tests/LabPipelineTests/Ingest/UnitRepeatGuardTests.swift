import Foundation
import LabCore
@testable import LabPipeline
import Testing

/// The repeat guard's table: what it remembers, what replaces what, and the 64-bit prefixes it keys on.
@Suite struct UnitRepeatGuardTests {
    /// An event whose result key and id start with the given hex prefixes.
    static func event(key: String, id: String, status: ResultStatus = .final) -> Event {
        var e = StoreAppendBenchmark.event(1)
        e.resultKey = "sha256:" + key + String(repeating: "0", count: 64 - key.count)
        e.id = "sha256:" + id + String(repeating: "0", count: 64 - id.count)
        e.status = status
        return e
    }

    @Test func aDifferentIdForAResultKeyIsARepeatTheSameIdIsNot() {
        var guardTable = UnitRepeatGuard()
        #expect(guardTable.check(Self.event(key: "aa01", id: "01")) == nil)
        #expect(guardTable.check(Self.event(key: "aa01", id: "01")) == nil)                     // a duplicate
        #expect(guardTable.check(Self.event(key: "aa01", id: "02"))?.code == .recordAmbiguousRepeat)
        #expect(guardTable.check(Self.event(key: "aa01", id: "03", status: .corrected)) == nil)  // a correction
    }

    @Test func aLaterKeyInTheSameSlotReplacesTheEarlierOne() {
        var guardTable = UnitRepeatGuard()
        // The slot is the key prefix's low 14 bits: these two keys share it and differ above it.
        #expect(guardTable.check(Self.event(key: "1000000000000001", id: "01")) == nil)
        #expect(guardTable.check(Self.event(key: "2000000000000001", id: "02")) == nil)
        #expect(guardTable.check(Self.event(key: "1000000000000001", id: "03")) == nil)  // forgotten: no false alarm
    }

    @Test func prefixesReadSixteenHexDigitsAfterTheScheme() {
        #expect(UnitRepeatGuard.prefix("sha256:00000000000000ff" + String(repeating: "0", count: 48)) == 255)
        #expect(UnitRepeatGuard.prefix("sha256:ffffffffffffffff") == .max)
        #expect(UnitRepeatGuard.prefix("short") == 0)
        #expect(UnitRepeatGuard.prefix("sha256:zzzzzzzzzzzzzzzz") == 0)
    }
}
