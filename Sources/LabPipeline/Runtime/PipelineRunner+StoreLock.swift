import Foundation
import LabCore
import LabStore

extension PipelineRunner {
    /// The pipeline lock of a store that several hosts share (PostgreSQL's advisory lock), taken beside the
    /// local file lock: two hosts never run the same pipeline against one store. Returns nil for stores that
    /// need no such lock (SQLite: the file lock next to the store file covers every process using it).
    /// - Throws: `pipeline.busy` when another host holds it and `wait` is false.
    public func acquireStoreLock(wait: Bool, onWait: (String) -> Void = { _ in }) throws(LabError) -> (any PipelineLockHandle)? {
        guard let locking = store as? any PipelineLocking else { return nil }
        var told = false
        while true {
            if let handle = try locking.tryLockPipeline(definition.name) { return handle }
            guard wait else {
                throw LabError(.pipelineBusy, "pipeline '\(definition.name)' is already running against this store on another host; it is not started twice (use --wait to wait for it)")
            }
            if !told {
                onWait("pipeline '\(definition.name)' is already running against this store on another host; waiting for it to finish")
                told = true
            }
            Thread.sleep(forTimeInterval: 1)
        }
    }
}
