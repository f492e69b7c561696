import Crypto
import Foundation
import LabCore
import LabStore

/// What a fetch needs before its first request: credentials, the redactor that knows them, the first URL
/// (placeholders filled), the stored cursors and the validators that apply to that URL.
struct FetchPlan: Sendable {
    var firstURL: String
    var body: String?
    var credentials: HTTPCredentials?
    var redactor: SecretRedactor
    /// The stored watermark (not `initial`): what a new one must be newer than.
    var storedWatermark: String?
    var tracksWatermark: Bool
    /// ETag / Last-Modified stored for `firstURL` by the last complete fetch.
    var conditional: HTTPFetchRun.Validators?
}

extension HTTPSourceFetcher {
    public enum CursorKind: String, Sendable {
        case watermark = "", etag = "#etag", lastModified = "#last-modified"
    }

    /// `http:<pipeline>/<source>` for the watermark; `…#etag` and `…#last-modified` for the validators.
    public func cursorName(_ kind: CursorKind) -> String {
        "http:\(pipeline)/\(source.name)" + kind.rawValue
    }

    func makePlan(since: String?) throws(LabError) -> FetchPlan {
        if http.insecure {
            logger.warning("TLS verification is OFF for this source (insecure: true); anyone on the path can read and alter what it fetches",
                           metadata: ["source": "\(source.name)"])
        }
        var redactor = SecretRedactor()
        var credentials: HTTPCredentials?
        func secret(_ name: String, _ key: String) throws(LabError) -> String {
            guard let v = options.environment[name], !v.isEmpty else {
                throw LabError(.httpAuthMissing, "environment variable \(name) (auth.\(key) of source '\(source.name)') is not set",
                               field: "auth.\(key)")
            }
            return v
        }
        switch http.auth {
        case .none:
            break
        case .bearer(let env):
            let token = try secret(env, "bearer-env")
            redactor.add(token)
            credentials = .bearer(token: token)
        case .basic(let userEnv, let passwordEnv):
            let user = try secret(userEnv, "basic-user-env"), password = try secret(passwordEnv, "basic-password-env")
            redactor.addBasic(user: user, password: password)
            credentials = .basic(user: user, password: password)
        }

        let stored = try store.cursor(cursorName(.watermark))
        let tracks = http.watermark != nil || options.watermarkHeader != nil
            || !URLTemplate.used(in: http.url).isEmpty || !URLTemplate.used(in: http.body ?? "").isEmpty
        var values: [String: String] = [:]
        let mark = stored ?? http.watermark?.initial
        if let mark {
            values["watermark"] = mark
            values["since"] = Self.subtract(http.watermark?.overlap ?? 0, from: mark, zone: timezone)
        }
        if let since { values["since"] = since }

        var url = try URLTemplate.expand(http.url, values: values, encoded: true)
        if URLTemplate.used(in: http.url).isEmpty, let param = http.watermark?.param, let s = values["since"] {
            url = URLTemplate.appendingQuery(url, name: param, value: s)
        }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme), parsed.host != nil else {
            throw LabError(.httpURLInvalid, "the url is not a valid http(s) URL after filling its placeholders: \(redactor.url(url))", field: "url")
        }
        let body = try http.body.map { (b) throws(LabError) in try URLTemplate.expand(b, values: values, encoded: false) }

        var conditional: HTTPFetchRun.Validators?
        let key = Self.urlKey(url, method: http.method, body: body)
        let etag = try store.cursor(cursorName(.etag)).flatMap { Self.unbind($0, key: key) }
        let modified = try store.cursor(cursorName(.lastModified)).flatMap { Self.unbind($0, key: key) }
        if etag != nil || modified != nil { conditional = HTTPFetchRun.Validators(etag: etag, lastModified: modified) }
        return FetchPlan(firstURL: url, body: body, credentials: credentials, redactor: redactor, storedWatermark: stored,
                         tracksWatermark: tracks, conditional: conditional)
    }

    // MARK: - Validators bound to a request

    /// Validators are stored with a key of the request they came from: with a moving watermark the URL changes,
    /// and an ETag of another URL must not be sent.
    static func urlKey(_ url: String, method: HTTPSource.Method, body: String?) -> String {
        let digest = SHA256.hash(data: Data("\(method.rawValue) \(url)\n\(body ?? "")".utf8))
        return digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    static func bind(_ value: String, key: String) -> String { key + " " + value }

    static func unbind(_ stored: String, key: String) -> String? {
        guard stored.hasPrefix(key + " ") else { return nil }
        return String(stored.dropFirst(key.count + 1))
    }

    // MARK: - Watermark arithmetic

    /// `mark` less `seconds` as UTC ISO 8601; `mark` itself when it is not a time (an opaque header value) or
    /// there is nothing to subtract.
    static func subtract(_ seconds: Double, from mark: String, zone: TimeZone) -> String {
        guard seconds > 0, let t = LabTime.parse(mark), let (date, _) = t.resolved(in: zone) else { return mark }
        return LabTime.utcString(date.addingTimeInterval(-seconds))
    }

    /// The newest of the stored watermark and the candidates: by time when they are times, else the last
    /// candidate (an opaque header value the server hands out in order).
    static func newest(stored: String?, candidates: [String], zone: TimeZone) -> String? {
        func time(_ s: String) -> Date? { LabTime.parse(s)?.resolved(in: zone)?.date }
        var best = stored
        for c in candidates {
            guard let current = best else { best = c; continue }
            if let a = time(current), let b = time(c) {
                if b > a { best = c }
            } else {
                best = c
            }
        }
        return best
    }

    // MARK: - Cursors

    /// Writes the watermark and the validators of a fetch whose every unit committed. Returns why it did not.
    func writeCursors(_ run: HTTPFetchRun, plan: FetchPlan) -> LabError? {
        do throws(LabError) {
            try options.beforeCursorUpdate?()
            let (candidates, validators) = run.outcome
            if plan.tracksWatermark, let mark = Self.newest(stored: plan.storedWatermark, candidates: candidates, zone: timezone),
               mark != plan.storedWatermark {
                try store.setCursor(cursorName(.watermark), value: mark)
                logger.info("watermark moved", metadata: ["source": "\(source.name)", "watermark": "\(plan.redactor.text(mark))"])
            }
            let key = Self.urlKey(plan.firstURL, method: http.method, body: plan.body)
            if let etag = validators?.etag { try store.setCursor(cursorName(.etag), value: Self.bind(etag, key: key)) }
            if let modified = validators?.lastModified { try store.setCursor(cursorName(.lastModified), value: Self.bind(modified, key: key)) }
            return nil
        } catch {
            logger.error("cursors not moved", metadata: ["source": "\(source.name)", "reason": "\(error.code)", "message": "\(error.message)"])
            return error
        }
    }
}
