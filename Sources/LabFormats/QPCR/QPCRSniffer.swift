import Foundation

/// Recognises qPCR inputs by content (for `--format auto` and for choosing the flavour inside `qpcr`).
public enum QPCRSniffer {
    public enum Flavour: String, Sendable { case appliedBiosystems = "quantstudio", cfx, rdml, rdmlZip = "rdml-zip", summary }

    /// True when the first bytes look like any qPCR flavour this format reads.
    public static func looks(_ head: [UInt8]) -> Bool { flavour(head) != nil }

    /// The flavour the head of an input shows, or nil.
    public static func flavour(_ head: [UInt8]) -> Flavour? {
        // ZIP local file header: an RDML zip names its XML entry right after the 30-byte header.
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let lower = String(decoding: head.prefix(4096), as: UTF8.self).lowercased()
            return lower.contains(".xml") || lower.contains("rdml") ? .rdmlZip : nil
        }
        var text = String(decoding: head.prefix(16 * 1024), as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lower = text.lowercased()
        if lower.contains("<rdml") { return .rdml }
        // `isNewline`, not "\n"/"\r": in a CRLF file "\r\n" is one Character, equal to neither.
        let lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline).prefix(80)
        let starLines = lines.filter { $0.hasPrefix("* ") && $0.contains("=") }.count
        if starLines >= 2 || (starLines >= 1 && lower.contains("[results]")) { return .appliedBiosystems }
        if lower.contains("[results]") && (lower.contains("\tct") || lower.contains("cт") || lower.contains("\tcq")) { return .appliedBiosystems }
        guard let header = lines.first.map({ QPCRColumnsSniff.cells(String($0)) }) else { return nil }
        // A results header, after a key/value preamble or not (CFX Maestro's `File Name,…`/`Run Started,…`;
        // SDS 2.x "AQ Results"; StepOne/7500 CSV): CFX names (`Content`, `Fluor`) or the Applied Biosystems
        // ones (`Task`, `Target Name`, `Detector`).
        for line in lines {
            let cells = QPCRColumnsSniff.cells(String(line))
            if cells.contains("content") && (cells.contains("cq") || cells.contains("fluor")) && cells.contains("well") { return .cfx }
            if let columns = QPCRColumns(header: cells), columns.task != nil,
               cells.contains(where: { ["target name", "detector", "detector name", "sample name"].contains($0) }) {
                return .appliedBiosystems
            }
        }
        if header.contains(where: { $0.contains("copies") }) && header.contains(where: { $0.contains("sample") || $0.contains("subject") }) {
            return .summary
        }
        return nil
    }
}

extension QPCRSniffer {
    /// The first cell of an SDS 2.x export's first line: `SDS 2.3` (then `AQ Results` or `RQ Results`).
    static func isSDSTitle(_ cell: String) -> Bool {
        let parts = cell.trimmingCharacters(in: .whitespaces).split(separator: " ")
        return parts.count == 2 && parts[0] == "SDS" && parts[1].first?.isNumber == true
    }
}

enum QPCRColumnsSniff {
    static func cells(_ line: String) -> [String] {
        let sep: Character = line.contains("\t") ? "\t" : (line.filter { $0 == ";" }.count > line.filter { $0 == "," }.count ? ";" : ",")
        return line.split(separator: sep, omittingEmptySubsequences: false).map {
            QPCRColumns.normalize($0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        }
    }
}
