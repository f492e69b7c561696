#if PostgreSQL
import Foundation
import LabCore
import Logging
import PostgresNIO
import Synchronization

/// One PostgreSQL connection, used synchronously.
///
/// Why blocking waits: `EventStore` is a synchronous protocol (units of work run inside a synchronous body).
/// postgres-nio does its I/O on NIO event-loop threads and answers with `EventLoopFuture`s; the caller's
/// thread waits on the future. No Swift-concurrency task is involved, so a caller that happens to run on a
/// cooperative-pool thread (a sync `@Test`, a Dispatch worker) can block without starving the work it waits
/// for. Callers are never NIO event-loop threads (LabIngest runs no code there).
///
/// A session is leased to one thread at a time by `PostgresSessionPool`; that is why it can hold plain
/// mutable state.
final class PostgresSession: @unchecked Sendable {
    let connection: PostgresConnection
    let logger: Logger
    /// The server process serving this session (`pg_backend_pid()`).
    let backendPID: Int32
    /// The unit writer's temporary staging table exists in this session.
    var stagingReady = false
    /// The last statement failed in a way that may have left the connection unusable.
    var broken = false
    /// The answer being waited for. When the server ends the session in the middle of a statement
    /// (`pg_terminate_backend`, a crash), postgres-nio 1.33.2 was seen to leave that statement's future
    /// pending forever; the connection's close fails it instead (a second completion is ignored by NIO).
    private let pending = PendingAnswer()

    private init(connection: PostgresConnection, logger: Logger, backendPID: Int32) {
        self.connection = connection
        self.logger = logger
        self.backendPID = backendPID
        connection.closeFuture.whenComplete { [pending] _ in
            pending.promise.withLock { $0?.fail(ConnectionClosed()) }
        }
    }

    static func connect(_ configuration: PostgresConnection.Configuration, id: Int, logger: Logger,
                        description: String) throws(LabError) -> PostgresSession {
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(),
                                                        configuration: configuration, id: id, logger: logger).wait()
        } catch {
            throw LabError(.storeUnavailable, "cannot connect to the PostgreSQL store \(description): \(PostgresSession.describe(error))")
        }
        do {
            let rows = try connection.query("SELECT pg_backend_pid()", logger: logger).wait().rows
            let pid = try rows.first?.decode(Int32.self) ?? 0
            return PostgresSession(connection: connection, logger: logger, backendPID: pid)
        } catch {
            let closing: EventLoopFuture<Void> = connection.close()
            try? closing.wait()
            throw LabError(.storeUnavailable, "the PostgreSQL store \(description) did not answer: \(PostgresSession.describe(error))")
        }
    }

    // MARK: - Statements

    /// Runs one statement and returns all its rows.
    @discardableResult
    func query(_ query: PostgresQuery) throws(LabError) -> PostgresQueryResult {
        let answer = connection.eventLoop.makePromise(of: PostgresQueryResult.self)
        pending.promise.withLock { $0 = answer }
        defer { pending.promise.withLock { $0 = nil } }
        connection.query(query, logger: logger).cascade(to: answer)
        if connection.isClosed { answer.fail(ConnectionClosed()) }
        do {
            return try answer.futureResult.wait()
        } catch {
            if !(error is PSQLError) || (error as? PSQLError)?.code != .server { broken = true }
            throw LabError(.storeFailed, "PostgreSQL: \(PostgresSession.describe(error))")
        }
    }

    /// Runs one statement and returns the number of rows it inserted, updated or deleted.
    @discardableResult
    func execute(_ query: PostgresQuery) throws(LabError) -> Int {
        try self.query(query).metadata.rows ?? 0
    }

    /// Runs one statement without parameters.
    func execute(sql: String) throws(LabError) {
        _ = try query(PostgresQuery(unsafeSQL: sql))
    }

    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws.
    func transaction<T>(_ body: () throws(LabError) -> T) throws(LabError) -> T {
        try execute(sql: "BEGIN")
        let value: T
        do {
            value = try body()
        } catch {
            rollback()
            throw error
        }
        do {
            try execute(sql: "COMMIT")
        } catch {
            rollback()
            throw error
        }
        return value
    }

    func rollback() {
        guard !broken else { return }
        do { try execute(sql: "ROLLBACK") } catch { broken = true }
    }

    /// Closes the connection and waits until it is closed (postgres-nio requires a connection to be closed
    /// before it is released).
    func close() {
        guard !connection.isClosed else { return }
        let closing: EventLoopFuture<Void> = connection.close()
        try? closing.wait()
    }

    deinit { close() }

    /// A message for an error that never contains bind values or the password: the server's own message and
    /// SQLSTATE, or the kind of client failure.
    static func describe(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let info = e.serverInfo, let message = info[.message] {
                return "\(message) (SQLSTATE \(info[.sqlState] ?? "?"))"
            }
            if let underlying = e.underlying { return "\(e.code): \(underlying)" }
            return "\(e.code)"
        }
        if error is ConnectionClosed { return "the server closed the connection" }
        if let e = error as? PostgresDecodingError { return "cannot decode column \(e.columnName): \(e.code)" }
        return "\(error)"
    }
}

/// The connection ended while a statement was waiting for its answer.
struct ConnectionClosed: Error {}

/// The promise of the statement a session is waiting on (shared with the connection's close callback).
final class PendingAnswer: Sendable {
    let promise = Mutex<EventLoopPromise<PostgresQueryResult>?>(nil)
}

// MARK: - The pool

/// A small pool of sessions for one store. A unit of work leases one session for its whole transaction;
/// reads lease one per call. Idle sessions are kept (up to `maxIdle`) and closed with the pool.
final class PostgresSessionPool: Sendable {
    let configuration: PostgresConnection.Configuration
    let description: String
    private let logger: Logger
    private let idle = Mutex<[PostgresSession]>([])
    private let nextID = Atomic<Int>(1)
    private let maxIdle = 8

    init(configuration: PostgresConnection.Configuration, description: String) {
        self.configuration = configuration
        self.description = description
        // postgres-nio logs at debug/trace only; keep it silent so nothing about the connection reaches logs.
        self.logger = Logger(label: "labingest.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    }

    deinit {
        for session in idle.withLock({ $0 }) { session.close() }
    }

    /// A dedicated session that does not return to the pool (advisory session locks, tests of failure).
    func dedicated() throws(LabError) -> PostgresSession {
        try PostgresSession.connect(configuration, id: nextID.add(1, ordering: .relaxed).oldValue, logger: logger,
                                    description: description)
    }

    func withSession<T>(_ body: (PostgresSession) throws(LabError) -> T) throws(LabError) -> T {
        let leased = idle.withLock { $0.popLast() }
        let session: PostgresSession
        if let leased, !leased.connection.isClosed {
            session = leased
        } else {
            leased?.close()
            session = try dedicated()
        }
        do {
            let value = try body(session)
            giveBack(session)
            return value
        } catch {
            giveBack(session)
            throw error
        }
    }

    private func giveBack(_ session: PostgresSession) {
        if session.broken || session.connection.isClosed {
            session.close()
            return
        }
        let kept = idle.withLock { list -> Bool in
            guard list.count < maxIdle else { return false }
            list.append(session)
            return true
        }
        if !kept { session.close() }
    }
}
#endif
