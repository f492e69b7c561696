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
    static func render(_ segment: HL7Segment) -> String? {
        let seps = HL7Separators.standard
        var keep: (Int) -> Bool = { _ in true }
        switch segment.name {
        case "NK1": return nil
        case "PID": keep = { keptPIDFields.contains($0) }
        case "OBX": keep = { !blankedOBXFields.contains($0) }
        default: break
        }
        var parts: [String] = [segment.name]
        let isHeader = segment.name == "MSH" || segment.name == "FHS" || segment.name == "BHS"
        for (i, field) in segment.fields.enumerated() {
            let position = i + 1
            if isHeader && position == 1 { continue }
            if isHeader && position == 2 { parts.append("^~\\&"); continue }
            guard keep(position) else { parts.append(""); continue }
            var field = field
            if segment.name == "PID" && position == 3 {
                field = field.indices.filter { !isSocialSecurityNumber(segment, rep: $0) }.map { field[$0] }
            }
            let reps = field.map { rep in
                trimmed(rep.map { comp in trimmed(comp.map { seps.escaped(cap($0)) }).joined(separator: "&") })
                    .joined(separator: "^")
            }
            parts.append(reps.joined(separator: "~"))
        }
        while parts.count > 1, parts.last == "" { parts.removeLast() }
        return parts.joined(separator: "|")
    }

    private static func trimmed(_ items: [String]) -> [String] {
        var items = items
        while let last = items.last, last.isEmpty { items.removeLast() }
        return items
    }

    private static func cap(_ text: String) -> String {
        guard text.utf8.count > maxSubcomponentLength else { return text }
        return String(text.prefix(maxSubcomponentLength)) + "…[\(text.utf8.count) bytes]"
    }
}
