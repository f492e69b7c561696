import Foundation
import LabCore

/// Turns a reported value and unit into the analyte's canonical unit.
///
/// The spelling table is applied before UCUM parsing, so `G/L` for a count analyte means 10^9/L, not
/// gauss per litre. Mass ↔ amount-of-substance conversions use the analyte's molar mass; everything else
/// is plain UCUM. Nothing is guessed: an unknown, invalid, incompatible or forbidden unit throws.
public struct UnitNormalizer: Sendable {
    public let catalogue: AnalyteCatalogue
    public let spellings: UnitSpellings

    /// UCUM's Avogadro number (the mole is 6.0221367×10^23 in UCUM); it cancels out of molar conversions.
    static let avogadro = Decimal(string: "6.0221367e23", locale: Locale(identifier: "en_US_POSIX"))!

    /// Units read through the spelling table, by the text as reported: a file repeats a few spellings
    /// many times, and the table walk plus UCUM parse showed in ingest profiles.
    private let readUnits = BoundedMemo<String, Result<UCUM.Unit, LabError>>()
    /// Conversion plans by unit spelling and analyte.
    private let plans = BoundedMemo<PlanKey, Result<Plan, LabError>>()

    public init(catalogue: AnalyteCatalogue, spellings: UnitSpellings) {
        self.catalogue = catalogue
        self.spellings = spellings
    }

    public static func builtIn() throws(LabError) -> UnitNormalizer {
        UnitNormalizer(catalogue: try AnalyteCatalogue.builtIn(), spellings: try UnitSpellings.builtIn())
    }

    /// `value` (written by the lab with `significantDigits` significant digits) in `unit` → the analyte's
    /// canonical unit.
    ///
    /// **Exactness rule.** Factors are exact Decimals: UCUM's definitions are decimal, and a definition's
    /// division (`a_j/12`, `5 K/9`) or a molar mass is kept as a separate denominator until the end. If the
    /// converted value terminates (×0.001, ×10, ×1000, ×60 …) it is returned exactly, with no rounding:
    /// 1000 /uL is exactly 1 ×10^9/L and 1200 /uL is 1.2. If the conversion involves a non-terminating
    /// division (a molar mass, a factor such as 5/9) or a logarithmic special unit, the result is rounded
    /// to max(5, significantDigits + 2) significant digits: 2.0 mg/dL bilirubin (584.66 g/mol) is
    /// 34.208 umol/L.
    ///
    /// - Throws: `unit.missing` (no unit and the canonical unit is not "1"), `unit.unknown`,
    ///   `unit.invalid` (with the position), `unit.incompatible`, `unit.needs-molar-mass`,
    ///   `unit.not-convertible` (a forbidden unit such as DDU for a FEU D-dimer).
    public func normalize(_ value: Decimal, significantDigits: Int, unit: String?,
                          analyte: CatalogueEntry) throws(LabError) -> Quantity {
        let written = unit?.trimmed() ?? ""
        if written.isEmpty {
            if analyte.canonicalUnit == "1" { return Quantity(value: value, unit: "1") }
            throw LabError(.unitMissing, "no unit reported; the analyte's unit is \(analyte.canonicalUnit)", field: "unit")
        }
        switch try plan(written, analyte: analyte) {
        case .linear(let factor, let exact):
            // The factor of a ratio conversion is the same for every value: value × factor. A factor that does
            // not terminate (a molar mass) carries 38 digits, far past the rounding below.
            if exact && factor == 1 { return Quantity(value: value, unit: analyte.canonicalUnit) }  // Decimal × is slow
            return Quantity(value: Self.finish(value * factor, exact: exact, significantDigits: significantDigits),
                            unit: analyte.canonicalUnit)
        case .special(let from, let to):
            let (converted, exact) = try convert(value, from: from, to: to, analyte: analyte, strict: true)
            return Quantity(value: Self.finish(converted, exact: exact, significantDigits: significantDigits),
                            unit: analyte.canonicalUnit)
        }
    }

