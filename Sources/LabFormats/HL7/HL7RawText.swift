/// Renders segments back to ER7 for quarantine/trace raw text, with personal data removed.
///
/// PHI policy: a PID is reduced to a whitelist (PID-1 set id, PID-2/3/4 identifiers without SS-typed
/// PID-3 repetitions, PID-8 sex); every
/// other PID field — name, mother's maiden name, birth date, alias, address, phones, SSN, licence,
/// birth place, death date… — is blanked. NK1 (next of kin) is never rendered. In OBX, the responsible
/// observer (OBX-16) and the performing organization's director (OBX-25) are person names and are blanked.
/// Any single subcomponent is capped (an embedded document never fills the quarantine).
enum HL7RawText {
    static let keptPIDFields: Set<Int> = [1, 2, 3, 4, 8]
    static let blankedOBXFields: Set<Int> = [16, 25]
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
    /// Trailing empty fields, components and subcomponents are left out. Written into one string (this runs
    /// for every OBX, and intermediate arrays per component were a visible share of the parse).
    static func render(_ segment: HL7Segment) -> String? {
        let seps = HL7Separators.standard
        let name = segment.name
        if name == "NK1" { return nil }
        let isPID = name == "PID", isOBX = name == "OBX"
        let isHeader = name == "MSH" || name == "FHS" || name == "BHS"
        var out = name
        var end = out.utf8.count  // length without trailing empty fields
        for (i, field) in segment.fields.enumerated() {
            let position = i + 1
            if isHeader && position == 1 { continue }
            out += "|"
            let start = out.utf8.count
            if isHeader && position == 2 {
                out += "^~\\&"
            } else if (isPID && !keptPIDFields.contains(position)) || (isOBX && blankedOBXFields.contains(position)) {
                continue
            } else {
                var firstRep = true
                for (r, rep) in field.enumerated() {
                    if isPID && position == 3 && isSocialSecurityNumber(segment, rep: r) { continue }
                    if !firstRep { out += "~" }
                    firstRep = false
                    write(rep, escapedBy: seps, to: &out)
                }
            }
            if out.utf8.count > start { end = out.utf8.count }
        }
        if out.utf8.count > end { out = String(decoding: out.utf8.prefix(end), as: UTF8.self) }
        return out
    }

    /// One repetition: components joined by `^`, subcomponents by `&`, trailing empty ones left out.
    private static func write(_ rep: HL7Segment.Repetition, escapedBy seps: HL7Separators, to out: inout String) {
        guard let lastComponent = rep.lastIndex(where: { $0.contains { !$0.isEmpty } }) else { return }
        for c in 0...lastComponent {
            if c > 0 { out += "^" }
            let subs = rep[c]
            guard let lastSub = subs.lastIndex(where: { !$0.isEmpty }) else { continue }
            for k in 0...lastSub {
                if k > 0 { out += "&" }
                out += seps.escaped(cap(subs[k]))
            }
        }
    }

    private static func cap(_ text: String) -> String {
        guard text.utf8.count > maxSubcomponentLength else { return text }
        return String(text.prefix(maxSubcomponentLength)) + "…[\(text.utf8.count) bytes]"
    }
}
