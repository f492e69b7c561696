import LabCore

/// A store that can hold a per-pipeline lock visible to every host using the store, so two ingestion hosts
/// never run the same pipeline at once. `PostgresEventStore` implements it with a session-level advisory
/// lock (`pg_try_advisory_lock`); the SQLite store leaves this to the runtime's file lock.
public protocol PipelineLocking: Sendable {
    /// Takes the lock for `pipeline` without waiting. Returns nil when another process (on any host) holds it.
    func tryLockPipeline(_ pipeline: String) throws(LabError) -> (any PipelineLockHandle)?
}

/// A held pipeline lock. It is released by `release()`, by deinit, or by the server when the holding
/// process dies (the lock belongs to the database session, which ends with the process).
public protocol PipelineLockHandle: AnyObject, Sendable {
    var pipeline: String { get }
    /// Releases the lock; calling it again does nothing.
    func release()
}
