#if PostgreSQL
import Foundation
import LabCore
import PostgresNIO
import Synchronization

/// The shared event store: the same tables and semantics as `SQLiteEventStore`, on PostgreSQL, for sites
/// where several ingestion hosts append to one store.
///
/// - A unit of work is one transaction on one connection (atomic: a throw, a crash or a killed connection
///   leaves nothing of it).
/// - **Claiming a unit**: the transaction first takes `pg_advisory_xact_lock(hash("labingest.unit:" + sha256))`,
///   so two hosts given the same bytes do not parse them at the same time: the second waits for the first to
///   commit, then finds every event a duplicate (its counts say so). The lock ends with the transaction.
/// - **seq in commit order** and **duplicates across writers**: see `PostgresUnitWriter`.
/// - **Per-pipeline lock**: `tryLockPipeline(_:)` (`PipelineLocking`), a session advisory lock.
///
/// Opening the store applies pending migrations (like the SQLite store). Every call blocks its thread (see
/// `PostgresSession`); the store is safe to use from several threads at once.
public final class PostgresEventStore: EventStore, PipelineLocking {
    public let configuration: PostgresStoreConfiguration
    let pool: PostgresSessionPool

    public init(_ configuration: PostgresStoreConfiguration) throws(LabError) {
        self.configuration = configuration
        pool = PostgresSessionPool(configuration: try Self.connectionConfiguration(configuration),
                                   description: configuration.redactedURL)
        _ = try pool.withSession { session throws(LabError) in try PostgresSchema.migrate(session) }
    }

    /// Opens the store a `postgres://` URL names (password from the environment; see `PostgresStoreConfiguration`).
    public convenience init(url: String) throws(LabError) {
        try self.init(PostgresStoreConfiguration.parse(url))
    }

    static func connectionConfiguration(_ c: PostgresStoreConfiguration) throws(LabError) -> PostgresConnection.Configuration {
        var tls = PostgresConnection.Configuration.TLS.disable
        if c.tlsMode != .disable {
            var t = TLSConfiguration.makeClientConfiguration()
            if let ca = c.caFile {
                guard FileManager.default.isReadableFile(atPath: ca) else {
                    throw LabError(.storeUnavailable, "sslrootcert: cannot read the CA file", locator: Locator(uri: ca))
                }
                t.trustRoots = .file(ca)
            } else if c.tlsMode == .prefer {
                // Like libpq's `prefer`: encrypt when the server offers TLS, without a CA to verify against.
                t.certificateVerification = .none
            }
            do {
                let context = try NIOSSLContext(configuration: t)
                tls = c.tlsMode == .require ? .require(context) : .prefer(context)
            } catch {
                throw LabError(.storeUnavailable, "cannot set up TLS for the PostgreSQL store: \(error)")
            }
        }
        var config = PostgresConnection.Configuration(host: c.host, port: c.port, username: c.user, password: c.password,
                                                      database: c.database, tls: tls)
        config.options.connectTimeout = .seconds(Int64(c.connectTimeoutSeconds))
        config.options.additionalStartupParameters = [("application_name", "labingest")]
        return config
    }

    // MARK: - Units of work

    public func completedSource(sha256: String) throws(LabError) -> SourceRecord? {
        try sourceRow("SELECT \(unescaped: PostgresRows.sourceColumnList) FROM sources WHERE sha256 = \(sha256) AND status = 'complete'")
    }

    public func source(sha256: String) throws(LabError) -> SourceRecord? {
        try sourceRow("SELECT \(unescaped: PostgresRows.sourceColumnList) FROM sources WHERE sha256 = \(sha256)")
    }

    private func sourceRow(_ query: PostgresQuery) throws(LabError) -> SourceRecord? {
        try pool.withSession { session throws(LabError) in
            try session.query(query).rows.first.map { row throws(LabError) in try PostgresRows.source(row) }
        }
    }

    public func ingestUnit(_ source: SourceInfo,
                           body: (any UnitWriter) throws -> (UnitCounts, encoding: String?, notes: [String]))
        throws(LabError) -> SourceRecord {
        try pool.withSession { session throws(LabError) in
            try PostgresUnitWriter.prepareStaging(session)
            return try session.transaction { () throws(LabError) -> SourceRecord in
                try Self.claim(source.sha256, session: session)
                // A unit parsed again (reprocess, retry) replaces its earlier open quarantine rows.
                try session.execute("UPDATE quarantine SET status = 'superseded' WHERE source_sha256 = \(source.sha256) AND status = 'open'")
                let writer = PostgresUnitWriter(session: session, source: source)
                var result: (UnitCounts, encoding: String?, notes: [String])
                do {
                    result = try body(writer)
                } catch let error as LabError {
                    throw error
                } catch {
                    throw LabError(.storeFailed, "store operation failed: \(error)", cause: error)
                }
                let late = try writer.finish()
                var counts = result.0
                if late > 0 {
                    counts.appended -= late
                    counts.duplicates += late
                }
                let record = SourceRecord(info: source, status: .complete, counts: counts, encoding: result.encoding,
                                          notes: result.notes, errorCode: nil, errorMessage: nil, finishedAt: Date())
                try Self.upsertSource(record, session: session, keepComplete: false)
                return record
            }
        }
    }

