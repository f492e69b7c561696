import Foundation

/// A value in a UCUM unit (c/s), e.g. 1.2 `10*9/L`.
public struct Quantity: Sendable, Hashable, CustomStringConvertible {
    public var value: Decimal
    public var unit: String

    public init(value: Decimal, unit: String) {
        self.value = value
        self.unit = unit
    }

    public var description: String { "\(value) \(unit)" }
}
