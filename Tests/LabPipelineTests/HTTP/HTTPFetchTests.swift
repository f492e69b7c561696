import Foundation
import LabCore
import LabPipeline
import LabStore
import Testing

/// `HTTPSourceFetcher` against real servers (python3 http.server on 127.0.0.1, started and stopped here).
@Suite("HTTP fetch")
struct HTTPFetchTests {
    typealias S = HTTPTestServer

    static func events(_ runner: PipelineRunner) throws -> [Event] { try runner.store.events(EventQuery()) }

    // MARK: - Ingest, duplicates, conditional GET

    @Test func bodyBecomesEventsThenTheSameBodyIsDuplicates() throws {
        let f = try HTTPFixture()
        let server = try S(["/results": [S.step(file: HTTPFixture.hl7, headers: ["Content-Type": "application/hl7-v2+xml"])]], in: f.directory)
        defer { server.stop() }
        let (fetcher, runner) = try f.fetcher("""
            url: \(server.base)/results?since={since}
            format: auto
            watermark: { param: since, initial: "2024-01-01T00:00:00+08:00" }
            """)
        let first = fetcher.fetchOnce()
        #expect(first.error == nil)
        #expect(first.reports.count == 1)
        let r = try #require(first.reports.first)
        #expect(r.status == .complete)
        #expect(r.format == "hl7-xml")   // from Content-Type
        #expect(r.counts.appended > 0)
        #expect(r.counts.addsUp)
        let events = try Self.events(runner)
        #expect(events.count == r.counts.appended)
        #expect(events.allSatisfy { $0.provenance.uri.hasPrefix("\(server.base)/results?since=") && $0.provenance.sourceName == "lis" })
        // The watermark is the newest collection time among the events, written after the commit.
        let newest = try #require(events.map(\.collectedAt).max())
        #expect(first.cursorsAdvanced)
        #expect(try runner.store.cursor(fetcher.cursorName(.watermark)) == LabTime.utcString(newest))
        // The first request asked from `initial`, percent-encoded.
        #expect(server.requests().first?["query"] as? String == "since=2024-01-01T00%3A00%3A00%2B08%3A00")

        let second = fetcher.fetchOnce()
        let d = try #require(second.reports.first)
        #expect(d.status == .duplicate)
        #expect(d.counts.appended == 0 && d.counts.duplicates == r.counts.read)
        #expect(try Self.events(runner).count == events.count)
        // …and from the stored watermark.
        #expect(server.requests().last?["query"] as? String == "since=" + URLTemplate.encode(LabTime.utcString(newest)))
        #expect(f.leftoverBodies.isEmpty)
    }

    @Test func storedETagGives304AndNothingToDo() throws {
        let f = try HTTPFixture()
        let server = try S(["/results": [S.step(file: HTTPFixture.hl7, headers: ["ETag": "\"v1\""], notModifiedETag: "\"v1\"")]],
                           in: f.directory)
        defer { server.stop() }
        let (fetcher, runner) = try f.fetcher("url: \(server.base)/results\nformat: hl7-xml")
        let first = fetcher.fetchOnce()
        #expect(first.reports.first?.status == .complete)
        let count = try Self.events(runner).count
        let second = fetcher.fetchOnce()
        #expect(second.notModified)
        #expect(second.reports.isEmpty)
        #expect(second.error == nil)
        #expect(try Self.events(runner).count == count)
        let requests = server.requests()
        #expect(requests.count == 2)
        #expect((requests[0]["headers"] as? [String: String])?["If-None-Match"] == nil)
        #expect((requests[1]["headers"] as? [String: String])?["If-None-Match"] == "\"v1\"")
    }

    @Test func emptyResponseIsNothingNewAndMovesNoCursor() throws {
        let f = try HTTPFixture()
        let server = try S(["/results": [S.step(204), S.step(200, body: "")]], in: f.directory)
        defer { server.stop() }
        let (fetcher, runner) = try f.fetcher("url: \(server.base)/results\nformat: hl7-xml\nwatermark: { param: since, initial: \"2024-01-01\" }")
        for _ in 0..<2 {
            let result = fetcher.fetchOnce()
            #expect(result.reports.isEmpty && result.error == nil && !result.notModified)
            #expect(result.notes.contains { $0.contains("empty response") })
        }
        #expect(try runner.store.cursor(fetcher.cursorName(.watermark)) == nil)
        #expect(try runner.store.statistics().sources == 0)
    }

