import Foundation
import LabCore
import Testing
@testable import LabFormats

private typealias F = FlowFixture

/// Cases found by running the parser on real FlowJo / FACSDiva exports (hand-written minimal tables, no copies).
@Suite("Flow: repeats within one file")
struct FlowRepeatTests {
    @Test("a sample on two rows with other values: the second row is quarantined, naming both rows, never a correction")
    func repeatedSampleDifferentValues() throws {
        let run = try F.run(",Lymphocytes | Freq. of Parent (%),Lymphocytes | Count\nS1_a.fcs,50.0,1000\nS1_a.fcs,60.0,1200\nMean,55,1100\nSD,7,141\n")
        #expect(run.observations.count == 2)
        #expect(run.observations.map { $0.value } == [.reported("50.0"), .reported("1000")])
        #expect(run.quarantined.map(\.0.code) == [.flowAmbiguousRepeat, .flowAmbiguousRepeat])
        let (error, raw) = try #require(run.quarantined.first)
        #expect(error.message.contains("row 2, column 2"))
        #expect(error.message.contains("row 1, column 2"))
        #expect(!error.message.contains("60"))   // messages carry no values; the raw text does
        #expect(raw == "S1_a.fcs\tLymphocytes | Freq. of Parent (%)\t60.0")
        #expect(run.outputs.count == 4 + 2)
    }

    @Test("a sample on two rows with the same values passes on twice: one event and one counted duplicate in the store")
    func repeatedSampleSameValues() throws {
        let run = try F.run(",Lymphocytes | Freq. of Parent (%),Lymphocytes | Count\nS1_a.fcs,50.0,1000\nS1_a.fcs,50,1000\n")
        #expect(run.quarantined.isEmpty)
        #expect(run.observations.count == 4)
        let ids = run.observations.map { $0.resultID ?? "" }
        #expect(ids[0] == ids[2] && ids[1] == ids[3])
    }

    @Test("two identical column headers: another value is quarantined, the same value passes; a measure still resolves")
    func repeatedColumn() throws {
        let header = ",Lymphs/CD3+/CAR+ | Freq. of Parent (%),Lymphs/CD3+/CAR+ | Freq. of Parent (%)\n"
        let differ = try F.run(header + "S1.fcs,50.0,51.0\n")
        #expect(differ.observations.map { $0.analyte.codings[0].code } == ["LI-CAR-CD3-PCT"])
        #expect(differ.quarantined.map(\.0.code) == [.flowAmbiguousRepeat])
        #expect(differ.quarantined.first?.0.message.contains("column 2") == true)
        let same = try F.run(header + "S1.fcs,50.0,50.0\n")
        #expect(same.quarantined.isEmpty)
        #expect(same.observations.count == 2)
    }

    @Test("the same sample with another collection date is ambiguous too")
    func repeatedSampleOtherDate() throws {
        let run = try F.run(",A | Count,$DATE\nS1.fcs,10,15-Jan-2024\nS1.fcs,10,16-Jan-2024\n",
                            options: F.map([("collected-column", F.s("$DATE"))]))
        #expect(run.observations.count == 1)
        #expect(run.quarantined.map(\.0.code) == [.flowAmbiguousRepeat])
    }

    @Test("FACSDiva: one tube written twice with other values is ambiguous; another tube of the sample is not")
    func divaRepeatedTube() throws {
        let block = { (tube: String, events: String) in
            "Specimen Name,S1_D28_BM\nTube Name,\(tube)\nRecord Date,\"Mar 18, 2014 12:38:58 PM\"\n\nPopulation,#Events,%Parent\nP1,\(events),80.0\n\n"
        }
        let run = try F.run(block("Tube_001", "8000") + block("Tube_002", "7000") + block("Tube_001", "7999"))
        #expect(run.observations.count == 5)
        #expect(run.quarantined.map(\.0.code) == [.flowAmbiguousRepeat])
        #expect(run.quarantined.first?.0.locator?.path?.hasPrefix("tube 3") == true)
    }
}

@Suite("Flow: FACSDiva tables end at a blank line")
struct FlowDivaBlockTests {
    static let tube2 = "Specimen Name,S2_D28_BM\nTube Name,Tube_001\nRecord Date,\"Mar 19, 2014 9:00:00 AM\"\n\n"

