import Foundation

/// A deterministic pseudo-random generator (SplitMix64, Steele/Lea/Flood 2014): the same seed gives the
/// same sequence on every platform and Swift version, which `SystemRandomNumberGenerator` does not.
/// The synthetic trial draws every random choice from it, so a seed reproduces the output byte for byte.
///
/// For example `var r = SplitMix64(seed: 1); r.next()` is always `0x910a2dec89025cc1`.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) from the top 53 bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform double in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }

    /// A uniform integer in `range` (modulo bias is below 2^-40 for the small ranges used here).
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// A standard normal deviate (Box–Muller; one of the pair is discarded to keep the state simple).
    public mutating func normal(mean: Double = 0, sd: Double = 1) -> Double {
        let u1 = max(unit(), 0x1.0p-53)
        let u2 = unit()
        return mean + sd * (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// A log-normal deviate with the given median and geometric SD factor (e.g. median 20000, factor 3).
    public mutating func logNormal(median: Double, factor: Double) -> Double {
        median * Foundation.exp(normal() * Foundation.log(factor))
    }

    /// An independent generator for a sub-stream (a subject, a file), so adding draws in one place does not
    /// shift every other stream.
    public mutating func fork(_ salt: UInt64) -> SplitMix64 { SplitMix64(seed: next() ^ (salt &* 0xD1B5_4A32_D192_ED03)) }
}
