import Foundation

/// Who a record is about, as the source identified them. Resolved to a study subject through the roster;
/// never guessed.
public struct SubjectReference: Hashable, Sendable {
    /// A patient identifier (HL7 PID-3 repetition, an MRN column): value, identifier type (`MR`), authority.
    public struct Identifier: Hashable, Sendable {
        public var value: String
        public var type: String?
        public var authority: String?
        public init(value: String, type: String? = nil, authority: String? = nil) {
            self.value = value
            self.type = type
            self.authority = authority
        }
    }

    public var identifiers: [Identifier]
    /// A sample name (`CART-007_D14_PB`) to match through the source's `sample-id` pattern.
    public var sampleID: String?
    /// A study subject id written directly (a `subject` column).
    public var subjectID: String?

    public init(identifiers: [Identifier] = [], sampleID: String? = nil, subjectID: String? = nil) {
        self.identifiers = identifiers
        self.sampleID = sampleID
        self.subjectID = subjectID
    }

    public var isEmpty: Bool { identifiers.isEmpty && sampleID == nil && subjectID == nil }
}

/// What was measured, as the source coded it: zero or more codings plus free text (a test name).
public struct AnalyteReference: Hashable, Sendable {
    public struct Coding: Hashable, Sendable {
        public var system: String?
        public var code: String
        public var display: String?
        public init(system: String?, code: String, display: String? = nil) {
            self.system = system
            self.code = code
            self.display = display
        }
        /// True for LOINC (`LN`, `LOINC`, `http://loinc.org`).
        public var isLOINC: Bool {
            guard let system = system?.uppercased() else { return false }
            return system == "LN" || system == "LOINC" || system == "HTTP://LOINC.ORG"
        }
    }
    public var codings: [Coding]
    public var name: String?
    public init(codings: [Coding] = [], name: String? = nil) {
        self.codings = codings
        self.name = name
    }
}

/// A value as a format delivers it.
public enum ObservationValue: Sendable, Equatable {
    /// Text exactly as reported (`"1,200"`, `"<0.5"`, `"neg"`): the normalizer reads it.
    case reported(String)
    /// A number the format already read or computed (qPCR copies), with the text it came from.
    case number(Decimal, comparator: ResultComparator?, original: String)
    /// A coded result (CE/CWE): code, display, coding system.
    case coded(code: String, display: String?, system: String?)
    /// A result that is text by nature ("not detected", "Positive").
    case text(String)

    public var originalText: String {
        switch self {
        case .reported(let s), .text(let s): return s
        case .number(_, _, let original): return original
        case .coded(let code, let display, _): return display.map { "\(code)^\($0)" } ?? code
        }
    }
}

/// A reported time field: parsed, present but unreadable, or absent.
public enum ReportedTime: Sendable, Equatable {
    case time(LabTime)
    case unparseable(String)
    case missing

    public init(_ text: String?) {
        guard let text, !text.trimmed().isEmpty else { self = .missing; return }
        self = LabTime.parse(text).map(ReportedTime.time) ?? .unparseable(text)
    }
}

/// One result read from a unit of work, before normalization: what a format hands to the pipeline.
public struct Observation: Sendable {
    public var kind: EventKind
    public var locator: Locator
    public var subject: SubjectReference
    public var analyte: AnalyteReference
    public var value: ObservationValue
    public var unit: String?
    /// The reference range as reported ("1.8-7.7", "<5"), in `unit`.
    public var referenceRange: String?
    public var flag: String?
    public var status: ResultStatus
    public var specimen: String?
    public var collected: ReportedTime
    public var reported: ReportedTime
    /// The sender's identity of this result (for HL7: application/facility + filler order + OBX-3 + sub-id).
    public var resultID: String?
    public var attributes: [String: JSONValue]
    /// The raw input text of the record with PHI fields blanked.
    public var raw: String
    /// The UTC offset the sender's own clock declared (HL7: MSH-7), for its times that carry none. Used only
    /// when the pipeline states no time zone (HL7 v2: a time without an offset is in the sender's zone).
    public var senderOffsetSeconds: Int?

    public init(kind: EventKind, locator: Locator, subject: SubjectReference, analyte: AnalyteReference,
                value: ObservationValue, unit: String?, referenceRange: String? = nil, flag: String? = nil,
                status: ResultStatus = .final, specimen: String? = nil, collected: ReportedTime,
                reported: ReportedTime = .missing, resultID: String? = nil, attributes: [String: JSONValue] = [:],
                raw: String) {
        self.kind = kind
        self.locator = locator
        self.subject = subject
        self.analyte = analyte
        self.value = value
        self.unit = unit
        self.referenceRange = referenceRange
        self.flag = flag
        self.status = status
        self.specimen = specimen
        self.collected = collected
        self.reported = reported
        self.resultID = resultID
        self.attributes = attributes
        self.raw = raw
    }
}

/// What a format yields for each record it reads: exactly one of these per input record.
public enum ParseOutput: Sendable {
    case observation(Observation)
    /// Not a result by policy (an attachment, a summary row): counted with its reason.
    case ignored(ReasonCode, Locator, detail: String?)
    /// A bad record: kept with its reason and raw text (PHI blanked).
    case quarantined(LabError, raw: String)
}
