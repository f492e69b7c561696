import Dispatch
import Foundation
import LabCore
import LabStore
import LabUnits
import Logging

/// Something that happened during a run, delivered on the thread that started it.
public enum RunEvent: Sendable {
    /// The number of units the run will take (known once intake has listed every source).
    case planned(Int)
    /// One unit ended (in submit order), with the name of its source.
    case unit(source: String, UnitReport)
}

/// Runs a pipeline's sources: every file of every source is one unit of work, handed to the `StageRuntime`.
public struct PipelineRunner: Sendable {
    public let definition: PipelineDefinition
    public let store: any EventStore
    /// The store location the runner opened (`--store` or the pipeline's `store:`), which keys the run lock.
    public let storeLocation: String
    public let units: UnitNormalizer
    public let catalogue: AnalyteCatalogue
    public let roster: Roster
    public let logger: Logger

    /// Opens the store and loads the roster and catalogue a pipeline names.
    /// - Parameters:
    ///   - storeLocation: overrides the pipeline's `store:` (`--store`).
    ///   - rosterPath: overrides the pipeline's `roster:` (`--roster`).
    public static func prepare(_ definition: PipelineDefinition, storeLocation: String?, rosterPath: String?,
                               logger: Logger) throws(LabError) -> PipelineRunner {
        let location = resolvedStoreLocation(definition, storeLocation)
        let store = try StoreLocation.open(location)
        var roster = Roster.empty
        if let path = rosterPath ?? definition.roster { roster = try RosterLoader.load(path: path) }
        let extra = definition.analytes.map {
            CatalogueEntry(system: $0.system, code: $0.code, alternateCodes: [], display: $0.display,
                           canonicalUnit: $0.canonicalUnit, molarMass: $0.molarMass, aliases: $0.aliases, forbiddenUnits: [])
        }
        let catalogue = try AnalyteCatalogue.builtIn().merging(extra)
        let spellings = try UnitSpellings.builtIn().merging(definition.units)
        let units = UnitNormalizer(catalogue: catalogue, spellings: spellings)
        return PipelineRunner(definition: definition, store: store, storeLocation: location, units: units,
                              catalogue: catalogue, roster: roster, logger: logger)
    }

    /// `--store`, else the pipeline's `store:`, else `labingest.sqlite`.
    public static func resolvedStoreLocation(_ definition: PipelineDefinition, _ override: String?) -> String {
        override ?? definition.store ?? "labingest.sqlite"
    }

    public func normalizer(for source: SourceDefinition) -> Normalizer {
        Normalizer(units: units, catalogue: catalogue, context: Normalizer.Context(
            pipeline: definition.name, sourceName: source.name, timezone: definition.timezone,
            timezoneStated: definition.timezoneStated, roster: roster,
            sampleID: source.sampleID, specimens: source.specimens, mrnAuthority: source.mrnAuthority))
    }

    public func ingestor(for source: SourceDefinition) -> UnitIngestor {
        UnitIngestor(store: store, normalizer: normalizer(for: source), format: source.format, options: source.options,
                     optionsFile: definition.file, logger: logger)
    }

    /// Every file of every source once, in source order and name order. `onUnit` sees each report as it ends.
    @discardableResult
    public func runOnce(reprocess: Bool = false, onUnit: (String, UnitReport) -> Void) -> [UnitReport] {
        runOnce(reprocess: reprocess, workers: nil, control: RunControl()) { event in
            if case .unit(let source, let report) = event { onUnit(source, report) }
        }
    }

