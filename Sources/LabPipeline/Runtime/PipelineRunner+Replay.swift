import Foundation

extension PipelineRunner {
    /// Runs a replay plan through the stage runtime. Files are submitted in the plan's (name) order and
    /// reported in that order. Complete files are duplicates unless `reprocess`.
    @discardableResult
    public func replay(_ plan: ReplayPlan, reprocess: Bool, workers: Int?, control: RunControl,
                       onEvent: (RunEvent) -> Void) -> [UnitReport] {
        let runner = self
        return execute(workers: workers, control: control, onEvent: onEvent) { _ in
            var ingestors: [String: UnitIngestor] = [:]
            let jobs = plan.items.map { item -> UnitJob in
                let key = item.source.name + "\u{0}" + item.source.format
                let ingestor = ingestors[key] ?? runner.ingestor(for: item.source)
                ingestors[key] = ingestor
                return UnitJob(path: item.path, sourceName: item.source.name, ingestor: ingestor, reprocess: reprocess)
            }
            return (jobs, [], [])
        }
    }
}
