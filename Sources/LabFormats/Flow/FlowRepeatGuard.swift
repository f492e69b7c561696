import Foundation
import LabCore

/// Keeps one unit from correcting itself: the same sample, tube and statistic reported twice in one file.
///
/// A flow result's identity is `sample|tube|code` (the observation's `resultID`), so a second cell with the same
/// identity and another value would be stored as a *correction* of the first and hide it. Inside one file that
/// is never a correction: FlowJo workspaces hold same-named FCS files (FACSDiva names them
/// `Specimen_001_Tube_001_001.fcs` in every experiment), a file can sit in two groups, and a column can repeat.
/// So, within one unit:
/// - a repeat with the same value and collection time passes on unchanged (the store counts it a duplicate);
/// - a repeat with another value or time is quarantined (`flow.ambiguous-repeat`) naming both places; the
///   first cell has already been emitted (rows stream) and stays.
/// Corrections across files are untouched: a guard lives for one unit.
struct FlowRepeatGuard {
    private struct Seen {
        var value: String
        var collected: ReportedTime
        var locator: Locator
    }

    private var seen: [String: Seen] = [:]

    /// The output to emit instead of `output`: itself, or a quarantine for a conflicting repeat.
    mutating func check(_ output: ParseOutput) -> ParseOutput {
        guard case .observation(let o) = output, let id = o.resultID else { return output }
        let value = Self.comparable(o.value)
        guard let first = seen[id] else {
            seen[id] = Seen(value: value, collected: o.collected, locator: o.locator)
            return output
        }
        if first.value == value && first.collected == o.collected { return output }
        let message = "\(o.locator) repeats the sample and statistic of \(first.locator) in this file with another value or time;"
            + " a repeat within one file is not a correction, so neither is preferred"
        var column: String?
        if case .string(let header)? = o.attributes["column"] { column = header }
        return .quarantined(LabError(.flowAmbiguousRepeat, message, locator: o.locator, field: column), raw: o.raw)
    }

    /// The value as the store will compare it: `50.0` and `50` are one value, text is compared as written.
    private static func comparable(_ value: ObservationValue) -> String {
        let number: (Decimal, ResultComparator?)?
        switch value {
        case .reported(let raw):
            if case .number(let n, let c) = ReportedValue.parse(raw) { number = (n, c) } else { number = nil }
        case .number(let n, let c, _): number = (n, c)
        case .text, .coded: number = nil
        }
        guard let (n, c) = number else { return "text:" + value.originalText.trimmed() }
        return (c?.rawValue ?? "") + DecimalText.format(n)
    }
}
