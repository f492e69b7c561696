import Foundation
import LabCore

/// Fills an http source's URL (or POST body) template.
///
/// `{watermark}` is the stored watermark (or the source's `initial`); `{since}` is where this fetch starts: the
/// watermark less the source's `overlap`, or `--since`. In a URL both are percent-encoded (only RFC 3986
/// unreserved characters stay as they are, so `+08:00` cannot turn into a space). When the URL has neither
/// placeholder but the source names a watermark `param`, `param={since}` is added to the query.
public enum URLTemplate {
    public static let placeholders = ["watermark", "since"]
    /// RFC 3986 §2.3 unreserved characters.
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    public static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    /// The placeholders `template` uses.
    public static func used(in template: String) -> [String] {
        placeholders.filter { template.contains("{\($0)}") }
    }

    /// - Parameters:
    ///   - values: placeholder → raw value; a used placeholder without a value is an error.
    ///   - encoded: percent-encode the values (URLs) or not (a POST body).
    /// - Throws: `http.url-invalid` naming the placeholder.
    public static func expand(_ template: String, values: [String: String], encoded: Bool) throws(LabError) -> String {
        var out = template
        for name in used(in: template) {
            guard let v = values[name] else {
                throw LabError(.httpURLInvalid, "the url uses {\(name)} but there is no watermark yet: set watermark.initial or pass --since",
                               field: "url")
            }
            out = out.replacingOccurrences(of: "{\(name)}", with: encoded ? encode(v) : v)
        }
        return out
    }

    /// `url` with `name=value` appended to its query (before any fragment), both percent-encoded.
    public static func appendingQuery(_ url: String, name: String, value: String) -> String {
        var base = url, fragment = ""
        if let hash = url.firstIndex(of: "#") {
            base = String(url[..<hash])
            fragment = String(url[hash...])
        }
        let separator = base.contains("?") ? (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&") : "?"
        return base + separator + encode(name) + "=" + encode(value) + fragment
    }
}
