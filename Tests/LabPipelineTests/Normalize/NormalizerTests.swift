import Foundation
import LabCore
@testable import LabPipeline
import LabStore
import LabUnits
import Testing

@Suite struct NormalizerTests {
    static let roster = try! Roster([
        RosterEntry(subject: "CART-001", mrn: "MRN10001", samplePrefix: "CART-001", infusionDate: DateComponents(year: 2024, month: 3, day: 4)),
        RosterEntry(subject: "CART-002", mrn: "MRN10002"),
    ])

    static func normalizer(sampleID: SampleIDPattern? = nil, timezone: String = "Asia/Shanghai") throws -> Normalizer {
        let units = try UnitNormalizer.builtIn()
        return Normalizer(units: units, catalogue: try AnalyteCatalogue.builtIn(), context: .init(
            pipeline: "test", sourceName: "lab", timezone: TimeZone(identifier: timezone)!, roster: roster,
            sampleID: sampleID, specimens: ["PB": "blood", "BM": "bone marrow"]))
    }

    static let source = SourceInfo(sha256: "sha256:aa", uri: "file:///a.csv", size: 1, format: "lab-csv", sourceName: "lab", pipeline: "test")

    static func observation(mrn: String = "MRN10001", loinc: String? = "751-8", name: String? = nil, value: String = "1200",
                            unit: String? = "/uL", time: String = "2024-03-18T07:30:00+08:00", range: String? = nil,
                            status: ResultStatus = .final, resultID: String? = nil) -> Observation {
        Observation(kind: .labResult, locator: Locator(uri: "file:///a.csv", line: 2),
                    subject: SubjectReference(identifiers: [.init(value: mrn, type: "MR")]),
                    analyte: AnalyteReference(codings: loinc.map { [.init(system: "LN", code: $0)] } ?? [], name: name),
                    value: .reported(value), unit: unit, referenceRange: range, status: status,
                    collected: ReportedTime(time), resultID: resultID, raw: "raw")
    }

    func event(_ o: Observation, source: SourceInfo = NormalizerTests.source) throws -> Event {
        try Self.normalizer().event(from: o, source: source, parser: "lab-csv/1")
    }

    func reason(_ o: Observation) -> ReasonCode? {
        do { _ = try event(o); return nil } catch let e as LabError { return e.code } catch { return nil }
    }

    @Test func ancPerMicrolitreBecomesExactlyGigaPerLitre() throws {
        let e = try event(Self.observation(value: "1000"))
        #expect(e.value == 1)
        #expect(e.unit == "10*9/L")
        #expect(!(e.value! > 1))  // the protocol's CR threshold is a strict "> 1.0"
        #expect(e.original == OriginalValue(value: "1000", unit: "/uL"))
        #expect(try event(Self.observation(value: "1200")).value == Decimal(string: "1.2"))
    }

    @Test func bilirubinMassBecomesMolarByMolarMass() throws {
        let e = try event(Self.observation(loinc: "1975-2", value: "2.0", unit: "mg/dL", range: "0.2-1.2"))
        #expect(DecimalText.format(e.value!) == "34.208")
        #expect(e.unit == "umol/L")
        #expect(e.referenceRange?.low.map(DecimalText.format) == "3.4208")
    }

    @Test func sameNaturalKeyGivesTheSameIdFromAnyFile() throws {
        var other = Self.source
        other.sha256 = "sha256:bb"
        other.uri = "file:///copy-of-a.csv"
        let a = try event(Self.observation())
        let b = try event(Self.observation(), source: other)
        #expect(a.id == b.id)
        #expect(a.id.hasPrefix("sha256:") && a.id.count == 71)
        // The same result in another unit spelling is the same fact.
        #expect(try event(Self.observation(value: "1.2", unit: "10^9/L")).id == a.id)
        #expect(try event(Self.observation(value: "1300")).id != a.id)
        #expect(try event(Self.observation(time: "2024-03-18T07:31:00+08:00")).id != a.id)
    }

    @Test func aCorrectionSharesTheResultKeyButNotTheId() throws {
        let first = try event(Self.observation(resultID: "A1"))
        let corrected = try event(Self.observation(value: "1300", status: .corrected, resultID: "A1"))
        #expect(first.resultKey == corrected.resultKey)
        #expect(first.id != corrected.id)
    }

    @Test func unknownPatientIsNeverGuessed() {
        #expect(reason(Self.observation(mrn: "MRN99999")) == .subjectUnknown)
        var o = Self.observation()
        o.subject = SubjectReference()
        #expect(reason(o) == .subjectMissing)
    }

    @Test func unknownAnalyteAndUnit() {
        #expect(reason(Self.observation(loinc: nil, name: "Mystery test")) == .analyteUnknown)
        #expect(reason(Self.observation(unit: "cells/hpf")) == .unitUnknown)
        #expect(reason(Self.observation(unit: "mg/dL")) == .unitIncompatible)
        #expect(reason(Self.observation(unit: nil)) == .unitMissing)
    }

