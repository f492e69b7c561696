import Foundation

/// Recognises flow summary exports by content (for `--format auto`).
///
/// - FlowJo table (v10 CSV or legacy Mac TSV): the first line's first cell is empty (v10) or `Sample`/`Name`
///   (legacy), and at least one other cell reads as `<gate path> | <statistic>` or `<gate path>,<statistic>`.
/// - FACSDiva statistics: within the first 200 lines, a line whose first cell is `Population` and which has a
///   `#Events` or `%…` column.
/// Mapped tables (Kaluza, CytExpert, hand-made sheets) cannot be recognised: the pipeline names them.
public enum FlowSniffer {
    enum Detected: Equatable {
        case flowjo(delimiter: UInt8, legacy: Bool)
        case facsdiva(delimiter: UInt8)
    }

    /// True when `head` (the first bytes of a file) is a FlowJo table or a FACSDiva statistics export.
    public static func looks(_ head: [UInt8]) -> Bool { detect(head) != nil }

    static func detect(_ head: [UInt8]) -> Detected? {
        let encoding = TextEncoding.detect(head, isComplete: head.count < 64 * 1024)
        var text = encoding.decode(head).text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = splitLines(text, limit: 200)
        guard let first = lines.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }

        for line in lines {
            for delimiter: Character in [",", "\t", ";"] {
                let cells = splitCells(line, delimiter)
                guard cells.count >= 2, normalized(cells[0]) == "population" else { continue }
                if cells.dropFirst().contains(where: { c in
                    let t = normalized(c)
                    return t == "#events" || t.hasPrefix("%")
                }) {
                    return .facsdiva(delimiter: delimiter.asciiValue!)
                }
            }
        }

        var best: (delimiter: Character, score: Int, legacy: Bool)?
        for delimiter: Character in ["\t", ",", ";"] {
            let cells = splitCells(first, delimiter)
            guard cells.count >= 2, sampleHeaders.contains(normalized(cells[0])) else { continue }
            let specs = cells.dropFirst().compactMap { FlowHeader.parse($0) }
            let withPath = specs.filter { !$0.population.isEmpty }
            guard !withPath.isEmpty else { continue }
            let legacy = !cells.dropFirst().contains { $0.contains(" | ") }
            if best == nil || withPath.count > best!.score { best = (delimiter, withPath.count, legacy) }
        }
        guard let best else { return nil }
        return .flowjo(delimiter: best.delimiter.asciiValue!, legacy: best.legacy)
    }

    /// First-column headers of a FlowJo table: empty (v10), `Sample` (legacy), or a name column.
    static let sampleHeaders: Set<String> = ["", "sample", "samples", "name", "sample name", "sample:", "$fil", "fcs file", "file"]

    private static func normalized(_ cell: String) -> String {
        FlowGatePath.normalizeName(cell).lowercased()
    }

    /// Lines split on CR, LF or CRLF (quotes are not tracked: headers do not span lines).
    static func splitLines(_ text: String, limit: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        var lastWasCR = false
        for ch in text.unicodeScalars {
            if ch == "\n" && lastWasCR { lastWasCR = false; continue }
            lastWasCR = ch == "\r"
            if ch == "\n" || ch == "\r" {
                lines.append(current)
                current = ""
                if lines.count >= limit { return lines }
            } else {
                current.unicodeScalars.append(ch)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Cells of one line, honouring double quotes.
    static func splitCells(_ line: String, _ delimiter: Character) -> [String] {
        var cells: [String] = []
        var current = ""
        var inQuotes = false
        var chars = line.makeIterator()
        while let c = chars.next() {
            if c == "\"" {
                inQuotes.toggle()
            } else if c == delimiter && !inQuotes {
                cells.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        cells.append(current)
        return cells
    }
}
