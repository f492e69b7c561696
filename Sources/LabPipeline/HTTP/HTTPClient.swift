import CCurl
import CurlShim
import Foundation
import LabCore

/// Sends one `HTTPRequest` with libcurl and returns the final response with its body in a file.
///
/// - One easy handle per hop; redirects are followed here rather than by libcurl, so each hop is checked:
///   at most `min(request.maxRedirects, 5)`, only http/https, never from https to http, and credentials are
///   dropped when a hop leaves the original host and port.
/// - The body streams to a file (mode 0600) with a byte cap; a body shorter than its `Content-Length`, or a
///   transfer that broke off, is an error (`.truncated`), never a response.
/// - TLS: peer and host-name verification stay on unless `insecure`; `caFile` replaces the system CA store;
///   `clientCert`/`clientKey` give a client certificate.
/// - Timeouts: connect per hop, total across every hop, and low speed (bytes per second for so long).
///
/// For example:
/// ```swift
/// var request = HTTPRequest(url: "https://lis.example.org/results")
/// request.credentials = .bearer(token: token)
/// let response = try HTTPClient().perform(request)
/// defer { response.discardBody() }
/// ```
public struct HTTPClient: Sendable {
    /// The issue's limit: whatever a pipeline asks, no more than five redirects.
    public static let redirectCeiling = 5
    static let userAgent = "labingest/0.1"

    public init() {}

