import Foundation
import LabCore
import Testing
@testable import LabFormats

/// ER7 syntax, value types, statuses and failure granularity (shared mapper, exercised through ER7).
@Suite struct HL7ER7Tests {
    static let msh = "MSH|^~\\&|LIS|LAB|LABINGEST|TRIAL|20240301083000+0800||ORU^R01|MSG1|P|2.5.1"
    static let pid = "PID|1||MRN10001^^^HOSP^MR||DOE^JANE||19800101|F"
    static let obr = "OBR|1|P1|F1|CBC^CBC^L|||20240301070000+0800"

    static func message(_ obx: [String], msh: String = msh, pid: String = pid) -> String {
        ([msh, pid, obr] + obx).joined(separator: "\r") + "\r"
    }

    @Test func batchEnvelopeCountsAndBadMessages() throws {
        let r = try HL7Test.parse(HL7ER7Parser(), HL7Test.bytes("oru-batch.hl7"))
        #expect(r.summary.notes.isEmpty)
        // Message 4 repeats bilirubin (OBX-3, no OBX-4) in another unit and value: the parser passes both on,
        // and ingestion quarantines the second once normalization shows another value (IngestTests).
        #expect(r.observations.count == 6)
        #expect(r.quarantined.map(\.0.code) == [.subjectMissing])
        #expect(r.quarantined.map { $0.0.locator?.path } == ["message 3, OBX 1"])
        #expect(r.observations[2].value == .reported("Occasional reactive lymphocytes\nNo blasts seen; see | flags"))

        let text = String(decoding: try HL7Test.bytes("oru-batch.hl7"), as: UTF8.self).replacingOccurrences(of: "BTS|4", with: "BTS|5")
        let mismatch = try HL7Test.er7(text)
        #expect(mismatch.summary.notes.count == 1)
        #expect(mismatch.summary.notes[0].contains("BTS-1 says 5 messages, 4 read"))
    }

    @Test func lineEndingsAndMLLPFraming() throws {
        let lines = [Self.msh, Self.pid, Self.obr, "OBX|1|NM|751-8^ANC^LN||1.2|10*9/L|||||F"]
        let cr = try HL7Test.er7(lines.joined(separator: "\r"))
        let lf = try HL7Test.er7(lines.joined(separator: "\n") + "\n")
        let crlf = try HL7Test.er7(lines.joined(separator: "\r\n") + "\r\n")
        let mllp = try HL7Test.er7("\u{0B}" + lines.joined(separator: "\r") + "\r\u{1C}\r")
        for r in [cr, lf, crlf, mllp] {
            #expect(r.observations.count == 1)
            #expect(r.observations.first?.value == .reported("1.2"))
            #expect(r.observations.first?.locator.line == 4)
        }
        let bom = try HL7Test.parse(HL7ER7Parser(), [0xEF, 0xBB, 0xBF] + Array(lines.joined(separator: "\r").utf8))
        #expect(bom.observations.count == 1)
    }

    @Test func escapesAndCustomSeparators() throws {
        let r = try HL7Test.er7(Self.message(["OBX|1|TX|NOTE^Note^L||a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f\\.br\\g\\X41\\h\\H\\i\\N\\||||||F"]))
        #expect(r.observations.first?.value == .reported("a|b^c&d~e\\f\ngAhi"))
        // The raw text re-escapes with standard separators.
        #expect(r.observations.first?.raw.contains("a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f\\.br\\gAhi") == true)

        let custom = "MSH#*!$%#LIS#LAB#LABINGEST#TRIAL#20240301083000+0800##ORU*R01#MSG1#P#2.5.1\r"
            + "PID#1##MRN10001***HOSP*MR\rOBR#1#P1#F1####20240301070000+0800\rOBX#1#ST#751-8*ANC*LN##x$F$y#10*9/L#####F\r"
        let c = try HL7Test.er7(custom)
        #expect(c.observations.first?.value == .reported("x#y"))
        #expect(c.observations.first?.analyte.codings.first?.code == "751-8")
        #expect(c.observations.first?.subject.identifiers.first?.authority == "HOSP")
    }

