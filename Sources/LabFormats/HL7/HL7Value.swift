import LabCore

/// Reads OBX-5 by its OBX-2 value type, and OBX-6 units.
///
/// - NM, ST, TX, FT (and an empty OBX-2): `.reported(text)`; repetitions of ST/TX/FT are lines joined
///   by "\n" (the normalizer reads "<0.5" or keeps the text); TX/FT with digits that are not a number: `.text`
///   (narrative, digits and all; `\.br\` is already a line break). Unparseable: a value with no letter or digit
///   (a placeholder such as `***.**`), and an NM that is not a number (optionally with a comparator).
/// - SN: comparator + number (`<^0.5`, `>=^10`, `=^3`, `^3`) → `.number(n, comparator:, original:)`
///   with original "<0.5"; ranges (`^1^-^5`), ratios (`^1^:^128`, `^1^/^2`) and categories (`^2^+`)
///   → `.text("1-5")` with attributes `snForm` (range / ratio / category) and for ranges `snLow`,
///   `snHigh`; `<>` (not equal) → `.text`.
/// - CE, CWE, CNE, CF: `.coded(code: 1, display: 2, system: 3)` (the alternate 4–6 when 1 is empty).
/// - ID, IS: `.coded(code:, display: nil, system: nil)`.  DT, DTM, TS, TM: `.text`.
/// - ED, RP: attachments (the caller ignores them).  Other types are not lab values.
enum HL7Value {
    enum Read {
        case value(ObservationValue, attributes: [(String, String)])
        case missing
        case unparseable(String)
    }

    static let attachmentTypes: Set<String> = ["ED", "RP"]
    static let textTypes: Set<String> = ["", "NM", "ST", "TX", "FT"]
    static let codedTypes: Set<String> = ["CE", "CWE", "CNE", "CF"]
    static let supportedTypes: Set<String> = textTypes.union(codedTypes).union(["SN", "ID", "IS", "DT", "DTM", "TS", "TM"])

