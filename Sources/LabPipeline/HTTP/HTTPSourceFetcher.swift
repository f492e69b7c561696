import Foundation
import LabCore
import LabStore
import Logging

/// Fetches one `http` source: builds the URL from the watermark, asks with the stored validators
/// (conditional GET), retries what is worth retrying, follows `Link: rel="next"` pages up to the page limit,
/// ingests each response body as one unit of work, and only then moves the source's cursors.
///
/// Exactly-once effect: a body is a unit (its sha256 makes an identical body a duplicate); the watermark
/// (newest collection time among the fetched events, or a named response header) and the ETag/Last-Modified
/// are written to `cursors` only after every unit of the fetch committed. A crash in between re-fetches the
/// same window next time, and idempotent event ids make that harmless.
///
/// Secrets (bearer token, basic password, credential-like query parameters) appear in no log, error,
/// report, provenance or store row: every URL and message goes through a `SecretRedactor` first.
///
/// For example (`labingest fetch`):
/// ```swift
/// let fetcher = try HTTPSourceFetcher(runner: runner, source: source)
/// let result = fetcher.fetchOnce()
/// for r in result.reports { print(r.status, r.counts) }
/// ```
public final class HTTPSourceFetcher: Sendable {
    public let pipeline: String
    public let source: SourceDefinition
    public let http: HTTPSource
    public let options: HTTPFetchOptions
    let store: any EventStore
    let observer: CollectionTimeObserver
    let ingestorFactory: @Sendable (_ format: String, _ store: any EventStore) -> UnitIngestor
    let logger: Logger
    let timezone: TimeZone

    /// - Parameters:
    ///   - ingestorFactory: builds the ingestor of one body, for a format (`source.format`, or from the
    ///     response's Content-Type when that is `auto`) writing to the given store (a pass-through wrapper of
    ///     `store` that observes collection times).
    ///   - timezone: zone for watermark times written without an offset.
    /// - Throws: `pipeline.invalid` when `source` is not an http source.
    public init(pipeline: String, source: SourceDefinition, store: any EventStore, timezone: TimeZone = TimeZone(identifier: "UTC")!,
                logger: Logger, options: HTTPFetchOptions = HTTPFetchOptions(),
                ingestorFactory: @escaping @Sendable (_ format: String, _ store: any EventStore) -> UnitIngestor) throws(LabError) {
        guard let http = source.http else {
            throw LabError(.pipelineInvalid, "source '\(source.name)' is not an http source")
        }
        self.pipeline = pipeline
        self.source = source
        self.http = http
        self.store = store
        self.observer = CollectionTimeObserver(store)
        self.timezone = timezone
        self.logger = logger
        self.options = options
        self.ingestorFactory = ingestorFactory
    }

    /// A fetcher for one source of a prepared pipeline (its store, roster, catalogue, options file).
    public convenience init(runner: PipelineRunner, source: SourceDefinition, options: HTTPFetchOptions = HTTPFetchOptions()) throws(LabError) {
        let normalizer = runner.normalizer(for: source)
        let file = runner.definition.file
        let logger = runner.logger
        var options = options
        if options.watermarkHeader == nil { options.watermarkHeader = source.http?.watermark?.header }
        try self.init(pipeline: runner.definition.name, source: source, store: runner.store, timezone: runner.definition.timezone,
                      logger: logger, options: options) { format, store in
            UnitIngestor(store: store, normalizer: normalizer, format: format, options: source.options, optionsFile: file, logger: logger)
        }
    }

    // MARK: - Fetch and ingest here