    /// The raw text kept for trace: PHI blanked, SS identifiers dropped, trailing empty fields, components and
    /// subcomponents left out, empty repetitions kept in place.
    @Test func rawTextShape() throws {
        let pid = "PID|1|ALT1|123-45-6789^^^USA^SS~MRN10001^^^HOSP&1.2.3&ISO^MR~~X9^^^^^|ALT4|DOE^JANE||19800101|F|||1 MAIN ST||||||||"
        let obx = "OBX|1|NM|751-8^ANC^LN^^^|2&&|1.2|10*9/L^^|||||F|||||SMITH^JOHN|meth||||||LAB^^||DIRECTOR^A|||"
        let r = try HL7Test.er7(Self.message([obx], pid: pid))
        let raw = try #require(r.observations.first?.raw)
        #expect(raw == "PID|1|ALT1|MRN10001^^^HOSP&1.2.3&ISO^MR~~X9|ALT4||||F\n"
            + "OBX|1|NM|751-8^ANC^LN|2|1.2|10*9/L|||||F||||||meth||||||LAB")
        let msh = try #require(HL7RawText.render(HL7ER7Parser.segment(Self.msh, .standard)))
        #expect(msh == Self.msh)
    }

    /// Order numbers come from the OBX's own order group: its OBR, else the ORC just before that OBR; never
    /// from another order or another patient.
    @Test func orderNumbersComeFromTheOBXsOwnOrderGroup() throws {
        let text = [Self.msh, Self.pid,
                    "ORC|NW|PLACER-A|FILLER-A", "OBR|1|||CBC^CBC^L|||20240301070000+0800",
                    "OBX|1|NM|751-8^ANC^LN||1.2|10*9/L|||||F",
                    "ORC|NW|PLACER-B|FILLER-B", "NTE|1||note", "OBR|2|PB|FB|CHEM^CHEM^L|||20240301070000+0800",
                    "OBX|1|NM|1975-2^Bili^LN||12|umol/L|||||F",
                    "PID|2||MRN10002^^^HOSP^MR", "OBX|1|NM|751-8^ANC^LN||1.5|10*9/L|||||F|||20240301070000+0800"]
            .joined(separator: "\r")
        let r = try HL7Test.er7(text)
        #expect(r.observations.count == 3)
        #expect(r.observations[0].attributes["placerOrder"] == .string("PLACER-A"))
        #expect(r.observations[0].attributes["fillerOrder"] == .string("FILLER-A"))
        #expect(r.observations[1].attributes["placerOrder"] == .string("PB"))
        #expect(r.observations[1].attributes["fillerOrder"] == .string("FB"))
        #expect(r.observations[2].attributes["placerOrder"] == nil)  // a new patient: no order carried over
        #expect(r.observations[2].subject.identifiers.first?.value == "MRN10002")
    }

    /// A segment keeps 65,535 positions per level; one past that fails its message instead of losing a value.
    @Test func tooManyRepetitionsFailTheMessage() throws {
        let obx = "OBX|1|ST|NOTE^Note^L||" + String(repeating: "x~", count: 70_000) + "y|||||F"
        let r = try HL7Test.er7(Self.message([obx]))
        #expect(r.observations.isEmpty)
        #expect(r.quarantined.map(\.0.code) == [.hl7MessageMalformed])
        #expect(r.quarantined.first?.0.message.contains("more than 65535") == true)
    }

    @Test func structuredNumericForms() throws {
        let r = try HL7Test.er7(Self.message([
            "OBX|1|SN|A^A^L||<^0.5|mg/L|||||F", "OBX|2|SN|B^B^L||>=^10|mg/L|||||F", "OBX|3|SN|C^C^L||^1^-^5|mg/L|||||F",
            "OBX|4|SN|D^D^L||^1^:^128||||||F", "OBX|5|SN|E^E^L||=^3.2|mg/L|||||F", "OBX|6|SN|F^F^L||^2^+||||||F",
            "OBX|7|SN|G^G^L||~^abc|mg/L|||||F", "OBX|8|SN|H^H^L||<>^4||||||F",
        ]))
        let v = r.outputs.map { o -> String in
            switch o {
            case .observation(let x): return "\(x.value)"
            case .quarantined(let e, _): return e.code.rawValue
            case .ignored(let c, _, _): return c.rawValue
            }
        }
        #expect(v[0] == "\(ObservationValue.number(Decimal(string: "0.5")!, comparator: .lessThan, original: "<0.5"))")
        #expect(v[1] == "\(ObservationValue.number(10, comparator: .greaterOrEqual, original: ">=10"))")
        #expect(v[2] == "\(ObservationValue.text("1-5"))")
        #expect(v[3] == "\(ObservationValue.text("1:128"))")
        #expect(v[4] == "\(ObservationValue.number(Decimal(string: "3.2")!, comparator: nil, original: "3.2"))")
        #expect(v[5] == "\(ObservationValue.text("2+"))")
        #expect(v[6] == "value.unparseable")
        #expect(v[7] == "\(ObservationValue.text("<>4"))")
        #expect(r.observations[3].attributes["snForm"] == .string("ratio"))
    }

    @Test func everyResultStatus() throws {
        let codes = ["F", "P", "C", "D", "W", "X", "", "U", "R", "S", "A", "I", "O", "N", "Q"]
        let r = try HL7Test.er7(Self.message(codes.enumerated().map { "OBX|\($0.offset + 1)|NM|751-8^ANC^LN|\($0.offset)|1.2|10*9/L|||||\($0.element)" }))
        func outcome(_ o: ParseOutput) -> String {
            switch o {
            case .observation(let x): return x.status.rawValue
            case .ignored(let c, _, _): return c.rawValue
            case .quarantined(let e, _): return e.code.rawValue
            }
        }
        #expect(r.outputs.map(outcome) == ["final", "preliminary", "corrected", "cancelled", "cancelled", "obx.not-obtained",
                                           "final", "final", "preliminary", "preliminary", "corrected", "obx.no-result",
                                           "obx.no-result", "obx.no-result", "status.unknown"])
        #expect(r.observations.map(\.resultID).allSatisfy { $0?.hasPrefix("LIS|LAB|F1|751-8|") == true })
    }

    @Test func valueTypesUnitsAndMissingPieces() throws {
        let r = try HL7Test.er7(Self.message([
            "OBX|1|CWE|X^X^L||POS^Positive^SCT||||||F",
            "OBX|2|NM|751-8^ANC^LN|1|1.2|10*9/L^^ISO+^10*9/L^^UCUM||||||F",
            "OBX|3|NM|751-8^ANC^LN|2|1.2|K/uL^^L^10*3/uL^^UCUM||||||F",
            "OBX|4|RP|PDF^Report^L||http://x^AP^PDF||||||F",
            "OBX|5|XAD|ADDR^Address^L||1 Secret St||||||F",
            "OBX|6|NM|751-8^ANC^LN||||||||F",
            "OBX|7|NM|||1.2|/uL|||||F",
            "OBX|8|NM|751-8^ANC^LN||\"\"||||||F",
        ]))
        let o = r.outputs
        guard case .observation(let coded) = o[0], case .observation(let a) = o[1], case .observation(let b) = o[2],
              case .ignored(let rp, _, _) = o[3], case .ignored(let xad, _, let detail) = o[4],
              case .quarantined(let missing, _) = o[5], case .quarantined(let noAnalyte, _) = o[6],
              case .quarantined(let nullValue, _) = o[7] else {
            Issue.record("unexpected outputs \(o.map { HL7Test.render($0) })"); return
        }
        #expect(coded.value == .coded(code: "POS", display: "Positive", system: "SCT"))
        #expect(a.unit == "10*9/L")
        #expect(b.unit == "10*3/uL")
        #expect(rp == .obxAttachment)
        #expect(xad == .obxUnsupportedType && detail == "OBX-2 XAD")
        #expect(!o.map { HL7Test.render($0) }.joined().contains("Secret"))
        #expect(missing.code == .valueMissing)
        #expect(noAnalyte.code == .analyteUnknown)
        #expect(nullValue.code == .valueMissing)
    }

    @Test func subjectMissingAndNonResultMessages() throws {
        let noPID = try HL7Test.er7(([Self.msh, Self.obr, "OBX|1|NM|751-8^ANC^LN||1.2|10*9/L|||||F"]).joined(separator: "\r"))
        #expect(noPID.quarantined.map(\.0.code) == [.subjectMissing])
        let adt = try HL7Test.er7(Self.message(["OBX|1|NM|8302-2^Height^LN||170|cm|||||F"],
                                               msh: Self.msh.replacingOccurrences(of: "ORU^R01", with: "ADT^A01")))
        #expect(adt.ignored.map(\.0) == [.hl7NotResultMessage])
        #expect(HL7Test.thrownCode { _ = try HL7Test.er7("hello world\nnot hl7\n") } == .er7Malformed)
    }

    @Test func oneBadMessageInTenThousand() throws {
        var text = ""
        for i in 1...10_000 {
            let pid = i == 4_321 ? "PID|1||^^^HOSP^MR" : "PID|1||MRN\(i)^^^HOSP^MR||DOE^JANE"
            text += "MSH|^~\\&|LIS|LAB|X|Y|20240301083000||ORU^R01|M\(i)|P|2.5.1\r\(pid)\rOBR|1||F\(i)||||20240301070000\rOBX|1|NM|751-8^ANC^LN||1.\(i % 10)|10*9/L|||||F\r"
        }
        let r = try HL7Test.er7(text)
        #expect(r.outputs.count == 10_000)
        #expect(r.quarantined.count == 1)
        #expect(r.quarantined.first?.0.locator?.path == "message 4321, OBX 1")
        #expect(r.observations.count == 9_999)
    }

    @Test func malformedMessageFailsOnlyItself() throws {
        let good = Self.message(["OBX|1|NM|751-8^ANC^LN||1.2|10*9/L|||||F"])
        let bad = Self.message(["OBX|1|NM|751-8^ANC^LN||1.2|10*9/L|||||F", "this line is not a segment", "OBX|2|NM|777-3^PLT^LN||100|10*9/L|||||F"])
        let r = try HL7Test.er7(good + bad + good)
        #expect(r.observations.count == 2)
        #expect(r.quarantined.map(\.0.code) == [.hl7MessageMalformed, .hl7MessageMalformed])
        #expect(r.quarantined.map { $0.0.locator?.path } == ["message 2, OBX 1", "message 2, OBX 2"])
    }

    @Test func oversizedFieldFailsItsMessageOnly() throws {
        let big = String(repeating: "A", count: 20_000)
        let options = ConfigValue.map([(key: "max-text-bytes", value: .string("4096", line: 1))], line: 1)
        let text = Self.message(["OBX|1|ED|PDF^R^L||^AP^PDF^Base64^\(big)||||||F", "OBX|2|NM|751-8^ANC^LN||1.2|10*9/L|||||F"])
            + Self.message(["OBX|1|NM|751-8^ANC^LN||1.3|10*9/L|||||F"])
        let r = try HL7Test.parse(HL7ER7Parser(), Array(text.utf8), options: options)
        #expect(r.quarantined.map(\.0.code) == [.hl7TextTooLarge, .hl7TextTooLarge])
        #expect(r.observations.count == 1)
        #expect(r.quarantined.allSatisfy { $0.1.utf8.count < 2_000 })
    }

    @Test func unknownOptionIsAnError() {
        let options = ConfigValue.map([(key: "colour", value: .string("red", line: 3))], line: 1)
        #expect(HL7Test.thrownCode { _ = try HL7Test.parse(HL7ER7Parser(), Array(Self.message([]).utf8), options: options) } == .pipelineInvalid)
        let gzip = ConfigValue.map([(key: "gzip", value: .string("true", line: 3))], line: 1)
        #expect(HL7Test.thrownCode { _ = try HL7Test.parse(HL7ER7Parser(), Array(Self.message([]).utf8), options: gzip) } == .pipelineInvalid)
    }
}
