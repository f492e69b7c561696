import Foundation
import LabCore
import Testing
@testable import LabFormats

@Suite struct QPCRQuantificationTests {
    private func value(_ o: Observation?) -> ObservationValue? { o?.value }

    @Test func copiesPerMicrogramForAKnownDNAInput() throws {
        // Perfect curve Cq = 38 − 3.32·log10(q); Cq 25 → 10^(13/3.32) copies/reaction; 50 ng → ×1000/50.
        let csv = QPCRTest.cfx(QPCRTest.goodStandards() + [("C1", "Unkn-1", "CART-001_D7_PB", "25", ""),
                                                             ("C2", "Unkn-1", "CART-001_D7_PB", "25", ""),
                                                             ("C3", "Unkn-1", "CART-001_D7_PB", "25", "")])
        let out = try QPCRTest.run(MemoryByteSource(csv), options: QPCRTest.options([("dna-ng-per-reaction", "50")]))
        let o = try #require(QPCRTest.bySample(out)["CART-001_D7_PB"])
        let expected = pow(10, 13 / 3.32) * 1000 / 50   // 164,699.6…
        #expect(o.value == .number(Decimal(string: "164700")!, comparator: nil, original: "164700"))
        #expect(abs(expected - 164_699.64) < 0.01)
        #expect(o.unit == "{copies}/ug")
        #expect(o.kind == .qpcrCopies)
        #expect(o.analyte.codings.first?.code == "LI-CAR-COPIES-GDNA")
        #expect(o.attributes["qc"] == .string("passed"))
        #expect(o.attributes["dnaNgPerReaction"] == .decimal(50))
        #expect(out.count == 17)   // 12 standards + 2 NTC + 3 replicates
    }

    @Test func missingDNAInputQuarantines() throws {
        let csv = QPCRTest.cfx(QPCRTest.goodStandards() + [("C1", "Unkn-1", "CART-001_D7_PB", "25", "")])
        let out = try QPCRTest.run(MemoryByteSource(csv))
        #expect(QPCRTest.quarantined(out).map(\.code) == [.qpcrDNAInputMissing])
    }

    // MARK: - QC rules (one each)

    private func qcReasons(_ rows: [(String, String, String, String, String)], _ extra: [(String, String)] = []) throws -> [String] {
        let out = try QPCRTest.run(MemoryByteSource(QPCRTest.cfx(rows)), options: QPCRTest.options([("dna-ng-per-reaction", "100")] + extra))
        let o = try #require(QPCRTest.observations(out).first)
        return QPCRTest.strings(o.attributes["qcReasons"])
    }

    private let triplicate = [("C1", "Unkn-1", "CART-002_D14_PB", "27.8", ""), ("C2", "Unkn-1", "CART-002_D14_PB", "27.9", ""),
                              ("C3", "Unkn-1", "CART-002_D14_PB", "27.7", "")]

    @Test func qcPassesOnAGoodRun() throws {
        #expect(try qcReasons(QPCRTest.goodStandards() + triplicate) == [])
    }

    @Test func qcEfficiencyOutOfRange() throws {
        // slope −2.8 → efficiency 127 %; a perfect line, so R² stays 1.
        #expect(try qcReasons(QPCRTest.goodStandards(slope: -2.8) + triplicate) == ["efficiency-out-of-range"])
        #expect(try qcReasons(QPCRTest.goodStandards(slope: -2.8) + triplicate, [("efficiency-max", "130")]) == [])
    }

    @Test func qcR2Low() throws {
        var std = QPCRTest.goodStandards()
        std[4].3 = "33.0"; std[5].3 = "33.4"   // level 3 far off the line, mean slope still ~ −3.3
        std[6].3 = "22.0"; std[7].3 = "22.4"
        let reasons = try qcReasons(std + triplicate)
        #expect(reasons.contains("r2-low"))
    }

    @Test func qcTooFewStandards() throws {
        let std = Array(QPCRTest.goodStandards().prefix(4)) + QPCRTest.goodStandards().suffix(2)   // 2 levels + NTCs
        #expect(try qcReasons(std + triplicate) == ["too-few-standards"])
        #expect(try qcReasons(std + triplicate, [("min-standard-levels", "2")]) == [])
    }