    /// Claims the unit for this transaction: waits while another transaction (any host) holds it.
    static func claim(_ sha256: String, session: PostgresSession) throws(LabError) {
        let key = "labingest.unit:" + sha256
        try session.execute("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))")
    }

    public func recordFailure(_ source: SourceInfo, error: LabError) throws(LabError) {
        let record = SourceRecord(info: source, status: .failed, counts: UnitCounts(), encoding: nil, notes: [],
                                  errorCode: error.code.rawValue, errorMessage: error.message, finishedAt: Date())
        try pool.withSession { session throws(LabError) in
            // Never downgrade a complete unit (a replay that failed does not undo the first ingest).
            try Self.upsertSource(record, session: session, keepComplete: true)
        }
    }

    /// Inserts or replaces a `sources` row; with `keepComplete`, a complete row is left as it is.
    static func upsertSource(_ r: SourceRecord, session: PostgresSession, keepComplete: Bool) throws(LabError) {
        var binds = PostgresBindings(capacity: 17)
        PostgresRows.bind(r, into: &binds)
        try session.execute(PostgresQuery(unsafeSQL: """
            INSERT INTO sources (\(PostgresRows.sourceColumnList))
            VALUES \(PostgresRows.placeholders(rows: 1, width: 17))
            ON CONFLICT (sha256) DO UPDATE SET uri = excluded.uri, size = excluded.size, format = excluded.format,
                source_name = excluded.source_name, pipeline = excluded.pipeline, status = excluded.status,
                read = excluded.read, appended = excluded.appended, duplicates = excluded.duplicates,
                quarantined = excluded.quarantined, ignored = excluded.ignored, encoding = excluded.encoding,
                notes = excluded.notes, error_code = excluded.error_code, error_message = excluded.error_message,
                finished_at = excluded.finished_at
            \(keepComplete ? "WHERE sources.status <> 'complete'" : "")
            """, binds: binds))
    }

    // MARK: - Reading events

    /// Events page by page (`seq` keyset), so memory stays flat and `body` runs with no connection held.
    public func forEachEvent(_ query: EventQuery, _ body: (Event) throws -> Void) throws(LabError) {
        var clauses: [String] = []
        var binds = PostgresBindings()
        func bind(_ clause: String, _ add: (inout PostgresBindings) -> Void) {
            add(&binds)
            clauses.append(clause.replacingOccurrences(of: "?", with: "$\(binds.count)"))
        }
        if let s = query.subject { bind("subject = ?") { $0.append(s) } }
        if let a = query.analyte { bind("analyte_code = ?") { $0.append(a) } }
        if let k = query.kind { bind("kind = ?") { $0.append(k.rawValue) } }
        if let from = query.collectedFrom { bind("collected_ms >= ?") { $0.append(PostgresRows.millis(from)) } }
        if let before = query.collectedBefore { bind("collected_ms < ?") { $0.append(PostgresRows.millis(before)) } }
        var after = query.afterSeq ?? Int64.min
        var remaining = query.limit ?? Int.max
        let pageSize = 2_000
        while remaining > 0 {
            var pageBinds = binds
            pageBinds.append(after)
            let limit = min(pageSize, remaining)
            let sql = "SELECT seq, \(PostgresRows.eventColumnList) FROM events WHERE "
                + (clauses + ["seq > $\(pageBinds.count)"]).joined(separator: " AND ")
                + " ORDER BY seq LIMIT \(limit)"
            let page = try pool.withSession { session throws(LabError) in
                try session.query(PostgresQuery(unsafeSQL: sql, binds: pageBinds)).rows.map { row throws(LabError) in
                    try PostgresRows.event(row)
                }
            }
            for event in page {
                do { try body(event) } catch let error as LabError { throw error } catch {
                    throw LabError(.storeFailed, "store operation failed: \(error)", cause: error)
                }
            }
            guard page.count == limit, let last = page.last?.seq else { break }
            after = last
            remaining -= page.count
        }
    }