    /// How values in `unit` become the analyte's canonical unit, worked out once per spelling and analyte.
    enum Plan: Sendable {
        case linear(factor: Decimal, exact: Bool)
        case special(from: UCUM.Unit, to: UCUM.Unit)
    }

    /// A unit spelling for one analyte (a struct key: no string is built per lookup).
    struct PlanKey: Hashable, Sendable {
        var unit: String
        var system: String
        var code: String
    }

    private func plan(_ unit: String, analyte: CatalogueEntry) throws(LabError) -> Plan {
        let key = PlanKey(unit: unit, system: analyte.system, code: analyte.code)
        return try plans.value(for: key) { () -> Result<Plan, LabError> in
            do throws(LabError) {
                let from = try labUnit(unit, for: analyte)
                try checkNotForbidden(from, for: analyte)
                let to = try canonicalUnit(of: analyte)
                if from.canonical.special != nil || to.canonical.special != nil {
                    return .success(.special(from: from, to: to))
                }
                let (factor, exact) = try convert(1, from: from, to: to, analyte: analyte, strict: true)
                return .success(.linear(factor: factor, exact: exact))
            } catch {
                return .failure(error)
            }
        }.get()
    }

    /// For a LOINC analyte not in the catalogue: the reported unit in canonical UCUM form
    /// (`mg/dl` → `mg/dL`, `10^9/L` → `10*9/L`, `K/uL` → `10*3/uL`).
    public func canonicalForm(of unit: String) throws(LabError) -> String {
        let written = unit.trimmed()
        if written.isEmpty { throw LabError(.unitMissing, "no unit reported", field: "unit") }
        return try labUnit(written).canonicalText
    }

    /// General conversion (CLI `units convert`). With an analyte, units are read through the spelling
    /// table first and mass↔molar uses its molar mass; without one, UCUM as written wins and spellings
    /// are only a fallback for text that is not UCUM (`mEq/L`). Rounds as `normalize` does when
    /// `significantDigits` is given; without it a non-terminating result keeps 20 significant digits.
    public func convert(_ value: Decimal, significantDigits: Int?, from: String, to: String,
                        analyte: CatalogueEntry?) throws(LabError) -> Decimal {
        let source: UCUM.Unit, target: UCUM.Unit
        if let analyte {
            source = try labUnit(from, for: analyte)
            target = try labUnit(to, for: analyte)
            try checkNotForbidden(source, for: analyte)
            try checkNotForbidden(target, for: analyte)
        } else {
            source = try ucumFirst(from)
            target = try ucumFirst(to)
        }
        let (converted, exact) = try convert(value, from: source, to: target, analyte: analyte, strict: analyte != nil)
        if exact { return converted }
        return DecimalText.round(converted, significantDigits: significantDigits.map { max(5, $0 + 2) } ?? 20)
    }

    /// The parsed unit for a lab's spelling: spelling table first, then UCUM as written.
    public func labUnit(_ text: String) throws(LabError) -> UCUM.Unit {
        try readUnits.value(for: text) { () -> Result<UCUM.Unit, LabError> in
            do throws(LabError) {
                return .success(try UCUM.parse(spellings.ucum(for: text) ?? text))
            } catch {
                return .failure(error)
            }
        }.get()
    }

    /// `labUnit`, and for an enzyme activity (canonical unit U/L) the international unit read as U: labs
    /// write IU/L for U/L (1 IU = 1 U = 1 umol/min). Elsewhere [IU] stays UCUM's arbitrary unit.
    func labUnit(_ text: String, for analyte: CatalogueEntry) throws(LabError) -> UCUM.Unit {
        let unit = try labUnit(text)
        guard analyte.canonicalUnit == "U/L", unit.canonicalText.contains("[IU]") else { return unit }
        return try labUnit(unit.canonicalText.replacingOccurrences(of: "[IU]", with: "U"))
    }

    // MARK: - Internals

