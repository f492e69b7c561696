import Foundation
import LabCore

/// The reduced ("canonical") form of a UCUM unit: an exact factor times powers of the seven base units.
///
/// `substance` counts mole-based atoms (mol, eq, osm, kat, U) separately. UCUM treats the mole as a pure
/// number (6.0221367×10^23), so `mol/L` and `/L` are commensurable in UCUM; the lab normalizer uses
/// `substance` to refuse such conversions for analytes and to recognise mass↔amount-of-substance pairs.
public struct UCUMCanonical: Sendable, Hashable {
    public var factor: ExactRatio
    public var dimension: Dimension
    public var substance: Int
    /// Arbitrary units with their exponents (`[iU]`: 1): commensurable only with themselves.
    public var arbitrary: [String: Int]
    /// Set when the unit is a special (non-ratio) unit standing alone, such as `Cel` or `[pH]`.
    public var special: UCUMSpecial?
    /// True when a special unit appears inside a product or with an exponent: valid, but not convertible.
    public var containsSpecialInProduct: Bool

    init(factor: ExactRatio = .one, dimension: Dimension = .none, substance: Int = 0,
         arbitrary: [String: Int] = [:], special: UCUMSpecial? = nil, containsSpecialInProduct: Bool = false) {
        self.factor = factor
        self.dimension = dimension
        self.substance = substance
        self.arbitrary = arbitrary
        self.special = special
        self.containsSpecialInProduct = containsSpecialInProduct
    }

    /// Same base dimension and same arbitrary units.
    public func isCommensurable(with other: UCUMCanonical) -> Bool {
        dimension == other.dimension && arbitrary == other.arbitrary
    }

    func multiplied(by other: UCUMCanonical, exponent: Int) -> UCUMCanonical {
        var result = self
        result.factor = factor * other.factor.power(exponent)
        result.dimension = dimension + other.dimension * exponent
        result.substance = substance + other.substance * exponent
        for (code, e) in other.arbitrary {
            let total = (result.arbitrary[code] ?? 0) + e * exponent
            result.arbitrary[code] = total == 0 ? nil : total
        }
        result.containsSpecialInProduct = containsSpecialInProduct || other.containsSpecialInProduct || other.special != nil
        result.special = nil
        return result
    }
}

/// A special unit's conversion: `value × prefix` goes through `function` into a number of `scale`
/// (the definition's value times unit, e.g. `5 K/9` for `[degF]`).
public struct UCUMSpecial: Sendable, Hashable {
    public var function: String
    public var prefix: Decimal
    /// The factor of the definition's value times unit (`5 K/9` → 5/9); its dimension is the unit's own.
    public var scale: ExactRatio
}

/// Resolves the UCUM table into canonical forms once, and parses expressions against it.
enum UCUMRegistry {
    /// Atom lookup (exact code, else metric atom behind a prefix).
    struct Atoms: Sendable {
        let byCode: [String: UCUMTable.Atom]
        let prefixes: [String: Decimal]

        func resolve(_ symbol: String) -> (prefix: String?, atom: String)? {
            if byCode[symbol] != nil { return (nil, symbol) }
            for (prefix, _) in UCUMTable.prefixes where symbol.hasPrefix(prefix) && symbol.count > prefix.count {
                let rest = String(symbol.dropFirst(prefix.count))
                if let atom = byCode[rest], atom.metric { return (prefix, rest) }
            }
            return nil
        }
    }

    static let atoms: Atoms = {
        var byCode: [String: UCUMTable.Atom] = [:]
        for code in UCUMTable.baseUnits {
            byCode[code] = UCUMTable.Atom(code: code, metric: true, value: "1", unit: code, kind: .ratio, name: code)
        }
        for atom in UCUMTable.atoms { byCode[atom.code] = atom }
        var prefixes: [String: Decimal] = [:]
        for p in UCUMTable.prefixes { prefixes[p.code] = Decimal(string: p.value, locale: Locale(identifier: "en_US_POSIX"))! }
        return Atoms(byCode: byCode, prefixes: prefixes)
    }()

    /// The canonical form of every atom, resolved from its definition.
    static let canonicalAtoms: [String: UCUMCanonical] = {
        var resolved: [String: UCUMCanonical] = [:]
        for (index, code) in UCUMTable.baseUnits.enumerated() {
            resolved[code] = UCUMCanonical(dimension: .base(index))
        }
        func resolve(_ code: String) -> UCUMCanonical {
            if let done = resolved[code] { return done }
            guard let atom = atoms.byCode[code] else { preconditionFailure("UCUM table: undefined atom \(code)") }
            let value = Decimal(string: atom.value, locale: Locale(identifier: "en_US_POSIX"))!
            var result: UCUMCanonical
            switch atom.kind {
            case .arbitrary:
                result = UCUMCanonical(arbitrary: [code: 1])
            case .ratio, .special:
                guard let expression = try? UCUMParser.parse(atom.unit, atoms: atoms) else {
                    preconditionFailure("UCUM table: bad definition of \(code)")
                }
                var definition = canonical(of: expression, lookup: resolve)
                definition.factor = definition.factor * ExactRatio(value)
                if case .special(let function) = atom.kind {
                    var special = UCUMCanonical(dimension: definition.dimension, substance: definition.substance,
                                                arbitrary: definition.arbitrary)
                    special.special = UCUMSpecial(function: function, prefix: 1, scale: definition.factor)
                    result = special
                } else {
                    result = definition
                }
            }
            if code == "mol" { result.substance = 1 }
            resolved[code] = result
            return result
        }
        for atom in UCUMTable.atoms { _ = resolve(atom.code) }
        return resolved
    }()

    /// Reduces a parsed expression to its canonical form.
    static func canonical(of expression: UCUMExpression,
                          lookup: (String) -> UCUMCanonical = { canonicalAtoms[$0]! }) -> UCUMCanonical {
        // A special unit alone (exponent 1, not inverted) keeps its conversion function.
        if expression.components.count == 1, !expression.components[0].inverted,
           case let .unit(prefix, atom, 1, _) = expression.components[0].component {
            var single = lookup(atom)
            if var special = single.special {
                special.prefix = prefix.flatMap { atoms.prefixes[$0] } ?? 1
                single.special = special
                return single
            }
        }
        var result = UCUMCanonical()
        for (component, inverted) in expression.components {
            let sign = inverted ? -1 : 1
            switch component {
            case let .unit(prefix, atom, exponent, _):
                var unit = lookup(atom)
                if let prefix, let p = atoms.prefixes[prefix] {
                    unit.factor = unit.factor * ExactRatio(p)
                }
                result = result.multiplied(by: unit, exponent: exponent * sign)
            case .factor(let value, _):
                result = result.multiplied(by: UCUMCanonical(factor: ExactRatio(value)), exponent: sign)
            case .annotation:
                break
            case .group(let inner):
                result = result.multiplied(by: canonical(of: inner, lookup: lookup), exponent: sign)
            }
        }
        return result
    }
}