    /// Fetches every page now and ingests each body on this thread, one at a time (one body file on disk at
    /// once). Used by `labingest fetch`.
    /// - Parameter since: starts the window here instead of at the stored watermark (`--since`).
    public func fetchOnce(since: String? = nil) -> HTTPFetchResult {
        var result = HTTPFetchResult(source: source.name)
        let plan: FetchPlan
        do throws(LabError) { plan = try makePlan(since: since) } catch {
            result.error = error
            result.reports = [failedReport(uri: SecretRedactor().url(http.url), error)]
            return result
        }
        let run = HTTPFetchRun()
        var ok = true
        var url: String? = plan.firstURL
        var seen: Set<String> = []
        while let pageURL = url {
            guard result.pages < http.pageLimit else {
                note(&result.notes, "page limit reached (\(http.pageLimit) pages); the rest comes with the next fetch", plan)
                break
            }
            seen.insert(pageURL)
            result.pages += 1
            let response: HTTPResponse
            switch download(pageURL, page: result.pages, plan: plan) {
            case .failure(let error):
                result.reports.append(failedReport(uri: plan.redactor.url(pageURL), error))
                result.error = error
                ok = false
            case .success(let r):
                response = r
                if response.status == 304 {
                    response.discardBody()
                    result.notModified = true
                    logger.info("not modified", metadata: ["source": "\(source.name)", "url": "\(plan.redactor.url(pageURL))"])
                    url = nil
                    continue
                }
                if Self.isEmpty(response) {
                    response.discardBody()
                    result.notes.append("empty response (HTTP \(response.status)): nothing to ingest")
                    url = nil
                    continue
                }
                if result.pages == 1 { run.setValidators(Self.validators(of: response)) }
                run.unitStarted()
                let ingestor = ingestorFactory(format(for: response), observer)
                let uri = plan.redactor.url(response.url)
                let report = finish(ingestor.ingest(path: response.bodyPath, uri: uri), response: response, ingestor: ingestor,
                                    uri: uri, run: run, plan: plan)
                result.reports.append(report)
                if report.status == .failed {
                    ok = false
                } else {
                    url = nextPage(response, plan: plan, seen: seen, notes: &result.notes)
                    continue
                }
            }
            break
        }
        if run.downloadsFinished(ok: ok) {
            if let failure = writeCursors(run, plan: plan) {
                result.error = failure
                result.notes.append("cursors not moved: \(failure.message)")
            } else {
                result.cursorsAdvanced = true
            }
        }
        result.watermark = try? store.cursor(cursorName(.watermark))
        return result
    }

    // MARK: - Fetch here, ingest in the stage runtime

    /// Fetches every page now (bodies to files) and returns one job per body for the `StageRuntime`
    /// (`serve` on a schedule; `run`). Each job's `finish` deletes its body and records its outcome; the last
    /// to end writes the cursors, provided every page arrived and every unit committed.
    public func jobs(since: String? = nil) -> HTTPFetchJobs {
        var out = HTTPFetchJobs()
        let plan: FetchPlan
        do throws(LabError) { plan = try makePlan(since: since) } catch {
            out.failure = failedReport(uri: SecretRedactor().url(http.url), error)
            return out
        }
        let run = HTTPFetchRun()
        var ok = true
        var url: String? = plan.firstURL
        var seen: Set<String> = []
        var pages = 0
        var notes: [String] = []
        while let pageURL = url, pages < http.pageLimit {
            seen.insert(pageURL)
            pages += 1
            switch download(pageURL, page: pages, plan: plan) {
            case .failure(let error):
                out.failure = failedReport(uri: plan.redactor.url(pageURL), error)
                ok = false
                url = nil
            case .success(let response):
                if response.status == 304 || Self.isEmpty(response) {
                    response.discardBody()
                    out.notModified = response.status == 304
                    url = nil
                    continue
                }
                if pages == 1 { run.setValidators(Self.validators(of: response)) }
                run.unitStarted()
                let ingestor = ingestorFactory(format(for: response), observer)
                let uri = plan.redactor.url(response.url)
                out.jobs.append(UnitJob(path: response.bodyPath, uri: uri, sourceName: source.name, ingestor: ingestor) { [self] report in
                    finish(report, response: response, ingestor: ingestor, uri: uri, run: run, plan: plan)
                })
                url = nextPage(response, plan: plan, seen: seen, notes: &notes)
            }
        }
        if url != nil { note(&notes, "page limit reached (\(http.pageLimit) pages); the rest comes with the next fetch", plan) }
        if !out.jobs.isEmpty, !notes.isEmpty {
            // Shown on the last unit's report.
            let last = out.jobs.count - 1
            let inner = out.jobs[last].finish
            let extra = notes
            out.jobs[last].finish = { report in
                var r = inner?(report) ?? report
                r.notes += extra
                return r
            }
        }
        // No page at all (304, or the first page failed): nothing will end, so settle the run here.
        if run.downloadsFinished(ok: ok), let failure = writeCursors(run, plan: plan) {
            logger.error("cursors not moved", metadata: ["source": "\(source.name)", "reason": "\(failure.code)", "message": "\(failure.message)"])
        }
        return out
    }