    // MARK: - Retries

    @Test func serverErrorsAreRetriedThenOneUnit() throws {
        let f = try HTTPFixture()
        let server = try S(["/results": [S.step(500, body: "busy"), S.step(503, body: "busy"), S.step(file: HTTPFixture.hl7)]], in: f.directory)
        defer { server.stop() }
        let (fetcher, runner) = try f.fetcher("url: \(server.base)/results\nformat: hl7-xml", attempts: 3)
        let result = fetcher.fetchOnce()
        #expect(result.error == nil)
        #expect(result.reports.map(\.status) == [.complete])
        #expect(server.requests().count == 3)
        // Exponential backoff, less the jitter (random fixed at 0.5, jitter 0.5): 0.5 × 0.75, 1.0 × 0.75.
        #expect(f.sleeper.delays == [0.375, 0.75])
        #expect(try Self.events(runner).count == result.reports[0].counts.appended)
        #expect(f.logs.all.contains { $0.contains("retrying") && $0.contains("HTTP 500") })
    }

    @Test func tooManyRequestsHonoursRetryAfter() throws {
        let f = try HTTPFixture()
        let server = try S(["/results": [S.step(429, body: "slow down", headers: ["Retry-After": "2"]), S.step(file: HTTPFixture.hl7)]],
                           in: f.directory)
        defer { server.stop() }
        let (fetcher, _) = try f.fetcher("url: \(server.base)/results\nformat: hl7-xml")
        let result = fetcher.fetchOnce()
        #expect(result.reports.map(\.status) == [.complete])
        #expect(f.sleeper.delays == [2])
    }

    @Test func clientErrorFailsAtOnceWithStatusAndBody() throws {
        let f = try HTTPFixture()
        let server = try S(["/results": [S.step(404, body: "no results endpoint here")]], in: f.directory)
        defer { server.stop() }
        let (fetcher, _) = try f.fetcher("url: \(server.base)/results\nformat: hl7-xml")
        let result = fetcher.fetchOnce()
        let error = try #require(result.error)
        #expect(error.code == .httpStatus)
        #expect(error.message.contains("HTTP 404") && error.message.contains("no results endpoint here"))
        #expect(server.requests().count == 1)
        #expect(f.sleeper.delays.isEmpty)
    }

    @Test func connectionRefusedIsRetriedThenAClearErrorAndTheWatermarkStays() throws {
        let f = try HTTPFixture()
        let port = HTTPTestServer.closedPort()
        let (fetcher, runner) = try f.fetcher("""
            url: http://127.0.0.1:\(port)/results
            format: hl7-xml
            watermark: { param: since }
            """, attempts: 3)
        try runner.store.setCursor(fetcher.cursorName(.watermark), value: "2024-03-01T00:00:00Z")
        let result = fetcher.fetchOnce()
        let error = try #require(result.error)
        #expect(error.code == .httpConnect)
        #expect(error.message.contains("after 3 attempt(s)"))
        #expect(result.reports.map(\.status) == [.failed])
        #expect(f.sleeper.delays.count == 2)
        #expect(!result.cursorsAdvanced)
        #expect(try runner.store.cursor(fetcher.cursorName(.watermark)) == "2024-03-01T00:00:00Z")
        #expect(try Self.events(runner).isEmpty)
    }

    @Test func slowServerTimesOut() throws {
        let f = try HTTPFixture()
        let server = try S(["/results": [S.step(file: HTTPFixture.hl7, delay: 4)]], in: f.directory)
        defer { server.stop() }
        let (fetcher, runner) = try f.fetcher("""
            url: \(server.base)/results
            format: hl7-xml
            timeouts: { connect: 1s, total: 1s }
            """, attempts: 2)
        let started = Date()
        let result = fetcher.fetchOnce()
        #expect(result.error?.code == .httpTimeout)
        #expect(Date().timeIntervalSince(started) < 3.5)
        #expect(server.requests().count == 2)
        #expect(try Self.events(runner).isEmpty)
    }

