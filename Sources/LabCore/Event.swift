import Foundation

/// What an event is about.
public struct EventKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let labResult = EventKind(rawValue: "lab.result")
    public static let flowPopulation = EventKind(rawValue: "flow.population")
    public static let qpcrCopies = EventKind(rawValue: "qpcr.copies")
}

/// An analyte as coded in the event: `LOINC 751-8 "Neutrophils [#/volume] in Blood"`, or a documented
/// local code (`LABINGEST`) for measures LOINC has no code for.
public struct AnalyteCoding: Hashable, Sendable, Codable {
    public var system: String
    public var code: String
    public var display: String

    public init(system: String, code: String, display: String) {
        self.system = system
        self.code = code
        self.display = display
    }
}

/// Result status (HL7 OBX-11 vocabulary, reduced to what consumers act on).
public enum ResultStatus: String, Sendable, Codable, CaseIterable {
    case final
    case preliminary
    case corrected
    case cancelled
}

/// The value and unit exactly as the source wrote them.
public struct OriginalValue: Hashable, Sendable, Codable {
    public var value: String
    public var unit: String?
    public init(value: String, unit: String?) {
        self.value = value
        self.unit = unit
    }
}

/// A reference range in the event's (canonical) unit; `text` keeps a range that has no numeric bounds.
public struct ReferenceRange: Hashable, Sendable {
    public var low: Decimal?
    public var high: Decimal?
    public var text: String?
    public init(low: Decimal? = nil, high: Decimal? = nil, text: String? = nil) {
        self.low = low
        self.high = high
        self.text = text
    }
}

/// Where an event came from: the unit of work (by content hash and URI), the place inside it, and who read it.
public struct Provenance: Hashable, Sendable, Codable {
    /// `sha256:<hex>` of the unit of work's bytes.
    public var source: String
    public var uri: String
    public var locator: String
    public var sourceName: String?
    public var pipeline: String?
    /// `format/version`, e.g. `lab-csv/1`.
    public var parser: String

    public init(source: String, uri: String, locator: String, sourceName: String?, pipeline: String?, parser: String) {
        self.source = source
        self.uri = uri
        self.locator = locator
        self.sourceName = sourceName
        self.pipeline = pipeline
        self.parser = parser
    }
}

/// A canonical event: an immutable fact with a stable identity (see DESIGN.md "The canonical event").
public struct Event: Sendable, Equatable {
    /// The store's position; nil until appended.
    public var seq: Int64?
    /// `sha256:<hex>` of the natural key (what the result *is*), independent of the file it came in.
    public var id: String
    public var kind: EventKind
    public var subject: String
    public var analyte: AnalyteCoding
    public var specimen: String?
    public var value: Decimal?
    public var comparator: ResultComparator?
    /// Text result ("Positive", "not detected") when there is no number.
    public var text: String?
    /// Coded result (a CE/CWE code) when there is no number.
    public var code: String?
    /// The canonical UCUM unit of `value`.
    public var unit: String?
    public var original: OriginalValue
    public var referenceRange: ReferenceRange?
    public var flag: String?
    public var status: ResultStatus
    /// The id of the event this one corrects or cancels (resolved by the store through `resultKey`).
    public var supersedes: String?
    /// Identity of the result regardless of its value and status: corrections of one result share it.
    public var resultKey: String
    public var collectedAt: Date
    /// The UTC offset the collection time was reported in (or the pipeline zone's offset), in seconds.
    public var collectedOffsetSeconds: Int
    public var reportedAt: Date?
    public var studyDay: Int?
    public var provenance: Provenance
    /// Kind-specific fields, rendered JSON values keyed by name (sorted on output).
    public var attributes: [String: JSONValue]
    /// The raw input text (PHI fields blanked) for `trace`.
    public var raw: String?

    public init(seq: Int64? = nil, id: String, kind: EventKind, subject: String, analyte: AnalyteCoding,
                specimen: String?, value: Decimal?, comparator: ResultComparator?, text: String? = nil, code: String? = nil,
                unit: String?, original: OriginalValue, referenceRange: ReferenceRange?, flag: String?,
                status: ResultStatus, supersedes: String? = nil, resultKey: String, collectedAt: Date,
                collectedOffsetSeconds: Int, reportedAt: Date?, studyDay: Int?, provenance: Provenance,
                attributes: [String: JSONValue] = [:], raw: String? = nil) {
        self.seq = seq
        self.id = id
        self.kind = kind
        self.subject = subject
        self.analyte = analyte
        self.specimen = specimen
        self.value = value
        self.comparator = comparator
        self.text = text
        self.code = code
        self.unit = unit
        self.original = original
        self.referenceRange = referenceRange
        self.flag = flag
        self.status = status
        self.supersedes = supersedes
        self.resultKey = resultKey
        self.collectedAt = collectedAt
        self.collectedOffsetSeconds = collectedOffsetSeconds
        self.reportedAt = reportedAt
        self.studyDay = studyDay
        self.provenance = provenance
        self.attributes = attributes
        self.raw = raw
    }
}

extension Event {
    /// The event as DESIGN.md's JSON line, keys in the documented order.
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = []
        pairs.append(("seq", seq.map(JSONValue.int) ?? .null))
        pairs.append(("id", .string(id)))
        pairs.append(("kind", .string(kind.rawValue)))
        pairs.append(("subject", .string(subject)))
        pairs.append(("analyte", .object([("system", .string(analyte.system)), ("code", .string(analyte.code)),
                                          ("display", .string(analyte.display))])))
        pairs.append(("specimen", .string(specimen)))
        pairs.append(("value", .decimal(value)))
        pairs.append(("comparator", .string(comparator?.rawValue)))
        if let text { pairs.append(("text", .string(text))) }
        if let code { pairs.append(("code", .string(code))) }
        pairs.append(("unit", .string(unit)))
        pairs.append(("original", .object([("value", .string(original.value)), ("unit", .string(original.unit))])))
        if let range = referenceRange {
            var r: [(String, JSONValue)] = [("low", .decimal(range.low)), ("high", .decimal(range.high))]
            if let text = range.text { r.append(("text", .string(text))) }
            pairs.append(("referenceRange", .object(r)))
        } else {
            pairs.append(("referenceRange", .null))
        }
        pairs.append(("flag", .string(flag)))
        pairs.append(("status", .string(status.rawValue)))
        pairs.append(("supersedes", .string(supersedes)))
        pairs.append(("collectedAt", .string(LabTime.utcString(collectedAt))))
        pairs.append(("collectedOffset", .string(LabTime.offsetString(collectedOffsetSeconds))))
        pairs.append(("reportedAt", .string(reportedAt.map(LabTime.utcString))))
        pairs.append(("studyDay", studyDay.map { .int(Int64($0)) } ?? .null))
        pairs.append(("provenance", .object([
            ("source", .string(provenance.source)), ("uri", .string(provenance.uri)),
            ("locator", .string(provenance.locator)), ("sourceName", .string(provenance.sourceName)),
            ("pipeline", .string(provenance.pipeline)), ("parser", .string(provenance.parser)),
        ])))
        pairs.append(("attributes", .object(attributes.keys.sorted().map { ($0, attributes[$0]!) })))
        return .object(pairs)
    }
}
