/// The comparator of a censored result: "<0.5" is `.lessThan` 0.5.
public enum ResultComparator: String, Sendable, Codable, CaseIterable {
    case lessThan = "<"
    case greaterThan = ">"
    case lessOrEqual = "<="
    case greaterOrEqual = ">="

    /// Reads `<`, `>`, `<=`, `>=`, `=<`, `=>`, `≤`, `≥` (HL7 SN.1 and lab sheets use all of them).
    public init?(symbol: String) {
        switch symbol.trimmingCharacters(in: .whitespaces) {
        case "<": self = .lessThan
        case ">": self = .greaterThan
        case "<=", "=<", "≤": self = .lessOrEqual
        case ">=", "=>", "≥": self = .greaterOrEqual
        default: return nil
        }
    }
}
