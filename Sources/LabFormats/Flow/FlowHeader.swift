import Foundation

/// One statistic column of a flow table: which population, which statistic, as written and normalized.
public struct FlowColumnSpec: Sendable, Equatable {
    /// The header exactly as written (decoded).
    public var header: String
    /// The gate path as written (`Lymphocytes/CD3+/CAR+`); empty for a statistic of the whole sample.
    public var population: String
    /// `population` normalized for matching (see `FlowGatePath`).
    public var populationNormalized: String
    public var statistic: FlowStatistic
    /// What a person would call the column: the header itself for FlowJo (it names the population), or
    /// `<population> | <header>` where the population is in a row (FACSDiva).
    public var display: String

    public init(header: String, population: String, statistic: FlowStatistic, display: String? = nil) {
        self.header = header
        self.population = population
        self.populationNormalized = FlowGatePath.normalize(population)
        self.statistic = statistic
        self.display = display ?? header
    }

    /// The parent gate as written (`CD3+` for `Lymphocytes/CD3+/CAR+`), nil for a top-level gate.
    public var parent: String? { FlowGatePath.parentName(of: population) }

    /// The `FLOW-GATE` code: `<normalized path> | <canonical statistic>`, or the statistic alone for the
    /// whole sample.
    public var gateCode: String {
        populationNormalized.isEmpty ? statistic.canonical : "\(populationNormalized) | \(statistic.canonical)"
    }
}

/// Splits FlowJo table headers into gate path and statistic.
///
/// - FlowJo v10: `<gate path> | <statistic>`, split at the **last** ` | ` (a gate name may itself contain `|`
///   only in theory; the statistic never does).
/// - Legacy FlowJo (Mac v9, early v10): `<gate path>,<statistic>`. Gate names contain commas
///   (`Q1: IL-17A-, IFNg+`), so the split is at the last comma whose remainder reads as a statistic
///   (`Freq. of Parent`, `Count`, `Median,<FITC-A>`).
/// - A header that is a statistic by itself (`Count`, `Median (FSC-A)`) is a statistic of the whole sample.
/// - Anything else is not a statistic column (a keyword column such as `$DATE` or `TUBE NAME`): nil.
public enum FlowHeader {
    public static func parse(_ header: String) -> FlowColumnSpec? {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        if let bar = trimmed.range(of: " | ", options: .backwards) {
            let path = String(trimmed[..<bar.lowerBound]).trimmingCharacters(in: .whitespaces)
            let statText = String(trimmed[bar.upperBound...])
            // After an explicit ` | ` the right side is a statistic even when this reader does not know it.
            let stat = FlowStatistic.parseFlowJo(statText)
                ?? FlowStatistic(kind: .other, name: FlowGatePath.normalizeName(statText))
            return FlowColumnSpec(header: header, population: path, statistic: stat)
        }
        if let (path, stat) = splitLegacy(trimmed) {
            return FlowColumnSpec(header: header, population: path, statistic: stat)
        }
        if let stat = FlowStatistic.parseFlowJo(trimmed) {
            return FlowColumnSpec(header: header, population: "", statistic: stat)
        }
        return nil
    }

    /// The last comma whose remainder is a statistic: `A/Q1: IL-17A-, IFNg+,Freq. of Parent`.
    static func splitLegacy(_ text: String) -> (String, FlowStatistic)? {
        var index = text.endIndex
        while let comma = text[..<index].lastIndex(of: ",") {
            let rest = String(text[text.index(after: comma)...])
            if let stat = FlowStatistic.parseFlowJo(rest) {
                let path = String(text[..<comma]).trimmingCharacters(in: .whitespaces)
                return path.isEmpty ? nil : (path, stat)
            }
            index = comma
        }
        return nil
    }
}
