import Foundation
import LabCore
import Testing

@Suite struct JSONValueTests {
    @Test func stringsAreEscapedExactly() {
        #expect(JSONValue.string("a\"b\\c\nd\re\tf\u{01}g\u{1F}").rendered() == #""a\"b\\c\nd\re\tf\u0001g\u001f""#)
        #expect(JSONValue.string("µmol/L 中 🧪").rendered() == "\"µmol/L 中 🧪\"", "non-ASCII stays as UTF-8")
        #expect(JSONValue.string("").rendered() == #""""#)
    }

    @Test func everyControlCharacterRoundTripsThroughAJSONParser() throws {
        let text = String(String.UnicodeScalarView((0..<0x80).compactMap(Unicode.Scalar.init))) + "é\u{2028}𝄞"
        let rendered = JSONValue.array([.string(text)]).rendered()
        let parsed = try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String]
        #expect(parsed == [text])
    }

    @Test func valuesRenderCompactWithKeysInTheirOrder() {
        let v = JSONValue.object([("z", .int(-3)), ("a", .decimal(Decimal(string: "0.10")!)), ("n", .null),
                                  ("b", .bool(true)), ("l", .array([.double(1.5), .raw("{\"x\":1}")]))])
        #expect(v.rendered() == #"{"z":-3,"a":0.1,"n":null,"b":true,"l":[1.5,{"x":1}]}"#)
    }
}
