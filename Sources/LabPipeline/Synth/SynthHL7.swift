/// A small HL7 v2 message model for the generator, rendered either as ER7 (pipes) or as v2.xml
/// (`urn:hl7-org:v2xml`: segment elements, `SEG.n` fields, `TYPE.n` components and subcomponents).
///
/// Only what the synthetic labs send is modelled; the renderers escape delimiters (ER7 `\F\ \S\ \R\ \E\
/// \T\`) and markup (`&amp; &lt; &gt;`).
enum HL7Part: Sendable {
    case text(String)
    /// A composite value of a data type (`CE`, `CX`, `HD`, `TS`): its components by position (nil = empty).
    indirect case composite(String, [HL7Part?])

    static func ce(_ code: String, _ text: String, _ system: String) -> HL7Part {
        .composite("CE", [.text(code), .text(text), .text(system)])
    }
    static func ts(_ dtm: String) -> HL7Part { .composite("TS", [.text(dtm)]) }
    static func hd(_ id: String) -> HL7Part { .composite("HD", [.text(id)]) }
    static func ei(_ id: String, _ authority: String) -> HL7Part { .composite("EI", [.text(id), .text(authority)]) }
}

struct HL7Seg: Sendable {
    var name: String
    /// Fields by position (1-based); MSH-1 and MSH-2 are written by the renderers.
    var fields: [Int: HL7Part]

    init(_ name: String, _ fields: [Int: HL7Part]) {
        self.name = name
        self.fields = fields
    }
}

/// One ORU^R01 message: a patient and its order groups.
struct SynthORU: Sendable {
    struct Order: Sendable {
        var orc: HL7Seg?
        var obr: HL7Seg
        var observations: [HL7Seg]
        var specimen: HL7Seg?
    }

    var msh: HL7Seg
    var pid: HL7Seg
    var orders: [Order]

    // MARK: - ER7

    /// The message as ER7 segments, each ended by a carriage return.
    func er7() -> String {
        var out = ""
        func add(_ s: HL7Seg?) {
            guard let s else { return }
            out += SynthER7.segment(s)
            out += "\r"
        }
        add(msh)
        add(pid)
        for o in orders {
            add(o.orc)
            add(o.obr)
            for x in o.observations { add(x) }
            add(o.specimen)
        }
        return out
    }

    // MARK: - v2.xml

    /// The message as a v2.xml `ORU_R01` element (default namespace inherited from the batch wrapper).
    func xml(indent: String = "  ") -> String {
        var out = indent + "<ORU_R01>\n"
        out += indent + "  " + SynthXML.segment(msh) + "\n"
        out += indent + "  <ORU_R01.PATIENT_RESULT>\n"
        out += indent + "    <ORU_R01.PATIENT>" + SynthXML.segment(pid) + "</ORU_R01.PATIENT>\n"
        for o in orders {
            out += indent + "    <ORU_R01.ORDER_OBSERVATION>\n"
            if let orc = o.orc { out += indent + "      " + SynthXML.segment(orc) + "\n" }
            out += indent + "      " + SynthXML.segment(o.obr) + "\n"
            for x in o.observations {
                out += indent + "      <ORU_R01.OBSERVATION>" + SynthXML.segment(x) + "</ORU_R01.OBSERVATION>\n"
            }
            if let spm = o.specimen { out += indent + "      <ORU_R01.SPECIMEN>" + SynthXML.segment(spm) + "</ORU_R01.SPECIMEN>\n" }
            out += indent + "    </ORU_R01.ORDER_OBSERVATION>\n"
        }
        out += indent + "  </ORU_R01.PATIENT_RESULT>\n"
        out += indent + "</ORU_R01>\n"
        return out
    }
}

enum SynthER7 {
    static func escape(_ s: String) -> String {
        guard s.contains(where: { "|^~\\&".contains($0) }) else { return s }
        var out = ""
        for c in s {
            switch c {
            case "|": out += "\\F\\"
            case "^": out += "\\S\\"
            case "~": out += "\\R\\"
            case "\\": out += "\\E\\"
            case "&": out += "\\T\\"
            default: out.append(c)
            }
        }
        return out
    }

    static func part(_ p: HL7Part?, level: Int) -> String {
        guard let p else { return "" }
        switch p {
        case .text(let t): return escape(t)
        case .composite(_, let items):
            let sep = level == 0 ? "^" : "&"
            var parts = items.map { part($0, level: level + 1) }
            while parts.last == "" { parts.removeLast() }
            return parts.joined(separator: sep)
        }
    }

    /// `NAME|f1|f2…`; for MSH/BHS/FHS the first two fields are the separators.
    static func segment(_ s: HL7Seg) -> String {
        let header = ["MSH", "BHS", "FHS"].contains(s.name)
        let last = s.fields.keys.max() ?? 0
        var out = s.name
        if header {
            out += "|^~\\&"
            if last >= 3 { for i in 3...last { out += "|" + part(s.fields[i], level: 0) } }
        } else if last >= 1 {
            for i in 1...last { out += "|" + part(s.fields[i], level: 0) }
        }
        return out
    }
}

enum SynthXML {
    static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" }) else { return s }
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }

    static func part(_ p: HL7Part, element: String) -> String {
        switch p {
        case .text(let t): return "<\(element)>\(escape(t))</\(element)>"
        case .composite(let type, let items):
            var inner = ""
            for (i, item) in items.enumerated() {
                if let item { inner += part(item, element: "\(type).\(i + 1)") }
            }
            return "<\(element)>\(inner)</\(element)>"
        }
    }

    /// `<OBX><OBX.1>…</OBX.1>…</OBX>`; MSH/BHS/FHS get their separator fields 1 and 2.
    static func segment(_ s: HL7Seg) -> String {
        var out = "<\(s.name)>"
        if ["MSH", "BHS", "FHS"].contains(s.name) {
            out += "<\(s.name).1>|</\(s.name).1><\(s.name).2>^~\\&amp;</\(s.name).2>"
        }
        for key in s.fields.keys.sorted() {
            out += part(s.fields[key]!, element: "\(s.name).\(key)")
        }
        return out + "</\(s.name)>"
    }
}