    private func ucumFirst(_ text: String) throws(LabError) -> UCUM.Unit {
        do throws(LabError) {
            return try UCUM.parse(text)
        } catch {
            if let mapped = spellings.ucum(for: text), let unit = try? UCUM.parse(mapped) { return unit }
            throw error
        }
    }

    private func canonicalUnit(of analyte: CatalogueEntry) throws(LabError) -> UCUM.Unit {
        do throws(LabError) {
            return try UCUM.parse(analyte.canonicalUnit)
        } catch {
            throw LabError(.unitInvalid, "the catalogue's canonical unit for \(analyte.code) is not valid UCUM", field: "canonicalUnit", cause: error)
        }
    }

    private func checkNotForbidden(_ unit: UCUM.Unit, for analyte: CatalogueEntry) throws(LabError) {
        let annotations = Set(unit.expression.annotations.map { $0.lowercased() })
        let text = unit.canonicalText
        for forbidden in analyte.forbiddenUnits {
            let hit: Bool
            if forbidden.hasPrefix("{"), forbidden.hasSuffix("}") {
                hit = annotations.contains(String(forbidden.dropFirst().dropLast()).lowercased())
            } else if forbidden.hasPrefix("["), forbidden.hasSuffix("]") {
                // An arbitrary unit or a bracketed marker anywhere in the unit.
                hit = text.contains(forbidden) || annotations.contains(String(forbidden.dropFirst().dropLast()).lowercased())
            } else {
                hit = text == ((try? UCUM.parse(forbidden).canonicalText) ?? forbidden)
            }
            if hit {
                throw LabError(.unitNotConvertible, "this unit is never converted for \(analyte.code) (\(analyte.display))", field: "unit")
            }
        }
    }

    /// Commensurable units convert by UCUM; a mass and an amount of substance convert through the
    /// analyte's molar mass. With `strict`, a count and an amount of substance (both "dimensionless" in
    /// UCUM, as the mole is a number) are not mixed.
    private func convert(_ value: Decimal, from: UCUM.Unit, to: UCUM.Unit, analyte: CatalogueEntry?,
                         strict: Bool) throws(LabError) -> (Decimal, Bool) {
        let a = from.canonical, b = to.canonical
        if a.containsSpecialInProduct || b.containsSpecialInProduct {
            throw LabError(.unitNotConvertible, "a special unit (such as Cel or [pH]) inside a product cannot be converted", field: "unit")
        }
        let sameArbitrary = a.arbitrary == b.arbitrary
        if sameArbitrary, a.dimension == b.dimension, !strict || a.substance == b.substance {
            return try UCUM.convertCommensurable(value, from: a, to: b, extra: .one)
        }
        let massStep = a.dimension - b.dimension
        if sameArbitrary, massStep == .mass || massStep == .mass * -1, a.substance - b.substance == -massStep.exponents[2] {
            guard let molarMass = analyte?.molarMass else {
                if let analyte {
                    throw LabError(.unitNeedsMolarMass, "mass and amount-of-substance units need a molar mass, which the catalogue does not give for \(analyte.code)", field: "unit")
                }
                throw LabError(.unitNeedsMolarMass, "converting between mass and amount of substance needs an analyte (molar mass)", field: "unit")
            }
            // grams → number of entities: × N_A / M (UCUM's mole is N_A, so N_A cancels exactly).
            let bridge = massStep == .mass ? ExactRatio(Self.avogadro, molarMass) : ExactRatio(molarMass, Self.avogadro)
            return try UCUM.convertCommensurable(value, from: a, to: b, extra: bridge)
        }
        let what = analyte.map { " for \($0.code) (unit \($0.canonicalUnit))" } ?? ""
        throw LabError(.unitIncompatible, "the units are not commensurable (\(a.dimension) vs \(b.dimension))\(what)", field: "unit")
    }

    static func finish(_ value: Decimal, exact: Bool, significantDigits: Int) -> Decimal {
        exact ? value : DecimalText.round(value, significantDigits: max(5, significantDigits + 2))
    }
}
