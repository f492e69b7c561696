/// Recognizes HL7 inputs from their first bytes, for `--format auto`.
///
/// For example `HL7Sniffer.looksLikeER7(Array("MSH|^~\\&|LIS".utf8))` is true, and
/// `HL7Sniffer.looksLikeXML(Array("<?xml version=\"1.0\"?><ORU_R01 xmlns=\"urn:hl7-org:v2xml\">".utf8))` is true.
/// Pass a few kilobytes (the XML check looks for an HL7 marker anywhere in `head`).
public enum HL7Sniffer {
    /// XML (after an optional BOM and whitespace) that carries an HL7 v2 marker: the v2.xml namespace,
    /// an `MSH` element (any prefix), a Mirth `<HL7Message>` root, or an `ORU_`/`OUL_` message element.
    public static func looksLikeXML(_ head: [UInt8]) -> Bool {
        let body = skipLeading(head, alsoMLLP: false)
        guard body.first == UInt8(ascii: "<") else { return false }
        let text = String(decoding: body.prefix(64 * 1024), as: UTF8.self)
        let markers = ["urn:hl7-org:v2xml", "<MSH>", ":MSH>", "<MSH ", "<HL7Message", "<ORU_", "<OUL_", ":ORU_", ":OUL_"]
        return markers.contains { text.contains($0) }
    }

    /// ER7: (after an optional BOM, whitespace or an MLLP start byte) `MSH`, `FHS` or `BHS`, a field
    /// separator, and 2–5 encoding characters closed by that separator (`MSH|^~\&|`), a line end
    /// (`FHS|^~\&` alone on its line) or the end of the input.
    public static func looksLikeER7(_ head: [UInt8]) -> Bool {
        let body = Array(skipLeading(head, alsoMLLP: true).prefix(16))
        guard body.count >= 7 else { return false }
        let name = String(decoding: body.prefix(3), as: UTF8.self)
        guard ["MSH", "FHS", "BHS"].contains(name) else { return false }
        let separator = body[3]
        func isAlphanumeric(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
        }
        guard separator > 0x20, separator < 0x7F, !isAlphanumeric(separator) else { return false }
        // The encoding characters end at the separator, or at the segment's end: FHS-1/FHS-2 are FHS's only
        // required fields, and a bare `FHS|^~\&` line starts real batches (also BHS, MSH, or the end of a tiny input).
        let end = body[4...].firstIndex { $0 == separator || $0 == 0x0D || $0 == 0x0A } ?? body.endIndex
        guard end < body.endIndex || body.count < 16 else { return false }
        let encoding = body[4..<end]
        return (2...5).contains(encoding.count) && encoding.allSatisfy { $0 > 0x20 && $0 < 0x7F && !isAlphanumeric($0) }
    }

    private static func skipLeading(_ head: [UInt8], alsoMLLP: Bool) -> ArraySlice<UInt8> {
        var s = head[...]
        if s.starts(with: [0xEF, 0xBB, 0xBF]) { s = s.dropFirst(3) }
        return s.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A || (alsoMLLP && $0 == 0x0B) }
    }
}
