import Foundation
import LabCore
import Testing
@testable import LabFormats

/// Each XML dialect/version and ER7 read through the shared model and mapper.
@Suite struct HL7DialectTests {
    static let xmlSamples = ["oru-v251-ts.xml", "oru-v251-marrow.xml", "oru-v26-dtm-cwe.xml", "oru-v23-response.xml",
                             "oru-prefixed-ns-correction.xml", "oru-mirth.xml"]
    static let er7Samples = ["oru-v251-ts.hl7", "oru-batch.hl7"]

    @Test func v251WithTS1GroupsAndAttachment() throws {
        let r = try HL7Test.parse(HL7XMLParser(), HL7Test.bytes("oru-v251-ts.xml"))
        #expect(r.observations.count == 11)
        #expect(r.ignored.map(\.0) == [.obxAttachment])
        let anc = try #require(r.observations.first { $0.analyte.codings.first?.code == "751-8" })
        #expect(anc.value == .reported("1200"))
        #expect(anc.unit == "/uL")
        #expect(anc.referenceRange == "1800-7700")
        #expect(anc.flag == "L")
        #expect(anc.status == .final)
        #expect(anc.specimen == "blood")
        #expect(anc.collected == ReportedTime("20240318080000+0800"))
        #expect(anc.reported == ReportedTime("20240318092500+0800"))
        #expect(anc.resultID == "LIS|STJUDE-LAB|FIL-2001|751-8|")
        #expect(anc.subject.identifiers == [.init(value: "MRN10001", type: "MR", authority: "STJUDE")])
        #expect(anc.locator.path == "message 1, OBX 2")
        #expect(anc.locator.line == 16)
        #expect(anc.attributes["messageControlId"] == .string("MSG-0001"))
        let bili = try #require(r.observations.first { $0.analyte.codings.first?.code == "1975-2" })
        #expect(bili.specimen == "serum")  // OBR-15 of the second order, not the first order's SPM
        #expect(bili.collected == ReportedTime("20240318080000+0800"))  // OBX-14 empty → OBR-7
        let crp = try #require(r.observations.first { $0.analyte.codings.first?.code == "1988-5" })
        #expect(crp.value == .number(Decimal(string: "0.5")!, comparator: .lessThan, original: "<0.5"))
        let il6 = try #require(r.observations.first { $0.analyte.codings.first?.code == "26881-3" })
        #expect(il6.value == .reported(">1000"))
        #expect(il6.status == .preliminary)
    }

    @Test func v26BareDTMAndCWEWithAlternateCoding() throws {
        let r = try HL7Test.parse(HL7XMLParser(), HL7Test.bytes("oru-v26-dtm-cwe.xml"))
        #expect(r.observations.count == 4)
        let anc = r.observations[0]
        #expect(anc.analyte.codings.map(\.code) == ["751-8", "ANC"])
        #expect(anc.analyte.codings.map(\.system) == ["LN", "L"])
        #expect(anc.unit == "10*9/L")
        #expect(anc.collected == ReportedTime("202403250700-0500"))
        #expect(anc.specimen == "serum")  // SPM-4 of the order group
        let range = r.observations[3]
        #expect(range.value == .text("12-15"))
        #expect(range.attributes["snForm"] == .string("range"))
        #expect(range.attributes["snLow"] == .string("12") && range.attributes["snHigh"] == .string("15"))
    }

    @Test func v23ResponseGroupsLatin1AndExternalDoctype() throws {
        let r = try HL7Test.parse(HL7XMLParser(), HL7Test.bytes("oru-v23-response.xml"))
        #expect(r.summary.encoding == "iso-8859-1")
        #expect(r.observations.map { $0.analyte.codings[0].code } == ["6690-2", "731-0"])
        #expect(r.observations.allSatisfy { $0.attributes["hl7Version"] == .string("2.3") })
        #expect(r.ignored.map(\.0) == [.obxNotObtained])
    }

    @Test func prefixedNamespaceCorrection() throws {
        let r = try HL7Test.parse(HL7XMLParser(), HL7Test.bytes("oru-prefixed-ns-correction.xml"))
        let c = try #require(r.observations.first)
        #expect(r.outputs.count == 1)
        #expect(c.status == .corrected)
        #expect(c.value == .reported("1100"))
        // Same result id as the original ANC in oru-v251-ts.xml: the pipeline supersedes it.
        let original = try HL7Test.parse(HL7XMLParser(), HL7Test.bytes("oru-v251-ts.xml")).observations
            .first { $0.analyte.codings.first?.code == "751-8" }
        #expect(c.resultID == original?.resultID)
    }

    @Test func mirthDialect() throws {
        let r = try HL7Test.parse(HL7XMLParser(), HL7Test.bytes("oru-mirth.xml"))
        #expect(r.observations.count == 3)
        #expect(r.observations[0].value == .reported("85.2"))
        #expect(r.observations[0].subject.identifiers.first?.value == "MRN10002")
        #expect(r.observations[0].specimen == "serum")  // OBR-15.1.1 in Mirth naming
        #expect(r.ignored.map(\.0) == [.obxAttachment])
        #expect(r.observations[2].status == .cancelled)
    }

