import Foundation
import Testing
@testable import LabFormats

@Suite struct HL7SnifferTests {
    @Test func samplesAreRecognizedByTheirOwnSniffer() throws {
        for name in HL7DialectTests.xmlSamples {
            let head = Array(try HL7Test.bytes(name).prefix(4096))
            #expect(HL7Sniffer.looksLikeXML(head), "\(name)")
            #expect(!HL7Sniffer.looksLikeER7(head), "\(name)")
        }
        for name in HL7DialectTests.er7Samples {
            let head = Array(try HL7Test.bytes(name).prefix(4096))
            #expect(HL7Sniffer.looksLikeER7(head), "\(name)")
            #expect(!HL7Sniffer.looksLikeXML(head), "\(name)")
        }
    }

    @Test func otherInputsAreNot() {
        let others = ["subject,analyte,value\nCART-001,ANC,1.2\n", "<?xml version=\"1.0\"?><rdml xmlns=\"http://www.rdml.org\"/>",
                      "MSHX|a", "MSH", "Well,Sample,Cq\n", ""]
        for text in others {
            #expect(!HL7Sniffer.looksLikeXML(Array(text.utf8)), "\(text)")
            #expect(!HL7Sniffer.looksLikeER7(Array(text.utf8)), "\(text)")
        }
        #expect(HL7Sniffer.looksLikeER7([0x0B] + Array("MSH|^~\\&|LIS|".utf8)))
        #expect(HL7Sniffer.looksLikeER7([0xEF, 0xBB, 0xBF] + Array("FHS|^~\\&|".utf8)))
        #expect(HL7Sniffer.looksLikeXML(Array("<ns0:ORU_R01 xmlns:ns0=\"urn:hl7-org:v2xml\">".utf8)))
    }

    /// FHS-1 and FHS-2 are the only required FHS fields: a batch may start with a bare `FHS|^~\&` line
    /// (also BHS, and inside MLLP framing); the parser then reads the whole batch.
    @Test func bareBatchHeadersAreER7() throws {
        let message = "MSH|^~\\&|LIS|LAB|X|Y|20240301083000||ORU^R01|M1|P|2.5.1\rPID|1||MRN1^^^H^MR\r"
            + "OBR|1||F1||||20240301070000\rOBX|1|NM|751-8^ANC^LN||1.2|10*9/L|||||F\r"
        for head in ["FHS|^~\\&\r", "FHS|^~\\&\n", "FHS|^~\\&\r\n", "BHS|^~\\&\r", "FHS|^~\\&#\r"] {
            let text = head + "BHS|^~\\&\r" + message + "BTS|1\rFTS|1\r"
            #expect(HL7Sniffer.looksLikeER7(Array(text.utf8)), "\(head.debugDescription)")
            #expect(HL7Sniffer.looksLikeER7([0x0B] + Array(text.utf8) + [0x1C, 0x0D]), "MLLP \(head.debugDescription)")
            #expect(try HL7Test.er7(text).observations.count == 1)
        }
        #expect(HL7Sniffer.looksLikeER7(Array("FHS|^~\\&".utf8)))  // the whole (tiny) input
        for text in ["FHS|^\r", "FHS|^~\\&abc\r", "FHS|^~\\&^~\\&^~\\&\r", "FHS|\r"] {
            #expect(!HL7Sniffer.looksLikeER7(Array(text.utf8)), "\(text.debugDescription)")
        }
    }
}
