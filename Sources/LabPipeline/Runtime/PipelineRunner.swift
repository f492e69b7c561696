import Foundation
import LabCore
import LabStore
import LabUnits
import Logging

/// Runs a pipeline's sources once: every file of every source is one unit of work.
public struct PipelineRunner: Sendable {
    public let definition: PipelineDefinition
    public let store: any EventStore
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
        let location = storeLocation ?? definition.store ?? "labingest.sqlite"
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
        return PipelineRunner(definition: definition, store: store, units: units, catalogue: catalogue, roster: roster, logger: logger)
    }

    public func normalizer(for source: SourceDefinition) -> Normalizer {
        Normalizer(units: units, catalogue: catalogue, context: Normalizer.Context(
            pipeline: definition.name, sourceName: source.name, timezone: definition.timezone, roster: roster,
            sampleID: source.sampleID, specimens: source.specimens, mrnAuthority: source.mrnAuthority))
    }

    public func ingestor(for source: SourceDefinition) -> UnitIngestor {
        UnitIngestor(store: store, normalizer: normalizer(for: source), format: source.format, options: source.options,
                     optionsFile: definition.file, logger: logger)
    }

    /// Every file of every source once, in source order and name order. `onUnit` sees each report as it ends.
    @discardableResult
    public func runOnce(reprocess: Bool = false, onUnit: (String, UnitReport) -> Void) -> [UnitReport] {
        var reports: [UnitReport] = []
        for source in definition.sources {
            switch source.kind {
            case .files(let patterns):
                let files = PathExpansion.expand(patterns)
                if files.isEmpty {
                    logger.warning("source matched no files", metadata: ["source": "\(source.name)"])
                }
                let ingestor = ingestor(for: source)
                for file in files {
                    let report = ingestor.ingest(path: file, reprocess: reprocess)
                    onUnit(source.name, report)
                    reports.append(report)
                }
            }
        }
        return reports
    }
}
