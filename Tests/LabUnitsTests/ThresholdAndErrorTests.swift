import Foundation
import Testing
import LabCore
@testable import LabUnits

private func d(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

@Suite("Protocol thresholds and error codes")
struct ThresholdAndErrorTests {
    static let normalizer = try! UnitNormalizer.builtIn()
    static func entry(_ code: String) -> CatalogueEntry { normalizer.catalogue.entry(code: code)! }

    @Test("ANC 1000 /uL is exactly 1 ×10^9/L (not > 1.0); 1200 /uL is 1.2")
    func anc() throws {
        let q = try Self.normalizer.normalize(1000, significantDigits: 4, unit: "/uL", analyte: Self.entry("751-8"))
        #expect(q == Quantity(value: 1, unit: "10*9/L"))
        #expect(!(q.value > d("1.0")))
        #expect(try Self.normalizer.convert(1200, significantDigits: 4, from: "/uL", to: "10*9/L", analyte: nil) == d("1.2"))
        #expect(try Self.normalizer.normalize(1001, significantDigits: 4, unit: "/uL", analyte: Self.entry("751-8")).value > 1)
    }

    @Test("platelets 100,000 /uL is exactly 100 ×10^9/L")
    func platelets() throws {
        let q = try Self.normalizer.normalize(100000, significantDigits: 6, unit: "/uL", analyte: Self.entry("777-3"))
        #expect(q.value == 100)
        #expect(try Self.normalizer.normalize(100, significantDigits: 3, unit: "K/uL", analyte: Self.entry("777-3")).value == 100)
    }

    @Test("bilirubin 2.0 mg/dL is 34.208 umol/L; G/L for a count is 10^9/L")
    func bilirubinAndGauss() throws {
        let q = try Self.normalizer.normalize(d("2.0"), significantDigits: 2, unit: "mg/dL", analyte: Self.entry("1975-2"))
        #expect(q == Quantity(value: d("34.208"), unit: "umol/L"))
        #expect(try Self.normalizer.convert(d("2.0"), significantDigits: 2, from: "mg/dL", to: "umol/L", analyte: Self.entry("1975-2")) == d("34.208"))
        #expect(UCUM.isValid("G/L"))
        #expect(try Self.normalizer.normalize(5, significantDigits: 1, unit: "G/L", analyte: Self.entry("751-8")) == Quantity(value: 5, unit: "10*9/L"))
    }

    @Test("higher precision keeps sig + 2 digits")
    func precision() throws {
        let q = try Self.normalizer.normalize(d("1.2345"), significantDigits: 5, unit: "mg/dL", analyte: Self.entry("2160-0"))
        #expect(q.value == d("109.1319"))  // 12345 / 113.12 = 109.131895… at 7 significant digits
    }

    private func code(_ body: () throws -> Void) -> ReasonCode? {
        do { try body(); return nil } catch { return (error as? LabError)?.code }
    }

    @Test("each error code")
    func errors() {
        let n = Self.normalizer
        #expect(code { _ = try n.normalize(1, significantDigits: 1, unit: "blorp/L", analyte: Self.entry("751-8")) } == .unitUnknown)
        #expect(code { _ = try n.normalize(1, significantDigits: 1, unit: "mg//dL", analyte: Self.entry("751-8")) } == .unitInvalid)
        #expect(code { _ = try n.normalize(1, significantDigits: 1, unit: "mg/dL", analyte: Self.entry("751-8")) } == .unitIncompatible)
        #expect(code { _ = try n.normalize(1, significantDigits: 1, unit: "mmol/L", analyte: Self.entry("751-8")) } == .unitIncompatible)
        #expect(code { _ = try n.convert(1, significantDigits: nil, from: "mg/dL", to: "umol/L", analyte: nil) } == .unitNeedsMolarMass)
        #expect(code { _ = try n.normalize(1, significantDigits: 1, unit: "umol/L", analyte: Self.entry("1751-7")) } == .unitNeedsMolarMass)
        #expect(code { _ = try n.normalize(1, significantDigits: 1, unit: "ng/mL DDU", analyte: Self.entry("48065-7")) } == .unitNotConvertible)
        #expect(code { _ = try n.normalize(1, significantDigits: 1, unit: "mg/L FEU", analyte: Self.entry("48066-5")) } == .unitNotConvertible)
        #expect(code { _ = try n.normalize(1, significantDigits: 1, unit: "copies/uL", analyte: Self.entry("LI-CAR-COPIES-GDNA")) } == .unitNotConvertible)
        #expect(code { _ = try n.normalize(1, significantDigits: 1, unit: "copies/ug", analyte: Self.entry("LI-CAR-COPIES-BLOOD")) } == .unitNotConvertible)
        #expect(code { _ = try n.normalize(1, significantDigits: 1, unit: "mEq/L", analyte: Self.entry("17861-6")) } == .unitNotConvertible)
        #expect(code { _ = try n.normalize(1, significantDigits: 1, unit: nil, analyte: Self.entry("26446-5")) } == .unitMissing)
        #expect(code { _ = try n.normalize(1, significantDigits: 1, unit: " ", analyte: Self.entry("10230-1")) } == .unitMissing)
        #expect(code { _ = try n.catalogue.require(code: "0000-0") } == .analyteUnknown)
        #expect(code { _ = try n.canonicalForm(of: "mg dL") } == .unitInvalid)
    }

    @Test("INR takes no unit; aPTT in sec")
    func dimensionless() throws {
        #expect(try Self.normalizer.normalize(d("1.1"), significantDigits: 2, unit: nil, analyte: Self.entry("6301-6")) == Quantity(value: d("1.1"), unit: "1"))
        #expect(try Self.normalizer.normalize(d("1.1"), significantDigits: 2, unit: "ratio", analyte: Self.entry("6301-6")).value == d("1.1"))
        #expect(try Self.normalizer.normalize(d("32.5"), significantDigits: 3, unit: "sec", analyte: Self.entry("14979-9")) == Quantity(value: d("32.5"), unit: "s"))
    }
}
