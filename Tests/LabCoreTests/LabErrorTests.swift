import LabCore
import Testing

@Suite struct LabErrorTests {
    @Test func rendersTheCLIContract() {
        let e = LabError(.unitUnknown, "unit is not known", locator: Locator(uri: "file:///data/a.csv", line: 14))
        #expect(e.description == "error[unit.unknown]: unit is not known (/data/a.csv:14)")
        #expect(Locator(uri: nil, line: 212, path: "message 3, OBX 7").description == "message 3, OBX 7, line 212")
    }

    @Test func causesChain() {
        let inner = LabError(.ioUnreadable, "disk gone")
        let outer = LabError(.storeFailed, "append failed", cause: inner)
        #expect(outer.detailedDescription().contains("caused by: error[io.unreadable]: disk gone"))
    }

    @Test func rosterRejectsDuplicateMRNs() {
        #expect(throws: LabError.self) {
            try Roster([RosterEntry(subject: "A", mrn: "1"), RosterEntry(subject: "B", mrn: "1")])
        }
    }
}
