import Foundation
import LabCore
import Testing

@Suite struct LabTimeTests {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    let newYork = TimeZone(identifier: "America/New_York")!

    @Test func hl7AndISOGiveTheSameInstant() throws {
        let a = try #require(LabTime.parse("202403010830+0800")?.resolved(in: newYork))
        let b = try #require(LabTime.parse("2024-03-01T08:30:00+08:00")?.resolved(in: newYork))
        #expect(a.date == b.date)
        #expect(a.offsetSeconds == 8 * 3600)
        #expect(LabTime.utcString(a.date) == "2024-03-01T00:30:00Z")
    }

    @Test func offsetLessTimeUsesThePipelineZone() throws {
        let t = try #require(LabTime.parse("2024-03-01 08:30"))
        #expect(t.offsetSeconds == nil)
        let r = try #require(t.resolved(in: shanghai))
        #expect(r.offsetSeconds == 8 * 3600)
        #expect(LabTime.utcString(r.date) == "2024-03-01T00:30:00Z")
    }

    @Test(arguments: [
        ("2024", LabTime.Precision.year), ("202403", .month), ("20240301", .day), ("2024030108", .hour),
        ("202403010830", .minute), ("20240301083015", .second), ("20240301083015.1234", .fraction),
        ("2024-03-01", .day), ("2024-03-01T08:30", .minute), ("2024-03-01T08:30:15.5Z", .fraction),
    ])
    func keepsPrecision(_ text: String, _ precision: LabTime.Precision) throws {
        #expect(try #require(LabTime.parse(text)).precision == precision)
    }

    @Test(arguments: ["01/03/2024", "2024-02-30", "20241301", "2024-03-01T25:00", "yesterday", "202403010830+2500", "2024030"])
    func rejectsAmbiguousOrInvalid(_ text: String) {
        #expect(LabTime.parse(text) == nil)
    }

    @Test func dstGapAndRepeatedHour() throws {
        // 2024-03-10 02:30 does not exist in New York; 2024-11-03 01:30 happens twice.
        let gap = try #require(LabTime.parse("2024-03-10T02:30")?.resolved(in: newYork))
        #expect(LabTime.utcString(gap.date) == "2024-03-10T07:30:00Z")
        let repeated = try #require(LabTime.parse("2024-11-03T01:30")?.resolved(in: newYork))
        #expect(LabTime.utcString(repeated.date) == "2024-11-03T05:30:00Z")  // the earlier (EDT) instant
        #expect(repeated.offsetSeconds == -4 * 3600)
        #expect(LabTime.parse("2024-03-10T02:30")?.resolution(in: newYork)?.fit == .skippedHour)
        #expect(LabTime.parse("2024-11-03T01:30")?.resolution(in: newYork)?.fit == .repeatedHour)
        #expect(LabTime.parse("2024-11-03T00:30")?.resolution(in: newYork)?.fit == .exact)
        #expect(LabTime.parse("2024-03-10T03:30")?.resolution(in: newYork)?.fit == .exact)
    }

    @Test func studyDayCountsFromInfusion() throws {
        let day0 = DateComponents(year: 2024, month: 3, day: 4)
        let r = try #require(LabTime.parse("2024-03-18T07:30:00+08:00")?.resolved(in: shanghai))
        #expect(LabTime.studyDay(of: r.date, offsetSeconds: r.offsetSeconds, day0: day0) == 14)
        let before = try #require(LabTime.parse("2024-02-26T07:30:00+08:00")?.resolved(in: shanghai))
        #expect(LabTime.studyDay(of: before.date, offsetSeconds: before.offsetSeconds, day0: day0) == -7)
        // 00:30 local on the 18th is still the 18th locally although it is the 17th in UTC.
        let early = try #require(LabTime.parse("2024-03-18T00:30:00+08:00")?.resolved(in: shanghai))
        #expect(LabTime.studyDay(of: early.date, offsetSeconds: early.offsetSeconds, day0: day0) == 14)
    }

    @Test func offsetsRender() {
        #expect(LabTime.offsetString(8 * 3600) == "+08:00")
        #expect(LabTime.offsetString(-5 * 3600 - 1800) == "-05:30")
        #expect(LabTime.parseOffset("+05:30") == 5 * 3600 + 1800)
    }
}
