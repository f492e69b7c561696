import Foundation
import LabCore

extension HTTPSourceFetcher {
    /// Gets one page: a 2xx or 304 response (body in a file the caller deletes), or the error that ended it.
    /// Connection errors, timeouts, broken-off bodies, 5xx and 429 are tried again (backoff with jitter, or
    /// `Retry-After`) up to `retry.maxAttempts`; every other failure ends the fetch at once.
    func download(_ url: String, page: Int, plan: FetchPlan) -> Result<HTTPResponse, LabError> {
        let result = attempts(url, page: page, plan: plan)
        if case .failure(let error) = result {
            logger.error("fetch failed", metadata: ["source": "\(source.name)", "reason": "\(error.code)", "message": "\(error.message)"])
        }
        return result
    }

    private func attempts(_ url: String, page: Int, plan: FetchPlan) -> Result<HTTPResponse, LabError> {
        let shown = plan.redactor.url(url)
        var request = HTTPRequest(url: url)
        request.method = page == 1 ? http.method : .get
        request.body = page == 1 ? plan.body : nil
        request.headers = http.headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        if page == 1, let c = plan.conditional {
            if let etag = c.etag { request.headers.append((name: "If-None-Match", value: etag)) }
            if let modified = c.lastModified { request.headers.append((name: "If-Modified-Since", value: modified)) }
        }
        // Credentials only for the source's own host and port (a next-page link may point elsewhere).
        if HTTPClient.Origin(url) == HTTPClient.Origin(plan.firstURL) { request.credentials = plan.credentials }
        request.caFile = http.caFile
        request.clientCert = http.clientCert
        request.clientKey = http.clientKey
        request.insecure = http.insecure
        request.timeouts = http.timeouts
        request.maxRedirects = http.maxRedirects
        request.maxBytes = http.maxBytes
        request.directory = options.workDirectory

        let policy = options.retry
        let client = HTTPClient()
        var attempt = 0
        while true {
            attempt += 1
            logger.info("fetching", metadata: ["source": "\(source.name)", "url": "\(shown)", "page": "\(page)", "attempt": "\(attempt)"])
            let wait: Double
            let why: String
            let lastError: LabError
            do throws(HTTPTransferError) {
                let response = try client.perform(request, isCancelled: options.isCancelled)
                let status = response.status
                if (200..<300).contains(status) || status == 304 {
                    if !response.redirects.isEmpty {
                        logger.info("redirected", metadata: ["source": "\(source.name)", "from": "\(shown)", "to": "\(plan.redactor.url(response.url))"])
                    }
                    return .success(response)
                }
                let prefix = plan.redactor.text(response.bodyPrefix())
                let retryAfter = HTTPRetryPolicy.retryAfter(response.headers["Retry-After"])
                response.discardBody()
                guard HTTPRetryPolicy.isRetryable(status: status) else {
                    let body = prefix.isEmpty ? "" : ": \(prefix)"
                    return .failure(LabError(.httpStatus, "HTTP \(status) from \(shown)\(body)", locator: Locator(uri: shown)))
                }
                lastError = LabError(.httpUnavailable, "HTTP \(status) from \(shown) after \(attempt) attempt(s)", locator: Locator(uri: shown))
                if let retryAfter, retryAfter > policy.maxRetryAfter {
                    return .failure(LabError(.httpUnavailable, "HTTP \(status) from \(shown): the server asks to retry after \(Int(retryAfter)) s, longer than \(Int(policy.maxRetryAfter)) s; try again later",
                                             locator: Locator(uri: shown)))
                }
                wait = retryAfter ?? policy.backoff(afterAttempt: attempt, random: options.random())
                why = "HTTP \(status)" + (retryAfter != nil ? " (Retry-After)" : "")
            } catch {
                let detail = plan.redactor.text(error.detail)
                let (code, what): (ReasonCode, String) = switch error.kind {
                case .connect: (.httpConnect, "cannot connect")
                case .timeout: (.httpTimeout, "timed out")
                case .truncated: (.httpTruncated, "the body broke off before its end (not parsed)")
                case .tooLarge: (.httpTooLarge, "the body is too large")
                case .tls: (.httpTLS, "TLS failed (is ca-file set for a private CA?)")
                case .redirect: (.httpRedirect, "redirect refused")
                case .cancelled: (.runCancelled, "the fetch was cancelled")
                case .other: (.httpFailed, "the request failed")
                }
                let suffix = error.isRetryable ? " after \(attempt) attempt(s)" : ""
                lastError = LabError(code, "\(what): \(shown)\(suffix): \(detail)", locator: Locator(uri: shown))
                guard error.isRetryable else { return .failure(lastError) }
                wait = policy.backoff(afterAttempt: attempt, random: options.random())
                why = detail
            }
            guard attempt < policy.maxAttempts else { return .failure(lastError) }
            logger.warning("retrying", metadata: ["source": "\(source.name)", "url": "\(shown)", "attempt": "\(attempt)",
                                                  "why": "\(why)", "wait": "\(String(format: "%.2f", wait))s"])
            if options.isCancelled() || !options.sleeper.sleep(wait) {
                return .failure(LabError(.runCancelled, "the fetch was cancelled while waiting to retry \(shown)", locator: Locator(uri: shown)))
            }
        }
    }
}
