import Foundation
import Testing
@testable import LabFormats

@Suite struct StandardCurveTests {
    /// Five levels, one point each: by hand x = 1…5 (mean 3), Σ(x−x̄)² = 10, Σ(x−x̄)(y−ȳ) = −33.6,
    /// Σ(y−ȳ)² = 112.972, ȳ = 28.04 → slope −3.36, intercept 28.04 + 3.36·3 = 38.12, R² = 33.6²/(10·112.972).
    @Test func regressionMatchesHandComputation() throws {
        let curve = try #require(StandardCurve.fit([(10, 34.9), (100, 31.2), (1000, 28.1), (10_000, 24.6), (100_000, 21.4)]))
        #expect(abs(curve.slope - -3.36) < 1e-9)
        #expect(abs(curve.intercept - 38.12) < 1e-9)
        #expect(abs(curve.r2 - 1128.96 / 1129.72) < 1e-9)
        #expect(abs(curve.efficiencyPercent - (pow(10, 1 / 3.36) - 1) * 100) < 1e-9)
        #expect(curve.levels == 5 && curve.points == 5)
    }

    @Test func perfectCurveIsHundredPercent() throws {
        let slope = -1 / log10(2.0)   // doubling per cycle
        let curve = try #require(StandardCurve.fit((1...6).map { (pow(10, Double($0)), 40 + slope * Double($0)) }))
        #expect(abs(curve.efficiencyPercent - 100) < 1e-9)
        #expect(abs(curve.r2 - 1) < 1e-12)
        #expect(abs(curve.copies(atCq: 40 + slope * 3.5) - pow(10, 3.5)) < 1e-6)
    }

    @Test func tooFewLevelsGiveNoCurve() {
        #expect(StandardCurve.fit([(100, 30), (100, 30.2)]) == nil)
        #expect(StandardCurve.fit([]) == nil)
        #expect(StandardCurve.fit([(0, 30), (100, 31)]) == nil)   // log10(0) is skipped, one level left
    }

    @Test func statistics() {
        #expect(QPCRStats.mean([1, 2, 3]) == 2)
        #expect(abs(QPCRStats.sd([1, 2, 3])! - 1) < 1e-12)   // sample SD (n − 1), as instruments print
        #expect(QPCRStats.sd([5]) == nil)
        #expect(QPCRStats.decimal(164_699.6386, significantDigits: 4) == Decimal(string: "164700"))
        #expect(QPCRStats.decimal(0.000123456, significantDigits: 3) == Decimal(string: "0.000123"))
    }
}
