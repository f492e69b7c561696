import ArgumentParser
import Foundation
import LabCore
import LabPipeline
import LabStore

/// The options `run` and `serve` share, and the way both open a pipeline: load it, take its locks (the file
/// lock next to the store, and the store's own lock where several hosts share it), prepare the runner.
struct LockedPipelineOptions: ParsableArguments {
    @Argument(help: "The pipeline file (pipelines/*.yaml).") var pipeline: String
    @Option(help: "Store path or URL (overrides the pipeline's store:).") var store: String?
    @Option(help: "Roster CSV (overrides the pipeline's roster:).") var roster: String?
    @Option(help: "Units parsed at once (default: the number of cores).") var workers: Int?
    @Flag(help: "Wait for another run/serve of this pipeline and store to finish instead of exiting 2.") var wait = false

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
    }

    /// A prepared pipeline and the locks that must live as long as the command runs.
    struct Opened {
        let definition: PipelineDefinition
        let runner: PipelineRunner
        let locks: (PipelineLock, (any PipelineLockHandle)?)
    }

    func open(logger: Logger) throws -> Opened {
        let tell: (String) -> Void = { FileHandle.standardError.write(Data(("labingest: " + $0 + "\n").utf8)) }
        let definition = try PipelineDefinition.load(path: pipeline)
        let fileLock = try PipelineLock.acquire(pipeline: definition.name,
                                                storeLocation: PipelineRunner.resolvedStoreLocation(definition, store),
                                                wait: wait, onWait: tell)
        let runner = try PipelineRunner.prepare(definition, storeLocation: store, rosterPath: roster, logger: logger)
        let storeLock = try runner.acquireStoreLock(wait: wait, onWait: tell)
        return Opened(definition: definition, runner: runner, locks: (fileLock, storeLock))
    }
}

import Logging
