import Foundation
import LabCore
import Testing
@testable import LabFormats

/// The same plate in QuantStudio, CFX and RDML (plain and zipped) form gives the same events.
@Suite struct QPCRFlavourTests {
    /// Attributes only one export carries: the run's metadata and the instrument's own printed curve.
    static let exportSpecific: Set<String> = ["flavour", "instrument", "runEnd", "run", "instrumentSlope",
                                              "instrumentIntercept", "instrumentR2", "instrumentEfficiency",
                                              "instrumentQuantity", "quantityDisagreement"]

    private func comparable(_ o: Observation) -> String {
        let attrs = o.attributes.filter { !Self.exportSpecific.contains($0.key) }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.rendered())" }.joined(separator: ";")
        return "\(o.subject.sampleID ?? "")|\(o.analyte.codings.map(\.code))|\(o.value)|\(o.unit ?? "")|\(o.collected)|\(attrs)"
    }

    private func events(_ name: String, chunk: Int = .max) throws -> [String] {
        QPCRTest.observations(try QPCRTest.runFile(name, chunk: chunk)).map(comparable).sorted()
    }

    @Test func quantStudioAndCFXGiveIdenticalEvents() throws {
        let qs = try events("quantstudio-run1.txt")
        #expect(qs.count == 7)
        #expect(try events("cfx-run1-Quantification-Cq-Results.csv") == qs)
    }

    /// The numbers of a results table as a decimal-comma locale writes them: `34,730`, `100.000,5`.
    static func decimalComma(_ field: Substring) -> String {
        let f = String(field)
        if f.range(of: #"^-?\d+\.\d+$"#, options: .regularExpression) != nil { return f.replacingOccurrences(of: ".", with: ",") }
        if f.range(of: #"^\d{1,3}(,\d{3})+(\.\d+)?$"#, options: .regularExpression) != nil {
            return f.replacingOccurrences(of: ",", with: "_").replacingOccurrences(of: ".", with: ",").replacingOccurrences(of: "_", with: ".")
        }
        return f
    }

    /// QuantStudio on a German-locale PC prints `34,730` for Cq 34.73 and `10,000` for quantity 10: read with a
    /// decimal point they would be 34730 cycles and 10000 copies.
    @Test func quantStudioWithDecimalCommasGivesTheSameEvents() throws {
        let text = try String(contentsOfFile: QPCRTest.path("quantstudio-run1.txt"), encoding: .utf8)
        let results = try #require(text.range(of: "[Results]"))
        let converted = text[..<results.upperBound] + text[results.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(Self.decimalComma).joined(separator: "\t") }
            .joined(separator: "\n")
        #expect(converted.contains("\t34,730\t"))
        let comma = try QPCRTest.run(MemoryByteSource(Array(converted.utf8)), options: QPCRTest.demoOptions())
        let point = try QPCRTest.runFile("quantstudio-run1.txt")
        #expect(QPCRTest.observations(comma).map(comparable).sorted() == QPCRTest.observations(point).map(comparable).sorted())
        #expect(QPCRTest.observations(comma).map { $0.attributes["instrumentSlope"] } == QPCRTest.observations(point).map { $0.attributes["instrumentSlope"] })
        #expect(QPCRTest.quarantined(comma).count == QPCRTest.quarantined(point).count)
    }

    /// Excel in a decimal-comma locale saves CFX results `;`-separated with decimal commas.
    @Test func cfxSemicolonExportWithDecimalCommasGivesTheSameEvents() throws {
        let text = try String(contentsOfFile: QPCRTest.path("cfx-run1-Quantification-Cq-Results.csv"), encoding: .utf8)
        let converted = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(Self.decimalComma).joined(separator: ";") }
            .joined(separator: "\n")
        #expect(converted.contains(";34,73;"))
        let comma = try QPCRTest.run(MemoryByteSource(Array(converted.utf8)), options: QPCRTest.demoOptions())
        #expect(QPCRTest.observations(comma).map(comparable).sorted() == (try events("quantstudio-run1.txt")))
    }

    /// A run whose Cq cells mix `25.100` and `25,100` shows no single decimal mark: the comma ones read with a
    /// point would be over 100 cycles, so they are quarantined, never turned into 25100.
    @Test func aCqThatCannotBeACycleCountIsQuarantined() throws {
        let table = """
        [Results]
        Well\tWell Position\tSample Name\tTarget Name\tTask\tCT\tQuantity
        1\tA1\tCART-001_D7_PB\tCAR19\tUNKNOWN\t25.100\t
        2\tA2\tCART-001_D7_PB\tCAR19\tUNKNOWN\t25,100\t

        """
        let out = try QPCRTest.run(MemoryByteSource(Array(table.utf8)), options: QPCRTest.demoOptions())
        #expect(QPCRTest.quarantined(out).contains { $0.code == .qpcrCqUnparseable && $0.locator?.line == 4 })
        // A standard's unreadable Cq is a quarantined record too, not an ordinary standard well.
        let standards = table.replacingOccurrences(of: "CART-001_D7_PB\tCAR19\tUNKNOWN", with: "Std\tCAR19\tSTANDARD")
        let std = try QPCRTest.run(MemoryByteSource(Array(standards.utf8)), options: QPCRTest.demoOptions())
        #expect(QPCRTest.ignored(std) == [.qpcrStandard])
        #expect(QPCRTest.quarantined(std).map(\.code) == [.qpcrCqUnparseable])
        #expect(QPCRTest.quarantined(std).first?.message.contains("standard") == true)
        #expect(QPCRCells.cq("25,100", nonDetect: nil) == .unparseable)
        #expect(QPCRCells.cq("25,100", nonDetect: nil, mark: .comma) == .value(25.1))
    }

    /// SDS 2.x (7900HT, 7500 SDS 1.x) "AQ Results": a tab preamble without `*` lines or sections, then the table.
    @Test func sdsAQResultsAreRecognisedAndRead() throws {
        let text = """
        SDS 2.3\tAQ Results\t1.0
        Filename\tcart.sds
        Assay Type\tAbsolute Quantification
        Run DateTime\t3/11/24 3:02:50 PM

        Well\tSample Name\tDetector Name\tReporter\tTask\tCt\tQuantity\tQty Mean\tQty StdDev\tCt Mean\tCt StdDev
        1\tStd 1e2\tCAR19\tFAM\tStandard\t31.32\t100
        2\tStd 1e2\tCAR19\tFAM\tStandard\t31.35\t100
        3\tStd 1e3\tCAR19\tFAM\tStandard\t28.01\t1000
        4\tStd 1e3\tCAR19\tFAM\tStandard\t28.03\t1000
        5\tStd 1e4\tCAR19\tFAM\tStandard\t24.69\t10000
        6\tStd 1e4\tCAR19\tFAM\tStandard\t24.70\t10000
        9\tNTC\tCAR19\tFAM\tNTC\tUndetermined
        10\tCART-001_D7_PB\tCAR19\tFAM\tUnknown\t25.10
        11\tCART-001_D7_PB\tCAR19\tFAM\tUnknown\t25.14

        """
        for variant in [text, text.replacingOccurrences(of: "\n", with: "\r\n")] {   // SDS on Windows writes CRLF
            #expect(QPCRSniffer.flavour(Array(variant.utf8)) == .appliedBiosystems)
            let out = try QPCRTest.run(MemoryByteSource(Array(variant.utf8)), options: QPCRTest.demoOptions())
            let o = try #require(QPCRTest.bySample(out)["CART-001_D7_PB"])
            #expect(o.attributes["flavour"] == .string("sds"))
            guard case .number(let copies, nil, _) = o.value else { Issue.record("not quantified: \(o.value)"); return }
            #expect(copies > 0)
            #expect(out.count == 9)
        }
    }

    /// Each result names its sample and assay: two CAR assays of one sample are two results, not one
    /// correcting the other; the same plate from another instrument's export is the same result.
    @Test func resultIDsNameSampleAndAssay() throws {
        var lines = ["[Results]", "Well\tSample Name\tTarget Name\tTask\tCT\tQuantity"]
        for (target, base) in [("CAR19", 0), ("CAR22", 8)] {
            for (i, (cq, q)) in [("31.300", "100"), ("28.000", "1000"), ("24.700", "10000"), ("21.400", "100000")].enumerated() {
                lines.append("\(base + i + 1)\tStd\t\(target)\tSTANDARD\t\(cq)\t\(q)")
            }
            lines.append("\(base + 5)\tCART-001_D7_PB\t\(target)\tUNKNOWN\t\(target == "CAR19" ? "25.100" : "30.100")\t")
        }
        let out = try QPCRTest.run(MemoryByteSource(Array((lines.joined(separator: "\n") + "\n").utf8)),
                                   options: QPCRTest.options([("dna-ng-per-reaction", "100"), ("collected", "2024-03-11T08:00:00Z")],
                                                             lists: [("car-targets", ["CAR19", "CAR22"])]))
        #expect(QPCRTest.observations(out).map(\.resultID) == ["CART-001_D7_PB|car19", "CART-001_D7_PB|car22"])
        #expect(QPCRTest.observations(out).map { $0.attributes["sample"] } == [.string("CART-001_D7_PB"), .string("CART-001_D7_PB")])
        let qs = QPCRTest.bySample(try QPCRTest.runFile("quantstudio-run1.txt"))
        let cfx = QPCRTest.bySample(try QPCRTest.runFile("cfx-run1-Quantification-Cq-Results.csv"))
        #expect(qs["CART-001_D7_PB"]?.resultID == cfx["CART-001_D7_PB"]?.resultID)
    }

    /// CFX Maestro exports may start with a run-information preamble (`File Name,…`, `Run Started,…`), CRLF or LF.
    @Test func cfxWithARunInformationPreamble() throws {
        let cfx = try String(contentsOfFile: QPCRTest.path("cfx-run1-Quantification-Cq-Results.csv"), encoding: .utf8)
        for newline in ["\r\n", "\n"] {
            let text = "File Name,run1.pcrd" + newline + "Run Started,04/02/2024 14:02:11 UTC" + newline + newline
                + cfx.replacingOccurrences(of: "\r\n", with: newline)
            #expect(QPCRSniffer.flavour(Array(text.utf8)) == .cfx)
            let out = try QPCRTest.run(MemoryByteSource(Array(text.utf8)), options: QPCRTest.demoOptions())
            #expect(QPCRTest.observations(out).map(comparable).sorted() == (try events("quantstudio-run1.txt")))
            #expect(QPCRTest.observations(out).first?.attributes["flavour"] == .string("cfx"))
        }
    }

    /// StepOne/7500 CSV: a key/value preamble, no `*` lines or sections, a `Cт` column, then the table.
    @Test func stepOneCSVWithAPreambleIsRead() throws {
        let text = """
        Block Type,96well\r
        Instrument Type,steponeplus\r
        \r
        Well,Sample Name,Target Name,Task,Reporter,Cт,Quantity\r
        A1,,CAR19,STANDARD,FAM,31.3,100\r
        A2,,CAR19,STANDARD,FAM,28.0,1000\r
        A3,,CAR19,STANDARD,FAM,24.7,10000\r
        A4,,CAR19,STANDARD,FAM,21.4,100000\r
        B1,CART-001_D7_PB,CAR19,UNKNOWN,FAM,25.10,\r
        B2,CART-001_D7_PB,CAR19,UNKNOWN,FAM,25.18,\r

        """
        #expect(QPCRSniffer.flavour(Array(text.utf8)) == .appliedBiosystems)
        let out = try QPCRTest.run(MemoryByteSource(Array(text.utf8)), options: QPCRTest.demoOptions())
        let o = try #require(QPCRTest.bySample(out)["CART-001_D7_PB"])
        #expect(o.attributes["instrument"] == .string("steponeplus"))
        guard case .number = o.value else { Issue.record("not quantified: \(o.value)"); return }
        #expect(out.count == 6)
    }

    @Test func cfxInstrumentQuantityAgrees() throws {
        let qs = QPCRTest.bySample(try QPCRTest.runFile("quantstudio-run1.txt"))
        let cfx = QPCRTest.bySample(try QPCRTest.runFile("cfx-run1-Quantification-Cq-Results.csv"))
        #expect(cfx["CART-001_D7_PB"]?.attributes["instrumentQuantity"] == qs["CART-001_D7_PB"]?.attributes["instrumentQuantity"])
        #expect(cfx["CART-001_D7_PB"]?.attributes["flavour"] == .string("cfx"))
        #expect(qs["CART-001_D7_PB"]?.attributes["flavour"] == .string("quantstudio"))
    }

    @Test(arguments: [Int.max, 3])
    func rdmlPlainAndZippedMatchQuantStudio(chunk: Int) throws {
        let qs = try events("quantstudio-run1.txt")
        #expect(try events("run1.rdml.xml", chunk: chunk) == qs)
        #expect(try events("run1.rdml", chunk: chunk) == qs)
    }

    @Test func rdmlCountsAddUp() throws {
        let xml = try String(contentsOfFile: QPCRTest.path("run1.rdml.xml"), encoding: .utf8)
        let reacts = xml.components(separatedBy: "<react ").count - 1
        let out = try QPCRTest.runFile("run1.rdml")
        #expect(out.count == reacts)
        #expect(QPCRTest.ignored(out).filter { $0 == .qpcrOmittedWell }.count == 1)
        #expect(QPCRTest.ignored(out).filter { $0 == .qpcrReferenceGene }.count == 7)   // target type "ref"
    }

    @Test func rdmlRefusesDTDsAndEntities() {
        let xxe = """
        <?xml version="1.0"?>
        <!DOCTYPE rdml [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>
        <rdml version="1.2"><sample id="&xxe;"><type>unkn</type></sample></rdml>
        """
        #expect(throws: LabError.self) { _ = try QPCRTest.run(MemoryByteSource(xxe)) }
        #expect(throws: LabError.self) { _ = try QPCRTest.run(MemoryByteSource("<rdml version=\"1.2\"><sample id=\"a\">")) }
    }

    @Test func rdmlNonDetectConventions() throws {
        let doc = """
        <rdml version="1.1" xmlns="http://www.rdml.org">
          <sample id="1c76448f-03d2-453f-8628-d764e1ca1d55"><description>CART-003_M3_PB</description><type>unkn</type></sample>
          <target id="CAR19"><type>toi</type></target>
          <experiment id="e"><run id="r"><runDate>2024-06-03T10:00:00</runDate>
            <react id="1"><sample id="1c76448f-03d2-453f-8628-d764e1ca1d55"/><data><tar id="CAR19"/><cq>100</cq></data></react>
            <react id="2"><sample id="1c76448f-03d2-453f-8628-d764e1ca1d55"/><data><tar id="CAR19"/><cq>-1.0</cq></data></react>
            <react id="3"><sample id="1c76448f-03d2-453f-8628-d764e1ca1d55"/><data><tar id="CAR19"/></data></react>
          </run></experiment>
        </rdml>
        """
        let out = try QPCRTest.run(MemoryByteSource(doc), options: QPCRTest.options([("non-detect-cq", "100"), ("dna-ng-per-reaction", "100")]))
        #expect(out.count == 3)
        let o = try #require(QPCRTest.observations(out).first)
        #expect(o.subject.sampleID == "CART-003_M3_PB")   // LightCycler 96: GUID id, name in <description>
        #expect(o.value == .text("not detected"))
    }

    @Test func rdmlExclusionFlagIsReadNotJustSeen() throws {
        // RDML 1.0/1.1 write <excl> as a boolean on every reaction; 1.2+ write a reason. Only true/a reason/an
        // empty element exclude.
        let reactions = [("1", "<excl>false</excl>"), ("2", "<excl>FALSE</excl>"), ("3", "<excl>0</excl>"),
                         ("4", "<excl>true</excl>"), ("5", "<excl>pipetting error</excl>"), ("6", "<excl/>")]
        let doc = """
        <rdml version="1.1" xmlns="http://www.rdml.org">
          <sample id="CART-001_D7_PB"><type>unkn</type></sample>
          <target id="CAR19"><type>toi</type></target>
          <experiment id="e"><run id="r"><runDate>2024-03-11T10:00:00</runDate>
          \(reactions.map { "<react id=\"\($0.0)\"><sample id=\"CART-001_D7_PB\"/><data><tar id=\"CAR19\"/><cq>40</cq>\($0.1)</data></react>" }.joined())
          </run></experiment>
        </rdml>
        """
        // Cq 40 at a non-detect threshold of 40: "not detected" needs no standard curve.
        let out = try QPCRTest.run(MemoryByteSource(doc), options: QPCRTest.options([("non-detect-cq", "40"), ("dna-ng-per-reaction", "100")]))
        #expect(out.count == 6)
        #expect(QPCRTest.ignored(out).filter { $0 == .qpcrOmittedWell }.count == 3)
        #expect(QPCRTest.observations(out).count == 1)   // the three kept reactions, one triplicate
    }

    @Test func summarySheet() throws {
        let out = try QPCRTest.runFile("summary-sheet.csv", options: QPCRTest.options([], columns: [("copies", "CAR copies/ug gDNA")]))
        #expect(out.count == 8)
        let by = QPCRTest.bySample(out)
        #expect(by["CART-001_D7_PB"]?.value == .number(82350, comparator: nil, original: "82,350"))
        #expect(by["CART-001_D28_PB"]?.value == .number(Decimal(string: "5720.562")!, comparator: nil, original: "5,720.562"))
        #expect(by["CART-002_D14_PB"]?.value == .number(250, comparator: .lessThan, original: "<250"))
        #expect(by["CART-003_M3_PB"]?.value == .text("not detected"))
        #expect(by["CART-003_D14_PB"]?.unit == "{copies}/uL")
        #expect(by["CART-003_D14_PB"]?.analyte.codings.first?.code == "LI-CAR-COPIES-BLOOD")
        #expect(by["CART-001_D7_PB"]?.collected == ReportedTime("2024-03-11"))
        #expect(QPCRTest.ignored(out) == [.rowEmpty])
        #expect(QPCRTest.quarantined(out).map(\.code) == [.valueUnparseable])   // "pending"
    }

    /// A `;`-separated sheet may use either decimal mark: a number that reads differently with each waits for a
    /// number that shows the mark, or for `decimal-mark`, and is never guessed.
    @Test func summarySheetDecimalMark() throws {
        let rows = "CART-001_D7_PB;2024-03-11;82.350;250\nCART-001_D14_PB;2024-03-18;1.234,5;250\nCART-001_D28_PB;2024-04-01;82.350;250\n"
        let sheet = "Sample ID;Collection Date;copies;LLOQ\n" + rows
        let inferred = try QPCRTest.run(MemoryByteSource(Array(sheet.utf8)), options: QPCRTest.options([("flavour", "summary")]))
        let byInferred = QPCRTest.bySample(inferred)
        #expect(byInferred["CART-001_D7_PB"] == nil)   // before any number showed the mark: 82.35 or 82350?
        #expect(QPCRTest.quarantined(inferred).first?.message.contains("decimal comma and a decimal point") == true)
        #expect(byInferred["CART-001_D14_PB"]?.value == .number(Decimal(string: "1234.5")!, comparator: nil, original: "1.234,5"))
        #expect(byInferred["CART-001_D28_PB"]?.value == .number(82350, comparator: nil, original: "82.350"))

        let stated = try QPCRTest.run(MemoryByteSource(Array(sheet.utf8)), options: QPCRTest.options([("flavour", "summary"), ("decimal-mark", "point")]))
        // 82.35 copies, below the LLOQ of 250: reported as "<250" with the estimate kept.
        #expect(QPCRTest.bySample(stated)["CART-001_D7_PB"]?.attributes["copiesEstimate"] == .decimal(Decimal(string: "82.35")!))
        #expect(QPCRTest.quarantined(stated).map(\.code) == [.valueUnparseable])   // "1.234,5" is no point-decimal number
    }

    @Test func summarySheetMappedColumnMustExist() {
        #expect(throws: LabError.self) {
            _ = try QPCRTest.runFile("summary-sheet.csv", options: QPCRTest.options([], columns: [("copies", "Copies per ug")]))
        }
    }
}