    @Test func truncatedBodyIsNeverParsed() throws {
        let f = try HTTPFixture()
        let server = try S(["/results": [S.step(file: HTTPFixture.hl7, truncate: 3000)]], in: f.directory)
        defer { server.stop() }
        let (fetcher, runner) = try f.fetcher("url: \(server.base)/results\nformat: hl7-xml", attempts: 2)
        let result = fetcher.fetchOnce()
        #expect(result.error?.code == .httpTruncated)
        #expect(try Self.events(runner).isEmpty)
        #expect(try runner.store.statistics().sources == 0)
        #expect(f.leftoverBodies.isEmpty)
    }

    @Test func bodyOverMaxBytesFails() throws {
        let f = try HTTPFixture()
        let server = try S(["/results": [S.step(file: HTTPFixture.hl7)]], in: f.directory)
        defer { server.stop() }
        let (fetcher, runner) = try f.fetcher("url: \(server.base)/results\nformat: hl7-xml\nmax-bytes: 1KB")
        let result = fetcher.fetchOnce()
        #expect(result.error?.code == .httpTooLarge)
        #expect(try Self.events(runner).isEmpty)
        #expect(server.requests().count == 1)
    }

    // MARK: - Redirects and TLS

    @Test func redirectChainIsFollowedWithinTheLimit() throws {
        let f = try HTTPFixture()
        let server = try S([
            "/a": [S.step(302, headers: ["Location": "/b"])],
            "/b": [S.step(301, headers: ["Location": "http://127.0.0.1:{port}/c"])],
            "/c": [S.step(file: HTTPFixture.hl7)],
        ], in: f.directory)
        defer { server.stop() }
        let (fetcher, _) = try f.fetcher("url: \(server.base)/a\nformat: hl7-xml")
        let result = fetcher.fetchOnce()
        #expect(result.reports.map(\.status) == [.complete])
        #expect(result.reports.first?.uri == "\(server.base)/c")

        let (limited, _) = try f.fetcher("url: \(server.base)/a\nformat: hl7-xml\nmax-redirects: 1")
        let refused = limited.fetchOnce()
        #expect(refused.error?.code == .httpRedirect)
        #expect(refused.error?.message.contains("more than 1 redirect") == true)
    }

    @Test func selfSignedCAIsRefusedWithoutCAFileAndAcceptedWithIt() throws {
        let f = try HTTPFixture()
        let tls = try TestCertificates(in: f.directory)
        let plain = try S(["/results": [S.step(file: HTTPFixture.hl7)]], in: f.directory)
        defer { plain.stop() }
        let server = try S([
            "/results": [S.step(file: HTTPFixture.hl7)],
            "/downgrade": [S.step(302, headers: ["Location": "\(plain.base)/results"])],
        ], in: f.directory, tls: (tls.serverCert, tls.serverKey))
        defer { server.stop() }
        #expect(server.base.hasPrefix("https://"))

        let (untrusted, _) = try f.fetcher("url: \(server.base)/results\nformat: hl7-xml")
        let refused = untrusted.fetchOnce()
        #expect(refused.error?.code == .httpTLS)

        let (trusted, _) = try f.fetcher("url: \(server.base)/results\nformat: hl7-xml\nca-file: \(tls.caCert)")
        #expect(trusted.fetchOnce().reports.map(\.status) == [.complete])
        #expect(!f.logs.text.contains("TLS verification is OFF"))

        // insecure: accepted without the CA, with a warning on every run.
        let (insecure, _) = try f.fetcher("url: \(server.base)/results\nformat: hl7-xml\ninsecure: true")
        #expect(insecure.fetchOnce().reports.map(\.status) == [.duplicate])
        _ = insecure.fetchOnce()
        #expect(f.logs.all.filter { $0.hasPrefix("warning") && $0.contains("TLS verification is OFF") }.count == 2)

        let (downgrade, _) = try f.fetcher("url: \(server.base)/downgrade\nformat: hl7-xml\nca-file: \(tls.caCert)")
        let result = downgrade.fetchOnce()
        #expect(result.error?.code == .httpRedirect)
        #expect(result.error?.message.contains("https to plain http") == true)
        #expect(plain.requests().isEmpty)
    }

