import Foundation

/// Credentials of one request, read from the environment just before it is sent; never logged.
public enum HTTPCredentials: Sendable, Equatable {
    case bearer(token: String)
    case basic(user: String, password: String)
}

/// One HTTP request as the client sends it (redirects included).
public struct HTTPRequest: Sendable {
    public var url: String
    public var method: HTTPSource.Method = .get
    public var body: String?
    /// Extra header fields (`Accept`, conditional-GET validators…); never `Authorization`: use `credentials`.
    public var headers: [(name: String, value: String)] = []
    public var credentials: HTTPCredentials?
    /// PEM bundle of the CAs to trust instead of the system store.
    public var caFile: String?
    public var clientCert: String?
    public var clientKey: String?
    /// Skip certificate and host-name verification (the fetcher logs a warning on every run).
    public var insecure = false
    public var timeouts = HTTPSource.Timeouts()
    /// Redirects followed at most (never more than `HTTPClient.redirectCeiling`).
    public var maxRedirects = 5
    /// A larger body fails with `http.too-large`.
    public var maxBytes: Int64 = 512 * 1_048_576
    /// Folder for the body file.
    public var directory: String = NSTemporaryDirectory()

    public init(url: String) { self.url = url }
}

/// The final response of a request, with its body in a file the caller owns (and must delete).
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var bodyPath: String
    public var bodyBytes: Int64
    /// The URL that answered (after redirects).
    public var url: String
    /// Every URL fetched before `url`, in order.
    public var redirects: [String]

    /// Deletes the body file.
    public func discardBody() { try? FileManager.default.removeItem(atPath: bodyPath) }

    /// The first `limit` bytes of the body as text (for error messages; redact before showing).
    public func bodyPrefix(_ limit: Int = 200) -> String {
        guard let h = FileHandle(forReadingAtPath: bodyPath) else { return "" }
        defer { try? h.close() }
        let data = (try? h.read(upToCount: limit)) ?? Data()
        let text = String(decoding: data, as: UTF8.self)
        return String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }.filter { !$0.unicodeScalars.contains { $0.properties.generalCategory == .control } })
            .trimmingCharacters(in: .whitespaces)
    }
}

/// Why a transfer produced no usable response. The fetcher decides from `kind` whether to try again.
public struct HTTPTransferError: Error, Sendable {
    public enum Kind: Sendable, Equatable {
        /// Refused, unreachable, name not resolved, nothing received: worth another attempt.
        case connect
        case timeout
        /// Broke off or ended before the announced length: worth another attempt; never parsed.
        case truncated
        case tooLarge
        case tls
        case redirect
        case cancelled
        /// A local problem (body file, bad option, malformed URL): not retried.
        case other
    }

    public var kind: Kind
    /// libcurl's text or ours; may name hosts, never credentials (still redact before use).
    public var detail: String
    /// libcurl's code, when it came from libcurl.
    public var curlCode: Int?

    public var isRetryable: Bool { [.connect, .timeout, .truncated].contains(kind) }
}
