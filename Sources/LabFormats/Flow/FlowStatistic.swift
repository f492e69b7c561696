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
            // FlowJo writes `:: null` for a parameter without a stain name: no marker, not a marker "null".
            let named = m.isEmpty || m.lowercased() == "null" ? marker : m
            return (channel.isEmpty ? nil : channel, named)
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

    /// BD parameter names that contain spaces, as lower-cased word patterns (`#`: a word of digits), matched
    /// against the end of a label with the `-A`/`-H`/`-W` taken off.
    static let spacedParameters: [[String]] = [
        ["alexa", "fluor", "#"], ["pe-alexa", "fluor", "#"], ["apc-alexa", "fluor", "#"], ["percp-alexa", "fluor", "#"],
        ["pacific", "blue"], ["pacific", "orange"], ["pe-texas", "red"], ["texas", "red"], ["qdot", "#"],
        ["brilliant", "violet", "#"], ["brilliant", "blue", "#"], ["brilliant", "ultraviolet", "#"], ["super", "bright", "#"],
        ["efluor", "#"], ["pe-efluor", "#"], ["percp-efluor", "#"], ["apc-efluor", "#"], ["pe-dazzle", "#"],
        ["spark", "blue", "#"], ["spark", "violet", "#"], ["spark", "nir", "#"], ["spark", "uv", "#"], ["spark", "yg", "#"],
        ["spark", "red", "#"],
    ]

    /// Last words that cannot be a parameter on their own: the tail of a dye name with a space in it
    /// (`Pacific Blue-A`, `Qdot 605-A`) that `spacedParameters` does not know.
    static let partialParameterWords: Set<String> = ["blue", "red", "orange", "green", "yellow", "violet", "purple", "uv", "nir", "ir"]

    /// Splits a FACSDiva label (what precedes the statistic) into parameter (channel) and marker:
    /// - `CD3 FITC-A` → `FITC-A`, marker `CD3`; `HLA DR FITC-A` → `FITC-A`, marker `HLA DR`;
    /// - a parameter name with spaces is kept whole: `Alexa Fluor 488-A`, `CD8 Pacific Blue-A` → `Pacific Blue-A`,
    ///   marker `CD8` (`spacedParameters`);
    /// - when the last word cannot be a parameter alone (`Spark Blue 550-A`: digits or a colour word) and no
    ///   known name explains the words before it, the whole label is the channel: nothing is split on a guess;
    /// - a label not ending in `-A`, `-H` or `-W` (BD's parameter suffixes) is the channel.
    static func divaChannel(_ label: String) -> (String, String?) {
        let words = label.split(separator: " ").map(String.init)
        guard let last = words.last, ["-A", "-H", "-W"].contains(where: { last.hasSuffix($0) }) else { return (label, nil) }
        var lowered = words.map { $0.lowercased() }
        lowered[lowered.count - 1].removeLast(2)
        func split(at start: Int) -> (String, String?) {
            (words[start...].joined(separator: " "), start == 0 ? nil : words[..<start].joined(separator: " "))
        }
        let starts = spacedParameters.compactMap { pattern -> Int? in
            guard pattern.count <= lowered.count else { return nil }
            let matches = zip(pattern, lowered.suffix(pattern.count)).allSatisfy { p, w in
                p == "#" ? !w.isEmpty && w.allSatisfy(\.isNumber) : p == w
            }
            return matches ? lowered.count - pattern.count : nil
        }
        if let start = starts.min() { return split(at: start) }
        let stem = lowered[lowered.count - 1]
        if stem.isEmpty || stem.allSatisfy(\.isNumber) || partialParameterWords.contains(stem) { return (label, nil) }
        return split(at: words.count - 1)
    }
}