    @Test("a user keyword after the blank line that ends a table is the next tube's metadata, not a population",
          arguments: ["Population,#Events,%Parent,%Total\n", "Population,Parent Name,#Events,%Parent,%Total\n"])
    func keywordAfterTable(_ header: String) throws {
        let hasParent = header.contains("Parent Name")
        let rows = hasParent ? "All Events,,10000,####,100.0\nP1,All Events,8000,80.0,80.0\n"
                             : "All Events,10000,####,100.0\nP1,8000,80.0,80.0\n"
        let text = "Specimen Name,S1_D28_BM\nTube Name,Tube_001\nRecord Date,\"Mar 18, 2014 12:38:58 PM\"\n\n"
            + header + rows + "\nPATIENT ID,12345\nCytometer Name,LSRFortessa\n" + Self.tube2 + header + rows
        let run = try F.run(text, options: F.map([("panel-column", F.s("PATIENT ID"))]))
        #expect(run.outputs.count == 2 * 6)
        #expect(run.ignoredCount(.flowStatisticUndefined) == 2)
        #expect(run.ignoredCount(.flowEmptyRow) == 0)
        #expect(run.quarantined.isEmpty)
        #expect(!run.observations.contains { ($0.analyte.codings.first?.code ?? "").contains("PATIENT") })
        #expect(run.observations.filter { $0.subject.sampleID == "S1_D28_BM" }.count == 5)
        // The keyword belongs to the second tube's block.
        #expect(run.value("S2_D28_BM", "All Events | Count")?.attributes["panel"] == .string("12345"))
        #expect(run.value("S1_D28_BM", "All Events | Count")?.attributes["panel"] == nil)
    }

    @Test("a line with several values outside any table is quarantined with its text blanked; trailing metadata is noted")
    func rowOutsideTable() throws {
        let text = "Specimen Name,S1_D28_BM\nRecord Date,\"Mar 18, 2014 12:38:58 PM\"\n\nPopulation,#Events,%Parent\nAll Events,10000,####\n\nP1,Doe,8000,80.0\nOperator,someone\n"
        let run = try F.run(text)
        #expect(run.observations.count == 1)
        #expect(run.quarantined.map(\.0.code) == [.flowRowOutsideTable])
        #expect(run.quarantined.first?.1 == "P1\t\t8000\t80.0")
        #expect(run.quarantined.first?.0.locator?.line == 7)
        #expect(run.summary.notes.contains { $0.contains("after the last Population table") })
    }
}

@Suite("Flow: values and columns that are not results")
struct FlowValueTests {
    @Test("Infinity is undefined; typed placeholders and decimal commas are quarantined; nothing becomes a valueless event")
    func placeholders() throws {
        let run = try F.run(",L | Mean (Comp-PE-A),L | CV (Comp-PE-A),L | Count\n"
                            + "S1.fcs,-12.5,Infinity,-\nS2.fcs,12.5,-Infinity,ND\nS3.fcs,\u{2014},+infinity,\u{2013}\nS4.fcs,\"12,5\",INF,<5\n")
        #expect(run.observations.map { $0.value } == [.reported("-12.5"), .reported("12.5"), .reported("<5")])
        #expect(run.ignoredCount(.flowStatisticUndefined) == 4)
        #expect(run.quarantined.map(\.0.code) == Array(repeating: .valueUnparseable, count: 5))
        #expect(run.quarantined.map(\.1).contains("S2.fcs\tL | Count\tND"))
        #expect(run.outputs.count == 12)
    }

    @Test("FlowJo: a number under a header that is no statistic is counted and noted; keyword text is not a record")
    func unreadColumn() throws {
        let text = ",Lymphocytes | Count,CD3+ T Cell Count,GROUPNAME,$DATE\nS1.fcs,1000,400,PB,15-Jan-2024\nS2.fcs,900,,PB,15-Jan-2024\nS3.fcs,,380,PB,15-Jan-2024\n"
        let run = try F.run(text, options: F.map([("collected-column", F.s("$DATE"))]))
        #expect(run.observations.count == 2)
        #expect(run.ignoredCount(.flowColumnUnread) == 2)
        #expect(run.ignored.filter { $0.0 == .flowColumnUnread }.map(\.2) == ["CD3+ T Cell Count", "CD3+ T Cell Count"])
        #expect(run.ignored.first { $0.0 == .flowColumnUnread }?.1.path == "row 1, column 3")
        #expect(run.ignoredCount(.flowEmptyRow) == 0)
        #expect(run.outputs.count == 4)
        let note = try #require(run.summary.notes.first { $0.contains("not read") })
        #expect(note.contains("CD3+ T Cell Count") && note.contains("GROUPNAME") && !note.contains("$DATE"))
    }

    @Test("columns that options read (per-sample constants) are not unread")
    func constantColumnIsRead() throws {
        let opts = F.map([("absolute-counts", F.list([F.map([
            ("cells", F.s("*/CAR+")), ("beads", F.s("Beads")),
            ("beads-per-test-column", F.s("Bead lot")), ("blood-volume-ul", F.s("100")),
        ])]))])
        let run = try F.run(",CD3+/CAR+ | Count,Beads | Count,Bead lot\nA.fcs,500,1000,50000\n", options: opts)
        #expect(run.ignoredCount(.flowColumnUnread) == 0)
        #expect(!run.summary.notes.contains { $0.contains("not read") })
    }
}
