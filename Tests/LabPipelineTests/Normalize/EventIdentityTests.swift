import Foundation
import LabCore
import LabPipeline
import Testing

/// Ids are stored and compared across runs and versions: these pin them to SHA-256 of the documented
/// field join (expected values computed with Python's hashlib).
@Suite struct EventIdentityTests {
    static let analyte = AnalyteCoding(system: "LOINC", code: "751-8", display: "Neutrophils")

    @Test func eventIDIsTheSHA256OfItsNaturalKeyFields() {
        let id = EventIdentity.eventID(kind: .labResult, subject: "CART-001", analyte: Self.analyte, specimen: "blood",
                                       collectedAt: Date(timeIntervalSince1970: 1_709_253_000), resultID: nil,
                                       status: .final, value: Decimal(string: "1.2"), comparator: nil, text: nil,
                                       code: nil, unit: "10*9/L")
        #expect(id == "sha256:915dab5726b289372e541f08db1fcd75be81a6db539aef2cf008f8d4132bb285")
    }

    @Test func resultKeyWithASenderResultIDIgnoresTheTime() {
        let key = EventIdentity.resultKey(kind: .labResult, subject: "CART-001", analyte: Self.analyte, specimen: "blood",
                                          collectedAt: Date(timeIntervalSince1970: 0), resultID: "R-7")
        #expect(key == "sha256:9c0002929b35bb2379db17b34cbe5d067bbb2ccb8a5a360f1156b45dbbc98d08")
    }

    @Test func hexOfKnownDigestsAndPrefixes() {
        #expect(EventIdentity.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(EventIdentity.hexString([0x00, 0x0F, 0xA0, 0xFF], prefix: "x:") == "x:000fa0ff")
        #expect(EventIdentity.hexString([0xAB], prefix: "x") == "xab", "a one-character prefix")
        #expect(EventIdentity.hexString([UInt8]()) == "")
    }
}