    @Test func qcNTCAmplified() throws {
        var std = QPCRTest.goodStandards()
        std[12].3 = "36.2"
        #expect(try qcReasons(std + triplicate) == ["ntc-amplified"])
        std[12].3 = "38.5"   // beyond the cut-off: primer-dimer noise, passes
        #expect(try qcReasons(std + triplicate) == [])
    }

    @Test func qcReplicateSDHigh() throws {
        let noisy = [("C1", "Unkn-1", "CART-002_D14_PB", "27.0", ""), ("C2", "Unkn-1", "CART-002_D14_PB", "28.5", ""),
                     ("C3", "Unkn-1", "CART-002_D14_PB", "27.7", "")]
        #expect(try qcReasons(QPCRTest.goodStandards() + noisy) == ["replicate-sd-high"])
    }

    @Test func qcReplicateDropout() throws {
        let dropout = [("C1", "Unkn-1", "CART-001_M3_PB", "35.6", ""), ("C2", "Unkn-1", "CART-001_M3_PB", "35.9", ""),
                       ("C3", "Unkn-1", "CART-001_M3_PB", "NaN", "")]
        #expect(try qcReasons(QPCRTest.goodStandards() + dropout) == ["replicate-dropout"])
    }

    // MARK: - Censoring

    @Test func threeCensoringStates() throws {
        let out = try QPCRTest.runFile("quantstudio-run1.txt")
        let by = QPCRTest.bySample(out)
        // quantified
        guard case .number(let v, nil, _)? = by["CART-001_D7_PB"]?.value else { Issue.record("not quantified"); return }
        #expect(v > 250)
        #expect(by["CART-001_D7_PB"]?.attributes["censoring"] == .string("quantified"))
        // detected below LLOQ (late time point, one replicate undetermined)
        #expect(by["CART-001_M3_PB"]?.value == .number(250, comparator: .lessThan, original: "<250"))
        #expect(by["CART-001_M3_PB"]?.attributes["censoring"] == .string("below-lloq"))
        #expect(QPCRTest.strings(by["CART-001_M3_PB"]?.attributes["qcReasons"]) == ["replicate-dropout"])
        // not detected: text, never zero
        #expect(by["CART-003_SCR_PB"]?.value == .text("not detected"))
        #expect(by["CART-003_SCR_PB"]?.attributes["censoring"] == .string("not-detected"))
    }

    // MARK: - Failed QC under both policies

    @Test func failedRunIsFlaggedByDefault() throws {
        let out = try QPCRTest.runFile("quantstudio-run2-bad-curve.txt")
        let obs = QPCRTest.observations(out)
        #expect(obs.count == 2)
        for o in obs {
            #expect(o.attributes["qc"] == .string("failed"))
            let reasons = QPCRTest.strings(o.attributes["qcReasons"])
            #expect(reasons.contains("efficiency-out-of-range") && reasons.contains("r2-low"))
        }
    }

    @Test func failedRunIsQuarantinedWhenThePipelineSaysSo() throws {
        let out = try QPCRTest.runFile("quantstudio-run2-bad-curve.txt", options: QPCRTest.demoOptions([("on-qc-failure", "quarantine")]))
        #expect(QPCRTest.observations(out).isEmpty)
        let q = QPCRTest.quarantined(out)
        #expect(q.count == 2 && q.allSatisfy { $0.code == .qpcrRunQCFailed })
        #expect(q.first?.message.contains("efficiency-out-of-range") == true)
    }

    // MARK: - Counts and ignored wells

    @Test(arguments: [Int.max, 7, 1])
    func outputsEqualResultRows(chunk: Int) throws {
        let text = try String(contentsOfFile: QPCRTest.path("quantstudio-run1.txt"), encoding: .utf8)
        let lines = text.components(separatedBy: "\r\n")
        let start = lines.firstIndex(of: "[Results]")! + 2
        let rows = lines[start...].filter { !$0.isEmpty }.count
        let out = try QPCRTest.runFile("quantstudio-run1.txt", chunk: chunk)
        #expect(out.count == rows)
        let ignored = QPCRTest.ignored(out)
        #expect(ignored.filter { $0 == .qpcrOmittedWell }.count == 1)
        #expect(ignored.filter { $0 == .qpcrStandard }.count == 12)
        #expect(ignored.filter { $0 == .qpcrNTC }.count == 2)
        #expect(ignored.filter { $0 == .qpcrReferenceGene }.count == 7)
        #expect(ignored.filter { $0 == .qpcrFooter }.count == 4)
        #expect(QPCRTest.observations(out).count == 7)
        #expect(ignored.filter { $0 == .qpcrReplicateAggregated }.count == 14)
    }