    /// Every source once: `files` sources' files, and the settled files of `directory` sources (looked at twice,
    /// `settle` apart; each look first takes over files an interrupted run had claimed), and one fetch of each
    /// `http` source.
    /// - Parameters:
    ///   - workers: units in flight (default: the core count).
    ///   - control: stops the run early (signals).
    ///   - onEvent: called on this thread, in order.
    @discardableResult
    public func runOnce(reprocess: Bool, workers: Int?, control: RunControl, onEvent: (RunEvent) -> Void) -> [UnitReport] {
        let runner = self
        return execute(workers: workers, control: control, onEvent: onEvent) { runtime in
            var intakes: [DropFolderIntake] = []
            var planned: [UnitJob] = []
            var failures: [(String, UnitReport)] = []
            for source in runner.definition.sources {
                switch source.kind {
                case .files(let patterns):
                    let files = PathExpansion.expand(patterns)
                    if files.isEmpty { runner.logger.warning("source matched no files", metadata: ["source": "\(source.name)"]) }
                    let ingestor = runner.ingestor(for: source)
                    planned += files.map { UnitJob(path: $0, sourceName: source.name, ingestor: ingestor, reprocess: reprocess) }
                case .directory(let folder):
                    do throws(LabError) {
                        let intake = try DropFolderIntake(source: source, runner: runner)
                        intakes.append(intake)
                        planned += intake.poll(now: Date(), reprocess: reprocess)
                        if intake.pending > 0, folder.settle > 0, control.sleep(folder.settle + 0.05) {
                            planned += intake.poll(now: Date(), reprocess: reprocess)
                        }
                    } catch {
                        runner.logger.error("cannot read the drop folder", metadata: ["source": "\(source.name)", "reason": "\(error.code)", "message": "\(error.message)"])
                    }
                case .http:
                    // One fetch now (made for system cron): each response body is a unit of work; the watermark
                    // moves only after the fetch's last unit committed.
                    let fetched = HTTPSourceFetcher.plannedJobs(runner: runner, source: source)
                    planned += fetched.jobs
                    if let failure = fetched.failure { failures.append((source.name, failure)) }
                }
            }
            return (planned, intakes, failures)
        }
    }

    /// Ingests the given files as units of `source` through the stage runtime: parsing and normalizing run on
    /// worker threads while the writer appends, so even one large file uses two cores. Reports come in order.
    @discardableResult
    public func ingest(_ paths: [String], source: SourceDefinition, reprocess: Bool = false, workers: Int? = nil,
                       control: RunControl = RunControl(), onEvent: (RunEvent) -> Void) -> [UnitReport] {
        let ingestor = ingestor(for: source)
        let jobs = paths.map { UnitJob(path: $0, sourceName: source.name, ingestor: ingestor, reprocess: reprocess) }
        return execute(workers: workers, control: control, onEvent: onEvent) { _ in (jobs, [], []) }
    }

    /// Runs a list of jobs through a `StageRuntime` and reports on this thread.
    /// - Parameter plan: lists the jobs (on an intake thread); drop-folder intakes it returns get back the jobs
    ///   the runtime refused (stopping) and release their work folders at the end; failures (a source that could
    ///   not be read at all) are reported like failed units.
    func execute(workers: Int?, control: RunControl, onEvent: (RunEvent) -> Void,
                 plan: @escaping @Sendable (StageRuntime) -> ([UnitJob], [DropFolderIntake], [(String, UnitReport)])) -> [UnitReport] {
        let queue = ReportQueue<RunEvent>()
        let runtime = StageRuntime(options: StageRuntime.Options(workers: workers)) { job, report in
            queue.put(.unit(source: job.sourceName ?? "", report))
        }
        control.attach(runtime)
        DispatchQueue(label: "labingest.intake").async { @Sendable in
            let (jobs, intakes, failures) = plan(runtime)
            queue.put(.planned(jobs.count))
            for (source, report) in failures { queue.put(.unit(source: source, report)) }  // e.g. a fetch that failed
            var refused: [UnitJob] = []
            for job in jobs where !runtime.submit(job) { refused.append(job) }
            runtime.waitUntilIdle()
            for intake in intakes {
                intake.giveBack(refused.filter { $0.path.hasPrefix(intake.work.directory + "/") })
                intake.work.release()
            }
            queue.close()
        }
        var reports: [UnitReport] = []
        while let event = queue.take() {
            if case .unit(_, let r) = event { reports.append(r) }
            onEvent(event)
        }
        return reports
    }
}
