import Foundation
import LabCore

/// A qPCR standard curve: least squares of Cq on log10(quantity) over the standard wells.
///
/// For example, standards of 10^1…10^6 copies with Cq = 36.6 − 3.32·log10(q) give slope −3.32,
/// intercept 36.6, R² 1 and efficiency 10^(1/3.32) − 1 ≈ 100 %.
public struct StandardCurve: Sendable, Equatable {
    public var slope: Double
    public var intercept: Double
    public var r2: Double
    /// Amplification efficiency in percent: (10^(−1/slope) − 1) × 100.
    public var efficiencyPercent: Double
    /// Distinct standard quantities that contributed a point.
    public var levels: Int
    public var points: Int

    /// Fits the curve; nil when fewer than two distinct quantities (or a degenerate fit) leave no line.
    /// Points with a non-positive quantity are skipped (log10 undefined).
    public static func fit(_ points: [(quantity: Double, cq: Double)]) -> StandardCurve? {
        let usable = points.filter { $0.quantity > 0 && $0.quantity.isFinite && $0.cq.isFinite }
        let levels = Set(usable.map(\.quantity)).count
        guard levels >= 2 else { return nil }
        let n = Double(usable.count)
        let xs = usable.map { log10($0.quantity) }
        let ys = usable.map(\.cq)
        let mx = xs.reduce(0, +) / n
        let my = ys.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for (x, y) in zip(xs, ys) {
            sxx += (x - mx) * (x - mx)
            sxy += (x - mx) * (y - my)
            syy += (y - my) * (y - my)
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        guard slope != 0 else { return nil }
        let intercept = my - slope * mx
        // R² of the fit; a flat Cq (syy = 0) explains nothing.
        let r2 = syy > 0 ? (sxy * sxy) / (sxx * syy) : 0
        let efficiency = (pow(10, -1 / slope) - 1) * 100
        return StandardCurve(slope: slope, intercept: intercept, r2: r2, efficiencyPercent: efficiency,
                             levels: levels, points: usable.count)
    }

    /// Copies per reaction for a Cq: 10^((Cq − intercept) / slope).
    public func copies(atCq cq: Double) -> Double {
        pow(10, (cq - intercept) / slope)
    }
}

/// Mean and sample standard deviation (n − 1), as instruments print `Ct Mean`/`Ct SD`.
enum QPCRStats {
    static func mean(_ xs: [Double]) -> Double? {
        xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count)
    }

    static func sd(_ xs: [Double]) -> Double? {
        guard xs.count >= 2, let m = mean(xs) else { return nil }
        let ss = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return (ss / Double(xs.count - 1)).squareRoot()
    }

    /// `x` as a Decimal rounded to `digits` significant digits, built from its shortest decimal text so no
    /// binary noise leaks into events.
    static func decimal(_ x: Double, significantDigits digits: Int) -> Decimal {
        guard x.isFinite, x != 0 else { return 0 }
        let text = String(format: "%.\(max(0, digits - 1))e", x)
        return DecimalText.parse(text) ?? 0
    }
}