    @Test func omittedWellIsLeftOutOfTheReplicates() throws {
        let o = try #require(QPCRTest.bySample(try QPCRTest.runFile("quantstudio-run1.txt"))["CART-002_D7_PB"])
        #expect(o.attributes["replicates"] == .int(3))
        #expect(QPCRTest.strings(o.attributes["qcReasons"]) == [])
    }

    @Test func instrumentValuesAreRecordedAndCompared() throws {
        let o = try #require(QPCRTest.bySample(try QPCRTest.runFile("quantstudio-run1.txt"))["CART-001_D14_PB"])
        #expect(o.attributes["quantityDisagreement"] == .bool(false))
        #expect(o.attributes["instrumentEfficiency"] != nil)
        // The efficiency from the file's own standards matches the printed one within 0.5 points.
        guard case .decimal(let mine)? = o.attributes["efficiency"], case .decimal(let printed)? = o.attributes["instrumentEfficiency"] else {
            Issue.record("efficiency missing"); return
        }
        #expect(abs(mine.qpcrDouble - printed.qpcrDouble) < 0.5)
        #expect(o.attributes["referenceTargets"] != nil)
        #expect(o.collected == ReportedTime("2024-03-18T08:30:00-04:00"))   // from the manifest
    }

    /// The manifest is read once per file version: a manifest changed between two files is read again.
    @Test func aChangedManifestIsReadAgain() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qpcr-manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("manifest.csv")
        let original = try String(contentsOfFile: QPCRTest.path("manifest.csv"), encoding: .utf8)
        try original.write(to: manifest, atomically: false, encoding: .utf8)
        func collected() throws -> ReportedTime? {
            let out = try QPCRTest.runFile("quantstudio-run1.txt", options: QPCRTest.options(
                [("manifest", manifest.path), ("lloq", "250"), ("lod", "100")], lists: [("reference-targets", ["RNaseP"])]))
            return QPCRTest.bySample(out)["CART-001_D14_PB"]?.collected
        }
        #expect(try collected() == ReportedTime("2024-03-18T08:30:00-04:00"))
        #expect(try collected() == ReportedTime("2024-03-18T08:30:00-04:00"))  // from the cache
        try original.replacingOccurrences(of: "2024-03-18T08:30:00-04:00", with: "2024-03-19T09:45:00-04:00")
            .write(to: manifest, atomically: false, encoding: .utf8)
        #expect(try collected() == ReportedTime("2024-03-19T09:45:00-04:00"))
    }

    /// A manifest that gives one sample two different values fails the unit: which row is right is not guessed.
    @Test func aManifestThatContradictsItselfFails() throws {
        let text = "sample,collected,dna-ng-per-reaction\nCART-001_D7_PB,2024-03-11T08:30:00-04:00,100\nCART-001_D7_PB,2024-03-12T08:30:00-04:00,100\n"
        #expect(throws: LabError.self) { _ = try SampleManifest.read(MemoryByteSource(text), uri: "m.csv") }
        let repeated = "sample,collected\nCART-001_D7_PB,2024-03-11T08:30:00-04:00\nCART-001_D7_PB,2024-03-11T08:30:00-04:00\n"
        #expect(try SampleManifest.read(MemoryByteSource(repeated), uri: "m.csv").entries.count == 1)
    }

    @Test func runEndIsTheCollectionFallback() throws {
        let out = try QPCRTest.runFile("quantstudio-run1.txt", options: QPCRTest.options([("dna-ng-per-reaction", "100")]))
        let o = try #require(QPCRTest.bySample(out)["CART-001_D14_PB"])
        #expect(o.collected == ReportedTime("2024-04-02T16:42:10-04:00"))
        #expect(o.attributes["runEnd"] == .string("2024-04-02 16:42:10 PM EDT"))
    }

    @Test func unknownOptionIsAnError() {
        #expect(throws: LabError.self) {
            _ = try QPCRTest.run(MemoryByteSource("x"), options: QPCRTest.options([("efficency-min", "80")]))
        }
    }
}
