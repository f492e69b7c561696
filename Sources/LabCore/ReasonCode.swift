/// A stable, machine-readable reason: why a record was quarantined or ignored, or why a unit failed.
///
/// Codes are dotted lower-case strings (`unit.unknown`). They are part of the CLI contract: scripts
/// match on them, so a code is never renamed. New codes may be added anywhere.
public struct ReasonCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
}

extension ReasonCode {
    // MARK: - Records
    public static let unitUnknown: ReasonCode = "unit.unknown"
    public static let unitInvalid: ReasonCode = "unit.invalid"
    public static let unitMissing: ReasonCode = "unit.missing"
    public static let unitIncompatible: ReasonCode = "unit.incompatible"
    public static let unitNeedsMolarMass: ReasonCode = "unit.needs-molar-mass"
    public static let unitNotConvertible: ReasonCode = "unit.not-convertible"
    public static let analyteUnknown: ReasonCode = "analyte.unknown"
    public static let subjectUnknown: ReasonCode = "subject.unknown"
    public static let subjectMissing: ReasonCode = "subject.missing"
    public static let valueUnparseable: ReasonCode = "value.unparseable"
    public static let valueMissing: ReasonCode = "value.missing"
    public static let timeUnparseable: ReasonCode = "time.unparseable"
    public static let timeMissing: ReasonCode = "time.missing"
    public static let statusUnknown: ReasonCode = "status.unknown"
    public static let csvMalformed: ReasonCode = "csv.malformed"
    public static let csvMissingColumn: ReasonCode = "csv.missing-column"
    public static let recordMalformed: ReasonCode = "record.malformed"
    /// A record repeating an earlier one's result (same result key and status) in the same file with another value.
    public static let recordAmbiguousRepeat: ReasonCode = "record.ambiguous-repeat"

    // MARK: - Ignored (by policy not a result)
    public static let rowEmpty: ReasonCode = "row.empty"
    public static let rowSummary: ReasonCode = "row.summary"

    // MARK: - Units of work and operation
    public static let ioUnreadable: ReasonCode = "io.unreadable"
    public static let formatUnknown: ReasonCode = "format.unknown"
    public static let encodingUndecodable: ReasonCode = "encoding.undecodable"
    public static let pipelineInvalid: ReasonCode = "pipeline.invalid"
    public static let rosterInvalid: ReasonCode = "roster.invalid"
    public static let storeUnavailable: ReasonCode = "store.unavailable"
    public static let storeFailed: ReasonCode = "store.failed"
    public static let argumentInvalid: ReasonCode = "argument.invalid"
    public static let notFound: ReasonCode = "not-found"
}