    static func read(_ obx: HL7Segment, type: String) -> Read {
        let reps = obx.repetitions(5)
        if textTypes.contains(type) {
            var lines: [String] = []
            for r in 0..<reps { lines.append(obx.value(5, rep: r)) }
            while let last = lines.last, last.trimmed().isEmpty { lines.removeLast() }
            let text = lines.joined(separator: "\n").trimmed()
            if text.isEmpty { return .missing }
            if type == "NM", lines.count > 1 { return .unparseable("OBX-5 (NM) has more than one repetition") }
            // `260385009^Not detected^SCT` in an NM is a coded answer in the wrong type: its code is no number.
            if type == "NM", obx.hasComponents(field: 5) { return .unparseable("OBX-5 (NM) has components: a coded answer, not a number") }
            // Analyzers fill a result they have no value for with marks (`***.**`, `.....`, `--`): that is not a
            // result, and stored as text it would read as one.
            if !hasLetterOrDigit(text) {
                return .unparseable("OBX-5 has no letter or digit: it looks like a placeholder for a missing result")
            }
            // NM is a number (HL7 v2 2.A.47); the normalizer reads "<5" and the like, but never keeps NM as text.
            // (Plain digits and points, nearly every NM, need no parse here: the normalizer parses them anyway.)
            if type == "NM", !text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }), case .text = ReportedValue.parse(text) {
                return .unparseable("OBX-5 (NM) is not a number")
            }
            // TX/FT are narrative (a marrow report: "Blasts 5%\nAuer rods 2"): text with digits is still text
            // unless the whole value is a number. For NM/ST the normalizer refuses text that carries digits
            // ("1,5"), so a misread number never becomes text.
            if type == "TX" || type == "FT", text.contains(where: \.isNumber), case .text = ReportedValue.parse(text) {
                return .value(.text(text), attributes: [])
            }
            return .value(.reported(text), attributes: [])
        }
        let nonEmpty = (0..<reps).filter { obx.hasContent(field: 5, rep: $0) }
        if nonEmpty.isEmpty { return .missing }
        if nonEmpty.count > 1 { return .unparseable("OBX-5 has more than one repetition") }
        let rep = nonEmpty[0]
        if codedTypes.contains(type) {
            if let code = obx.text(5, rep: rep, comp: 1) {
                return .value(.coded(code: code, display: obx.text(5, rep: rep, comp: 2), system: obx.text(5, rep: rep, comp: 3)), attributes: [])
            }
            if let code = obx.text(5, rep: rep, comp: 4) {
                return .value(.coded(code: code, display: obx.text(5, rep: rep, comp: 5), system: obx.text(5, rep: rep, comp: 6)), attributes: [])
            }
            if let text = obx.text(5, rep: rep, comp: 2) ?? obx.text(5, rep: rep, comp: 9) {
                return .value(.text(text), attributes: [])
            }
            return .missing
        }
        switch type {
        case "SN": return structuredNumeric(obx, rep: rep)
        case "ID", "IS":
            guard let code = obx.text(5, rep: rep) else { return .missing }
            return .value(.coded(code: code, display: nil, system: nil), attributes: [])
        default:  // DT, DTM, TS, TM
            guard let text = obx.text(5, rep: rep) else { return .missing }
            return .value(.text(text), attributes: [])
        }
    }

    /// True when `text` has a letter or digit: ASCII by bytes (nearly every value), the rest by Unicode.
    static func hasLetterOrDigit(_ text: String) -> Bool {
        var ascii = true
        for b in text.utf8 {
            if (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) { return true }
            if b >= 0x80 { ascii = false }
        }
        return !ascii && text.contains { $0.isLetter || $0.isNumber }
    }

    /// SN = comparator ^ num1 ^ separator/suffix ^ num2.
    static func structuredNumeric(_ obx: HL7Segment, rep: Int) -> Read {
        let comparator = obx.text(5, rep: rep, comp: 1) ?? ""
        let num1 = obx.text(5, rep: rep, comp: 2) ?? ""
        let separator = obx.text(5, rep: rep, comp: 3) ?? ""
        let num2 = obx.text(5, rep: rep, comp: 4) ?? ""
        if separator.isEmpty && num2.isEmpty {
            guard let number = DecimalText.parse(num1) else {
                return num1.isEmpty && comparator.isEmpty ? .missing : .unparseable("SN number (OBX-5.2) is not a number")
            }
            if comparator.isEmpty || comparator == "=" {
                return .value(.number(number, comparator: nil, original: num1), attributes: [])
            }
            if comparator == "<>" {
                return .value(.text("<>" + num1), attributes: [("snForm", "not-equal")])
            }
            guard let c = ResultComparator(symbol: comparator) else {
                return .unparseable("SN comparator (OBX-5.1) is not one of > < >= <= = <>")
            }
            return .value(.number(number, comparator: c, original: comparator + num1), attributes: [])
        }
        let text = (comparator == "=" ? "" : comparator) + num1 + separator + num2
        switch separator {
        case "-":
            guard DecimalText.parse(num1) != nil, DecimalText.parse(num2) != nil else {
                return .unparseable("SN range bounds are not numbers")
            }
            return .value(.text(text), attributes: [("snForm", "range"), ("snLow", num1), ("snHigh", num2)])
        case ":", "/":
            return .value(.text(text), attributes: [("snForm", "ratio")])
        case "+", ".":
            return .value(.text(text), attributes: [("snForm", "category")])
        default:
            return .unparseable("SN separator (OBX-5.3) is not one of - + / . :")
        }
    }

    /// OBX-6: component 1 (else 2); the alternate 4 when its system (6) is UCUM and the primary's (3) is not.
    static func unit(_ obx: HL7Segment) -> String? {
        let primarySystem = obx.text(6, comp: 3)?.uppercased()
        if primarySystem != "UCUM", obx.text(6, comp: 6)?.uppercased() == "UCUM", let alt = obx.text(6, comp: 4) {
            return alt
        }
        return obx.text(6, comp: 1) ?? obx.text(6, comp: 2)
    }
}
