import Foundation
import LabCore
import LabTestSupport
import Testing
@testable import LabFormats

private typealias F = FlowFixture

@Suite("Flow rows: undefined cells, empty rows, footers")
struct FlowRowTests {
    static let header = ",Live/CD3+ | Freq. of Parent (%),Live/CD3+/CAR+ | Freq. of Parent (%),Live/CD3+/CAR+ | Count,\n"

    @Test("n/a, NaN and #### cells are ignored one by one; empty cells are not records")
    func undefined() throws {
        let run = try F.run(Self.header + "S1.fcs,n/a,NaN,####,\nS2.fcs,70.1,,12,\n")
        #expect(run.ignoredCount(.flowStatisticUndefined) == 3)
        #expect(run.observations.count == 2)
        #expect(run.outputs.count == 5)
        #expect(run.ignored.first?.2 == "Live/CD3+ | Freq. of Parent")
    }

    @Test("a row without values (compensation control, blank line) is one flow.empty-row")
    func emptyRows() throws {
        let run = try F.run(Self.header + "Compensation Controls_APC Stained Control.fcs,,,,\n\nS1.fcs,70.1,5.0,12,\n")
        #expect(run.ignoredCount(.flowEmptyRow) == 2)
        #expect(run.observations.count == 3 + 0)
        #expect(run.outputs.count == 5)
    }

    @Test("trailing Mean/SD rows are ignored, also after blank lines")
    func footer() throws {
        let run = try F.run(Self.header + "S1.fcs,70.1,5.0,12,\nMean,70.1,5.0,12,\nSD,0,0,0,\n\n")
        #expect(run.ignoredCount(.flowSummaryRow) == 2)
        #expect(run.ignoredCount(.flowEmptyRow) == 1)
        #expect(run.observations.allSatisfy { $0.subject.sampleID == "S1" })
        #expect(run.outputs.count == 3 + 3)
    }

    @Test("a Mean row that is not last stays a sample")
    func meanNotLast() throws {
        let run = try F.run(Self.header + "S1.fcs,70.1,5.0,12,\nMean,70.1,5.0,12,\nSD,1,1,1,\nS2.fcs,71.0,6.0,14,\n")
        #expect(run.ignoredCount(.flowSummaryRow) == 0)
        #expect(run.observations.count == 12)
        #expect(run.observations.filter { $0.subject.sampleID == "Mean" }.count == 3)
        // Order is kept: Mean's cells come before S2's.
        let samples = run.observations.map { $0.subject.sampleID ?? "" }
        #expect(samples == ["S1", "S1", "S1", "Mean", "Mean", "Mean", "SD", "SD", "SD", "S2", "S2", "S2"])
    }

    @Test("a cell without a sample name is quarantined; a value past the header is csv.malformed")
    func badRows() throws {
        let run = try F.run(",A | Count\n,12\nS1.fcs,13,99\n")
        #expect(run.quarantined.map(\.0.code) == [.subjectMissing, .csvMalformed])
        #expect(run.observations.count == 1)
        // Messages carry no values.
        #expect(run.quarantined.allSatisfy { !$0.0.message.contains("12") && !$0.0.message.contains("99") })
    }

    @Test("LF, CRLF and CR endings give the same outputs; the legacy '1: ' prefix and .fcs are stripped")
    func lineEnds() throws {
        let text = "Sample\tA/B,Freq. of Parent\tA/B,Count\n1: S1.fcs\t5.0E1\t12\n12: S2.FCS\t4.0E1\t10\nMean\t45\t11\nStdDev\t5\t1\n"
        let lf = try F.run(text)
        let crlf = try F.run(text.replacingOccurrences(of: "\n", with: "\r\n"))
        let cr = try F.run(text.replacingOccurrences(of: "\n", with: "\r"))
        #expect(lf.outputs.map(F.render) == crlf.outputs.map(F.render))
        #expect(lf.outputs.map(F.render) == cr.outputs.map(F.render))
        #expect(lf.observations.map { $0.subject.sampleID ?? "" } == ["S1", "S1", "S2", "S2"])
        #expect(lf.ignoredCount(.flowSummaryRow) == 2)
        #expect(lf.observations.first?.attributes["flavour"] == .string("flowjo-legacy"))
    }

