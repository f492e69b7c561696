import Foundation
import LabCore
import Logging

extension HTTPSourceFetcher {
    /// The `fetch` hook of `PipelineServer` (`serve`): when a source's schedule fires, fetches it and hands
    /// each body to the server's stage runtime as a unit; the cursors move after the last one commits.
    /// A fetch that fails is logged at error level (with the redacted URL and reason code).
    ///
    /// For example:
    /// ```swift
    /// let sleeper = ThreadSleeper()          // stop() it on SIGINT/SIGTERM so retry waits end at once
    /// var options = HTTPFetchOptions(); options.sleeper = sleeper; options.isCancelled = { sleeper.isStopped }
    /// let server = PipelineServer(runner: runner, fetch: HTTPSourceFetcher.serverFetch(runner: runner, options: options)) { … }
    /// ```
    public static func serverFetch(runner: PipelineRunner, options: HTTPFetchOptions = HTTPFetchOptions()) -> PipelineServer.Fetch {
        { source, _, _ in plannedJobs(runner: runner, source: source, options: options).jobs }
    }

    /// The units of one fetch of `source`, for `run` (every http source once) and `serve`; `failure` is the
    /// report of a fetch that stopped early (print it like a failed unit). Never throws: a source that cannot
    /// be fetched gives a failure report.
    public static func plannedJobs(runner: PipelineRunner, source: SourceDefinition,
                                   options: HTTPFetchOptions = HTTPFetchOptions()) -> HTTPFetchJobs {
        do throws(LabError) {
            let fetched = try HTTPSourceFetcher(runner: runner, source: source, options: options).jobs()
            return fetched
        } catch {
            runner.logger.error("cannot fetch", metadata: ["source": "\(source.name)", "reason": "\(error.code)", "message": "\(error.message)"])
            var out = HTTPFetchJobs()
            var report = UnitReport(uri: "http-source:\(source.name)")
            report.error = error
            out.failure = report
            return out
        }
    }
}
