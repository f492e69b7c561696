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
}