    @Test("Windows-1252 and UTF-8 BOM are detected and recorded")
    func encodings() throws {
        // 0x96 is an en dash in Windows-1252.
        var cp1252 = Array(",Live/CD4\u{0}".utf8.dropLast())
        cp1252 += [0x96]
        cp1252 += Array(" | Freq. of Parent (%)\r\nS1.fcs,12.5\r\n".utf8)
        let run = try F.run(cp1252, options: F.measureOptions)
        #expect(run.summary.encoding == "windows-1252")
        let o = try #require(run.observations.first)
        #expect(o.attributes["population"] == .string("Live/CD4\u{2013}"))
        #expect(o.analyte.codings.first?.code == "Live/CD4- | Freq. of Parent")
        #expect(o.attributes["encoding"] == .string("windows-1252"))

        let bom = try F.run([0xEF, 0xBB, 0xBF] + Array(",Live/CD4- | Count\nS1.fcs,3\n".utf8), options: F.measureOptions)
        #expect(bom.summary.encoding == "utf-8-bom")
        #expect(bom.observations.count == 1)
    }
}

@Suite("Flow canonical measures and absolute counts")
struct FlowMeasureTests {
    @Test("gate patterns pick the canonical measure; other cells stay FLOW-GATE")
    func measures() throws {
        let text = ",Lymphs/CD3+ | Freq. of Parent (%),Lymphs/CD3+/CAR+ | Freq. of Parent (%),Lymphs/CD3+/CAR+ | Freq. of Total (%)\nS.fcs,70,12.5,3.1\n"
        let run = try F.run(text)
        #expect(run.observations.map { $0.analyte.codings[0].code } ==
                ["Lymphs/CD3+ | Freq. of Parent", "LI-CAR-CD3-PCT", "Lymphs/CD3+/CAR+ | Freq. of Total"])
        #expect(run.observations[1].analyte.codings[0].display == "Lymphs/CD3+/CAR+ | Freq. of Parent (%)")
    }

    @Test("a measure matching two populations of a sample is quarantined, never guessed")
    func ambiguous() throws {
        let text = ",CD4/CD3+/CAR+ | Freq. of Parent (%),CD8/CD3+/CAR+ | Freq. of Parent (%)\nS.fcs,12.5,3.1\n"
        let run = try F.run(text)
        #expect(run.quarantined.count == 2)
        #expect(run.quarantined.allSatisfy { $0.0.code == .flowMeasureAmbiguous })
        #expect(run.outputs.count == 2)
    }

    @Test("undefined and zero bead events quarantine the absolute count; per-sample constants come from columns")
    func absoluteUndefined() throws {
        let opts = F.map([("absolute-counts", F.list([F.map([
            ("cells", F.s("*/CAR+")), ("beads", F.s("Beads")),
            ("beads-per-test-column", F.s("Bead lot")), ("blood-volume-ul", F.s("100")),
        ])]))])
        let text = ",CD3+/CAR+ | Count,Beads | Count,Bead lot\nA.fcs,500,1000,50000\nB.fcs,500,0,50000\nC.fcs,500,n/a,50000\nD.fcs,500,1000,\nE.fcs,,,50000\n"
        let run = try F.run(text, options: opts)
        let a = try #require(run.value("A", "LI-CART-ABS"))
        // 500 / 1000 × 50000 / 100 = 250
        #expect(a.value == .number(250, comparator: nil, original: "250"))
        #expect(a.attributes["beadsPerTest"] == .string("50000"))
        #expect(run.quarantined.map(\.0.code) == [.flowAbsoluteCountUndefined, .flowAbsoluteCountUndefined, .flowAbsoluteCountUndefined])
        #expect(run.ignoredCount(.flowStatisticUndefined) == 1)
        #expect(run.ignoredCount(.flowEmptyRow) == 1)
        // Cells: A 2, B 2, C 2 (one n/a), D 2 → 8; derived: A, B, C, D → 4; E is an empty row.
        #expect(run.outputs.count == 8 + 4 + 1)
    }
}

@Suite("Flow sample manifest")
struct FlowManifestTests {
    /// Real FlowJo exports rarely carry `$DATE`, and `$DATE` is when a tube was acquired, not when the specimen
    /// was taken: the manifest gives that time, and wins over the table's.
    @Test("a table without a date takes each sample's collection time from the manifest; others stay without one")
    func manifestGivesCollectionTimes() throws {
        let dir = try TestDirectory.make("flow-manifest")
        let manifest = dir.appendingPathComponent("samples.csv")
        try Data("sample,collected\nCART-001_D7_PB,2024-03-11T08:30:00+08:00\n".utf8).write(to: manifest)
        let table = ",Lymphocytes | Count,$DATE\nCART-001_D7_PB.fcs,1000,12-MAR-2024\nCART-002_D7_PB.fcs,900,\n"
        let run = try F.run(table, options: F.map([("manifest", F.s(manifest.path)), ("collected-column", F.s("$DATE"))]))
        let byID = Dictionary(uniqueKeysWithValues: run.observations.map { ($0.subject.sampleID ?? "", $0.collected) })
        #expect(byID["CART-001_D7_PB"] == ReportedTime("2024-03-11T08:30:00+08:00"))
        #expect(byID["CART-002_D7_PB"] == .missing)
    }

