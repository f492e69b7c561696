import LabCore

/// Why a fetch of an `http` source failed. A failed fetch stores nothing and moves no cursor.
extension ReasonCode {
    /// The server answered with a status that will not change by asking again (4xx other than 429, an
    /// unexpected 1xx/3xx). The message carries the status and the first bytes of the body, secrets redacted.
    public static let httpStatus: ReasonCode = "http.status"
    /// 5xx or 429 still after the last attempt, or a `Retry-After` longer than the fetcher waits.
    public static let httpUnavailable: ReasonCode = "http.unavailable"
    /// No connection (refused, unreachable, name not resolved) after the last attempt.
    public static let httpConnect: ReasonCode = "http.connect"
    /// Connect, total or low-speed timeout after the last attempt.
    public static let httpTimeout: ReasonCode = "http.timeout"
    /// The body ended before its announced length, or the transfer broke off; it was never parsed.
    public static let httpTruncated: ReasonCode = "http.truncated"
    /// The body is larger than the source's `max-bytes`.
    public static let httpTooLarge: ReasonCode = "http.too-large"
    /// TLS failed: certificate not trusted (no `ca-file`?), wrong host name, client certificate refused.
    public static let httpTLS: ReasonCode = "http.tls"
    /// A redirect was refused: https→http downgrade, a scheme other than http(s), more than the limit, or no Location.
    public static let httpRedirect: ReasonCode = "http.redirect"
    /// An environment variable named by `auth` is not set.
    public static let httpAuthMissing: ReasonCode = "http.auth-missing"
    /// The URL cannot be built (a placeholder with no value, an invalid URL after substitution).
    public static let httpURLInvalid: ReasonCode = "http.url-invalid"
    /// Any other libcurl failure.
    public static let httpFailed: ReasonCode = "http.failed"
}
