import Foundation
import LabCore

/// The intermediate HL7 v2 message model shared by the ER7 and XML readers.
///
/// Both encodings are reduced to the same shape (segment → fields → repetitions → components →
/// subcomponents, all 1-based positions, text already unescaped), so one mapper turns either into
/// observations and an ER7 message and its v2.xml twin give identical results.
public struct HL7Segment: Sendable, Equatable {
    /// Repetition → components → subcomponents; position 1 is index 0.
    public typealias Repetition = [[String]]
    /// A field: its repetitions (usually one).
    public typealias Field = [Repetition]

    /// Segment id (`MSH`, `OBX`, `ZXY`).
    public var name: String
    /// Fields by 1-based position (`fields[0]` is field 1). For MSH, field 1 is the field separator and
    /// field 2 the encoding characters, as in the standard numbering.
    public var fields: [Field]
    /// 1-based line in the source where the segment starts (ER7 line or XML line).
    public var line: Int?
    /// True when a text node or field of this segment was over the size cap and was cut.
    public var oversized: Bool

    public init(name: String, fields: [Field] = [], line: Int? = nil, oversized: Bool = false) {
        self.name = name
        self.fields = fields
        self.line = line
        self.oversized = oversized
    }

    /// The text at field/repetition/component/subcomponent (1-based, repetition 0-based), "" when absent.
    /// The HL7 explicit null `""` reads as "".
    public func value(_ field: Int, rep: Int = 0, comp: Int = 1, sub: Int = 1) -> String {
        guard field >= 1, field <= fields.count else { return "" }
        let f = fields[field - 1]
        guard rep < f.count else { return "" }
        let r = f[rep]
        guard comp >= 1, comp <= r.count else { return "" }
        let c = r[comp - 1]
        guard sub >= 1, sub <= c.count else { return "" }
        let text = c[sub - 1]
        return text == "\"\"" ? "" : text
    }

    /// Trimmed `value(...)`, nil when empty.
    public func text(_ field: Int, rep: Int = 0, comp: Int = 1, sub: Int = 1) -> String? {
        let v = value(field, rep: rep, comp: comp, sub: sub).trimmed()
        return v.isEmpty ? nil : v
    }

    /// Number of repetitions of a field (0 when absent).
    public func repetitions(_ field: Int) -> Int {
        field >= 1 && field <= fields.count ? fields[field - 1].count : 0
    }

    // MARK: - Building

    /// Sets one subcomponent, growing the structure as needed.
    public mutating func set(_ text: String, field: Int, rep: Int, comp: Int, sub: Int) {
        guard field >= 1, rep >= 0, comp >= 1, sub >= 1 else { return }
        while fields.count < field { fields.append([]) }
        while fields[field - 1].count <= rep { fields[field - 1].append([]) }
        while fields[field - 1][rep].count < comp { fields[field - 1][rep].append([]) }
        while fields[field - 1][rep][comp - 1].count < sub { fields[field - 1][rep][comp - 1].append("") }
        fields[field - 1][rep][comp - 1][sub - 1] = text
    }

    /// Starts a new (empty) repetition of `field` and returns its index.
    public mutating func addRepetition(field: Int) -> Int {
        guard field >= 1 else { return 0 }
        while fields.count < field { fields.append([]) }
        fields[field - 1].append([])
        return fields[field - 1].count - 1
    }
}

/// One HL7 message: its segments in order, where it was found, and a message-level failure if any.
public struct HL7Message: Sendable {
    /// 1-based index of the message in the unit of work.
    public var index: Int
    public var segments: [HL7Segment]
    /// Set when the message as a whole cannot be used (a malformed MSH, an oversized text node): every
    /// OBX of it is quarantined with this reason.
    public var failure: LabError?

    public init(index: Int, segments: [HL7Segment] = [], failure: LabError? = nil) {
        self.index = index
        self.segments = segments
        self.failure = failure
    }

    public var line: Int? { segments.first?.line }
}
