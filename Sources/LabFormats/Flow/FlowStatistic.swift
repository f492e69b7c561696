/// A population statistic as the exports name it, read into one canonical form.
///
/// FlowJo v10 writes `Freq. of Parent (%)`, `Freq. of Live (%)`, `Count`, `Median (Comp-B525-A :: GFP-A)`;
/// legacy FlowJo writes `Freq. of Parent`, `Median,<FITC-A>`; FACSDiva writes `%Parent`, `%Grand Parent`,
/// `#Events`, `CD3 FITC-A Mean`. All of them become a `FlowStatistic` whose `canonical` text is the same
/// for the same statistic (`Freq. of Parent`, `Count`, `Median (Comp-B525-A :: GFP-A)`), so measures and
/// `FLOW-GATE` codes do not depend on the exporting program.
public struct FlowStatistic: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A percentage of an ancestor population (parent, grandparent, total, a named ancestor).
        case frequency
        /// An event count.
        case count
        /// A location or spread statistic on a channel (median, mean, geometric mean, SD…): arbitrary units.
        case intensity
        /// A coefficient of variation: a percentage.
        case cv
        /// A statistic this reader does not know: passed on without a unit.
        case other
    }

    public var kind: Kind
    /// The statistic's name without its channel: `Freq. of Parent`, `Freq. of Live`, `Count`, `Median`.
    public var name: String
    /// The named ancestor of `Freq. of <ancestor>` (not for Parent, Grandparent, Total).
    public var ancestor: String?
    /// The channel (`Comp-B525-A`, `FITC-A`) of a channel statistic.
    public var channel: String?
    /// The marker or stain name (`GFP-A`, `CD3`) when the export gives one.
    public var marker: String?

    /// `name` plus ` (channel)` or ` (channel :: marker)`: the form used in codes and matching.
    public var canonical: String {
        guard let channel else { return name }
        if let marker { return "\(name) (\(channel) :: \(marker))" }
        return "\(name) (\(channel))"
    }

    /// The UCUM unit the statistic is reported in: `%`, `1` for counts, `{MFI}` for channel statistics.
    public var unit: String? {
        switch kind {
        case .frequency, .cv: return "%"
        case .count: return "1"
        case .intensity: return "{MFI}"
        case .other: return nil
        }
    }

    public init(kind: Kind, name: String, ancestor: String? = nil, channel: String? = nil, marker: String? = nil) {
        self.kind = kind
        self.name = name
        self.ancestor = ancestor
        self.channel = channel
        self.marker = marker
    }

    // MARK: - Known names

    /// Channel statistic names (lower-cased spelling → canonical name and kind). FlowJo spells them out;
    /// FACSDiva abbreviates (`Geo Mean`, `rSD`, `rCV`).
    static let channelStatistics: [(spelling: String, name: String, kind: Kind)] = [
        ("geometric mean", "Geometric Mean", .intensity), ("geom. mean", "Geometric Mean", .intensity),
        ("geo mean", "Geometric Mean", .intensity), ("median abs dev", "Median Abs Dev", .intensity),
        ("median", "Median", .intensity), ("mean", "Mean", .intensity), ("mode", "Mode", .intensity),
        ("robust cv", "Robust CV", .cv), ("rcv", "Robust CV", .cv), ("cv", "CV", .cv),
        ("robust sd", "Robust SD", .intensity), ("rsd", "Robust SD", .intensity), ("sd", "SD", .intensity),
        ("min", "Min", .intensity), ("max", "Max", .intensity), ("percentile", "Percentile", .intensity),
    ]

    // MARK: - Parsing

    /// Reads a FlowJo statistic (`Freq. of Parent (%)`, `Count`, `Median (Comp-B525-A :: GFP-A)`,
    /// legacy `Median,<FITC-A>` or `Median : FITC-A`). Returns nil when the text is not a statistic FlowJo
    /// writes (a keyword column such as `$DATE`).
    public static func parseFlowJo(_ raw: String) -> FlowStatistic? {
        var text = FlowGatePath.normalizeName(raw)
        if text.hasSuffix("(%)") { text = FlowGatePath.normalizeName(text.dropLast(3)) }
        let lower = text.lowercased()
        for prefix in ["freq. of ", "frequency of ", "freq of "] where lower.hasPrefix(prefix) {
            let target = FlowGatePath.normalizeName(text.dropFirst(prefix.count))
            guard !target.isEmpty else { return nil }
            return frequency(of: target)
        }
        if lower == "count" || lower == "#events" || lower == "events" || lower == "number" {
            return FlowStatistic(kind: .count, name: "Count")
        }
        for known in channelStatistics where lower.hasPrefix(known.spelling) {
            let rest = Substring(text.dropFirst(known.spelling.count))
            guard let (channel, marker) = channelPart(rest) else { continue }
            return FlowStatistic(kind: known.kind, name: known.name, channel: channel, marker: marker)
        }
        return nil
    }

    /// The frequency statistic of an ancestor word: Parent, Grandparent, Total, or a named gate.
    static func frequency(of target: String) -> FlowStatistic {
        switch target.lowercased().replacingOccurrences(of: " ", with: "") {
        case "parent": return FlowStatistic(kind: .frequency, name: "Freq. of Parent")
        case "grandparent": return FlowStatistic(kind: .frequency, name: "Freq. of Grandparent")
        case "total", "totalevents", "allevents": return FlowStatistic(kind: .frequency, name: "Freq. of Total")
        default: return FlowStatistic(kind: .frequency, name: "Freq. of \(target)", ancestor: target)
        }
    }

    /// What follows a channel statistic's name: nothing, ` (ch)`, ` (ch :: marker)`, `,<ch>[,marker]`, ` : ch`.
    /// Returns nil when the rest does not look like a channel part (so `Means of…` is not `Mean`).
    private static func channelPart(_ rest: Substring) -> (String?, String?)? {
        let trimmed = rest.drop { $0 == " " }
        if trimmed.isEmpty { return (nil, nil) }
        var inner: Substring
        if trimmed.first == "(", trimmed.last == ")" {
            inner = trimmed.dropFirst().dropLast()
        } else if trimmed.first == "," || trimmed.first == ":" {
            inner = trimmed.dropFirst()
        } else {
            return nil
        }
        inner = inner.drop { $0 == " " }
        // Legacy: `<FITC-A>` optionally followed by `,marker`.
        var marker: String?
        if inner.first == "<", let close = inner.firstIndex(of: ">") {
            let after = inner[inner.index(after: close)...].drop { $0 == "," || $0 == " " }
            marker = after.isEmpty ? nil : FlowGatePath.normalizeName(after)
            inner = inner[inner.index(after: inner.startIndex)..<close]
        }
        if let sep = inner.range(of: "::") {
            let channel = FlowGatePath.normalizeName(inner[..<sep.lowerBound])
            let m = FlowGatePath.normalizeName(inner[sep.upperBound...])
            return (channel.isEmpty ? nil : channel, m.isEmpty ? marker : m)
        }
        let channel = FlowGatePath.normalizeName(inner)
        return (channel.isEmpty ? nil : channel, marker)
    }

    /// Reads a FACSDiva statistics column (`#Events`, `%Parent`, `%Grand Parent`, `%Total`, `%P1`,
    /// `CD3 FITC-A Mean`, `FITC-A Median`, `PE-A Geo Mean`, `APC-A rCV`). Returns nil for other columns.
    public static func parseDiva(_ raw: String) -> FlowStatistic? {
        let text = FlowGatePath.normalizeName(raw)
        let lower = text.lowercased()
        if lower == "#events" || lower == "events" || lower == "count" { return FlowStatistic(kind: .count, name: "Count") }
        if lower.hasPrefix("%") {
            let target = FlowGatePath.normalizeName(text.dropFirst())
            return target.isEmpty ? nil : frequency(of: target)
        }
        // `<label> <statistic>`: the statistic is the longest known suffix after a space.
        for known in channelStatistics.sorted(by: { $0.spelling.count > $1.spelling.count })
        where lower.hasSuffix(" " + known.spelling) {
            let label = String(text.dropLast(known.spelling.count + 1))
            let (channel, marker) = divaChannel(label)
            return FlowStatistic(kind: known.kind, name: known.name, channel: channel, marker: marker)
        }
        return nil
    }

    /// `CD3 FITC-A` → channel `FITC-A`, marker `CD3`; `CD8 Alexa Fluor 488-A` → `Alexa Fluor 488-A`, `CD8`;
    /// `FITC-A` → channel only. The marker is the first word when more than one word precedes a parameter
    /// ending in `-A`, `-H` or `-W` (BD's parameter names); otherwise the whole label is the channel.
    static func divaChannel(_ label: String) -> (String, String?) {
        let words = label.split(separator: " ")
        guard words.count >= 2, let last = words.last,
              last.hasSuffix("-A") || last.hasSuffix("-H") || last.hasSuffix("-W") else { return (label, nil) }
        return (words.dropFirst().joined(separator: " "), String(words[0]))
    }
}