    public func event(id: String) throws(LabError) -> Event? {
        try pool.withSession { session throws(LabError) in
            try session.query("SELECT seq, \(unescaped: PostgresRows.eventColumnList) FROM events WHERE id = \(id)")
                .rows.first.map { row throws(LabError) in try PostgresRows.event(row) }
        }
    }

    // MARK: - Quarantine and cursors

    public func quarantineItems(status: String?) throws(LabError) -> [QuarantineItem] {
        try pool.withSession { session throws(LabError) in
            let query: PostgresQuery = if let status {
                "SELECT \(unescaped: PostgresRows.quarantineColumnList) FROM quarantine WHERE status = \(status) ORDER BY id"
            } else {
                "SELECT \(unescaped: PostgresRows.quarantineColumnList) FROM quarantine ORDER BY id"
            }
            return try session.query(query).rows.map { row throws(LabError) in try PostgresRows.quarantineItem(row) }
        }
    }

    public func quarantineItem(id: Int64) throws(LabError) -> QuarantineItem? {
        try pool.withSession { session throws(LabError) in
            try session.query("SELECT \(unescaped: PostgresRows.quarantineColumnList) FROM quarantine WHERE id = \(id)")
                .rows.first.map { row throws(LabError) in try PostgresRows.quarantineItem(row) }
        }
    }

    public func setQuarantineStatus(id: Int64, status: String) throws(LabError) {
        _ = try pool.withSession { session throws(LabError) in
            try session.execute("UPDATE quarantine SET status = \(status) WHERE id = \(id)")
        }
    }

    public func cursor(_ name: String) throws(LabError) -> String? {
        try pool.withSession { session throws(LabError) in
            try session.query("SELECT value FROM cursors WHERE name = \(name)").rows.first
                .map { row throws(LabError) in try PostgresRows.decode(row, String.self) }
        }
    }

    public func setCursor(_ name: String, value: String) throws(LabError) {
        let now = LabTime.utcString(Date())
        _ = try pool.withSession { session throws(LabError) in
            try session.execute("""
                INSERT INTO cursors (name, value, updated_at) VALUES (\(name), \(value), \(now))
                ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """)
        }
    }

    public func statistics() throws(LabError) -> StoreStatistics {
        try pool.withSession { session throws(LabError) in
            let rows = try session.query("""
                SELECT (SELECT COUNT(*) FROM events), (SELECT COALESCE(MAX(seq), 0) FROM events),
                       (SELECT COUNT(*) FROM sources WHERE status = 'complete'),
                       (SELECT COUNT(*) FROM sources WHERE status = 'failed'),
                       (SELECT COUNT(*) FROM quarantine WHERE status = 'open')
                """).rows
            guard let row = rows.first else { throw LabError(.storeFailed, "PostgreSQL: statistics returned no row") }
            let (events, last, sources, failed, open) = try PostgresRows.decodeColumns(row, (Int64, Int64, Int64, Int64, Int64).self)
            return StoreStatistics(events: Int(events), lastSeq: last, sources: Int(sources), failedSources: Int(failed),
                                   openQuarantine: Int(open), schemaVersion: try PostgresSchema.currentVersion(session))
        }
    }

    // MARK: - Pipeline lock

    /// Takes the session advisory lock `hashtextextended('labingest.pipeline:' || pipeline, 0)` on a dedicated
    /// connection; nil when another session (any host) holds it.
    public func tryLockPipeline(_ pipeline: String) throws(LabError) -> (any PipelineLockHandle)? {
        let session = try pool.dedicated()
        let key = "labingest.pipeline:" + pipeline
        let got: Bool
        do {
            let rows = try session.query("SELECT pg_try_advisory_lock(hashtextextended(\(key), 0))").rows
            got = try rows.first.map { row throws(LabError) in try PostgresRows.decode(row, Bool.self) } ?? false
        } catch {
            session.close()
            throw error
        }
        guard got else {
            session.close()
            return nil
        }
        return PostgresPipelineLock(pipeline: pipeline, session: session)
    }
}

/// A held per-pipeline advisory lock: it lives in its own session, so closing that session releases it.
final class PostgresPipelineLock: PipelineLockHandle {
    let pipeline: String
    private let session: Mutex<PostgresSession?>

    init(pipeline: String, session: PostgresSession) {
        self.pipeline = pipeline
        self.session = Mutex(session)
    }

    deinit { release() }

    func release() {
        // Unlock explicitly so a new `tryLockPipeline` right after sees it free; closing the session alone
        // would also end the lock, but only once the server notices.
        let held = session.withLock { s -> PostgresSession? in
            defer { s = nil }
            return s
        }
        guard let held else { return }
        try? held.execute(sql: "SELECT pg_advisory_unlock_all()")
        held.close()
    }
}
#endif