    @Test func aliasesIdentifyLocalTestNames() throws {
        let e = try event(Self.observation(loinc: nil, name: "ANC", value: "0.8", unit: "G/L"))
        #expect(e.analyte.code == "751-8")
        #expect(e.value == Decimal(string: "0.8"))
    }

    /// A code decides; a test name identifies only a test sent with a local code (or none), through the
    /// catalogue's alias rules, and never replaces a code with LOINC syntax.
    @Test func aNameNeverOverridesACode() throws {
        func coded(_ code: String, _ system: String?, name: String?) -> Observation {
            var o = Self.observation(loinc: nil, name: name, value: "5.0", unit: "mmol/L")
            o.analyte = AnalyteReference(codings: [.init(system: system, code: code, display: name)], name: name)
            return o
        }
        // 1558-6 (fasting glucose) is not catalogued: kept as an uncatalogued LOINC result, never the "GLUCOSE" alias.
        let ln = try event(coded("1558-6", "LN", name: "GLUCOSE"))
        #expect(ln.analyte.code == "1558-6")
        #expect(ln.attributes["catalogued"] == .bool(false))
        // The same code under another system label: not a known code, and the name does not stand in for it.
        #expect(reason(coded("1558-6", "POST 12H CFST:MCNC:PT:SER/PLAS:QN", name: "GLUCOSE")) == .analyteUnknown)
        do {
            _ = try event(coded("1558-6", "99LOC", name: "GLUCOSE"))
        } catch let e as LabError {
            #expect(e.message.contains("1558-6 (system 99LOC)"))
        }
        // A catalogued code under another label still finds its own entry (the alias index holds codes).
        let ghh = try event(coded("1554-5", "POST 12H CFST:MCNC:PT:SER/PLAS:QN", name: "GLUCOSE"))
        #expect(ghh.analyte.code == "1554-5")
        #expect(ghh.unit == "mmol/L")
        #expect(try event(coded("2345-7", "99LOC", name: "Fasting glucose")).analyte.code == "2345-7")
        // A local code identified by its name (the synthetic regional lab's `LYMA^Lymphocytes abs^L`).
        #expect(try event(coded("LYMA", "L", name: "Glucose")).analyte.code == "2345-7")
        #expect(reason(coded("LYMA", "L", name: "Mystery")) == .analyteUnknown)

        for entry in try AnalyteCatalogue.builtIn().entries where entry.system == "LOINC" {
            for code in [entry.code] + entry.alternateCodes { #expect(Normalizer.hasLOINCSyntax(code), "\(code)") }
        }
        for code in ["1558-5", "1558", "-6", "WBC", "12345678-9", "1558-66", "1a58-6"] { #expect(!Normalizer.hasLOINCSyntax(code), "\(code)") }
    }

    @Test func uncataloguedLOINCKeepsItsUnitInCanonicalSpelling() throws {
        let e = try event(Self.observation(loinc: "2085-9", name: "HDL cholesterol", value: "180", unit: "mg/dl"))
        #expect(e.analyte.code == "2085-9")
        #expect(e.unit == "mg/dL")
        #expect(e.value == 180)
        #expect(e.attributes["catalogued"] == .bool(false))
    }

    @Test func censoredAndTextValues() throws {
        let censored = try event(Self.observation(value: "<100"))
        #expect(censored.comparator == .lessThan)
        #expect(censored.value == Decimal(string: "0.1"))
        let text = try event(Self.observation(value: "see comment"))
        #expect(text.value == nil && text.text == "see comment")
        #expect(reason(Self.observation(value: "1,5")) == .valueUnparseable)
        #expect(reason(Self.observation(value: "")) == .valueMissing)
    }

    @Test func timesAndStudyDays() throws {
        let e = try event(Self.observation(time: "2024-03-18 07:30"))
        #expect(LabTime.utcString(e.collectedAt) == "2024-03-17T23:30:00Z")
        #expect(e.collectedOffsetSeconds == 8 * 3600)
        #expect(e.studyDay == 14)
        #expect(e.attributes["collectedZone"] == .string("Asia/Shanghai"))
        #expect(reason(Self.observation(time: "18/03/2024")) == .timeUnparseable)
        #expect(reason(Self.observation(time: "")) == .timeMissing)
        #expect(try event(Self.observation(time: "20240318")).attributes["collectedPrecision"] == .string("day"))
    }

    /// A code labelled LOINC that is not in the catalogue is kept only when it is a LOINC code.
    @Test func onlyRealLOINCCodesAreKeptUncatalogued() throws {
        #expect(try event(Self.observation(loinc: "33762-6", value: "120", unit: "pg/mL")).analyte.code == "33762-6")
        for code in ["QALY", "6690-3", "ABC-1", "12345678-9"] {
            #expect(reason(Self.observation(loinc: code, value: "1", unit: "1")) == .analyteUnknown, "\(code)")
        }
        #expect(Normalizer.hasLOINCSyntax("2345-7") && Normalizer.hasLOINCSyntax("1-8") && !Normalizer.hasLOINCSyntax("2345-8"))
    }

    /// Text with digits: words, a titer or a grade are text results; digits alone in another shape are a
    /// misread number.
    @Test func textResultsWithDigits() throws {
        for text in ["Reactive 1:80", "1:160", "Trace 1+", "2+", "Positive"] {
            #expect(try event(Self.observation(value: text, unit: nil)).text == text, "\(text)")
        }
        for text in ["1,5", "12..3", "5 - 7", "1:2:3", "5.1 H", "4.1 mmol/L", "140 (repeat)"] {
            #expect(reason(Self.observation(value: text, unit: nil)) == .valueUnparseable, "\(text)")
        }
    }

    /// HL7 v2: a time without an offset is in the sender's zone. With no zone stated by the pipeline, the
    /// sender's declared offset (MSH-7's) reads it; a stated zone wins.
    @Test func theSendersOffsetReadsItsTimesWhenThePipelineStatesNoZone() throws {
        var o = Self.observation(time: "2024-03-18 07:30")
        o.senderOffsetSeconds = 8 * 3600
        let unstated = Normalizer(units: try UnitNormalizer.builtIn(), catalogue: try AnalyteCatalogue.builtIn(),
                                  context: .init(timezoneStated: false, roster: Self.roster))
        let e = try unstated.event(from: o, source: Self.source, parser: "hl7-er7/1")
        #expect(LabTime.utcString(e.collectedAt) == "2024-03-17T23:30:00Z")
        #expect(e.collectedOffsetSeconds == 8 * 3600)
        #expect(e.attributes["collectedZone"] == .string("sender GMT+0800"))
        var noOffset = o
        noOffset.senderOffsetSeconds = nil
        #expect(LabTime.utcString(try unstated.event(from: noOffset, source: Self.source, parser: "x").collectedAt) == "2024-03-18T07:30:00Z")
        let stated = try Self.normalizer(timezone: "America/New_York").event(from: o, source: Self.source, parser: "hl7-er7/1")
        #expect(LabTime.utcString(stated.collectedAt) == "2024-03-18T11:30:00Z")
        #expect(stated.attributes["collectedZone"] == .string("America/New_York"))
    }

    /// Clock changes: a wall time the zone skips is no instant (quarantined); one it repeats keeps the earlier
    /// instant and says so.
    @Test func wallTimesTheZoneSkipsOrRepeats() throws {
        let newYork = try Self.normalizer(timezone: "America/New_York")
        func normalize(_ time: String) throws(LabError) -> Event {
            try newYork.event(from: Self.observation(time: time), source: Self.source, parser: "lab-csv/1")
        }
        #expect(throws: LabError.self) { _ = try normalize("2024-03-10 02:30") }
        do { _ = try normalize("2024-03-10 02:30") } catch { #expect(error.code == .timeUnparseable) }
        let repeated = try normalize("2024-11-03 01:30")
        #expect(LabTime.utcString(repeated.collectedAt) == "2024-11-03T05:30:00Z")
        #expect(repeated.attributes["collectedZoneFit"] == .string("repeated-hour"))
        #expect(try normalize("2024-11-03 03:30").attributes["collectedZoneFit"] == nil)
        #expect(try normalize("2024-03-10T02:30:00-05:00").attributes["collectedZoneFit"] == nil)   // its own offset
    }

    @Test func referenceRangeForms() throws {
        let n = try Self.normalizer()
        #expect(n.referenceRange("1.8-7.7", conversion: nil) == ReferenceRange(low: Decimal(string: "1.8"), high: Decimal(string: "7.7")))
        #expect(n.referenceRange("3.5 - 5.0 mmol/L", conversion: nil) == ReferenceRange(low: Decimal(string: "3.5"), high: 5))
        #expect(n.referenceRange("<5", conversion: nil)?.high == 5)
        #expect(n.referenceRange(">=10", conversion: nil)?.low == 10)
        #expect(n.referenceRange("-2 - 2", conversion: nil) == ReferenceRange(low: -2, high: 2))
        #expect(n.referenceRange("negative", conversion: nil) == ReferenceRange(text: "negative"))
    }

    @Test func sampleIdsGiveSubjectVisitAndSpecimen() throws {
        let pattern = try SampleIDPattern(#"^(?<subject>CART-\d{3})_(?<visit>[A-Z0-9]+)_(?<specimen>PB|BM)$"#)
        var o = Self.observation()
        o.subject = SubjectReference(sampleID: "CART-001_D14_BM")
        let e = try Self.normalizer(sampleID: pattern).event(from: o, source: Self.source, parser: "x")
        #expect(e.subject == "CART-001")
        #expect(e.specimen == "bone marrow")
        #expect(e.attributes["visit"] == .string("D14"))
        o.subject = SubjectReference(sampleID: "CART-099_D14_PB")
        #expect(throws: LabError.self) { try Self.normalizer(sampleID: pattern).event(from: o, source: Self.source, parser: "x") }
    }
}
