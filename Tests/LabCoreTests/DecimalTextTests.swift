import Foundation
import LabCore
import Testing

@Suite struct DecimalTextTests {
    @Test(arguments: [
        ("1234.5", "1234.5"), ("1,234.5", "1234.5"), ("1.2e3", "1200"), ("1.2E-3", "0.0012"), ("-0.5", "-0.5"),
        ("+3", "3"), (".5", "0.5"), ("1,234,567", "1234567"), ("0", "0"),
    ])
    func parsesLabNumbers(_ input: String, _ expected: String) throws {
        let d = try #require(DecimalText.parse(input))
        #expect(DecimalText.format(d) == expected)
    }

    /// The fast formatter reads Foundation's bytes; it must print exactly what `description` prints (event ids
    /// hash this text, so a difference would turn replays into new events).
    @Test func formatMatchesFoundationOnManyValues() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let mantissa = UInt64.random(in: 0...UInt64.random(in: 1...UInt64.max, using: &generator), using: &generator)
            let plain = Decimal(sign: Bool.random(using: &generator) ? .minus : .plus,
                                exponent: Int.random(in: -20...12, using: &generator), significand: Decimal(mantissa))
            let derived = plain * Decimal(Int.random(in: 1...1000, using: &generator)) / Decimal(Int.random(in: 1...9, using: &generator))
            for d in [plain, derived] where d.exponent >= -20 {
                let expected = d.description == "-0" ? "0" : d.description
                #expect(DecimalText.format(d) == expected)
            }
        }
        #expect(DecimalText.format(Decimal(string: "99999999999999999999999")!) == "99999999999999999999999")
        #expect(DecimalText.format(Decimal(string: "0.000012")!) == "0.000012")
    }

    @Test(arguments: ["1,5", "12abc", "", "e5", "1.2.3", "--1", "1,23", "1,2345", "NaN", "neg"])
    func rejectsWhatItCannotReadExactly(_ input: String) {
        #expect(DecimalText.parse(input) == nil)
    }

    @Test(arguments: [
        ("1,5", "1.5"), ("25,100", "25.1"), ("1.234,5", "1234.5"), ("1.000", "1000"), ("100.000,000", "100000"),
        ("-0,5", "-0.5"), ("7", "7"), ("1,2E3", "1200"),
    ])
    func parsesDecimalCommaNumbers(_ input: String, _ expected: String) throws {
        let d = try #require(DecimalText.parse(input, mark: .comma))
        #expect(DecimalText.format(d) == expected)
        #expect(DecimalText.parse(input, mark: .point) == DecimalText.parse(input))
    }

    @Test(arguments: [
        ("1,5", DecimalMark.comma), ("25.10", .point), ("1.234,5", .comma), ("1,234.5", .point), ("1,234,567", .point),
        ("1.234.567", .comma), ("-0,5", .comma), ("1.2E3", .point), ("8.912E1", .point),
    ])
    func numbersThatShowTheirMark(_ input: String, _ mark: DecimalMark) {
        #expect(DecimalText.impliedMark(input) == mark)
    }

    @Test func numbersThatCouldBeEitherAreNotReadWithoutAMark() {
        for text in ["82,350", "1.000", "7", "abc"] { #expect(DecimalText.impliedMark(text) == nil) }
        #expect(DecimalText.parse("82,350", mark: nil) == nil)
        #expect(DecimalText.parse("1,5", mark: nil) == Decimal(string: "1.5"))
        #expect(DecimalText.parse("7", mark: nil) == 7)
        #expect(DecimalText.readsDifferently("82,350") && DecimalText.readsDifferently("<1.000"))
        #expect(!DecimalText.readsDifferently("1,5") && !DecimalText.readsDifferently("7") && !DecimalText.readsDifferently("abc"))
    }

    @Test func spaceGroupedThousands() {
        #expect(DecimalText.parse("7\u{00A0}683,201", mark: .comma) == Decimal(string: "7683.201"))
        #expect(DecimalText.parse("7 683,201", mark: .comma) == Decimal(string: "7683.201"))
        #expect(DecimalText.parse("1\u{202F}234\u{202F}567", mark: .point) == 1_234_567)
        #expect(DecimalText.parse("1 234.5", mark: .point) == Decimal(string: "1234.5"))
        #expect(DecimalText.parse("12 34", mark: .point) == nil)
        #expect(DecimalText.parse("5 7", mark: .comma) == nil)
    }

    @Test(arguments: ["1,2,3", "1.23", "1.2345,6", "12.5", "1,5.0", "abc"])
    func decimalCommaRejectsWhatItCannotReadExactly(_ input: String) {
        #expect(DecimalText.parse(input, mark: .comma) == nil)
    }

    @Test func reportedValuesKeepComparators() {
        #expect(ReportedValue.parse("<0.5") == .number(Decimal(string: "0.5")!, comparator: .lessThan))
        #expect(ReportedValue.parse(">=1000") == .number(1000, comparator: .greaterOrEqual))
        #expect(ReportedValue.parse(" neg ") == .text("neg"))
        #expect(ReportedValue.parse("  ") == .empty)
    }

    @Test func significantDigits() {
        #expect(DecimalText.significantDigits(in: "2.0") == 2)
        #expect(DecimalText.significantDigits(in: "0.050") == 2)
        #expect(DecimalText.significantDigits(in: "1200") == 4)
        #expect(DecimalText.significantDigits(in: "1.20e3") == 3)
    }

    @Test func roundsToSignificantDigits() {
        let v = Decimal(string: "34.20791571169568")!
        #expect(DecimalText.format(DecimalText.round(v, significantDigits: 5)) == "34.208")
        #expect(DecimalText.format(DecimalText.round(Decimal(string: "0.00123456")!, significantDigits: 3)) == "0.00123")
    }

    @Test func decimalArithmeticIsExactAtThresholds() {
        let anc = Decimal(1000) * Decimal(string: "0.001")!
        #expect(anc == 1)
        #expect(DecimalText.format(anc) == "1")
        #expect(!(anc > 1))
    }
}
