import Foundation
import LabCore

/// The conversion functions of UCUM's special units (UCUM § 21 and the `function` of ucum-essence).
///
/// `toScale` maps a reading in the special unit to a number of the unit's scale (`Cel`: x + 273.15 K;
/// `[degF]`: x + 459.67 of 5/9 K); `fromScale` is its inverse. The affine temperature functions are
/// computed in Decimal so that 37 Cel is exactly 98.6 [degF]; logarithmic ones go through Double.
enum UCUMSpecialFunctions {
    static func toScale(_ function: String, _ x: Decimal) throws(LabError) -> Decimal {
        switch function {
        case "cel": return x + Decimal(string: "273.15")!
        case "degf": return x + Decimal(string: "459.67")!
        case "degre": return x + Decimal(string: "218.52")!
        default:
            let d = NSDecimalNumber(decimal: x).doubleValue
            let y: Double
            switch function {
            case "pH": y = pow(10, -d)
            case "ln": y = exp(d)
            case "lg": y = pow(10, d)
            case "lgTimes2": y = pow(10, d / 2)
            case "ld": y = pow(2, d)
            case "100tan": y = atan(d / 100)
            case "100tanDeg": y = atan(d / 100) * 180 / Double.pi  // %[slope]: the angle counted in degrees
            case "hpX": y = pow(10, -d)
            case "hpC": y = pow(100, -d)
            case "hpM": y = pow(1000, -d)
            case "hpQ": y = pow(50000, -d)
            case "sqrt": y = d * d
            default: throw LabError(.unitNotConvertible, "no conversion function for this special unit", field: "unit")
            }
            return try decimal(y)
        }
    }

    static func fromScale(_ function: String, _ y: Decimal) throws(LabError) -> Decimal {
        switch function {
        case "cel": return y - Decimal(string: "273.15")!
        case "degf": return y - Decimal(string: "459.67")!
        case "degre": return y - Decimal(string: "218.52")!
        default:
            let d = NSDecimalNumber(decimal: y).doubleValue
            let x: Double
            switch function {
            case "pH": x = -log10(d)
            case "ln": x = log(d)
            case "lg": x = log10(d)
            case "lgTimes2": x = 2 * log10(d)
            case "ld": x = log2(d)
            case "100tan": x = tan(d) * 100
            case "100tanDeg": x = tan(d * Double.pi / 180) * 100
            case "hpX": x = -log10(d)
            case "hpC": x = -log(d) / log(100)
            case "hpM": x = -log(d) / log(1000)
            case "hpQ": x = -log(d) / log(50000)
            case "sqrt": x = d.squareRoot()
            default: throw LabError(.unitNotConvertible, "no conversion function for this special unit", field: "unit")
            }
            return try decimal(x)
        }
    }

    /// A Double result as Decimal, via its shortest round-trip text (no binary noise digits).
    private static func decimal(_ value: Double) throws(LabError) -> Decimal {
        guard value.isFinite, let d = Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX")) else {
            throw LabError(.unitNotConvertible, "the value is outside the domain of this special unit", field: "value")
        }
        return d
    }

    /// Whether the function is affine and exact in Decimal.
    static func isExact(_ function: String) -> Bool { ["cel", "degf", "degre"].contains(function) }
}
