/// Where a record came from inside its unit of work: enough for a person to open the file and find it.
///
/// For example `line 14` for a CSV row, or `message 3, OBX 7, line 212` for an HL7 observation.
public struct Locator: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The file or URL the record was read from, when known (kept out of `description` for brevity).
    public var uri: String?
    /// 1-based line in the source text, when the format has lines.
    public var line: Int?
    /// Human-readable path inside the unit (`message 3, OBX 7`), without the line.
    public var path: String?

    public init(uri: String? = nil, line: Int? = nil, path: String? = nil) {
        self.uri = uri
        self.line = line
        self.path = path
    }

    public static func line(_ line: Int, uri: String? = nil) -> Locator { Locator(uri: uri, line: line) }

    /// `message 3, OBX 7, line 212`, `line 14`, or `-` when nothing is known.
    /// (Concatenation, not an array of parts joined: every stored event's provenance is one of these.)
    public var description: String {
        let path = self.path.flatMap { $0.isEmpty ? nil : $0 }
        switch (path, line) {
        case let (path?, line?): return path + ", line " + String(line)
        case let (path?, nil): return path
        case let (nil, line?): return "line " + String(line)
        case (nil, nil): return "-"
        }
    }

    /// `file.csv:14`, the form used in error lines.
    public var fileAndLine: String? {
        guard let uri else { return line.map { "line \($0)" } }
        let name = uri.hasPrefix("file://") ? String(uri.dropFirst(7)) : uri
        return line.map { "\(name):\($0)" } ?? name
    }
}
