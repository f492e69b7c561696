import Foundation
import LabCore
import Testing
@testable import LabFormats

@Suite("Flow samples")
struct FlowSampleTests {
    static let samples = ["flowjo-v10-cart-pb.csv", "flowjo-legacy-mac-marrow.txt", "facsdiva-mrd-d28.csv"]

    @Test("FlowJo v10 PB: CAR+ % as a canonical measure, bead counts, n/a, compensation row and footer")
    func flowJoV10() throws {
        let run = try FlowFixture.run(try FlowFixture.sample("flowjo-v10-cart-pb.csv"))
        // 9 samples × 12 statistic columns = 108 cells + 9 absolute counts; 1 compensation row; Mean and SD.
        #expect(run.outputs.count == 108 + 9 + 1 + 2)
        #expect(run.observations.count == 108 - 3 + 9)
        #expect(run.ignoredCount(.flowStatisticUndefined) == 3)
        #expect(run.ignoredCount(.flowEmptyRow) == 1)
        #expect(run.ignoredCount(.flowSummaryRow) == 2)
        #expect(run.quarantined.isEmpty)
        #expect(run.summary.encoding == "utf-8")

        let car = try #require(run.value("CART-001_D14_PB", "LI-CAR-CD3-PCT"))
        #expect(car.kind == .flowPopulation)
        #expect(car.value == .reported("18.6"))
        #expect(car.unit == "%")
        #expect(car.analyte.codings.first?.system == "LABINGEST")
        #expect(car.attributes["population"] == .string("Lymphocytes/Single Cells/Live/CD3+/CAR+"))
        #expect(car.attributes["parent"] == .string("CD3+"))
        #expect(car.attributes["statistic"] == .string("Freq. of Parent"))
        #expect(car.attributes["flavour"] == .string("flowjo-v10"))
        #expect(car.attributes["encoding"] == .string("utf-8"))
        guard case .time(let t) = car.collected else { Issue.record("collected not parsed"); return }
        #expect((t.year, t.month, t.day) == (2024, 3, 18))
        // Each subject has the CAR+ series at D7, D14, D28.
        for subject in ["CART-001", "CART-002", "CART-003"] {
            for visit in ["D7", "D14", "D28"] {
                #expect(run.value("\(subject)_\(visit)_PB", "LI-CAR-CD3-PCT") != nil)
            }
        }

        // Freq. of <named ancestor>, channel statistics and hostile gate names stay FLOW-GATE.
        let live = try #require(run.value("CART-001_D7_PB", "Lymphocytes/Single Cells/Live/CD3+/CAR+ | Freq. of Live"))
        #expect(live.attributes["ancestor"] == .string("Live"))
        #expect(live.analyte.codings.first?.system == "FLOW-GATE")
        let median = try #require(run.value("CART-001_D7_PB", "Lymphocytes/Single Cells/Live/CD3+/CAR+ | Median (Comp-B525-A :: CAR-FITC)"))
        #expect(median.value == .reported("1.843E3"))
        #expect(median.unit == "{MFI}")
        #expect(median.attributes["channel"] == .string("Comp-B525-A"))
        #expect(median.attributes["marker"] == .string("CAR-FITC"))
        let q1 = try #require(run.value("CART-002_D7_PB", "Lymphocytes/Single Cells/Live/CD3+/CAR+/Q1: CD4+, CD8- | Freq. of Parent"))
        #expect(q1.value == .reported("70.3"))
        #expect(q1.attributes["parent"] == .string("CAR+"))
        let cv = try #require(run.value("CART-001_D7_PB", "Lymphocytes/Single Cells/Live/CD3+/CAR+ | CV (Comp-B525-A :: CAR-FITC)"))
        #expect(cv.unit == "%")
        let count = try #require(run.value("CART-001_D7_PB", "Beads | Count"))
        #expect(count.unit == "1")
    }

    @Test("absolute counts: cells / beads × beads per test / µL, denominator recorded")
    func absoluteArithmetic() throws {
        let run = try FlowFixture.run(try FlowFixture.sample("flowjo-v10-cart-pb.csv"))
        let abs = try #require(run.value("CART-001_D14_PB", "LI-CART-ABS"))
        // 2254 / 10288 × 51500 / 50 = 225.66…, four significant digits.
        guard case .number(let v, nil, let original) = abs.value else { Issue.record("not a number"); return }
        #expect(v == Decimal(string: "225.7"))
        #expect(original == "225.7")
        #expect(abs.unit == "/uL")
        #expect(abs.attributes["cellEvents"] == .string("2254"))
        #expect(abs.attributes["beadEvents"] == .string("10288"))
        #expect(abs.attributes["beadsPerTest"] == .string("51500"))
        #expect(abs.attributes["bloodVolumeUL"] == .string("50"))
        #expect(abs.attributes["denominator"] == .string("Beads"))
        // Zero CAR+ events is a real zero, not undefined.
        let zero = try #require(run.value("CART-003_D7_PB", "LI-CART-ABS"))
        guard case .number(let z, _, _) = zero.value else { Issue.record("not a number"); return }
        #expect(z == 0)
    }

