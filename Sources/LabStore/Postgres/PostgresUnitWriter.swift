#if PostgreSQL
import Foundation
import LabCore
import PostgresNIO

/// Writes one unit of work inside its transaction: events are staged, then moved into `events` at commit.
///
/// ## How `seq` stays in commit order (the consumer guarantee)
/// A consumer reads "events with seq > N". If `seq` were taken when a row is inserted (a sequence), writer A
/// could take 10, writer B take 11 and commit first; a consumer that saw 11 would then never look at 10.
/// So events are **staged** in a per-session temporary table while the unit runs (`append`), and `finish()`
/// — the last step before COMMIT — locks the single row of `event_seq` (`SELECT … FOR UPDATE`), numbers the
/// staged rows `last_seq + 1 …`, inserts them into `events` and stores the new `last_seq`. The row lock is
/// held until COMMIT, so the next writer numbers its rows only after this transaction is visible: `seq`
/// increases in commit order, without gaps (a rollback also rolls the counter back). Only this short final
/// step is serialised; parsing and staging of several units run in parallel.
///
/// ## Duplicates
/// `append` stages only events not already committed (`events.id`) nor staged earlier in the unit (the
/// staging table's unique id), in one statement, and counts the others as duplicates. An event committed by
/// another writer *after* it was staged here is found under the counter lock in `finish()` and moved from
/// appended to duplicates in the unit's counts (`lateDuplicates`), so the counts in `sources` add up
/// across writers.
///
/// ## Supersedes
/// Resolved in `finish()`, under the lock, where every earlier event is committed and visible: the newest
/// earlier event of the same `result_key` (staged earlier in this unit, else the highest `seq` in `events`) —
/// the same rule as the SQLite store.
final class PostgresUnitWriter: UnitWriter {
    static let stagingTable = "labingest_pending"
    /// Rows per statement: event rows go as column arrays (36 binds a statement); quarantine rows as a
    /// `VALUES` list of 8 binds a row, 1,000 rows well under PostgreSQL's 65,535 bind limit.
    static let rowsPerStatement = 1_000

    let session: PostgresSession
    let source: SourceInfo
    /// Verbatim mode (`store copy`): keep `supersedes` as given instead of resolving it.
    let verbatim: Bool
    private var ordinal: Int64 = 0
    private var staged = 0
    /// `event_seq.last_seq` read before this unit's first duplicate check: if `finish()` finds it unchanged,
    /// nothing was committed since, and there can be no late duplicates to look for.
    private var lastSeqBeforeChecks: Int64?

    init(session: PostgresSession, source: SourceInfo, verbatim: Bool = false) {
        self.session = session
        self.source = source
        self.verbatim = verbatim
    }

    /// Creates the session's staging table once (outside any transaction). Its rows vanish at COMMIT or ROLLBACK.
    static func prepareStaging(_ session: PostgresSession) throws(LabError) {
        guard !session.stagingReady else { return }
        try session.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS \(stagingTable) (LIKE events INCLUDING DEFAULTS) ON COMMIT DELETE ROWS")
        try session.execute(sql: "CREATE UNIQUE INDEX IF NOT EXISTS \(stagingTable)_id ON \(stagingTable)(id)")
        try session.execute(sql: "CREATE UNIQUE INDEX IF NOT EXISTS \(stagingTable)_ord ON \(stagingTable)(seq)")
        try session.execute(sql: "CREATE INDEX IF NOT EXISTS \(stagingTable)_key ON \(stagingTable)(result_key, seq)")
        session.stagingReady = true
    }

    func append(_ events: [Event]) throws(LabError) -> (appended: Int, duplicates: Int) {
        if lastSeqBeforeChecks == nil { lastSeqBeforeChecks = try lastSeq(locking: false) }
        var appended = 0
        var start = 0
        while start < events.count {
            let chunk = events[start..<min(start + Self.rowsPerStatement, events.count)]
            start += chunk.count
            let first = ordinal + 1
            var columns = PostgresEventColumns(capacity: chunk.count)
            for e in chunk { columns.append(e, supersedes: e.supersedes) }
            ordinal += Int64(chunk.count)
            var binds = PostgresBindings(capacity: 36)
            binds.append(first)  // the staging table's `seq` holds the order within the unit
            columns.bind(into: &binds)
            // Already committed: never staged (one statement: staging it and deleting it again cost a second
            // round trip per batch). Staged earlier in this unit: the unique index on id refuses it.
            let inserted = try session.execute(PostgresQuery(unsafeSQL: """
                INSERT INTO \(Self.stagingTable) (\(PostgresRows.eventColumnList), seq)
                \(PostgresEventColumns.select(firstParameter: 2, numberingFrom: "$1"))
                WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = \(PostgresEventColumns.cell("id")))
                ON CONFLICT (id) DO NOTHING
                """, binds: binds))
            appended += inserted
            staged += inserted
        }
        return (appended, events.count - appended)
    }