    /// - Parameter isCancelled: polled while transferring; returning true aborts with `.cancelled`.
    /// - Throws: `HTTPTransferError` when there is no usable response (any HTTP status is a response).
    public func perform(_ request: HTTPRequest, isCancelled: @escaping @Sendable () -> Bool = { false })
        throws(HTTPTransferError) -> HTTPResponse
    {
        let deadline = Date().addingTimeInterval(request.timeouts.total)
        let limit = max(0, min(request.maxRedirects, Self.redirectCeiling))
        let origin = Origin(request.url)
        var url = request.url
        var method = request.method
        var body = request.body
        var visited: [String] = []
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw HTTPTransferError(kind: .timeout, detail: "total timeout reached while following redirects") }
            let sameOrigin = origin != nil && Origin(url) == origin
            let response = try hop(request, url: url, method: method, body: body,
                                   credentials: sameOrigin ? request.credentials : nil,
                                   timeout: remaining, isCancelled: isCancelled)
            guard [301, 302, 303, 307, 308].contains(response.status) else {
                var final = response
                final.redirects = visited
                return final
            }
            response.discardBody()
            guard let next = response.headers["Location"].flatMap({ Self.resolve($0, against: url) }) else {
                throw HTTPTransferError(kind: .redirect, detail: "HTTP \(response.status) without a usable Location")
            }
            guard visited.count < limit else {
                throw HTTPTransferError(kind: .redirect, detail: "more than \(limit) redirect(s)")
            }
            let from = url.lowercased(), to = next.lowercased()
            guard to.hasPrefix("https://") || to.hasPrefix("http://") else {
                throw HTTPTransferError(kind: .redirect, detail: "redirect to a scheme other than http or https refused")
            }
            if from.hasPrefix("https://") && to.hasPrefix("http://") {
                throw HTTPTransferError(kind: .redirect, detail: "redirect from https to plain http refused")
            }
            // RFC 9110 §15.4: 303 always becomes GET; 301/302 after POST do too in practice (as libcurl does).
            if response.status == 303 || (method == .post && [301, 302].contains(response.status)) {
                method = .get
                body = nil
            }
            visited.append(url)
            url = next
        }
    }

    // MARK: - One hop

    private func hop(_ request: HTTPRequest, url: String, method: HTTPSource.Method, body: String?,
                     credentials: HTTPCredentials?, timeout: Double,
                     isCancelled: @escaping @Sendable () -> Bool) throws(HTTPTransferError) -> HTTPResponse
    {
        let path = (request.directory as NSString).appendingPathComponent("labingest-http-\(UUID().uuidString).body")
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw HTTPTransferError(kind: .other, detail: "cannot create a body file in \(request.directory) (errno \(errno))")
        }
        var keep = false
        defer {
            close(fd)
            if !keep { unlink(path) }
        }
        let sink = TransferSink(fd: fd, cap: request.maxBytes, isCancelled: isCancelled)
        let easy: CurlEasy
        do throws(LabError) {
            easy = try CurlEasy()
            try configure(easy, request, url: url, method: method, body: body, credentials: credentials, timeout: timeout)
        } catch {
            throw HTTPTransferError(kind: .other, detail: error.message)
        }
        let box = Unmanaged.passRetained(sink)
        defer { box.release() }
        do throws(LabError) {
            try easy.set(CURLOPT_WRITEDATA, pointer: box.toOpaque())
            try easy.set(CURLOPT_HEADERDATA, pointer: box.toOpaque())
            try easy.set(CURLOPT_XFERINFODATA, pointer: box.toOpaque())
            try easy.set(CURLOPT_NOPROGRESS, 0)
            // Non-capturing closures become C function pointers; their state comes back through the user data.
            try easy.setWriteCallback { ptr, size, count, user in
                guard let ptr, let user else { return 0 }
                return Unmanaged<TransferSink>.fromOpaque(user).takeUnretainedValue().write(UnsafeRawPointer(ptr), size * count)
            }
            try easy.setHeaderCallback { ptr, size, count, user in
                guard let ptr, let user else { return 0 }
                return Unmanaged<TransferSink>.fromOpaque(user).takeUnretainedValue().header(UnsafeRawPointer(ptr), size * count)
            }
            try easy.setProgressCallback { user, _, _, _, _ in
                guard let user else { return 0 }
                return Unmanaged<TransferSink>.fromOpaque(user).takeUnretainedValue().isCancelled() ? 1 : 0
            }
        } catch {
            throw HTTPTransferError(kind: .other, detail: error.message)
        }

        let (code, message) = easy.perform()
        if code != CURLE_OK { throw Self.failure(code, message, sink: sink, request: request) }

        let status = easy.info(long: CURLINFO_RESPONSE_CODE)
        let headers = sink.headers
        // libcurl notices a short body itself (CURLE_PARTIAL_FILE); this catches what it lets through, e.g. a
        // server that announces a length and closes early with no error. Not for compressed bodies, whose
        // Content-Length counts the encoded bytes.
        if let announced = headers["Content-Length"].flatMap({ Int64($0) }),
           (headers["Content-Encoding"] ?? "identity").lowercased() == "identity",
           !(100..<200).contains(status), status != 204, status != 304, announced != sink.written {
            throw HTTPTransferError(kind: .truncated, detail: "body ended after \(sink.written) of \(announced) announced bytes",
                                    curlCode: nil)
        }
        keep = true
        return HTTPResponse(status: status, headers: headers, bodyPath: path, bodyBytes: sink.written,
                            url: easy.info(string: CURLINFO_EFFECTIVE_URL) ?? url, redirects: [])
    }

    private func configure(_ easy: CurlEasy, _ request: HTTPRequest, url: String, method: HTTPSource.Method, body: String?,
                           credentials: HTTPCredentials?, timeout: Double) throws(LabError) {
        try easy.set(CURLOPT_URL, url)
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_FOLLOWLOCATION, 0)
        try easy.set(CURLOPT_USERAGENT, "\(Self.userAgent) libcurl/\(CurlGlobal.version)")
        try easy.set(CURLOPT_ACCEPT_ENCODING, "")  // every encoding libcurl can decode; the file gets decoded bytes
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(request.timeouts.connect * 1000)))
        try easy.set(CURLOPT_TIMEOUT_MS, max(1, Int(timeout * 1000)))
        try easy.set(CURLOPT_LOW_SPEED_LIMIT, max(1, request.timeouts.lowSpeedBytes))
        try easy.set(CURLOPT_LOW_SPEED_TIME, max(1, Int(request.timeouts.lowSpeed.rounded(.up))))
        try easy.set(CURLOPT_MAXFILESIZE_LARGE, offset: request.maxBytes)
        try easy.set(CURLOPT_SSL_VERIFYPEER, request.insecure ? 0 : 1)
        try easy.set(CURLOPT_SSL_VERIFYHOST, request.insecure ? 0 : 2)
        if let ca = request.caFile { try easy.set(CURLOPT_CAINFO, ca) }
        if let cert = request.clientCert { try easy.set(CURLOPT_SSLCERT, cert) }
        if let key = request.clientKey { try easy.set(CURLOPT_SSLKEY, key) }
        switch method {
        case .get:
            try easy.set(CURLOPT_HTTPGET, 1)
        case .post:
            try easy.set(CURLOPT_POST, 1)
            try easy.set(CURLOPT_COPYPOSTFIELDS, body ?? "")   // copied: POSTFIELDS would keep our pointer
        }
        switch credentials {
        case .bearer(let token)?:
            try easy.set(CURLOPT_HTTPAUTH, curlshim_auth_bearer())
            try easy.set(CURLOPT_XOAUTH2_BEARER, token)
        case .basic(let user, let password)?:
            try easy.set(CURLOPT_HTTPAUTH, curlshim_auth_basic())
            try easy.set(CURLOPT_USERNAME, user)
            try easy.set(CURLOPT_PASSWORD, password)
        case nil:
            break
        }
        // "Expect:" stops libcurl from waiting for a 100 Continue before sending a POST body.
        var lines = request.headers.map { "\($0.name): \($0.value)" }
        lines.append("Expect:")
        try easy.set(CURLOPT_HTTPHEADER, list: lines)
    }

    // MARK: - Errors

    static func failure(_ code: CURLcode, _ message: String, sink: TransferSink, request: HTTPRequest) -> HTTPTransferError {
        let c = Int(code.rawValue)
        func error(_ kind: HTTPTransferError.Kind, _ detail: String = message) -> HTTPTransferError {
            HTTPTransferError(kind: kind, detail: detail, curlCode: c)
        }
        switch code {
        case CURLE_WRITE_ERROR where sink.overCap, CURLE_FILESIZE_EXCEEDED:
            return error(.tooLarge, "the body is larger than max-bytes (\(request.maxBytes) bytes)")
        case CURLE_WRITE_ERROR:
            return error(.other, "cannot write the body file (errno \(sink.writeErrno ?? 0))")
        case CURLE_ABORTED_BY_CALLBACK:
            return error(.cancelled, "the fetch was cancelled")
        case CURLE_OPERATION_TIMEDOUT:
            return error(.timeout)
        case CURLE_PARTIAL_FILE:
            return error(.truncated)
        case CURLE_RECV_ERROR where sink.written > 0, CURLE_HTTP2_STREAM, CURLE_HTTP2:
            return error(.truncated)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_GOT_NOTHING,
             CURLE_SEND_ERROR, CURLE_RECV_ERROR:
            return error(.connect)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_USE_SSL_FAILED:
            return error(.tls)
        default:
            return error(.other)
        }
    }

    // MARK: - URLs

    /// An absolute URL for a `Location` or `Link` target, relative to the URL that sent it.
    static func resolve(_ reference: String, against base: String) -> String? {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, let baseURL = URL(string: base), let u = URL(string: trimmed, relativeTo: baseURL) else { return nil }
        return u.absoluteURL.absoluteString
    }

    /// Host and port of a URL (the scheme's default port when none is written), lower-cased.
    struct Origin: Equatable {
        let host: String
        let port: Int

        init?(_ url: String) {
            guard let u = URLComponents(string: url), let host = u.host?.lowercased(), let scheme = u.scheme?.lowercased() else { return nil }
            self.host = host
            self.port = u.port ?? (scheme == "https" ? 443 : 80)
        }
    }
}
