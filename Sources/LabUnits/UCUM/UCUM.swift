import Foundation
import Synchronization
import LabCore

/// UCUM, the Unified Code for Units of Measure, case-sensitive (c/s) form: parse, validate, convert.
///
/// For example:
/// ```swift
/// try UCUM.parse("mg/dL").canonical.dimension     // g.m-3
/// UCUM.validate("G/L")                            // nil: valid UCUM (gauss per litre!)
/// try UCUM.convert(37, from: "Cel", to: "[degF]") // 98.6
/// ```
/// Conversions between ratio units multiply by one exact factor (`ExactRatio`); special units
/// (`Cel`, `[degF]`, `[pH]`, `B[SPL]`, …) go through their function; arbitrary units (`[iU]`, `[CFU]`)
/// convert only to themselves (with prefixes: `m[iU]/mL` ↔ `[iU]/L`).
public enum UCUM {
    /// A parsed unit: the expression and its canonical form.
    public struct Unit: Sendable, Hashable {
        public var text: String
        public var expression: UCUMExpression
        public var canonical: UCUMCanonical
        /// Preferred c/s spelling (`mg/dl` → `mg/dL`, `10^9/L` → `10*9/L`).
        public var canonicalText: String { expression.canonicalText }
    }

    /// Parses `text`; throws `unit.invalid` (with the 1-based position) or `unit.unknown`.
    public static func parse(_ text: String) throws(LabError) -> Unit {
        if let known = parsed.withLock({ $0[text] }) { return try known.get() }
        let result: Result<Unit, LabError>
        do throws(LabError) {
            let expression = try UCUMParser.parse(text, atoms: UCUMRegistry.atoms)
            result = .success(Unit(text: text, expression: expression, canonical: UCUMRegistry.canonical(of: expression)))
        } catch {
            result = .failure(error)
        }
        parsed.withLock { cache in
            if cache.count >= 4096 { cache.removeAll(keepingCapacity: true) }  // bounded: unit spellings are few
            cache[text] = result
        }
        return try result.get()
    }

    /// Parsed units by spelling. A lab file repeats a handful of spellings millions of times, and parsing
    /// dominated normalization in profiles.
    private static let parsed = Mutex<[String: Result<Unit, LabError>]>([:])

    /// nil when `text` is a valid UCUM c/s expression, else the reason.
    public static func validate(_ text: String) -> LabError? {
        do throws(LabError) {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    public static func isValid(_ text: String) -> Bool { validate(text) == nil }

    /// Whether two units can be converted into each other (same dimension and arbitrary units).
    public static func isCommensurable(_ a: String, _ b: String) throws(LabError) -> Bool {
        try parse(a).canonical.isCommensurable(with: parse(b).canonical)
    }

    /// The display name of an atom (`mg` → nil; `g` → "gram").
    public static func name(ofAtom code: String) -> String? {
        UCUMRegistry.atoms.byCode[code]?.name
    }

    /// `value` in `from` expressed in `to`, at full Decimal precision. Throws `unit.incompatible` when
    /// the units are not commensurable and `unit.not-convertible` for special units used in products.
    public static func convert(_ value: Decimal, from: String, to: String) throws(LabError) -> Decimal {
        try convert(value, from: parse(from), to: parse(to)).value
    }

    /// The conversion with its exactness: `exact` is false when a non-terminating division or a
    /// logarithmic function was involved (the value then carries 38 significant digits or Double precision).
    public static func convert(_ value: Decimal, from: Unit, to: Unit) throws(LabError) -> (value: Decimal, exact: Bool) {
        let a = from.canonical, b = to.canonical
        if a.containsSpecialInProduct || b.containsSpecialInProduct {
            throw LabError(.unitNotConvertible, "a special unit (such as Cel or [pH]) inside a product cannot be converted", field: "unit")
        }
        guard a.isCommensurable(with: b) else {
            throw LabError(.unitIncompatible, "units are not commensurable (\(a.dimension) vs \(b.dimension))", field: "unit")
        }
        return try convertCommensurable(value, from: a, to: b, extra: .one)
    }

    /// Core conversion once commensurability (or a deliberate bridge such as a molar mass, passed as
    /// `extra`) has been established: value × from.factor × extra / to.factor, through special functions.
    static func convertCommensurable(_ value: Decimal, from a: UCUMCanonical, to b: UCUMCanonical,
                                     extra: ExactRatio) throws(LabError) -> (value: Decimal, exact: Bool) {
        var exact = true
        // Into the base: a number of base units, kept as a ratio until the end.
        var base: ExactRatio
        if let special = a.special {
            let scaled = try UCUMSpecialFunctions.toScale(special.function, value * special.prefix)
            exact = exact && UCUMSpecialFunctions.isExact(special.function)
            base = ExactRatio(scaled) * special.scale
        } else {
            base = ExactRatio(value) * a.factor
        }
        base = base * extra
        if let special = b.special {
            let (y, yExact) = try divideOut(base / special.scale)
            let x = try UCUMSpecialFunctions.fromScale(special.function, y)
            let (result, rExact) = try divideOut(ExactRatio(x, special.prefix))
            return (result, exact && yExact && rExact && UCUMSpecialFunctions.isExact(special.function))
        }
        let (result, rExact) = try divideOut(base / b.factor)
        return (result, exact && rExact)
    }

    /// The ratio as one Decimal, and whether the division terminated.
    static func divideOut(_ r: ExactRatio) throws(LabError) -> (Decimal, Bool) {
        if r.numerator.isNaN || r.denominator.isNaN || r.denominator.isZero {
            throw LabError(.unitNotConvertible, "the conversion overflows the decimal range", field: "unit")
        }
        if let q = ExactRatio.exactQuotient(r.numerator, r.denominator) { return (q, true) }
        return (r.numerator / r.denominator, false)
    }
}
