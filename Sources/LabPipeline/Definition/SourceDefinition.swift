import Foundation
import LabCore

/// One source of a pipeline: what to read, in which format, and how to read its sample ids.
public struct SourceDefinition: Sendable {
    public enum Kind: Sendable, Equatable {
        /// Fixed paths or globs, read once by `run`.
        case files(paths: [String])
        /// A drop folder: polled by `serve`, read once by `run`.
        case directory(DirectorySource)
        /// An endpoint fetched on a schedule (the fetcher is not part of this module yet).
        case http(HTTPSource)
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

    public var directory: DirectorySource? { if case .directory(let d) = kind { return d } else { return nil } }
    public var http: HTTPSource? { if case .http(let h) = kind { return h } else { return nil } }

    static let types = ["files", "directory", "http"]

    /// Reads `sources[i]`, recording every problem; nil when the source cannot be used at all.
    static func parse(_ item: ConfigValue, index i: Int, problems: ConfigProblems,
                      resolve: (String) -> String) -> SourceDefinition? {
        var r = ConfigReader(item, path: "sources[\(i)]", problems: problems)
        guard item.map != nil else { return nil }
        let name = r.string("name", required: true)
        let type = r.string("type") ?? "files"
        let format = r.string("format") ?? "auto"
        if !(FormatRegistry.names.contains(format) || format == "auto") {
            r.fail("format", "unknown format '\(format)' (known: \(FormatRegistry.names.joined(separator: ", ")), auto)")
        }
        var kind: Kind?
        switch type {
        case "files":
            let paths = r.stringList("paths") ?? []
            if paths.isEmpty { r.fail("paths", "a files source needs a list of paths or globs") }
            kind = .files(paths: paths.map(resolve))
        case "directory":
            kind = parseDirectory(&r, resolve: resolve).map(Kind.directory)
        case "http":
            kind = parseHTTP(&r, resolve: resolve).map(Kind.http)
        default:
            r.fail("type", "unknown source type '\(type)' (known: \(types.joined(separator: ", ")))")
        }
        var pattern: SampleIDPattern?
        if let p = r.string("sample-id") {
            do throws(LabError) { pattern = try SampleIDPattern(p) } catch { r.fail("sample-id", error.message) }
        }
        let specimens = Dictionary(r.stringMap("specimens").map { ($0.0.uppercased(), $0.1) }, uniquingKeysWith: { a, _ in a })
        let authority = r.string("mrn-authority")
        let options = r.raw("options") ?? .map([], line: nil)
        if options.map == nil { r.fail("options", "expected a mapping") }
        r.finish()
        guard let name, let kind else { return nil }
        return SourceDefinition(name: name, kind: kind, format: format, sampleID: pattern, specimens: specimens,
                                mrnAuthority: authority, options: options.map == nil ? .map([], line: nil) : options, line: item.line)
    }

    // MARK: - directory

    private static func parseDirectory(_ r: inout ConfigReader, resolve: (String) -> String) -> DirectorySource? {
        let path = r.string("path", required: true).map(resolve)
        let patterns = r.stringList("patterns") ?? ["*"]
        if patterns.isEmpty { r.fail("patterns", "an empty list matches nothing (leave it out to take every file)") }
        let exclude = r.stringList("exclude") ?? []
        for p in patterns + exclude where p.isEmpty || p.hasPrefix("/") {
            r.fail(patterns.contains(p) ? "patterns" : "exclude", "patterns are file names or paths relative to the folder, not '\(p)'")
        }
        let recursive = r.bool("recursive") ?? false
        let settle = r.duration("settle", in: 0...86_400) ?? DirectorySource.defaultSettle
        let poll = r.duration("poll", in: 0.05...86_400) ?? DirectorySource.defaultPoll
        var after = DirectorySource.After.archive
        if let a = r.string("after") {
            if let v = DirectorySource.After(rawValue: a.lowercased()) { after = v } else {
                r.fail("after", "expected archive, delete or leave, found '\(a)'")
            }
        }
        let archive = r.string("archive").map(resolve)
        if archive != nil && after != .archive { r.fail("archive", "only used with after: archive") }
        let errors = r.string("errors").map(resolve)
        guard let path else { return nil }
        let d = DirectorySource(path: path, patterns: patterns, exclude: exclude, recursive: recursive, settle: settle,
                                poll: poll, after: after, archive: archive, errors: errors)
        func same(_ a: String, _ b: String) -> Bool {
            (a as NSString).standardizingPath == (b as NSString).standardizingPath
        }
        if same(d.archive, d.path) { r.fail("archive", "must not be the drop folder itself") }
        if same(d.errors, d.path) { r.fail("errors", "must not be the drop folder itself") }
        if after == .archive && same(d.archive, d.errors) { r.fail("errors", "must differ from archive") }
        return d
    }

    // MARK: - http

