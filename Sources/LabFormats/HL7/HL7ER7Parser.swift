import LabCore

/// `hl7-er7`: HL7 v2 pipe-delimited messages (ORU^R01 and other result messages), streaming.
///
/// Separators come from each MSH (and FHS/BHS); escapes `\F\ \S\ \T\ \R\ \E\ \Xhh\ \.br\` are decoded;
/// FHS/BHS/BTS/FTS envelopes are checked (a count mismatch becomes a `ParseSummary` note). The charset
/// is MSH-18 (`8859/1` → Latin-1, otherwise UTF-8 with a Windows-1252 fallback that is noted).
/// Options: see `HL7Options`. Mapping: see `HL7ResultMapper`.
public struct HL7ER7Parser: RecordParser {
    public static let formatName = "hl7-er7"
    public static let parserID = "hl7-er7/1"

    public init() {}

    public func checkOptions(_ context: ParseContext) throws(LabError) { _ = try HL7Options(context, allowGzip: false) }

    public func parse(_ source: ByteSource, context: ParseContext,
                      emit: (ParseOutput) throws(LabError) -> Void) throws(LabError) -> ParseSummary {
        let options = try HL7Options(context, allowGzip: false)
        let reader = HL7ER7SegmentReader(source, maxBytes: options.maxBytes, maxFieldBytes: options.maxTextBytes,
                                         uri: context.uri)
        let mapper = HL7ResultMapper(uri: context.uri)
        return try withoutActuallyEscaping(emit) { (emit) throws(LabError) -> ParseSummary in
            var assembler = HL7MessageAssembler { (message) throws(LabError) in try mapper.map(message, emit: emit) }
            var separators = HL7Separators.standard
            var encoding = TextEncoding.utf8
            var usedEncodings: [String] = []
            var fellBack = false
            var sawSegment = false
            while let line = try reader.next() {
                let name = String(decoding: line.bytes.prefix(3), as: UTF8.self)
                if name == "MSH" || name == "FHS" || name == "BHS" {
                    if let s = Self.separators(line.bytes) {
                        separators = s
                    } else {
                        separators = .standard
                        if name == "MSH" {
                            try assembler.add(HL7Segment(name: "MSH", line: line.line))
                            assembler.failCurrent(LabError(.hl7MessageMalformed, "MSH-1/MSH-2 separators are unusable",
                                                           locator: Locator(uri: context.uri, line: line.line)))
                            sawSegment = true
                            continue
                        }
                    }
                    if name == "MSH" { encoding = Self.charset(line.bytes, separators) }
                }
                guard Self.isSegmentName(line.bytes, separators) else {
                    assembler.failCurrent(LabError(.hl7MessageMalformed, "a line is not an HL7 segment",
                                                   locator: Locator(uri: context.uri, line: line.line)))
                    continue
                }
                sawSegment = true
                let decoded = encoding.decode(line.bytes)
                if decoded.fellBack { fellBack = true }
                let used = decoded.fellBack ? TextEncoding.windows1252.rawValue : encoding.rawValue
                if !usedEncodings.contains(used) { usedEncodings.append(used) }
                var segment = Self.segment(decoded.text, separators)
                segment.line = line.line
                segment.oversized = line.oversized
                try assembler.add(segment)
                if line.oversized {  // as in XML: the whole message is not used
                    assembler.failOversized(segment, LabError(.hl7TextTooLarge, "a field is larger than max-text-bytes",
                                                              locator: Locator(uri: context.uri, line: line.line)))
                }
            }
            try assembler.flush()
            guard sawSegment, assembler.count > 0 else {
                throw LabError(.er7Malformed, "no HL7 segment found", locator: Locator(uri: context.uri))
            }
            var notes = assembler.notes
            if fellBack { notes.append("some segments were not valid UTF-8 and were read as windows-1252") }
            return ParseSummary(encoding: usedEncodings.first ?? "utf-8", notes: notes)
        }
    }

    // MARK: - Segment syntax