    @Test("legacy Mac table: CR endings, Mac-Roman en dash, '1: ' prefix, scientific notation, StdDev footer")
    func legacy() throws {
        let bytes = try FlowFixture.sample("flowjo-legacy-mac-marrow.txt")
        #expect(!bytes.contains(0x0A))
        #expect(bytes.contains(0xD0))
        let run = try FlowFixture.run(bytes)
        #expect(run.summary.encoding == "mac-roman")
        #expect(run.outputs.count == 3 * 10 + 2)
        #expect(run.ignoredCount(.flowSummaryRow) == 2)
        #expect(run.ignoredCount(.flowStatisticUndefined) == 1)
        #expect(run.quarantined.isEmpty)

        let taa = try #require(run.value("CART-002_SCR_BM", "LI-TAA-BLAST-PCT"))
        #expect(taa.value == .reported("1.420E1"))   // below the 20 % inclusion threshold, as written
        #expect(taa.attributes["flavour"] == .string("flowjo-legacy"))
        #expect(taa.attributes["encoding"] == .string("mac-roman"))
        #expect(run.value("CART-001_SCR_BM", "LI-TAA-BLAST-PCT")?.value == .reported("9.641E1"))
        #expect(run.value("CART-003_SCR_BM", "LI-BLAST-CD45-PCT")?.value == .reported("4.533E1"))

        let dash = try #require(run.value("CART-001_SCR_BM", "Leukocytes/CD45+/Blasts/CD19+/CD10+ CD34- | Freq. of Parent"))
        #expect(dash.attributes["population"] == .string("Leukocytes/CD45+/Blasts/CD19+/CD10+ CD34\u{2013}"))
        #expect(dash.attributes["populationNormalized"] == .string("Leukocytes/CD45+/Blasts/CD19+/CD10+ CD34-"))
        let q2 = try #require(run.value("CART-001_SCR_BM", "Leukocytes/CD45+/Blasts/Q2: CD19+, CD22+ | Freq. of Parent"))
        #expect(q2.value == .reported("8.512E1"))
        guard case .time(let t) = taa.collected else { Issue.record("collected not parsed"); return }
        #expect((t.year, t.month, t.day) == (2024, 2, 19))
        // No beads in the marrow table: the absolute-count rule does not apply, and says so.
        #expect(run.summary.notes.contains { $0.contains("absolute-counts[0]") })
    }

    @Test("FACSDiva: tube blocks, parent paths, Record Date, ####, MRD as Freq. of Grandparent")
    func diva() throws {
        let run = try FlowFixture.run(try FlowFixture.sample("facsdiva-mrd-d28.csv"))
        // 3 tubes × 6 populations × 7 statistics; 3 undefined per tube (+3 for the empty MRD gate).
        #expect(run.outputs.count == 3 * 6 * 7)
        #expect(run.ignoredCount(.flowStatisticUndefined) == 12)
        #expect(run.quarantined.isEmpty)

        let mrd = try #require(run.value("CART-002_D28_BM", "LI-MRD-PCT"))
        #expect(mrd.value == .reported("3.210"))
        #expect(mrd.attributes["population"] == .string("All Events/Nucleated/CD19+/MRD"))
        #expect(mrd.attributes["statistic"] == .string("Freq. of Grandparent"))
        #expect(mrd.attributes["tube"] == .string("B-ALL MRD"))
        #expect(mrd.attributes["experiment"] == .string("CART MRD D28"))
        #expect(mrd.attributes["flavour"] == .string("facsdiva"))
        #expect(mrd.analyte.codings.first?.display == "All Events/Nucleated/CD19+/MRD | %Grand Parent")
        #expect(mrd.raw == "CART-002_D28_BM\tAll Events/Nucleated/CD19+/MRD | %Grand Parent\t3.210")
        guard case .time(let t) = mrd.collected else { Issue.record("Record Date not parsed"); return }
        #expect((t.year, t.month, t.day, t.hour, t.minute) == (2024, 4, 8, 9, 2))

        let pm = try #require(run.value("CART-003_D28_BM", "LI-MRD-PCT"))
        guard case .time(let t3) = pm.collected else { Issue.record("Record Date not parsed"); return }
        #expect(t3.hour == 14)
        #expect(run.value("CART-001_D28_BM", "LI-BLAST-CD45-PCT")?.value == .reported("0.60"))
        let mean = try #require(run.value("CART-001_D28_BM", "All Events/Nucleated/CD19+ | Mean (PE-Cy7-A :: CD19)"))
        #expect(mean.unit == "{MFI}")
        #expect(mean.attributes["marker"] == .string("CD19"))
        let events = try #require(run.value("CART-001_D28_BM", "All Events | Count"))
        #expect(events.value == .reported("500000"))
    }

    @Test("counts add up and every chunk size gives the same outputs", arguments: samples)
    func chunking(_ name: String) throws {
        let bytes = try FlowFixture.sample(name)
        let whole = try FlowFixture.run(bytes)
        #expect(whole.outputs.count == whole.observations.count + whole.ignored.count + whole.quarantined.count)
        for size in [1, 2, 7] {
            let run = try FlowFixture.run(bytes, chunkSize: size)
            #expect(run.outputs.map(FlowFixture.render) == whole.outputs.map(FlowFixture.render), "chunk size \(size)")
            #expect(run.summary == whole.summary)
        }
    }

    @Test("the sniffer recognises the exports and nothing else", arguments: samples)
    func sniffer(_ name: String) throws {
        #expect(FlowSniffer.looks(try FlowFixture.sample(name)))
    }

    @Test("the sniffer rejects other tables")
    func snifferNegative() {
        #expect(!FlowSniffer.looks(Array("subject,analyte,value,unit\nCART-001,ANC,1.2,10*9/L\n".utf8)))
        #expect(!FlowSniffer.looks(Array("Well,Sample Name,Target Name,CT\nA1,CART-001_D7_PB,CAR,24.1\n".utf8)))
        #expect(!FlowSniffer.looks(Array("MSH|^~\\&|LIS\r".utf8)))
    }
}
