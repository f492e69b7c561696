import Foundation
import Testing
import LabCore
@testable import LabUnits

private func d(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

@Suite("UCUM conversion")
struct UCUMConversionTests {
    @Test("ratio units", arguments: [
        ("1", "[in_i]", "cm", "2.54"), ("1", "[ft_i]", "m", "0.3048"), ("1", "[lb_av]", "g", "453.59237"),
        ("1", "L", "mL", "1000"), ("1", "dL", "L", "0.1"), ("1000", "/uL", "10*9/L", "1"), ("1200", "/uL", "10*9/L", "1.2"),
        ("1", "h", "s", "3600"), ("1", "d", "min", "1440"), ("1", "U", "ukat", "0.01666666666666666666666666666666666667"),
        ("1", "ukat", "U", "60"), ("1", "%", "1", "0.01"), ("50", "%", "1", "0.5"), ("1", "[IU]/L", "m[iU]/mL", "1"),
        ("1", "bar", "kPa", "100"), ("1", "atm", "Pa", "101325"), ("1", "[psi]", "Pa", "6894.757293168361"),
        ("1", "meq/L", "mmol/L", "1"), ("1", "10*3/uL", "10*9/L", "1"), ("1", "G/L", "T/L", "0.0001"),
        ("1", "mm[Hg]", "kPa", "0.133322"), ("6.3", "s/m/mg", "s.m-1.g-1", "6300"), ("6.3", "s/m.mg", "s.m-1.g", "0.0063"),
        ("6.3", "s/4/m", "s/m", "1.575"), ("6.3", "4.s/m", "s/m", "25.2"), ("6.3", "ms/mm", "s/m", "6.3"),
        ("6.3", "g.m.s-2.A-2", "g.m.C-2", "6.3"), ("1", "10*-7.s", "s", "1e-7"),
        ("1", "4.[pi].10*-7.N", "N", "0.00000125663706143591729538506"), ("1", "[mu_0]", "g.m.C-2", "0.00125663706143591729538506"),
        ("1", "m[Hg]", "g.s-2.m-1", "133322000"), ("1", "S", "g-1.m-2.C2.s", "0.001"), ("1", "[ly]", "cm", "946073047258080000"),
        ("1", "1/[ly]", "cm-1", "1.05700083402461546370946e-18"), ("1.2", "g.m", "m.g", "1.2"), ("6.3", "s.mm-2", "s.m-2", "6300000"),
        ("1", "[degR]", "K", "0.5555555555555555555555555555555555556"), ("1", "[car_Au]", "%", "4.166666666666666666666666666666666667"), ("1", "a", "d", "365.25"), ("1", "mo", "d", "30.4375"), ("1", "[gal_us]", "L", "3.785411784"),
    ])
    func ratio(_ value: String, _ from: String, _ to: String, _ expected: String) throws {
        let result = try UCUM.convert(d(value), from: from, to: to)
        let tolerance = abs(d(expected)) * d("1e-12")
        #expect(abs(result - d(expected)) <= tolerance, "\(value) \(from) → \(to): \(result)")
    }

    @Test("special units: 37 Cel = 98.6 [degF] exactly, and back")
    func temperature() throws {
        #expect(try UCUM.convert(37, from: "Cel", to: "[degF]") == d("98.6"))
        #expect(try UCUM.convert(d("98.6"), from: "[degF]", to: "Cel") == 37)
        #expect(try UCUM.convert(0, from: "Cel", to: "K") == d("273.15"))
        #expect(try UCUM.convert(100, from: "Cel", to: "[degF]") == 212)
        #expect(try UCUM.convert(d("-40"), from: "[degF]", to: "Cel") == -40)
        #expect(try UCUM.convert(0, from: "[degRe]", to: "Cel") == 0)
        #expect(try UCUM.convert(80, from: "[degRe]", to: "Cel") == 100)
    }

    @Test("logarithmic special units")
    func logarithmic() throws {
        let h = try UCUM.convert(7, from: "[pH]", to: "mol/L")
        #expect(abs(h - d("1e-7")) < d("1e-19"))
        let ph = try UCUM.convert(d("1e-7"), from: "mol/L", to: "[pH]")
        #expect(abs(ph - 7) < d("1e-9"))
        let b = try UCUM.convert(20, from: "dB", to: "1")  // 2 B = 100
        #expect(abs(b - 100) < d("1e-9"))
    }

    @Test("arbitrary units convert only to themselves")
    func arbitrary() throws {
        #expect(try UCUM.convert(5, from: "[iU]/mL", to: "[iU]/L") == 5000)
        #expect(throws: LabError.self) { try UCUM.convert(1, from: "[iU]", to: "1") }
        #expect(throws: LabError.self) { try UCUM.convert(1, from: "[CFU]", to: "[PFU]") }
        do { _ = try UCUM.convert(1, from: "[iU]/L", to: "U/L"); Issue.record("must fail") } catch {
            #expect(error.code == .unitIncompatible)
        }
    }

    @Test("special units inside products are not convertible")
    func specialInProduct() {
        do { _ = try UCUM.convert(1, from: "Cel/h", to: "K/h"); Issue.record("must fail") } catch {
            #expect(error.code == .unitNotConvertible)
        }
    }

    @Test("incommensurable units")
    func incompatible() {
        do { _ = try UCUM.convert(1, from: "mg/dL", to: "10*9/L"); Issue.record("must fail") } catch {
            #expect(error.code == .unitIncompatible)
        }
    }
}
