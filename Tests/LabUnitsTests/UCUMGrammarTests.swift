import Foundation
import Testing
import LabCore
@testable import LabUnits

@Suite("UCUM grammar")
struct UCUMGrammarTests {
    @Test("valid expressions", arguments: [
        "10*-3/ul", "10*3/uL", "10^9/L", "mg/dL", "s/m/mg", "/min", "1/min", "mg/(24.h)", "kg/m2", "m2/s{a}", "{cells}/uL",
        "{RBC}/[HPF]", "%", "%{Bound}", "[iU]", "m[iU]/mL", "[IU]/L", "Cel", "[degF]", "[pH]", "dB", "B[10.nV]",
        "[m/s2/Hz^(1/2)]", "m[H2O]", "cm[Hg]", "mm[Hg]", "[in_i]", "[lb_av]", "[ppm]", "eq", "meq/L", "osm/kg", "mol",
        "umol/L", "ukat/L", "U/L", "G/L", "K/uL", "T/L", "{copies}/ug", "g.m/{hb}", "m+2", "s-1", "ms-1", "mg/kg/d",
        "(kg.m)/s2", "[car_Au]", "10*", "1", "{a}", "kg.m2/(s3.A)", "'", "''", "ft", "[hp_X]", "KiBy", "1{c}", "12.{a}", "10*+3/ul", "{a}.rad2{b}", "dB[10.nV]", "dyn.s/(cm5.m2)", "10*3{rbc}", "mL/{hb}.m2", "pH", "umol/2.h", "10.L/(min.m2)", "kg{body_wt}", "/{tot}",
    ])
    func valid(_ text: String) {
        #expect(UCUM.validate(text) == nil, "\(text) should be valid: \(UCUM.validate(text).map(String.init(describing:)) ?? "")")
    }

    @Test("invalid expressions", arguments: [
        "10+3/ul", "g/12h", "{a}rad2{b}", "{µ}", "mg/{ä}", "", "mg dL", "mg/", "/", "m(", "(m", "m)", "[in_i", "in_i]",
        "{a", "mg//dL", "k[in_i]", "xyz", "mEq/L", "m2-1", "{a}{b}", "g{a}{b}", "Kg", "µg", "{|}1", "iU", "molv", "[BETH'U]", "[iIU]", "cm[H20]", "ug(8.h)", "ug(8hr)", "m/", "U/1h", "mmol/kg[H20]", "rad2{錠}",
    ])
    func invalid(_ text: String) {
        #expect(UCUM.validate(text) != nil, "\(text) should be invalid")
    }

    @Test("invalid errors carry the 1-based position")
    func positions() throws {
        let e1 = try #require(UCUM.validate("mg dL"))
        #expect(e1.code == .unitInvalid)
        #expect(e1.message.contains("position 3"))
        let e2 = try #require(UCUM.validate("10+3/ul"))
        #expect(e2.code == .unitInvalid)
        #expect(e2.message.contains("position 3"))
        let e3 = try #require(UCUM.validate("{a}rad2{b}"))
        #expect(e3.message.contains("position 4"))
        let e4 = try #require(UCUM.validate("mg/xyz"))
        #expect(e4.code == .unitUnknown)
        #expect(e4.message.contains("position 4"))
        #expect(!e4.message.contains("xyz"), "messages never echo raw text")
    }

    @Test("left-to-right precedence: s/m/mg is s.m-1.mg-1")
    func precedence() throws {
        let a = try UCUM.parse("s/m/mg").canonical
        let b = try UCUM.parse("s.m-1.mg-1").canonical
        #expect(a == b)
        #expect(a.dimension == Dimension([-1, 1, -1, 0, 0, 0, 0]))
        let c = try UCUM.parse("mg/(24.h)").canonical
        #expect(c.dimension == Dimension([0, -1, 1, 0, 0, 0, 0]))
    }

    @Test("canonical c/s text")
    func canonicalText() throws {
        #expect(try UCUM.parse("mg/dl").canonicalText == "mg/dL")
        #expect(try UCUM.parse("10^9/L").canonicalText == "10*9/L")
        #expect(try UCUM.parse("{copies}/ug").canonicalText == "{copies}/ug")
    }

    @Test("every atom of the table resolves and is valid alone")
    func table() {
        for atom in UCUMTable.atoms {
            #expect(UCUM.isValid(atom.code), "\(atom.code)")
            #expect(UCUMRegistry.canonicalAtoms[atom.code] != nil)
        }
        #expect(UCUMTable.atoms.count > 280)
    }
}
