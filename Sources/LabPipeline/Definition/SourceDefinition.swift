import Foundation
import LabCore

/// One source of a pipeline: what to read, in which format, and how to read its sample ids.
public struct SourceDefinition: Sendable {
    public enum Kind: Sendable, Equatable {
        /// Fixed paths or globs, read once by `run`.
        case files(paths: [String])
    }

    public var name: String
    public var kind: Kind
    /// A `--format` name or `auto`.
    public var format: String
    /// Regex with named groups `subject` (required), `visit`, `specimen` for sample ids.
    public var sampleID: SampleIDPattern?
    /// Specimen codes from sample ids (`PB`) to the specimen vocabulary (`blood`).
    public var specimens: [String: String]
    /// PID-3 assigning authority to prefer for MRNs.
    public var mrnAuthority: String?
    /// Format options, validated by the format.
    public var options: ConfigValue
    public var line: Int?

    public init(name: String, kind: Kind, format: String, sampleID: SampleIDPattern? = nil, specimens: [String: String] = [:],
                mrnAuthority: String? = nil, options: ConfigValue = .map([], line: nil), line: Int? = nil) {
        self.name = name
        self.kind = kind
        self.format = format
        self.sampleID = sampleID
        self.specimens = specimens
        self.mrnAuthority = mrnAuthority
        self.options = options
        self.line = line
    }

    static func parse(_ item: ConfigValue, index i: Int, file: String, resolve: (String?) -> String?) throws(LabError) -> SourceDefinition {
        let path = "sources[\(i)]"
        var r = OptionReader(item, path: path, file: file)
        func fail(_ key: String, _ message: String) -> LabError {
            LabError(.pipelineInvalid, "\(path).\(key): \(message)", locator: Locator(uri: file, line: item[key]?.line ?? item.line), field: "\(path).\(key)")
        }
        guard let name = try r.string("name"), !name.isEmpty else { throw fail("name", "required") }
        let type = try r.string("type") ?? "files"
        let format = try r.string("format") ?? "auto"
        guard FormatRegistry.names.contains(format) || format == "auto" else {
            throw fail("format", "unknown format '\(format)' (known: \(FormatRegistry.names.joined(separator: ", ")), auto)")
        }
        let kind: Kind
        switch type {
        case "files":
            var paths: [String] = []
            guard let list = r.raw("paths")?.list, !list.isEmpty else { throw fail("paths", "a files source needs a list of paths or globs") }
            for p in list {
                guard let s = p.string else { throw fail("paths", "expected text") }
                paths.append(resolve(s)!)
            }
            kind = .files(paths: paths)
        default:
            throw fail("type", "unknown source type '\(type)' (known: files)")
        }
        var pattern: SampleIDPattern?
        if let p = try r.string("sample-id") {
            do throws(LabError) { pattern = try SampleIDPattern(p) } catch { throw fail("sample-id", error.message) }
        }
        let specimens = Dictionary(try r.stringMap("specimens").map { ($0.0.uppercased(), $0.1) }, uniquingKeysWith: { a, _ in a })
        let authority = try r.string("mrn-authority")
        let options = r.raw("options") ?? .map([], line: nil)
        if case .null = options {} else if options.map == nil { throw fail("options", "expected a mapping") }
        try r.finish()
        return SourceDefinition(name: name, kind: kind, format: format, sampleID: pattern, specimens: specimens,
                                mrnAuthority: authority, options: options, line: item.line)
    }
}

/// A sample-id regex with named groups (`(?<subject>CART-\d{3})_(?<visit>\w+)_(?<specimen>PB|BM)`).
public struct SampleIDPattern: @unchecked Sendable {
    // NSRegularExpression is immutable and documented thread-safe; it just isn't marked Sendable.
    public let source: String
    private let regex: NSRegularExpression

    /// The default when a source names none: `SUBJECT[_VISIT[_SPECIMEN]]`, split on underscores, with a
    /// trailing `.fcs`/`.txt` dropped.
    public static let `default` = try! SampleIDPattern(#"^(?<subject>[^_\s]+)(?:_(?<visit>[^_\s]+))?(?:_(?<specimen>[^_\s.]+))?(?:\.[A-Za-z0-9]+)?$"#)

    public init(_ pattern: String) throws(LabError) {
        do {
            regex = try NSRegularExpression(pattern: pattern)
        } catch {
            throw LabError(.pipelineInvalid, "not a valid regular expression")
        }
        guard pattern.contains("(?<subject>") else {
            throw LabError(.pipelineInvalid, "the pattern needs a named group (?<subject>…)")
        }
        source = pattern
    }

    public struct Match: Sendable, Equatable {
        public var subject: String
        public var visit: String?
        public var specimen: String?
    }

    public func match(_ sampleID: String) -> Match? {
        let text = sampleID.trimmingCharacters(in: .whitespaces)
        let range = NSRange(text.startIndex..., in: text)
        guard let m = regex.firstMatch(in: text, range: range) else { return nil }
        func group(_ name: String) -> String? {
            // Asking for a group the pattern lacks is undefined on some Foundations: check first.
            guard source.contains("(?<\(name)>") else { return nil }
            let r = m.range(withName: name)
            guard r.location != NSNotFound, let sr = Range(r, in: text) else { return nil }
            let v = String(text[sr])
            return v.isEmpty ? nil : v
        }
        guard let subject = group("subject") else { return nil }
        return Match(subject: subject, visit: group("visit"), specimen: group("specimen"))
    }
}
