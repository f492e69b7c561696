import LabCore

extension ReasonCode {
    /// A unit rolled back because the run was interrupted; its file goes back to the drop folder.
    public static let runCancelled: ReasonCode = "run.cancelled"
    /// Another `run`/`serve` of the same pipeline and store holds the lock.
    public static let pipelineBusy: ReasonCode = "pipeline.busy"
    /// A drop-folder file could not be claimed, archived, deleted or moved to `errors`.
    public static let intakeMoveFailed: ReasonCode = "intake.move-failed"
}