    @Test("a manifest that does not exist fails the unit")
    func missingManifest() {
        #expect(throws: LabError.self) { _ = try F.run(",A | Count\nS1.fcs,10\n", options: F.map([("manifest", F.s("/nonexistent/samples.csv"))])) }
    }
}

@Suite("Flow decimal marks")
struct FlowDecimalMarkTests {
    static let header = "Sample:;Collected;CAR+ %;CD3 count\n"

    @Test("a ;-separated table whose numbers show a decimal comma: 1.234 is a thousand and more, 12,5 is twelve and a half")
    func decimalCommaFile() throws {
        let run = try F.run(Self.header + "CART-001_D7_PB;2024-03-11T09:30;12,5;1.234\nCART-002_D7_PB;2024-03-11T09:30;1,234;800\n", options: FlowMappedTests.options)
        #expect(run.quarantined.isEmpty)
        #expect(run.value("CART-001_D7_PB", "Lymphs/CD3+ | Count")?.value == .number(1234, comparator: nil, original: "1.234"))
        #expect(run.value("CART-002_D7_PB", "LI-CAR-CD3-PCT")?.value == .number(Decimal(string: "1.234")!, comparator: nil, original: "1,234"))
    }

    @Test("a ;-separated table whose numbers show no mark: 1,234 could be 1.234 % or 1234 %, so it is quarantined")
    func noMarkShown() throws {
        let run = try F.run(Self.header + "CART-001_D7_PB;2024-03-11T09:30;1,234;800\n", options: FlowMappedTests.options)
        #expect(run.quarantined.map(\.0.code) == [.valueUnparseable])
        #expect(run.quarantined.first?.0.message.contains("decimal comma and a decimal point") == true)
        #expect(run.value("CART-001_D7_PB", "Lymphs/CD3+ | Count")?.value == .reported("800"))
    }

    @Test("a comma-separated table with quoted decimal commas: \"1,234\" follows the file's comma, it is not 1234 %")
    func quotedDecimalCommas() throws {
        let run = try F.run(",Lymphocytes | Freq. of Parent (%),Lymphocytes | Count\nS1_a.fcs,\"0,5\",\"1,234\"\nS2_a.fcs,\"1,234\",\"0,75\"\n")
        #expect(run.quarantined.isEmpty)
        #expect(run.observations.map(\.value).contains(.number(Decimal(string: "1.234")!, comparator: nil, original: "1,234")))
    }

    @Test("a tab table whose values all have three decimals reads them with a point; decimal-mark states a comma")
    func tabTableDefaultsToThePoint() throws {
        let text = "Sample:\tLymphs | Freq. of Parent (%)\n1: S1_a.fcs\t82.350\n2: S2_a.fcs\t79.500\n"
        let run = try F.run(text)
        #expect(run.quarantined.isEmpty)
        #expect(run.observations.map(\.value) == [.reported("82.350"), .reported("79.500")])
        let stated = try F.run(text, options: F.map([("decimal-mark", F.s("comma"))]))
        #expect(stated.observations.map(\.value) == [.number(82350, comparator: nil, original: "82.350"), .number(79500, comparator: nil, original: "79.500")])
    }

    @Test("a comma-separated FlowJo table keeps reading decimal points as before")
    func pointFileUnchanged() throws {
        let run = try F.run(",Lymphocytes | Freq. of Parent (%),Lymphocytes | Count\nS1.fcs,50.5,1000\n")
        #expect(run.observations.map(\.value) == [.reported("50.5"), .reported("1000")])
    }
}

@Suite("Flow mapped tables and FACSDiva variants")
struct FlowMappedTests {
    static let options = F.map([
        ("sample-column", F.s("Sample:")),
        ("collected-column", F.s("Collected")),
        ("panel", F.s("CAR-T PB")),
        ("columns", F.map([
            ("CAR+ %", F.map([("population", F.s("Lymphs/CD3+/CAR+")), ("statistic", F.s("Freq. of Parent"))])),
            ("CD3 count", F.s("Lymphs/CD3+ | Count")),
            ("Not here", F.s("X | Count")),
        ])),
        ("measures", F.list([F.map([("analyte", F.s("LI-CAR-CD3-PCT")), ("gate", F.s("*/CAR+"))])])),
    ])

