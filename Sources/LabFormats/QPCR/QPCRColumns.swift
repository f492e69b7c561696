import Foundation
import LabCore

/// Finds the qPCR columns in a results header row by name, across instrument software spellings.
///
/// QuantStudio/ViiA 7/StepOne/7500: `Well`, `Well Position`, `Omit`, `Sample Name`, `Target Name` (7500: `Detector`),
/// `Task`, `Reporter`, `CT` (also `Cт` with a Cyrillic т, `Crt`, `Cq`), `Quantity`, `Y-Intercept`,
/// `R(superscript 2)`, `Slope`, `Efficiency`. Bio-Rad CFX/Maestro: a leading empty column, `Well`, `Fluor`,
/// `Target`, `Content`, `Sample`, `Cq`, `Starting Quantity (SQ)`. When a name occurs twice (QuantStudio repeats
/// `Target Name` and `Task` at the end of some exports) the first one wins.
struct QPCRColumns: Sendable {
    var well: Int?
    var wellPosition: Int?
    var omit: Int?
    var sample: Int?
    var target: Int?
    var task: Int?
    var reporter: Int?
    var cq: Int?
    var quantity: Int?
    var slope: Int?
    var intercept: Int?
    var r2: Int?
    var efficiency: Int?

    /// Lower case, single spaces, Cyrillic т (and its Windows-1252/Mac-Roman mis-decodings ò/Ú) read as t.
    static func normalize(_ header: String) -> String {
        var s = header.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        s = s.replacingOccurrences(of: "т", with: "t")
        if s.hasPrefix("cò") || s.hasPrefix("cú") { s = "ct" + s.dropFirst(2) }
        return s.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" }).joined(separator: " ")
    }

    init?(header: [String]) {
        let names = header.map(Self.normalize)
        func find(_ options: [String]) -> Int? {
            for option in options { if let i = names.firstIndex(of: option) { return i } }
            return nil
        }
        well = find(["well"])
        wellPosition = find(["well position", "pos", "position"])
        omit = find(["omit", "omitted", "excluded"])
        sample = find(["sample name", "sample", "sample id", "name"])
        target = find(["target name", "target", "detector", "detector name", "gene name", "assay"])
        task = find(["task", "content", "sample type", "well type", "type"])
        reporter = find(["reporter", "fluor", "dye"])
        cq = find(["ct", "cq", "crt", "cp", "c(t)", "c t"])
        quantity = find(["quantity", "starting quantity (sq)", "sq", "qty", "concentration"])
        slope = find(["slope"])
        intercept = find(["y-intercept", "intercept", "y intercept"])
        r2 = find(["r(superscript 2)", "r2", "r^2", "r²", "rsq", "r squared"])
        efficiency = find(["efficiency", "efficiency %", "efficiency (%)"])
        guard well != nil || wellPosition != nil, cq != nil, target != nil || sample != nil else { return nil }
    }

    /// `A01` → `A1` (CFX pads the column), so the same plate reads the same from every instrument.
    static func canonicalPosition(_ p: String) -> String {
        guard let firstDigit = p.firstIndex(where: \.isNumber), p[..<firstDigit].allSatisfy(\.isLetter), !p[..<firstDigit].isEmpty,
              let n = Int(p[firstDigit...]) else { return p }
        return p[..<firstDigit].uppercased() + String(n)
    }

    /// The decimal mark of a run's numbers, read from its Cq cells: a Cq is below 100 cycles, so `25,100` can
    /// only be a decimal comma and `25.100` only a decimal point (QuantStudio prints three decimals). Nil when
    /// the Cq cells show neither, or both (a Cq then misread is above 100 and unparseable).
    func decimalMark(of rows: [DelimitedRecord]) -> DecimalMark? {
        guard let cq else { return nil }
        var commas = 0, points = 0
        for row in rows where cq < row.fields.count {
            let bytes = row.fields[cq].utf8
            if bytes.contains(UInt8(ascii: ",")) { commas += 1 }
            if bytes.contains(UInt8(ascii: ".")) { points += 1 }
        }
        if commas > 0 && points == 0 { return .comma }
        if points > 0 && commas == 0 { return .point }
        return nil
    }

    /// The well position as written: `Well Position` (`A1`), else `Well` (a number on QuantStudio, `A01` on CFX).
    func position(of row: DelimitedRecord) -> String {
        for i in [wellPosition, well] {
            guard let i, i < row.fields.count else { continue }
            let text = row.fields[i].trimmingCharacters(in: .whitespaces)
            if !text.isEmpty { return text }
        }
        return ""
    }

    /// A results row as a well, with CFX/QuantStudio spellings read and numbers in the run's decimal `mark`.
    func well(_ row: DelimitedRecord, uri: String, nonDetect: Double?, mark: DecimalMark?) -> QPCRWell {
        func cell(_ i: Int?) -> String {
            guard let i, i < row.fields.count else { return "" }
            return row.fields[i].trimmingCharacters(in: .whitespaces)
        }
        let sampleText = cell(sample)
        let targetText = cell(target).isEmpty ? cell(reporter) : cell(target)
        let taskText = cell(task)
        var role = QPCRCells.role(taskText)
        var unknownTask: String?
        if role == nil {
            if taskText.isEmpty {
                // No task: an unused well when nothing is assigned; otherwise the task is missing.
                if sampleText.isEmpty && cell(cq).isEmpty { role = .empty }
                else if task == nil { role = .unknown }  // tables without a task column hold unknowns
                else { unknownTask = "" }
            } else {
                unknownTask = taskText
            }
        }
        let omitText = cell(omit).lowercased()
        var w = QPCRWell(locator: Locator(uri: uri, line: row.line, path: cell(wellPosition).isEmpty ? nil : "well \(cell(wellPosition))"),
                         raw: row.raw, position: position(of: row),
                         sample: sampleText, target: targetText, role: role ?? .unknown,
                         omitted: ["true", "yes", "y", "1"].contains(omitText),
                         cq: QPCRCells.cq(cell(cq), nonDetect: nonDetect, mark: mark),
                         quantity: QPCRCells.number(cell(quantity), mark: mark))
        w.position = Self.canonicalPosition(w.position)
        w.locator.path = w.position.isEmpty ? nil : "well \(w.position)"
        w.unknownTask = unknownTask
        w.printedSlope = QPCRCells.number(cell(slope), mark: mark)
        w.printedIntercept = QPCRCells.number(cell(intercept), mark: mark)
        w.printedR2 = QPCRCells.number(cell(r2), mark: mark)
        w.printedEfficiency = QPCRCells.number(cell(efficiency), mark: mark)
        return w
    }
}
