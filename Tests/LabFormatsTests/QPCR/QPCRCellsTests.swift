import Foundation
import LabCore
import Testing
@testable import LabFormats

@Suite struct QPCRCellsTests {
    @Test(arguments: ["CT", "Cт", "Crt", "Cq", "ct", "CQ"])
    func cqColumnSpellings(_ name: String) throws {
        let cols = try #require(QPCRColumns(header: ["Well", "Well Position", "Sample Name", "Target Name", "Task", name, "Ct Mean"]))
        #expect(cols.cq == 5)
    }

    @Test func cfxHeaderWithLeadingEmptyColumn() throws {
        let header = ",Well,Fluor,Target,Content,Sample,Biological Set Name,Cq,Cq Mean,Cq Std. Dev,Starting Quantity (SQ)".split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let cols = try #require(QPCRColumns(header: header))
        #expect(cols.well == 1 && cols.target == 3 && cols.task == 4 && cols.sample == 5 && cols.cq == 7 && cols.quantity == 10)
    }

    @Test func duplicatedColumnNamesTakeTheFirst() throws {
        let cols = try #require(QPCRColumns(header: ["Well", "Sample Name", "Target Name", "Task", "CT", "Target Name", "Task"]))
        #expect(cols.target == 2 && cols.task == 3)
    }

    @Test func thousandsSeparators() {
        #expect(QPCRCells.number("5,720.562") == 5720.562)
        #expect(QPCRCells.number("100,000,000.000") == 100_000_000)
        #expect(QPCRCells.number("100.000,000", mark: .comma) == 100_000)
        #expect(QPCRCells.cq("1,234.5", nonDetect: nil) == .unparseable)   // no run has 1234 cycles
        #expect(QPCRCells.cq("100", nonDetect: nil) == .value(100))
        #expect(QPCRCells.cq("100.5", nonDetect: nil) == .unparseable)
        #expect(QPCRCells.number("NaN") == nil)
    }

    @Test(arguments: ["Undetermined", "NaN", "undetermined", "N/A", "No Ct"])
    func noAmplificationSpellings(_ text: String) {
        #expect(QPCRCells.cq(text, nonDetect: nil) == .undetermined)
    }

    @Test func nonDetectConventions() {
        #expect(QPCRCells.cq("40", nonDetect: 40) == .undetermined)      // StepOne
        #expect(QPCRCells.cq("100", nonDetect: 40) == .undetermined)     // LightCycler 96 with a lower cut
        #expect(QPCRCells.cq("39.9", nonDetect: 40) == .value(39.9))
        #expect(QPCRCells.cq("-1.0", nonDetect: nil) == .undetermined)   // RDML "not available"
        #expect(QPCRCells.cq("", nonDetect: nil) == .missing)
        #expect(QPCRCells.cq("abc", nonDetect: nil) == .unparseable)
    }

    @Test func cfxContentSuffixes() {
        #expect(QPCRCells.role("Unkn-1") == .unknown)
        #expect(QPCRCells.role("Unkn-01") == .unknown)
        #expect(QPCRCells.role("Std-02") == .standard)
        #expect(QPCRCells.role("NTC") == .ntc)
        #expect(QPCRCells.role("ntp") == .control)   // RDML: no target present, template present
        #expect(QPCRCells.role("Pos Ctrl") == .control)
        #expect(QPCRCells.role("UNKNOWN") == .unknown)
        #expect(QPCRCells.role("STANDARD") == .standard)
        #expect(QPCRCells.role("Bogus") == nil)
        #expect(QPCRColumns.canonicalPosition("A01") == "A1")
        #expect(QPCRColumns.canonicalPosition("H12") == "H12")
    }

    @Test func runTimes() {
        #expect(QPCRRunTime.iso("2010-10-21 00:51:26 AM EDT") == "2010-10-21T00:51:26-04:00")
        #expect(QPCRRunTime.iso("2020-08-27 20:38:05 PM CEST") == "2020-08-27T20:38:05+02:00")
        #expect(QPCRRunTime.iso("2001-12-31 09:09:19 PM EST") == "2001-12-31T21:09:19-05:00")
        #expect(QPCRRunTime.iso("2024-10-01 15:02:50 PM IST") == "2024-10-01T15:02:50")   // ambiguous zone: no offset
        #expect(QPCRRunTime.iso("Tue Mar 12 14:25:23 CET 2013") == "2013-03-12T14:25:23+01:00")
        #expect(QPCRRunTime.iso("03-12-2013 14:25:23") == nil)   // day/month order unknown: never guessed
    }

    @Test func sniffer() throws {
        for (name, flavour) in [("quantstudio-run1.txt", QPCRSniffer.Flavour.appliedBiosystems),
                                ("cfx-run1-Quantification-Cq-Results.csv", .cfx), ("run1.rdml.xml", .rdml),
                                ("run1.rdml", .rdmlZip), ("summary-sheet.csv", .summary)] {
            let head = [UInt8](try Data(contentsOf: URL(fileURLWithPath: QPCRTest.path(name))).prefix(65536))
            #expect(QPCRSniffer.flavour(head) == flavour, "\(name)")
            #expect(QPCRSniffer.looks(head))
        }
        #expect(!QPCRSniffer.looks(Array("MSH|^~\\&|LIS\r".utf8)))
        #expect(!QPCRSniffer.looks(Array("subject,analyte,value\n".utf8)))
    }
}
