import LabCore

/// The context a format parses in: where the bytes come from and the source's format options.
public struct ParseContext: Sendable {
    /// The unit of work's URI (`file:///…`, `https://…`), used in locators.
    public var uri: String
    /// The source's `options:` from the pipeline file (format-specific, validated by the format).
    public var options: ConfigValue
    /// The pipeline file the options came from, for error locators.
    public var optionsFile: String?

    public init(uri: String, options: ConfigValue = .map([], line: nil), optionsFile: String? = nil) {
        self.uri = uri
        self.options = options
        self.optionsFile = optionsFile
    }
}

/// What a format reports about a whole unit of work once it has read it.
public struct ParseSummary: Sendable, Equatable {
    /// The text encoding the input was decoded with (`utf-8`, `windows-1252`, `mac-roman`), when text.
    public var encoding: String?
    /// Notes worth keeping with the unit (a BTS count mismatch, a fallback decision).
    public var notes: [String]
    public init(encoding: String? = nil, notes: [String] = []) {
        self.encoding = encoding
        self.notes = notes
    }
}

/// A format: reads a byte stream and yields exactly one `ParseOutput` per input record, in order.
///
/// Contract: `parse` streams (memory does not grow with input size); a bad record becomes
/// `.quarantined` and parsing goes on; only a failure of the unit as a whole (not well-formed XML,
/// undecodable text, a missing required column) is thrown, and then the caller discards every output of
/// the unit (it is committed atomically or not at all).
public protocol RecordParser: Sendable {
    /// The `--format` name (`lab-csv`).
    static var formatName: String { get }
    /// `format/version`, recorded in each event's provenance; bump it when parsing changes meaning.
    static var parserID: String { get }

    func parse(_ source: ByteSource, context: ParseContext,
               emit: (ParseOutput) throws(LabError) -> Void) throws(LabError) -> ParseSummary

    /// Reads the source's options (and the files they name) as `parse` would, without any input:
    /// `labingest validate` reports a wrong key before a file fails on it.
    func checkOptions(_ context: ParseContext) throws(LabError)
}

extension RecordParser {
    public func checkOptions(_ context: ParseContext) throws(LabError) {}
}
