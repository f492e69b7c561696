import Foundation
import Testing
import LabCore
@testable import LabUnits

private func d(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

@Suite("Lab unit spellings")
struct SpellingTests {
    static let normalizer = try! UnitNormalizer.builtIn()
    static let anc = normalizer.catalogue.entry(code: "751-8")!
    static let rbc = normalizer.catalogue.entry(code: "789-8")!

    @Test("factor 1 to 10*9/L", arguments: [
        "10^9/L", "10*9/L", "10E9/L", "10e9/L", "x10^9/L", "x 10^9/L", "×10⁹/L", "10^9 cells/L", "G/L", "Gpt/L", "/nL",
        "10^3/µL", "10^3/uL", "10*3/uL", "x10^3/uL", "x10E3/uL", "10^3/mcL", "K/uL", "K/µL", "Thou/uL", "10^3/mm3",
        "K/mm3", "thou/mm3", "1000/uL", "10^3/μL", "10E3/µL",
    ])
    func countFactorOne(_ spelling: String) throws {
        let q = try Self.normalizer.normalize(d("5.3"), significantDigits: 2, unit: spelling, analyte: Self.anc)
        #expect(q.value == d("5.3"), "\(spelling) → \(q)")
        #expect(q.unit == "10*9/L")
    }

    @Test("factor 0.001 to 10*9/L", arguments: [
        "/uL", "/µL", "/mcL", "cells/uL", "{cells}/uL", "#/uL", "/mm3", "cells/mm3", "10^6/L", "cells/µL", "/μL",
    ])
    func countFactorMilli(_ spelling: String) throws {
        let q = try Self.normalizer.normalize(1200, significantDigits: 4, unit: spelling, analyte: Self.anc)
        #expect(q.value == d("1.2"), "\(spelling) → \(q)")
    }

    @Test("RBC: 10^12/L = 10^6/µL = T/L = M/µL", arguments: ["10^12/L", "10^6/µL", "T/L", "M/µL", "10*12/L", "M/uL", "x10^12/L"])
    func rbc(_ spelling: String) throws {
        let q = try Self.normalizer.normalize(d("4.52"), significantDigits: 3, unit: spelling, analyte: Self.rbc)
        #expect(q.value == d("4.52"), "\(spelling) → \(q)")
        #expect(q.unit == "10*12/L")
    }

    @Test("micro signs, mc, mEq and IU", arguments: [
        ("µmol/L", "umol/L"), ("μmol/L", "umol/L"), ("mcg/L", "ug/L"), ("mcmol/L", "umol/L"), ("mEq/L", "meq/L"),
        ("IU/L", "[IU]/L"), ("mIU/mL", "m[IU]/mL"), ("mg/dl", "mg/dL"), ("MG/DL", "mg/dL"), ("10^9/L", "10*9/L"),
        ("K/uL", "10*3/uL"), ("copies/µg gDNA", "{copies}/ug"), ("ng/mL FEU", "ng/mL{FEU}"), ("sec", "s"), ("°C", "Cel"),
    ])
    func canonicalForms(_ spelling: String, _ ucum: String) throws {
        #expect(try Self.normalizer.canonicalForm(of: spelling) == ucum)
    }

    @Test("% and fraction")
    func percentAndFraction() throws {
        let lvef = try #require(Self.normalizer.catalogue.entry(code: "10230-1"))
        #expect(try Self.normalizer.normalize(d("0.5"), significantDigits: 1, unit: "fraction", analyte: lvef).value == 50)
        #expect(try Self.normalizer.normalize(d("0.55"), significantDigits: 2, unit: "1", analyte: lvef).value == 55)
        #expect(try Self.normalizer.normalize(55, significantDigits: 2, unit: "%", analyte: lvef).value == 55)
    }

    @Test("10E9 never goes through a float parser")
    func noFloatExponent() throws {
        #expect(UnitSpellings.powerOfTen("10E9/L") == "10*9/L")
        #expect(UnitSpellings.powerOfTen("x10e-3/L") == "10*-3/L")
        #expect(UnitSpellings.powerOfTen("10E9") == "10*9")
        #expect(UnitSpellings.powerOfTen("1E9/L") == nil)
    }

    @Test("the table is extendable per pipeline; an extra spelling wins")
    func merging() throws {
        let base = try UnitSpellings.builtIn()
        #expect(base.ucum(for: "Zellen/nl") == nil)
        let extended = base.merging([(spelling: "Zellen/nl", ucum: "/nL"), (spelling: "G/L", ucum: "G/L")])
        #expect(extended.ucum(for: "Zellen/nl") == "/nL")
        #expect(extended.ucum(for: "G/L") == "G/L")
    }

    @Test("every spelling in the table maps to valid UCUM, and no two spellings collide")
    func tableIsSound() throws {
        let table = try UnitSpellings.builtIn()
        var seen: [String: String] = [:]
        for s in table.spellings {
            #expect(UCUM.isValid(s.ucum), "\(s.spelling) → \(s.ucum)")
            let key = UnitSpellings.normalize(s.spelling)
            if let other = seen[key] { #expect(other == s.ucum, "\(s.spelling) collides") }
            seen[key] = s.ucum
            #expect(table.ucum(for: s.spelling) == s.ucum, "\(s.spelling)")
        }
    }
}