    @Test func marrowBlastsAndCodedResult() throws {
        let r = try HL7Test.parse(HL7XMLParser(), HL7Test.bytes("oru-v251-marrow.xml"))
        let blasts = r.observations[0]
        #expect(blasts.analyte.codings == [.init(system: "LABINGEST", code: "LI-MARROW-BLASTS", display: "Blasts in bone marrow")])
        #expect(blasts.specimen == "bone marrow")
        #expect(blasts.unit == "%")
        #expect(r.observations[1].value == .coded(code: "NEG", display: "Negative", system: "99LAB"))
    }

    @Test func er7XMLTwinsGiveIdenticalOutputs() throws {
        let xml = try HL7Test.parse(HL7XMLParser(), HL7Test.bytes("oru-v251-ts.xml"))
        let er7 = try HL7Test.parse(HL7ER7Parser(), HL7Test.bytes("oru-v251-ts.hl7"))
        #expect(xml.outputs.count == er7.outputs.count)
        for (a, b) in zip(xml.outputs, er7.outputs) {
            #expect(HL7Test.render(a, withPlace: false) == HL7Test.render(b, withPlace: false))
        }
    }

    @Test func severalMessagesInAWrapperAndConcatenatedDocuments() throws {
        let one = String(decoding: try HL7Test.bytes("oru-v251-marrow.xml"), as: UTF8.self)
        let body = one.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: "")
        let wrapped = try HL7Test.xml("<?xml version=\"1.0\"?>\n<Batch>\n\(body)\(body)</Batch>\n")
        #expect(wrapped.observations.map(\.locator.path) == ["message 1, OBX 1", "message 1, OBX 2", "message 1, OBX 3",
                                                            "message 2, OBX 1", "message 2, OBX 2", "message 2, OBX 3"])
        let concatenated = try HL7Test.xml(one + "\n" + one + body)
        #expect(concatenated.observations.count == 9)
        #expect(concatenated.observations[8].locator.path == "message 3, OBX 3")
        // Lines continue across documents.
        let lineCount = one.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(concatenated.observations[3].locator.line == concatenated.observations[0].locator.line! + lineCount)
    }

    /// libxml2's line numbers stop at 65,535; the guard counts the lines itself, so an OBX far into a large
    /// batch still traces to its exact line.
    @Test func linesBeyond65535AreExact() throws {
        let one = String(decoding: try HL7Test.bytes("oru-v251-marrow.xml"), as: UTF8.self)
        let body = one.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: "")
        let padding = String(repeating: "\n", count: 70_000)
        let text = "<?xml version=\"1.0\"?>\n<Batch>\n" + body + padding + body + "</Batch>\n"
        let r = try HL7Test.xml(text)
        #expect(r.observations.count == 6)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for o in r.observations {
            let line = try #require(o.locator.line)
            #expect(lines[line - 1].contains("<OBX>") || lines[line - 1].contains("<OBX "), "line \(line)")
        }
        let bodyLines = body.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        #expect(r.observations[3].locator.line == r.observations[0].locator.line! + bodyLines + 70_000)
    }

    @Test(arguments: [1, 2, 7])
    func chunkedReadsGiveWholeFileOutputs(chunk: Int) throws {
        for name in Self.xmlSamples + Self.er7Samples {
            let parser: any RecordParser = name.hasSuffix(".xml") ? HL7XMLParser() : HL7ER7Parser()
            let bytes = try HL7Test.bytes(name)
            let whole = try HL7Test.parse(parser, bytes).outputs.map { HL7Test.render($0) }
            let chunked = try HL7Test.parse(parser, bytes, chunk: chunk).outputs.map { HL7Test.render($0) }
            #expect(whole == chunked, "\(name) at chunk size \(chunk)")
        }
    }

    @Test func phiNeverInAnyOutput() throws {
        let phi = ["DOE", "JANE", "JOHN", "19800101", "MAPLE", "SPRINGFIELD", "5550101", "5550199", "5550123", "555-11-2222",
                   "ROE", "RICHARD", "19751231", "ELM AVE", "5550202", "POE", "EDGAR", "19900704", "RAVEN", "5550303",
                   "NOBODY", "19700101", "Spouse"]
        var scanned = 0
        for name in Self.xmlSamples + Self.er7Samples {
            let parser: any RecordParser = name.hasSuffix(".xml") ? HL7XMLParser() : HL7ER7Parser()
            let r = try HL7Test.parse(parser, HL7Test.bytes(name))
            var texts = r.outputs.map { HL7Test.render($0) }
            texts += r.quarantined.map { $0.0.description + $0.0.detailedDescription() }
            texts += r.summary.notes
            for text in texts {
                scanned += 1
                for word in phi { #expect(!text.contains(word), "\(name): PHI '\(word)' leaked") }
            }
        }
        #expect(scanned > 30)
        // The samples do carry PHI: the scan is meaningful.
        let source = String(decoding: try HL7Test.bytes("oru-v251-ts.hl7"), as: UTF8.self)
        #expect(source.contains("DOE^JANE") && source.contains("19800101") && source.contains("555-11-2222"))
    }
}
