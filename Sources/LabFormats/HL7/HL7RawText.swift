/// Renders segments back to ER7 for quarantine/trace raw text, with personal data removed.
///
/// PHI policy: a PID is reduced to a whitelist (PID-1 set id, PID-2/3/4 identifiers without SS-typed
/// PID-3 repetitions, PID-8 sex); every
/// other PID field — name, mother's maiden name, birth date, alias, address, phones, SSN, licence,
/// birth place, death date… — is blanked. NK1 (next of kin) is never rendered. In OBX, the responsible
/// observer (OBX-16) and the performing organization's director (OBX-25) are person names and are blanked.
/// Any single subcomponent is capped (an embedded document never fills the quarantine).
enum HL7RawText {
    static let keptPIDFields = FieldSet([1, 2, 3, 4, 8])
    static let blankedOBXFields = FieldSet([16, 25])

    /// Field positions below 64 as a bit mask (a `Set<Int>` hashed on every field of every segment).
    struct FieldSet {
        private let mask: UInt64
        init(_ positions: [Int]) { mask = positions.reduce(0) { $0 | (1 << UInt64($1)) } }
        func contains(_ position: Int) -> Bool { position < 64 && (mask >> UInt64(position)) & 1 == 1 }
    }
    static let maxSubcomponentLength = 512

    /// PID-3 repetition with identifier type SS (a social security number): never rendered or used.
    static func isSocialSecurityNumber(_ pid: HL7Segment, rep: Int) -> Bool {
        pid.value(3, rep: rep, comp: 5).uppercased() == "SS"
    }

    /// Segments joined by "\n" (not the ER7 CR, so the text reads well in a terminal).
    static func render(_ segments: [HL7Segment]) -> String {
        segments.compactMap(render).joined(separator: "\n")
    }

    /// One segment as ER7 with standard separators; nil for a segment that is never rendered (NK1).
    /// Trailing empty fields, components and subcomponents are left out; empty repetitions stay in place.
    /// Written as bytes and decoded once (this runs for every OBX; `String` appends cost more).
    static func render(_ segment: HL7Segment) -> String? {
        let name = segment.name
        if name == "NK1" { return nil }
        let isPID = name == "PID", isOBX = name == "OBX"
        let isHeader = name == "MSH" || name == "FHS" || name == "BHS"
        // PID-3 repetitions typed SS are left out.
        let skippedPID3 = isPID ? (0..<segment.repetitions(3)).map { isSocialSecurityNumber(segment, rep: $0) } : []
        let cells = segment.cellsInOrder
        var cursor = 0  // the first cell of the field being written
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(contentsOf: name.utf8)
        var end = out.count  // length without trailing empty fields
        for position in 1...max(1, segment.fieldCount) where position <= segment.fieldCount {
            let first = cursor
            while cursor < cells.count, cells[cursor].field == position { cursor += 1 }
            if isHeader && position == 1 { continue }
            out.append(UInt8(ascii: "|"))
            let start = out.count
            if isHeader && position == 2 {
                out.append(contentsOf: "^~\\&".utf8)
            } else if (isPID && !keptPIDFields.contains(position)) || (isOBX && blankedOBXFields.contains(position)) {
                continue
            } else {
                write(cells[first..<cursor], repetitions: segment.repetitions(position),
                      skipping: isPID && position == 3 ? skippedPID3 : [], to: &out)
            }
            if out.count > start { end = out.count }
        }
        return String(decoding: out[..<end], as: UTF8.self)
    }

    /// One field's cells (in position order): repetitions joined by `~`, components by `^`, subcomponents
    /// by `&`; only separators before a non-empty text are written, so trailing empty parts never appear.
    private static func write(_ cells: ArraySlice<HL7Segment.Cell>, repetitions: Int, skipping skipped: [Bool],
                              to out: inout [UInt8]) {
        var next = cells.startIndex
        var firstRep = true
        for rep in 0..<repetitions {
            if rep < skipped.count && skipped[rep] {
                while next < cells.endIndex, cells[next].repetition == rep { next += 1 }
                continue
            }
            if !firstRep { out.append(UInt8(ascii: "~")) }
            firstRep = false
            var comp = 1, sub = 1
            while next < cells.endIndex, cells[next].repetition == rep {
                let cell = cells[next]
                next += 1
                if cell.text.isEmpty { continue }
                if cell.component > comp { sub = 1 }
                while comp < cell.component { out.append(UInt8(ascii: "^")); comp += 1 }
                while sub < cell.subcomponent { out.append(UInt8(ascii: "&")); sub += 1 }
                append(cap(cell.text), to: &out)
            }
        }
    }

    /// Appends `text`, escaping the standard separators (`| ^ ~ \ &`, CR, LF) when it has any: most text
    /// has none and is copied in one go.
    private static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        let plain = text.withUTF8 { bytes in
            guard !bytes.contains(where: needsEscape) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if !plain { out.append(contentsOf: HL7Separators.standard.escaped(text).utf8) }
    }

    @inline(__always)
    private static func needsEscape(_ b: UInt8) -> Bool {
        switch b {
        case 0x7C, 0x5E, 0x7E, 0x5C, 0x26, 0x0A, 0x0D: return true
        default: return false
        }
    }

    private static func cap(_ text: String) -> String {
        guard text.utf8.count > maxSubcomponentLength else { return text }
        return String(text.prefix(maxSubcomponentLength)) + "…[\(text.utf8.count) bytes]"
    }
}
