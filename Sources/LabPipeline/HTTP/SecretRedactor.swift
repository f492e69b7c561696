import Foundation

/// Keeps secrets out of logs, errors, provenance and the store.
///
/// Two rules, applied to anything that leaves the fetcher as text:
/// - known secret values (the bearer token, the basic password, and their percent- and base64-encoded forms)
///   are replaced wherever they appear;
/// - in URLs, user-info is dropped and the values of query parameters whose names look like credentials
///   (`token`, `access_token`, `api_key`, `password`, `signature`, `X-Amz-Credential`, …) are replaced.
///
/// For example, `https://u:p@lis.example.org/r?since=2024&access_token=abc` becomes
/// `https://lis.example.org/r?since=2024&access_token=REDACTED`.
public struct SecretRedactor: Sendable {
    public static let mask = "REDACTED"
    /// Lower-cased fragments of query parameter names that carry credentials.
    static let credentialNames = ["token", "secret", "password", "passwd", "pwd", "key", "sig", "auth", "credential",
                                  "session", "jwt", "code", "ticket"]

    private var secrets: [String] = []

    public init(secrets: [String] = []) {
        for s in secrets { add(s) }
    }

    /// Adds a secret value (and the encoded forms it may travel in). Values shorter than 4 characters are
    /// ignored: masking them would shred ordinary text and they protect nothing.
    public mutating func add(_ secret: String) {
        guard secret.count >= 4 else { return }
        var forms = [secret]
        if let encoded = secret.addingPercentEncoding(withAllowedCharacters: URLTemplate.unreserved), encoded != secret {
            forms.append(encoded)
        }
        forms.append(Data(secret.utf8).base64EncodedString())
        for f in forms where !secrets.contains(f) { secrets.append(f) }
        secrets.sort { $0.count > $1.count }  // longest first, so a secret inside another is not half-masked
    }

    /// Basic credentials also travel as base64("user:password").
    public mutating func addBasic(user: String, password: String) {
        add(password)
        add("\(user):\(password)")
    }

    /// Masks every known secret value in `text`.
    public func text(_ text: String) -> String {
        var out = text
        for s in secrets where out.contains(s) { out = out.replacingOccurrences(of: s, with: Self.mask) }
        return out
    }

    /// A URL fit for logs and provenance: no user-info, credential-like query values masked, known secrets masked.
    public func url(_ url: String) -> String {
        var rest = Substring(url)
        var prefix = ""
        if let scheme = rest.range(of: "://") {
            prefix = String(rest[..<scheme.upperBound])
            rest = rest[scheme.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        }
        var fragment = ""
        if let hash = rest.firstIndex(of: "#") {
            fragment = "#" + Self.redactQuery(String(rest[rest.index(after: hash)...]))
            rest = rest[..<hash]
        }
        var query = ""
        if let q = rest.firstIndex(of: "?") {
            query = "?" + Self.redactQuery(String(rest[rest.index(after: q)...]))
            rest = rest[..<q]
        }
        return text(prefix + rest + query + fragment)
    }

    static func redactQuery(_ query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let eq = pair.firstIndex(of: "=") else { return String(pair) }
            let name = String(pair[..<eq])
            let decoded = (name.removingPercentEncoding ?? name).lowercased()
            return credentialNames.contains(where: decoded.contains) ? name + "=" + mask : String(pair)
        }.joined(separator: "&")
    }
}