    /// MSH-1 and MSH-2 from the raw header line (`MSH|^~\&|…`).
    static func separators(_ bytes: [UInt8]) -> HL7Separators? {
        guard bytes.count >= 5 else { return nil }
        let field = bytes[3]
        guard field < 0x80 else { return nil }
        let rest = bytes[4...]
        let encoding = rest.prefix { $0 != field }
        guard (2...5).contains(encoding.count), encoding.allSatisfy({ $0 < 0x80 }) else { return nil }
        return HL7Separators(field: Character(Unicode.Scalar(field)), encoding: String(decoding: encoding, as: UTF8.self))
    }

    /// MSH-18 character set: `8859/1` is Latin-1 (read as its superset Windows-1252); everything else UTF-8.
    static func charset(_ bytes: [UInt8], _ seps: HL7Separators) -> TextEncoding {
        let text = String(decoding: bytes, as: UTF8.self)
        let msh = segment(text, seps)
        switch msh.value(18).uppercased() {
        case "8859/1", "ISO-8859-1", "ISO IR100", "ISO_IR 100": return .windows1252
        default: return .utf8
        }
    }

    /// `[A-Z][A-Z0-9]{2}` followed by the field separator or the end of the line.
    static func isSegmentName(_ bytes: [UInt8], _ seps: HL7Separators) -> Bool {
        guard bytes.count >= 3 else { return false }
        func upper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
        func digit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        guard upper(bytes[0]), upper(bytes[1]) || digit(bytes[1]), upper(bytes[2]) || digit(bytes[2]) else { return false }
        return bytes.count == 3 || Character(Unicode.Scalar(bytes[3])) == seps.field
    }

    /// Splits one decoded segment line into the shared model, decoding escapes.
    static func segment(_ text: String, _ seps: HL7Separators) -> HL7Segment {
        let f = seps.field.unicodeScalars.first!
        let elements = split(Substring(text), f)
        let name = String(elements[0].prefix(3))
        var segment = HL7Segment(name: name)
        let isHeader = name == "MSH" || name == "FHS" || name == "BHS"
        var position = 1
        if isHeader {
            segment.set(String(seps.field), field: 1, rep: 0, comp: 1, sub: 1)
            if elements.count > 1 { segment.set(String(elements[1]), field: 2, rep: 0, comp: 1, sub: 1) }
            position = 3
        }
        for element in elements.dropFirst(isHeader ? 2 : 1) {
            defer { position += 1 }
            if element.isEmpty { continue }
            let reps = split(element, seps.repetition.unicodeScalars.first!)
            for (r, rep) in reps.enumerated() {
                // Past the last position a segment keeps, the segment is marked overflowed and its message fails.
                guard segment.addRepetition(field: position) == r else { break }
                for (c, comp) in split(rep, seps.component.unicodeScalars.first!).enumerated() {
                    let subs = seps.subcomponent == "\u{0}" ? [comp] : split(comp, seps.subcomponent.unicodeScalars.first!)
                    for (s, sub) in subs.enumerated() {
                        segment.set(seps.unescape(String(sub)), field: position, rep: r, comp: c + 1, sub: s + 1)
                    }
                }
            }
        }
        return segment
    }

    /// Splits on a separator scalar, keeping empty pieces. An ASCII separator is matched on UTF-8 bytes
    /// (its byte never occurs inside a multi-byte sequence); otherwise scalar-wise.
    static func split(_ text: Substring, _ separator: Unicode.Scalar) -> [Substring] {
        var pieces: [Substring] = []
        if separator.isASCII {
            let byte = UInt8(separator.value)
            let utf8 = text.utf8
            var start = utf8.startIndex
            var i = start
            while i < utf8.endIndex {
                if utf8[i] == byte {
                    pieces.append(Substring(utf8[start..<i]))
                    start = utf8.index(after: i)
                }
                i = utf8.index(after: i)
            }
            pieces.append(Substring(utf8[start..<utf8.endIndex]))
            return pieces
        }
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var i = scalars.startIndex
        while i < scalars.endIndex {
            if scalars[i] == separator {
                pieces.append(Substring(scalars[start..<i]))
                start = scalars.index(after: i)
            }
            i = scalars.index(after: i)
        }
        pieces.append(Substring(scalars[start..<scalars.endIndex]))
        return pieces
    }
}