    // MARK: - Pagination

    @Test func nextLinksAreFollowedUpToThePageLimit() throws {
        let f = try HTTPFixture()
        let hl7 = HTTPFixture.samples + "/hl7/"
        let server = try S([
            "/p1": [S.step(file: hl7 + "oru-v251-ts.xml", headers: ["Link": "</p2?cursor=2>; rel=\"next\", </p9>; rel=\"last\""])],
            "/p2": [S.step(file: hl7 + "oru-v26-dtm-cwe.xml", headers: ["Link": "<http://127.0.0.1:{port}/p3>; rel=\"next\""])],
            "/p3": [S.step(file: hl7 + "oru-v251-marrow.xml")],
        ], in: f.directory)
        defer { server.stop() }
        let (limited, _) = try f.fetcher("url: \(server.base)/p1\nformat: hl7-xml\npage-limit: 2")
        let first = limited.fetchOnce()
        #expect(first.reports.map(\.status) == [.complete, .complete])
        #expect(first.notes.contains { $0.contains("page limit") })
        #expect(server.requests().compactMap { $0["path"] as? String } == ["/p1", "/p2"])
        #expect(server.requests()[1]["query"] as? String == "cursor=2")

        let (all, runner) = try f.fetcher("url: \(server.base)/p1\nformat: hl7-xml")
        let second = all.fetchOnce()
        #expect(second.reports.map(\.status) == [.duplicate, .duplicate, .complete])
        #expect(second.cursorsAdvanced)
        #expect(Set(try Self.events(runner).map(\.subject)) == ["CART-001", "CART-002", "CART-003"])
    }

    // MARK: - Secrets

    @Test func tokenAppearsNowhere() throws {
        let f = try HTTPFixture()
        let token = "s3cr3t-T0KEN-4f9c2a"
        let hl7 = HTTPFixture.samples + "/hl7/"
        let server = try S([
            "/p1": [S.step(file: hl7 + "oru-v251-ts.xml", headers: ["Link": "</p2?access_token=\(token)&page=2>; rel=\"next\""])],
            "/p2": [S.step(file: hl7 + "oru-v26-dtm-cwe.xml", headers: ["Link": "</p3>; rel=\"next\""])],
            "/p3": [S.step(401, body: "invalid bearer token \(token) for this endpoint")],
        ], in: f.directory)
        defer { server.stop() }
        let (fetcher, runner) = try f.fetcher("""
            url: \(server.base)/p1
            format: hl7-xml
            auth: { bearer-env: LIS_TOKEN }
            watermark: { param: since, initial: "2024-01-01" }
            """, environment: ["LIS_TOKEN": token])
        let result = fetcher.fetchOnce()
        #expect(result.reports.map(\.status) == [.complete, .complete, .failed])
        let error = try #require(result.error)
        #expect(error.code == .httpStatus)
        #expect(error.message.contains("HTTP 401") && error.message.contains(SecretRedactor.mask))
        // The token was sent (on the source's own host) …
        let auth = server.requests().compactMap { ($0["headers"] as? [String: String])?["Authorization"] }
        #expect(auth == Array(repeating: "Bearer \(token)", count: 3))
        #expect(result.reports[1].uri.contains("access_token=\(SecretRedactor.mask)"))
        // … and appears in no report, log line or store byte.
        let reports = result.reports.map { "\($0.uri) \($0.error?.description ?? "") \($0.notes)" }.joined()
        #expect(!reports.contains(token))
        #expect(!f.logs.text.contains(token))
        #expect(!f.logs.all.isEmpty)
        let bytes = f.storeBytes()
        #expect(!bytes.isEmpty)
        #expect(bytes.range(of: Data(token.utf8)) == nil)
        #expect(bytes.range(of: Data(Data(token.utf8).base64EncodedString().utf8)) == nil)
        #expect(try Self.events(runner).allSatisfy { !$0.provenance.uri.contains(token) })
        // A failed page: nothing moves.
        #expect(try runner.store.cursor(fetcher.cursorName(.watermark)) == nil)
    }

