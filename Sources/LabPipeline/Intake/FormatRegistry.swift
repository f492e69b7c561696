import LabCore
import LabFormats

/// The formats `--format` names, and content sniffing for `auto`.
public enum FormatRegistry {
    public static var names: [String] { parsers.map { type(of: $0).formatName } }

    static let parsers: [any RecordParser] = [
        HL7XMLParser(),
        HL7ER7Parser(),
        LabCSVParser(),
        QPCRParser(),
        FlowParser(),
    ]

    public static func parser(named name: String) -> (any RecordParser)? {
        parsers.first { type(of: $0).formatName == name }
    }

    /// Picks a format from the first bytes of a unit of work, most specific first. Returns nil when nothing
    /// fits: the unit then fails with `format.unknown` rather than being parsed by a guess.
    public static func sniff(_ head: [UInt8], fileName: String) -> (any RecordParser)? {
        if HL7Sniffer.looksLikeER7(head) { return HL7ER7Parser() }
        if QPCRSniffer.looks(head) { return QPCRParser() }  // before HL7 XML: RDML is XML too
        if HL7Sniffer.looksLikeXML(head) { return HL7XMLParser() }
        if FlowSniffer.looks(head) { return FlowParser() }
        if looksLikeLabCSV(head) { return LabCSVParser() }
        return nil
    }

    /// A tidy results sheet: its first line names a value column and an analyte column.
    static func looksLikeLabCSV(_ head: [UInt8]) -> Bool {
        let text = String(decoding: head.prefix(4096), as: UTF8.self).lowercased()
        let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""  // "\r\n" is one Character
        return ["value", "result"].contains { firstLine.contains($0) }
            && ["loinc", "analyte", "test"].contains { firstLine.contains($0) }
    }
}