    @Test("headers map to population and statistic; title lines and unmapped columns are not records")
    func mapped() throws {
        let text = "Kaluza export;run 12\n\nSample:;Collected;CAR+ %;CD3 count;Comment\nCART-001_D7_PB;2024-03-11T09:30;5.2;1200;ok\nCART-002_D7_PB;2024-03-11T09:30;5,2;;ok\nMean;;5,2;1200;\n"
        let run = try F.run(text, options: Self.options)
        #expect(run.outputs.count == 3 + 1)
        // `5,2` can only be 5.2 (no thousands group has one digit), whatever mark the file uses.
        #expect(run.quarantined.isEmpty)
        #expect(run.value("CART-002_D7_PB", "LI-CAR-CD3-PCT")?.value == .number(Decimal(string: "5.2")!, comparator: nil, original: "5,2"))
        let car = try #require(run.value("CART-001_D7_PB", "LI-CAR-CD3-PCT"))
        #expect(car.value == .reported("5.2"))
        #expect(car.attributes["flavour"] == .string("mapped"))
        #expect(car.attributes["panel"] == .string("CAR-T PB"))
        #expect(car.attributes["column"] == .string("CAR+ %"))
        guard case .time(let t) = car.collected else { Issue.record("collected"); return }
        #expect((t.day, t.hour) == (11, 9))
        #expect(run.value("CART-001_D7_PB", "Lymphs/CD3+ | Count")?.unit == "1")
        #expect(run.summary.notes.contains { $0.contains("Comment") })
        #expect(run.summary.notes.contains { $0.contains("1 mapped column") })
    }

    @Test("a mapped table without its sample column fails the unit")
    func mappedMissingSample() {
        #expect(throws: LabError.self) { try F.run("A;B\n1;2\n", options: Self.options) }
    }

    @Test("FACSDiva without Parent Name, with per-row tube columns, and sample-field")
    func divaBatch() throws {
        let text = """
        Experiment Name,Batch
        Population,Tube Name,Sample ID,#Events,%Parent
        All Events,T1,CART-001_D7_PB,1000,####
        CAR+,T1,CART-001_D7_PB,50,5.0
        All Events,T2,CART-002_D7_PB,900,####
        CAR+,T2,CART-002_D7_PB,,
        """
        let opts = F.map([("sample-field", F.s("Sample ID"))])
        let run = try F.run(text, options: opts)
        #expect(run.outputs.count == 3 + 3 + 1)  // cells incl. 2 ####, one empty row
        #expect(run.ignoredCount(.flowEmptyRow) == 1)
        let car = try #require(run.value("CART-001_D7_PB", "CAR+ | Freq. of Parent"))
        #expect(car.attributes["tube"] == .string("T1"))
        #expect(car.attributes["experiment"] == .string("Batch"))
        #expect(run.value("CART-002_D7_PB", "All Events | Count")?.attributes["tube"] == .string("T2"))
        #expect(car.locator.path?.hasPrefix("tube 1") == true)
        #expect(run.value("CART-002_D7_PB", "All Events | Count")?.locator.path?.hasPrefix("tube 2") == true)
    }
}

@Suite("Flow options and failures")
struct FlowOptionTests {
    @Test("unknown keys, unknown analytes and non-frequency measures are pipeline errors", arguments: [
        F.map([("colour", F.s("blue"))]),
        F.map([("measures", F.list([F.map([("analyte", F.s("LI-NOPE")), ("gate", F.s("*"))])]))]),
        F.map([("measures", F.list([F.map([("analyte", F.s("LI-CAR-CD3-PCT")), ("gate", F.s("*/CAR+")), ("statistic", F.s("Count"))])]))]),
        F.map([("measures", F.list([F.map([("analyte", F.s("LI-CAR-CD3-PCT")), ("gate", F.s("*/CAR+")), ("extra", F.s("1"))])]))]),
        F.map([("absolute-counts", F.list([F.map([("cells", F.s("a")), ("beads", F.s("b")), ("blood-volume-ul", F.s("50"))])]))]),
        F.map([("absolute-counts", F.list([F.map([("cells", F.s("a")), ("beads", F.s("b")), ("beads-per-test", F.s("0")), ("blood-volume-ul", F.s("50"))])]))]),
        F.map([("flavour", F.s("kaluza"))]),
        F.map([("flavour", F.s("mapped"))]),
    ])
    func invalid(_ options: ConfigValue) {
        #expect { try FlowOptions(options) } throws: { ($0 as? LabError)?.code == .pipelineInvalid }
    }

    @Test("a file that is no flow export fails the unit under auto")
    func notFlow() {
        #expect { try F.run("subject,value\nCART-001,1\n") } throws: { ($0 as? LabError)?.code == .formatUnknown }
    }
}
