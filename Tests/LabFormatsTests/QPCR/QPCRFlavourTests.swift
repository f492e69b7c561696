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

    @Test func summarySheetMappedColumnMustExist() {
        #expect(throws: LabError.self) {
            _ = try QPCRTest.runFile("summary-sheet.csv", options: QPCRTest.options([], columns: [("copies", "Copies per ug")]))
        }
    }
}
