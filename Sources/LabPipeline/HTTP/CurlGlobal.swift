import CCurl

/// libcurl's process-wide set-up. `curl_global_init` is not thread-safe and must run once before any handle
/// exists; a Swift `static let` is initialised exactly once, under a lock, on first use.
enum CurlGlobal {
    private static let result: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    /// True once libcurl is initialised (false only if OpenSSL could not start).
    static var ready: Bool { result == CURLE_OK }

    /// libcurl's version (`7.88.1`), for the User-Agent.
    static let version: String = {
        // curl_version() reads "libcurl/7.88.1 OpenSSL/3.0.x …" (CURLVERSION_NOW is a macro Swift cannot import).
        let text = String(cString: curl_version())
        return text.split(separator: " ").first.map { String($0.dropFirst("libcurl/".count)) } ?? "?"
    }()
}