    func quarantine(_ items: [QuarantineItem]) throws(LabError) {
        try Self.insertQuarantine(items, session: session, keepStatus: false)
    }

    /// Inserts quarantine rows; `keepStatus` keeps each item's status (copy), else they are `open`.
    static func insertQuarantine(_ items: [QuarantineItem], session: PostgresSession, keepStatus: Bool) throws(LabError) {
        var start = 0
        while start < items.count {
            let chunk = items[start..<min(start + rowsPerStatement, items.count)]
            start += chunk.count
            var binds = PostgresBindings(capacity: chunk.count * 8)
            for q in chunk {
                binds.append(q.source)
                binds.append(q.uri)
                binds.append(q.reason.rawValue)
                binds.append(q.message)
                binds.append(q.locator)
                binds.append(q.raw)
                binds.append(keepStatus ? q.status : "open")
                binds.append(LabTime.utcString(q.createdAt))
            }
            try session.execute(PostgresQuery(unsafeSQL: """
                INSERT INTO quarantine (source_sha256, uri, reason, message, locator, raw, status, created_at)
                VALUES \(PostgresRows.placeholders(rows: chunk.count, width: 8))
                """, binds: binds))
        }
    }

    /// Moves the staged events into `events` with commit-ordered `seq` (see the type's documentation).
    /// Returns the number of staged events another writer committed in the meantime (late duplicates).
    /// Must be the last statement group before COMMIT: the counter row stays locked until then.
    /// - Parameter clearStaging: empty the staging table afterwards, for a writer used for several batches in one
    ///   transaction (`store copy`); at COMMIT it empties itself.
    func finish(clearStaging: Bool = false) throws(LabError) -> Int {
        guard staged > 0 else {
            lastSeqBeforeChecks = nil
            return 0
        }
        let base = try lastSeq(locking: true)
        // Every commit of events moves last_seq (under this lock): unchanged since the first check, no other
        // writer committed anything this unit's checks did not see.
        let late = base == lastSeqBeforeChecks ? 0
            : try session.execute(PostgresQuery(unsafeSQL: "DELETE FROM \(Self.stagingTable) p USING events e WHERE e.id = p.id"))
        let supersedes = verbatim ? "p.supersedes" : """
            COALESCE(p.supersedes,
                (SELECT q.id FROM \(Self.stagingTable) q WHERE q.result_key = p.result_key AND q.seq < p.seq ORDER BY q.seq DESC LIMIT 1),
                (SELECT e.id FROM events e WHERE e.result_key = p.result_key ORDER BY e.seq DESC LIMIT 1))
            """
        let columns = PostgresRows.eventColumns.map { $0 == "supersedes" ? supersedes : "p.\($0)" }.joined(separator: ", ")
        var binds = PostgresBindings()
        binds.append(base)
        let moved = try session.execute(PostgresQuery(unsafeSQL: """
            INSERT INTO events (seq, \(PostgresRows.eventColumnList))
            SELECT $1 + row_number() OVER (ORDER BY p.seq), \(columns) FROM \(Self.stagingTable) p
            """, binds: binds))
        var update = PostgresBindings()
        update.append(base + Int64(moved))
        try session.execute(PostgresQuery(unsafeSQL: "UPDATE event_seq SET last_seq = $1 WHERE id = 1", binds: update))
        if clearStaging { try session.execute(sql: "DELETE FROM \(Self.stagingTable)") }
        staged = 0
        lastSeqBeforeChecks = nil
        return late
    }

    /// `event_seq.last_seq`; `locking` holds the counter row until COMMIT (`finish()`).
    private func lastSeq(locking: Bool) throws(LabError) -> Int64 {
        let sql = "SELECT last_seq FROM event_seq WHERE id = 1" + (locking ? " FOR UPDATE" : "")
        let rows = try session.query(PostgresQuery(unsafeSQL: sql)).rows
        guard let row = rows.first else { throw LabError(.storeFailed, "PostgreSQL store: the event_seq row is missing") }
        return try PostgresRows.decode(row, Int64.self)
    }
}

#endif
