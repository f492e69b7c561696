import Foundation
import Testing
import LabCore
@testable import LabUnits

private func d(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

/// Every conversion the issue names, with its published factor (checked to the factor's own precision)
/// and a round trip A→B→A within 1e-12 relative.
@Suite("Catalogue conversions")
struct CatalogueConversionTests {
    static let normalizer = try! UnitNormalizer.builtIn()

    struct Case: Sendable, CustomStringConvertible {
        let code: String, from: String, to: String, factor: String
        var description: String { "\(code) \(from)→\(to) ×\(factor)" }
    }

    static let cases: [Case] = [
        Case(code: "751-8", from: "/uL", to: "10*9/L", factor: "0.001"),
        Case(code: "6690-2", from: "10*3/uL", to: "10*9/L", factor: "1"),
        Case(code: "731-0", from: "/uL", to: "10*9/L", factor: "0.001"),
        Case(code: "777-3", from: "10*3/uL", to: "10*9/L", factor: "1"),
        Case(code: "789-8", from: "10*6/uL", to: "10*12/L", factor: "1"),
        Case(code: "718-7", from: "g/dL", to: "g/L", factor: "10"),
        Case(code: "718-7", from: "g/dL", to: "mmol/L", factor: "0.6206"),
        Case(code: "1920-8", from: "U/L", to: "ukat/L", factor: "0.016667"),
        Case(code: "1742-6", from: "U/L", to: "ukat/L", factor: "0.016667"),
        Case(code: "6768-6", from: "U/L", to: "ukat/L", factor: "0.016667"),
        Case(code: "2324-2", from: "U/L", to: "ukat/L", factor: "0.016667"),
        Case(code: "2532-0", from: "U/L", to: "ukat/L", factor: "0.016667"),
        Case(code: "1975-2", from: "mg/dL", to: "umol/L", factor: "17.104"),
        Case(code: "1968-7", from: "mg/dL", to: "umol/L", factor: "17.104"),
        Case(code: "2160-0", from: "mg/dL", to: "umol/L", factor: "88.40"),
        Case(code: "3094-0", from: "mg/dL", to: "mmol/L", factor: "0.3570"),
        Case(code: "3091-6", from: "mg/dL", to: "mmol/L", factor: "0.1665"),
        Case(code: "1751-7", from: "g/dL", to: "g/L", factor: "10"),
        Case(code: "2276-4", from: "ng/mL", to: "ug/L", factor: "1"),
        Case(code: "1988-5", from: "mg/dL", to: "mg/L", factor: "10"),
        Case(code: "26881-3", from: "pg/mL", to: "ng/L", factor: "1"),
        Case(code: "3255-7", from: "mg/dL", to: "g/L", factor: "0.01"),
        Case(code: "48065-7", from: "ug/mL{FEU}", to: "mg/L{FEU}", factor: "1"),
        Case(code: "48066-5", from: "ng/mL{DDU}", to: "ug/L{DDU}", factor: "1"),
        Case(code: "2823-3", from: "meq/L", to: "mmol/L", factor: "1"),
        Case(code: "2951-2", from: "meq/L", to: "mmol/L", factor: "1"),
        Case(code: "17861-6", from: "mg/dL", to: "mmol/L", factor: "0.2495"),
        Case(code: "1995-0", from: "mg/dL", to: "mmol/L", factor: "0.2495"),
        Case(code: "2777-1", from: "mg/dL", to: "mmol/L", factor: "0.3229"),
        Case(code: "19123-9", from: "mg/dL", to: "mmol/L", factor: "0.4114"),
        Case(code: "2345-7", from: "mg/dL", to: "mmol/L", factor: "0.05551"),
        Case(code: "3084-1", from: "mg/dL", to: "umol/L", factor: "59.48"),
        Case(code: "10839-9", from: "ng/mL", to: "ng/L", factor: "1000"),
        Case(code: "6598-7", from: "ng/mL", to: "ng/L", factor: "1000"),
        Case(code: "10230-1", from: "1", to: "%", factor: "100"),
        Case(code: "14979-9", from: "min", to: "s", factor: "60"),
        Case(code: "4544-3", from: "L/L", to: "%", factor: "100"),
        Case(code: "787-2", from: "um3", to: "fL", factor: "1"),
        Case(code: "785-6", from: "pg", to: "fg", factor: "1000"),
        Case(code: "786-4", from: "g/dL", to: "g/L", factor: "10"),
        Case(code: "788-0", from: "1", to: "%", factor: "100"),
        Case(code: "21000-5", from: "um3", to: "fL", factor: "1"),
        Case(code: "32623-1", from: "um3", to: "fL", factor: "1"),
        Case(code: "32207-3", from: "um3", to: "fL", factor: "1"),
        Case(code: "742-7", from: "/uL", to: "10*9/L", factor: "0.001"),
        Case(code: "711-2", from: "10*3/uL", to: "10*9/L", factor: "1"),
        Case(code: "704-7", from: "/uL", to: "10*9/L", factor: "0.001"),
        Case(code: "770-8", from: "1", to: "%", factor: "100"),
        Case(code: "736-9", from: "1", to: "%", factor: "100"),
        Case(code: "5905-5", from: "1", to: "%", factor: "100"),
        Case(code: "713-8", from: "1", to: "%", factor: "100"),
        Case(code: "706-2", from: "1", to: "%", factor: "100"),
        Case(code: "2075-0", from: "meq/L", to: "mmol/L", factor: "1"),
        Case(code: "2075-0", from: "mg/dL", to: "mmol/L", factor: "0.2821"),
        Case(code: "2524-7", from: "mg/dL", to: "mmol/L", factor: "0.1110"),
        Case(code: "1554-5", from: "mg/dL", to: "mmol/L", factor: "0.05551"),
        Case(code: "2093-3", from: "mg/dL", to: "mmol/L", factor: "0.02586"),
        Case(code: "2571-8", from: "mg/dL", to: "mmol/L", factor: "0.01129"),
        Case(code: "3040-3", from: "U/L", to: "ukat/L", factor: "0.016667"),
        Case(code: "1798-8", from: "U/L", to: "ukat/L", factor: "0.016667"),
        Case(code: "2157-6", from: "U/L", to: "ukat/L", factor: "0.016667"),
        Case(code: "2885-2", from: "g/dL", to: "g/L", factor: "10"),
        Case(code: "1963-8", from: "meq/L", to: "mmol/L", factor: "1"),
        Case(code: "2028-9", from: "meq/L", to: "mmol/L", factor: "1"),
        Case(code: "2465-3", from: "mg/dL", to: "g/L", factor: "0.01"),
        Case(code: "5902-2", from: "min", to: "s", factor: "60"),
        Case(code: "62238-1", from: "mL/min/1.73m2", to: "mL/min/{1.73_m2}", factor: "1"),
        Case(code: "98979-8", from: "mL/s/{1.73_m2}", to: "mL/min/{1.73_m2}", factor: "60"),
        Case(code: "LI-CART-ABS", from: "10*3/uL", to: "/uL", factor: "1000"),
        Case(code: "LI-CAR-COPIES-GDNA", from: "{copies}/ng", to: "{copies}/ug", factor: "1000"),
        Case(code: "LI-CAR-COPIES-BLOOD", from: "{copies}/mL", to: "{copies}/uL", factor: "0.001"),
    ]

    @Test("factor and round trip", arguments: cases)
    func factorAndRoundTrip(_ c: Case) throws {
        let analyte = try Self.normalizer.catalogue.require(code: c.code)
        let forward = try Self.normalizer.convert(1, significantDigits: nil, from: c.from, to: c.to, analyte: analyte)
        let expected = d(c.factor)
        // Published factors are rounded to their written digits: compare at that precision.
        let digits = DecimalText.significantDigits(in: c.factor)
        #expect(DecimalText.round(forward, significantDigits: digits) == DecimalText.round(expected, significantDigits: digits), "\(c): \(forward)")
        for value in [d("1"), d("2.0"), d("137.5"), d("0.034")] {
            let there = try Self.normalizer.convert(value, significantDigits: nil, from: c.from, to: c.to, analyte: analyte)
            let back = try Self.normalizer.convert(there, significantDigits: nil, from: c.to, to: c.from, analyte: analyte)
            #expect(abs(back - value) <= abs(value) * d("1e-12"), "\(c) round trip of \(value): \(back)")
        }
    }

    @Test("every canonical unit is valid UCUM; every entry reachable by code and alternate codes")
    func catalogueIsSound() throws {
        let catalogue = Self.normalizer.catalogue
        for entry in catalogue.entries {
            #expect(UCUM.isValid(entry.canonicalUnit), "\(entry.code)")
            #expect(catalogue.entry(code: entry.code)?.code == entry.code)
            for alt in entry.alternateCodes { #expect(catalogue.entry(code: alt)?.code == entry.code) }
            #expect(["LOINC", "LABINGEST"].contains(entry.system))
        }
        for code in ["LI-MARROW-BLASTS", "LI-CAR-CD3-PCT", "LI-TAA-BLAST-PCT", "LI-BLAST-CD45-PCT", "LI-MRD-PCT",
                     "LI-CART-ABS", "LI-CAR-COPIES-GDNA", "LI-CAR-COPIES-BLOOD"] {
            #expect(catalogue.entry(code: code)?.system == "LABINGEST", "\(code)")
        }
        #expect(catalogue.entry(code: "LI-CART-ABS")?.canonicalUnit == "/uL")
        #expect(catalogue.entry(code: "26499-4")?.code == "751-8")
        #expect(catalogue.entry(code: "753-4")?.code == "751-8")
    }

    @Test("IU/L is U/L for enzyme activities only")
    func internationalUnitsForEnzymes() throws {
        let n = Self.normalizer
        for code in n.catalogue.entries.filter({ $0.canonicalUnit == "U/L" }).map(\.code) {
            let analyte = try n.catalogue.require(code: code)
            for unit in ["IU/L", "IU/l", "[IU]/L"] {
                let q = try n.normalize(d("20.5"), significantDigits: 3, unit: unit, analyte: analyte)
                #expect(q.value == d("20.5") && q.unit == "U/L", "\(code) \(unit)")
            }
            #expect(try n.normalize(d("20"), significantDigits: 2, unit: "m[IU]/mL", analyte: analyte).value == 20)
            let viaIU = try n.convert(1, significantDigits: nil, from: "IU/L", to: "ukat/L", analyte: analyte)
            #expect(try viaIU == n.convert(1, significantDigits: nil, from: "U/L", to: "ukat/L", analyte: analyte))
        }
        #expect(n.catalogue.entries.filter { $0.canonicalUnit == "U/L" }.count >= 5)
        // Elsewhere [IU] is arbitrary: not a catalytic unit, and not convertible to one.
        let hb = try n.catalogue.require(code: "718-7")
        #expect(throws: LabError.self) { try n.normalize(1, significantDigits: 1, unit: "IU/L", analyte: hb) }
        #expect(throws: LabError.self) { try n.convert(1, significantDigits: nil, from: "[IU]/L", to: "U/L", analyte: nil) }
    }

    @Test("HbA1c in IFCC mmol/mol is never converted to NGSP % (a regression, not a factor)")
    func hbA1cUnitsAreNotConverted() throws {
        let n = Self.normalizer
        let a1c = try n.catalogue.require(code: "4548-4")
        #expect(try n.normalize(d("6.5"), significantDigits: 2, unit: "%", analyte: a1c).value == d("6.5"))
        #expect(throws: LabError.self) { try n.normalize(d("48"), significantDigits: 2, unit: "mmol/mol", analyte: a1c) }
    }

    @Test("aliases: case- and whitespace-insensitive; display and code match too")
    func aliases() {
        let catalogue = Self.normalizer.catalogue
        #expect(catalogue.entry(alias: "ANC")?.code == "751-8")
        #expect(catalogue.entry(alias: "neut#")?.code == "751-8")
        #expect(catalogue.entry(alias: " Neutrophils  abs ")?.code == "751-8")
        #expect(catalogue.entry(alias: "PLT")?.code == "777-3")
        #expect(catalogue.entry(alias: "TBIL")?.code == "1975-2")
        #expect(catalogue.entry(alias: "Bilirubin total")?.code == "1975-2")
        #expect(catalogue.entry(alias: "ALT/GPT")?.code == "1742-6")
        #expect(catalogue.entry(alias: "AST/GOT")?.code == "1920-8")
        #expect(catalogue.entry(alias: "CREA")?.code == "2160-0")
        #expect(catalogue.entry(alias: "1975-2")?.code == "1975-2")
        #expect(catalogue.entry(alias: "Hemoglobin [Mass/volume] in Blood")?.code == "718-7")
        #expect(catalogue.entry(alias: "tHb")?.code == "718-7")
        #expect(catalogue.entry(alias: "Cl-")?.code == "2075-0")
        #expect(catalogue.entry(alias: "Lac")?.code == "2524-7")
        #expect(catalogue.entry(alias: "HCT")?.code == "4544-3")
        #expect(catalogue.entry(alias: "RDW-CV")?.code == "788-0")
        #expect(catalogue.entry(alias: "RDW-SD")?.code == "21000-5")
        #expect(catalogue.entry(alias: "RDW") == nil)  // CV or SD: never guessed
        for (alias, code) in [("MCV", "787-2"), ("MCH", "785-6"), ("MCHC", "786-4"), ("MPV", "32623-1"), ("PDW", "32207-3"),
                              ("MONO#", "742-7"), ("EOS#", "711-2"), ("BASO#", "704-7"), ("NEUT%", "770-8"), ("LYMPH%", "736-9"),
                              ("MONO%", "5905-5"), ("EOS%", "713-8"), ("BASO%", "706-2"), ("GLU", "2345-7"), ("Ca++", "1995-0")] {
            #expect(catalogue.entry(alias: alias)?.code == code, "\(alias)")
        }
        #expect(catalogue.entry(alias: "no such test") == nil)
        #expect(catalogue.search("bilirubin").map(\.code).sorted() == ["1968-7", "1975-2"])
    }

    @Test("merging: same code replaces, new code adds; an alias shared by two entries matches neither")
    func merging() throws {
        let base = Self.normalizer.catalogue
        let merged = base.merging([
            CatalogueEntry(code: "1751-7", display: "Albumin", canonicalUnit: "g/L", molarMass: d("66500"), aliases: ["ALB"]),
            CatalogueEntry(code: "99999-9", display: "Test", canonicalUnit: "mg/L", aliases: ["PLT"]),
        ])
        #expect(merged.entries.count == base.entries.count + 1)
        #expect(merged.entry(code: "1751-7")?.molarMass == d("66500"))
        #expect(merged.entry(alias: "PLT") == nil)
        #expect(merged.entry(code: "777-3") != nil)
    }
}
