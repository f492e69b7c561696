import Foundation

/// An exact conversion factor kept as `numerator / denominator`, both terminating decimals.
///
/// UCUM defines every unit by a decimal value times other units, sometimes divided by an integer
/// (`[degF]` is `5 K/9`, `[mo_j]` is `a_j/12`). Keeping the division apart until the very end means a
/// conversion is computed as one multiplication and at most one division, so "terminating" results
/// (×0.001, ×10, ×60) come out exact and only a genuinely non-terminating quotient is ever rounded.
public struct ExactRatio: Sendable, Hashable, CustomStringConvertible {
    public var numerator: Decimal
    public var denominator: Decimal

    public init(_ numerator: Decimal, _ denominator: Decimal = 1) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public static let one = ExactRatio(1)

    public static func * (a: ExactRatio, b: ExactRatio) -> ExactRatio {
        ExactRatio(a.numerator * b.numerator, a.denominator * b.denominator).reduced()
    }

    public static func / (a: ExactRatio, b: ExactRatio) -> ExactRatio {
        ExactRatio(a.numerator * b.denominator, a.denominator * b.numerator).reduced()
    }

    public var inverse: ExactRatio { ExactRatio(denominator, numerator) }

    public func power(_ exponent: Int) -> ExactRatio {
        var result = ExactRatio.one
        let base = exponent < 0 ? inverse : self
        for _ in 0..<abs(exponent) { result = result * base }
        return result
    }

    /// `numerator / denominator` as one Decimal (38 significant digits when it does not terminate).
    public var decimalValue: Decimal { numerator / denominator }

    /// Divides out an exact quotient when there is one, so factors stay short (1000/1000 → 1).
    func reduced() -> ExactRatio {
        if denominator == 1 { return self }
        if let q = ExactRatio.exactQuotient(numerator, denominator) { return ExactRatio(q) }
        return self
    }

    /// `a / b` when the quotient is exactly representable (checked by multiplying back), else nil.
    static func exactQuotient(_ a: Decimal, _ b: Decimal) -> Decimal? {
        if b.isZero { return nil }
        let q = a / b
        return q * b == a ? q : nil
    }

    public var description: String {
        denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)"
    }
}
