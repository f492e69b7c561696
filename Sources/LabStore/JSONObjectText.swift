import LabCore

/// Splits a rendered JSON object (`{"a":1,"b":[2]}`, as the store writes attributes) into its members,
/// each kept as raw JSON text, without a JSON round trip that would turn exact decimals into doubles.
enum JSONObjectText {
    /// `{"a":…,"b":…}`: attributes as the stores write them, keys sorted, values as rendered.
    static func render(_ attributes: [String: JSONValue]) -> String {
        if attributes.isEmpty { return "{}" }
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(256)
        for (i, member) in attributes.sorted(by: { $0.key < $1.key }).enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.writeString(member.key, to: &out)
            out.append(UInt8(ascii: ":"))
            member.value.write(to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    static func split(_ text: String) -> [String: JSONValue] {
        let s = Array(text.utf8)
        var out: [String: JSONValue] = [:]
        var i = 0
        func skipSpace() { while i < s.count, s[i] == 0x20 || s[i] == 0x0A || s[i] == 0x0D || s[i] == 0x09 { i += 1 } }
        func skipString() { i += 1; while i < s.count, s[i] != 0x22 { if s[i] == 0x5C { i += 1 }; i += 1 }; i += 1 }
        func skipValue() {
            skipSpace()
            guard i < s.count else { return }
            if s[i] == 0x22 { skipString(); return }
            if s[i] == 0x7B || s[i] == 0x5B {
                var depth = 0
                while i < s.count {
                    if s[i] == 0x22 { skipString(); continue }
                    if s[i] == 0x7B || s[i] == 0x5B { depth += 1 }
                    if s[i] == 0x7D || s[i] == 0x5D { depth -= 1; if depth == 0 { i += 1; return } }
                    i += 1
                }
                return
            }
            while i < s.count, s[i] != 0x2C, s[i] != 0x7D, s[i] != 0x5D { i += 1 }
        }
        skipSpace()
        guard i < s.count, s[i] == 0x7B else { return [:] }
        i += 1
        while true {
            skipSpace()
            guard i < s.count, s[i] == 0x22 else { break }
            let keyStart = i
            skipString()
            let keyJSON = String(decoding: s[keyStart..<i], as: UTF8.self)
            let key = (try? JSONDecoderBox.decodeString(keyJSON)) ?? String(keyJSON.dropFirst().dropLast())
            skipSpace()
            guard i < s.count, s[i] == 0x3A else { break }
            i += 1
            skipSpace()
            let valueStart = i
            skipValue()
            out[key] = .raw(String(decoding: s[valueStart..<i], as: UTF8.self).trimmingCharacters(in: .whitespaces))
            skipSpace()
            if i < s.count, s[i] == 0x2C { i += 1 } else { break }
        }
        return out
    }
}

import Foundation

enum JSONDecoderBox {
    static func decodeString(_ json: String) throws -> String {
        try JSONDecoder().decode(String.self, from: Data(json.utf8))
    }
}