    private static func parseHTTP(_ r: inout ConfigReader, resolve: (String) -> String) -> HTTPSource? {
        let url = r.string("url", required: true)
        var host: String?
        if let url {
            if let u = URL(string: url), let scheme = u.scheme?.lowercased(), ["http", "https"].contains(scheme), let h = u.host, !h.isEmpty {
                host = h
                if u.user != nil || u.password != nil { r.fail("url", "credentials do not belong in the URL: use auth with environment variables") }
            } else {
                r.fail("url", "expected an http:// or https:// URL with a host")
            }
        }
        let schedule: CronExpression?
        if let s = r.string("schedule", required: true) {
            do throws(LabError) { schedule = try CronExpression(s) } catch { r.fail("schedule", error.message); schedule = nil }
        } else {
            schedule = nil
        }
        var method = HTTPSource.Method.get
        if let m = r.string("method") {
            if let v = HTTPSource.Method(rawValue: m.uppercased()) { method = v } else { r.fail("method", "expected GET or POST, found '\(m)'") }
        }
        let body = r.string("body")
        if body != nil && method != .post { r.fail("body", "only a POST carries a body") }
        var headers: [String: String] = [:]
        for (k, v) in r.stringMap("headers") {
            if k.lowercased() == "authorization" {
                r.problems.add(r.keyPath("headers") + ".\(k)", "secrets do not belong in the pipeline file: use auth with environment variables", line: r.node["headers"]?.line)
            } else if k.isEmpty || k.contains(where: { $0 == ":" || $0.isWhitespace }) {
                r.problems.add(r.keyPath("headers") + ".\(k)", "not a valid header name", line: r.node["headers"]?.line)
            } else {
                headers[k] = v
            }
        }
        var auth = HTTPSource.Auth.none
        if var a = r.mapping("auth") {
            let bearer = a.string("bearer-env"), user = a.string("basic-user-env"), password = a.string("basic-password-env")
            for (key, value) in [("bearer-env", bearer), ("basic-user-env", user), ("basic-password-env", password)] {
                if let value, value.range(of: #"^[A-Za-z_][A-Za-z0-9_]*$"#, options: .regularExpression) == nil {
                    a.fail(key, "expected the name of an environment variable")
                }
            }
            for secret in ["token", "bearer", "password", "user", "username"] where a.has(secret) {
                a.fail(secret, "secrets do not belong in the pipeline file: name environment variables (bearer-env, basic-user-env, basic-password-env)")
                _ = a.raw(secret)
            }
            switch (bearer, user, password) {
            case (let b?, nil, nil): auth = .bearer(env: b)
            case (nil, let u?, let p?): auth = .basic(userEnv: u, passwordEnv: p)
            case (nil, nil, nil): a.fail("bearer-env", "auth needs bearer-env, or basic-user-env with basic-password-env")
            case (nil, _, _): a.fail(user == nil ? "basic-user-env" : "basic-password-env", "basic auth needs both basic-user-env and basic-password-env")
            default: a.fail("bearer-env", "choose bearer-env or basic auth, not both")
            }
            a.finish()
        }
        let clientCert = r.string("client-cert").map(resolve)
        let clientKey = r.string("client-key").map(resolve)
        if (clientCert == nil) != (clientKey == nil) { r.fail(clientCert == nil ? "client-cert" : "client-key", "client-cert and client-key go together") }
        let caFile = r.string("ca-file").map(resolve)
        let insecure = r.bool("insecure") ?? false
        if let url, url.lowercased().hasPrefix("http://"), auth != .none, !["localhost", "127.0.0.1", "::1"].contains(host ?? "") {
            r.fail("auth", "credentials would travel unencrypted over http://; use https://")
        }
        var timeouts = HTTPSource.Timeouts()
        if var t = r.mapping("timeouts") {
            timeouts.connect = t.duration("connect", in: 0.1...3600) ?? timeouts.connect
            timeouts.total = t.duration("total", in: 1...86_400) ?? timeouts.total
            timeouts.lowSpeed = t.duration("low-speed", in: 1...3600) ?? timeouts.lowSpeed
            timeouts.lowSpeedBytes = t.integer("low-speed-bytes", in: 1...1_000_000_000) ?? timeouts.lowSpeedBytes
            if timeouts.connect > timeouts.total { t.fail("connect", "longer than the total timeout") }
            t.finish()
        }
        let maxRedirects = r.integer("max-redirects", in: 0...5)  // the fetcher never follows more than 5
        let pageLimit = r.integer("page-limit", in: 1...100_000)
        var watermark: HTTPSource.Watermark?
        if var w = r.mapping("watermark") {
            let param = w.string("param", required: true)
            let initial = w.string("initial")
            if let initial, LabTime.parse(initial) == nil { w.fail("initial", "expected an ISO 8601 date or time") }
            let overlap = w.duration("overlap", in: 0...(31 * 86_400)) ?? 0
            let header = w.string("header")
            w.finish()
            if let param { watermark = HTTPSource.Watermark(param: param, initial: initial, overlap: overlap, header: header) }
        }
        let maxBytes = r.byteCount("max-bytes")
        guard let url, let schedule else { return nil }
        var h = HTTPSource(url: url, schedule: schedule)
        h.method = method
        h.body = body
        h.headers = headers
        h.auth = auth
        h.clientCert = clientCert
        h.clientKey = clientKey
        h.caFile = caFile
        h.insecure = insecure
        h.timeouts = timeouts
        h.maxRedirects = maxRedirects ?? h.maxRedirects
        h.pageLimit = pageLimit ?? h.pageLimit
        h.watermark = watermark
        h.maxBytes = maxBytes ?? h.maxBytes
        return h
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