    @Test func missingCredentialVariableStopsBeforeAnyRequest() throws {
        let f = try HTTPFixture()
        let server = try S(["/results": [S.step(file: HTTPFixture.hl7)]], in: f.directory)
        defer { server.stop() }
        let (fetcher, _) = try f.fetcher("url: \(server.base)/results\nformat: hl7-xml\nauth: { basic-user-env: LIS_USER, basic-password-env: LIS_PASSWORD }",
                                         environment: ["LIS_USER": "labingest"])
        let result = fetcher.fetchOnce()
        #expect(result.error?.code == .httpAuthMissing)
        #expect(result.error?.message.contains("LIS_PASSWORD") == true)
        #expect(server.requests().isEmpty)
    }

    // MARK: - Crash between commit and cursor

    @Test func crashBeforeTheWatermarkMovesIsHarmlessNextTime() throws {
        let f = try HTTPFixture()
        let server = try S(["/results": [S.step(file: HTTPFixture.hl7)]], in: f.directory)
        defer { server.stop() }
        let source = """
            url: \(server.base)/results
            format: hl7-xml
            watermark: { param: since, initial: "2024-01-01T00:00:00Z" }
            """
        let (crashing, runner) = try f.fetcher(source) { o in
            o.beforeCursorUpdate = { () throws(LabError) in throw LabError(.storeFailed, "simulated crash after commit") }
        }
        let first = crashing.fetchOnce()
        let appended = try #require(first.reports.first?.counts.appended)
        #expect(appended > 0)
        #expect(!first.cursorsAdvanced)
        #expect(try runner.store.cursor(crashing.cursorName(.watermark)) == nil)

        let (fetcher, _) = try f.fetcher(source)
        let second = fetcher.fetchOnce()
        #expect(server.requests().map { $0["query"] as? String } == ["since=2024-01-01T00%3A00%3A00Z", "since=2024-01-01T00%3A00%3A00Z"])
        #expect(second.reports.first?.counts.appended == 0)
        #expect(second.reports.first?.status == .duplicate)
        #expect(second.cursorsAdvanced)
        let newest = try #require(try Self.events(runner).map(\.collectedAt).max())
        #expect(try runner.store.cursor(fetcher.cursorName(.watermark)) == LabTime.utcString(newest))
    }

    // MARK: - Through the stage runtime (serve, run)

    @Test func jobsRunThroughTheStageRuntimeAndMoveCursorsAfterTheLastCommit() throws {
        let f = try HTTPFixture()
        let hl7 = HTTPFixture.samples + "/hl7/"
        let server = try S([
            "/p1": [S.step(file: hl7 + "oru-v251-ts.xml", headers: ["Link": "</p2>; rel=\"next\"", "ETag": "\"p1\""])],
            "/p2": [S.step(file: hl7 + "oru-v26-dtm-cwe.xml", headers: ["X-Next-Since": "2024-04-01T00:00:00Z"])],
        ], in: f.directory)
        defer { server.stop() }
        let (fetcher, runner) = try f.fetcher("url: \(server.base)/p1\nformat: hl7-xml\nwatermark: { param: since }") { o in
            o.watermarkHeader = "X-Next-Since"
        }
        let fetched = fetcher.jobs()
        #expect(fetched.failure == nil)
        #expect(fetched.jobs.count == 2)
        #expect(try runner.store.cursor(fetcher.cursorName(.watermark)) == nil)   // nothing committed yet
        let reports = Reports()
        let runtime = StageRuntime(options: .init(workers: 2)) { _, report in reports.add(report) }
        for job in fetched.jobs { #expect(runtime.submit(job)) }
        runtime.waitUntilIdle()
        #expect(reports.all.map(\.status) == [.complete, .complete])
        #expect(try runner.store.cursor(fetcher.cursorName(.watermark)) == "2024-04-01T00:00:00Z")
        #expect(try runner.store.cursor(fetcher.cursorName(.etag))?.hasSuffix(" \"p1\"") == true)
        #expect(f.leftoverBodies.isEmpty)
    }
}

final class Reports: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var items: [UnitReport] = []
    func add(_ r: UnitReport) { lock.lock(); items.append(r); lock.unlock() }
    var all: [UnitReport] { lock.lock(); defer { lock.unlock() }; return items }
}
