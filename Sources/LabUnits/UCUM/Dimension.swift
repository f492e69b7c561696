/// The exponents of UCUM's seven base units: m, s, g, rad, K, C, cd.
///
/// Two units are commensurable (convertible by UCUM) exactly when their dimensions are equal and they
/// carry the same arbitrary units (see `UCUMCanonical`).
public struct Dimension: Sendable, Hashable, CustomStringConvertible {
    public static let baseSymbols = ["m", "s", "g", "rad", "K", "C", "cd"]
    public var exponents: [Int]

    public init(_ exponents: [Int] = [0, 0, 0, 0, 0, 0, 0]) { self.exponents = exponents }

    public static let none = Dimension()
    public static func base(_ index: Int) -> Dimension {
        var e = [0, 0, 0, 0, 0, 0, 0]
        e[index] = 1
        return Dimension(e)
    }

    public static let mass = Dimension.base(2)

    public var isNone: Bool { exponents.allSatisfy { $0 == 0 } }

    public static func + (a: Dimension, b: Dimension) -> Dimension {
        Dimension(zip(a.exponents, b.exponents).map { $0 + $1 })
    }
    public static func - (a: Dimension, b: Dimension) -> Dimension {
        Dimension(zip(a.exponents, b.exponents).map { $0 - $1 })
    }
    public static func * (a: Dimension, n: Int) -> Dimension { Dimension(a.exponents.map { $0 * n }) }

    public var description: String {
        let parts = zip(Dimension.baseSymbols, exponents).filter { $0.1 != 0 }.map { $0.1 == 1 ? $0.0 : "\($0.0)\($0.1)" }
        return parts.isEmpty ? "1" : parts.joined(separator: ".")
    }
}