    // MARK: - One unit's end

    /// After a unit committed, was a duplicate or failed: works out its watermark candidate, deletes the body,
    /// and writes the cursors if it was the fetch's last unit.
    func finish(_ report: UnitReport, response: HTTPResponse, ingestor: UnitIngestor, uri: String, run: HTTPFetchRun,
                plan: FetchPlan) -> UnitReport {
        var report = report
        let committed = report.status != .failed
        var candidate: String?
        let fromEvents = report.sha256.flatMap { observer.takeNewest(sha256: $0) }
        if committed && plan.tracksWatermark {
            if let header = options.watermarkHeader {
                candidate = response.headers[header].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            } else if report.status == .complete {
                candidate = fromEvents.map(LabTime.utcString)
            } else {
                // Already ingested before (e.g. a crash before the cursor moved): read its times again, storing nothing.
                candidate = newestCollection(in: response.bodyPath, uri: uri, ingestor: ingestor).map(LabTime.utcString)
            }
        }
        response.discardBody()
        if run.unitEnded(committed: committed, candidate: candidate), let failure = writeCursors(run, plan: plan) {
            report.notes.append("cursors not moved: \(failure.message)")
        }
        return report
    }

    /// The newest collection time among the events a body would produce (parsed and normalized, not stored).
    private func newestCollection(in path: String, uri: String, ingestor: UnitIngestor) -> Date? {
        guard case .ready(let reading) = ingestor.open(path: path, uri: uri, reprocess: true) else { return nil }
        var newest: Date?
        _ = try? reading.parse { (batch) throws(LabError) in
            for e in batch.events where newest.map({ e.collectedAt > $0 }) ?? true { newest = e.collectedAt }
        }
        return newest
    }

    func format(for response: HTTPResponse) -> String {
        if source.format != "auto" { return source.format }
        return ContentTypeFormat.format(for: response.headers["Content-Type"]) ?? "auto"
    }

    func failedReport(uri: String, _ error: LabError) -> UnitReport {
        var r = UnitReport(uri: uri)
        r.status = .failed
        r.error = error.locator == nil ? error.at(Locator(uri: uri)) : error
        return r
    }

    private func note(_ notes: inout [String], _ text: String, _ plan: FetchPlan) {
        logger.warning("\(text)", metadata: ["source": "\(source.name)"])
        notes.append(text)
    }

    /// The next page from `Link: <…>; rel="next"`, unless it repeats a page or leaves https.
    private func nextPage(_ response: HTTPResponse, plan: FetchPlan, seen: Set<String>, notes: inout [String]) -> String? {
        guard let next = LinkHeader.next(in: response.headers.all("Link"), base: response.url) else { return nil }
        if seen.contains(next) {
            note(&notes, "the next-page link repeats a page already fetched; stopped", plan)
            return nil
        }
        if plan.firstURL.lowercased().hasPrefix("https://") && !next.lowercased().hasPrefix("https://") {
            note(&notes, "the next-page link leaves https; stopped", plan)
            return nil
        }
        return next
    }

    /// 204, or a 2xx with no body: the endpoint has nothing new (not a unit: an empty unit would fail to parse
    /// and hold the cursors back forever).
    static func isEmpty(_ response: HTTPResponse) -> Bool {
        response.status == 204 || response.bodyBytes == 0
    }

    static func validators(of response: HTTPResponse) -> HTTPFetchRun.Validators {
        HTTPFetchRun.Validators(etag: response.headers["ETag"], lastModified: response.headers["Last-Modified"])
    }
}
