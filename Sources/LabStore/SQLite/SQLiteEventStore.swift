import Foundation
import GRDB
import LabCore

/// The embedded event store: one SQLite file in WAL mode, written through GRDB.
///
/// GRDB's `DatabasePool` serialises writes on one writer queue, which is the design's "one serial writer":
/// each unit of work is one write transaction. Several processes may open the same file; SQLite's busy
/// timeout makes a second writer wait instead of failing.
public final class SQLiteEventStore: EventStore {
    public let path: String
    private let pool: DatabasePool

    public init(path: String) throws(LabError) {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.label = "labingest.store"
        config.prepareDatabase { db in
            // WAL + synchronous=NORMAL: a commit is atomic and survives a process crash; only a power loss can
            // drop the last commits (never half of one). A 16 MiB page cache keeps the hot parts of the id and
            // result-key indexes in memory while a unit appends (with 8 MiB a 100 MB ingest spent 1.1 s more in the
            // kernel spilling and re-reading pages; 32 MiB took a 100 MB ingest to 107 MB RSS, over the 100 MB budget).
            // 8 KiB pages for a new store (an existing one keeps its own): SQLite's insert time for a 100 MB batch
            // 2.06 → 1.85 s against 4 KiB, the 1 GB batch as fast. 16 KiB pages made the 100 MB batch faster still
            // (1.51 s) but the 1 GB one 20 % slower: each random index page it dirties costs a 16 KiB WAL frame.
            try db.execute(sql: "PRAGMA page_size = 8192; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY")
        }
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            pool = try DatabasePool(path: path, configuration: config)
            try SQLiteSchema.migrator.migrate(pool)
        } catch {
            throw LabError(.storeUnavailable, "cannot open SQLite store: \(SQLiteEventStore.describe(error))",
                           locator: Locator(uri: path), cause: error)
        }
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? DatabaseError { return e.message ?? "SQLite error \(e.resultCode)" }
        return "\(error)"
    }

    private func fail(_ error: any Error) -> LabError {
        if let lab = error as? LabError { return lab }
        return LabError(.storeFailed, "store operation failed: \(SQLiteEventStore.describe(error))", locator: Locator(uri: path))
    }

    private func read<T>(_ body: (Database) throws -> T) throws(LabError) -> T {
        do { return try pool.read(body) } catch { throw fail(error) }
    }

    private func write<T>(_ body: (Database) throws -> T) throws(LabError) -> T {
        do { return try pool.write(body) } catch { throw fail(error) }
    }

    // MARK: - Units of work

    public func completedSource(sha256: String) throws(LabError) -> SourceRecord? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM sources WHERE sha256 = ? AND status = 'complete'", arguments: [sha256]) }
            .map(SQLiteEventStore.sourceRecord)
    }

    public func source(sha256: String) throws(LabError) -> SourceRecord? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM sources WHERE sha256 = ?", arguments: [sha256]) }
            .map(SQLiteEventStore.sourceRecord)
    }

    public func ingestUnit(_ source: SourceInfo,
                           body: (any UnitWriter) throws -> (UnitCounts, encoding: String?, notes: [String]))
        throws(LabError) -> SourceRecord {
        do {
            return try pool.write { db -> SourceRecord in
                // A unit parsed again (reprocess, retry) replaces its earlier open quarantine rows.
                try db.execute(sql: "UPDATE quarantine SET status = 'superseded' WHERE source_sha256 = ? AND status = 'open'",
                               arguments: [source.sha256])
                let writer = Writer(db: db, source: source)
                let (counts, encoding, notes) = try body(writer)
                let record = SourceRecord(info: source, status: .complete, counts: counts, encoding: encoding, notes: notes,
                                          errorCode: nil, errorMessage: nil, finishedAt: Date())
                try SQLiteEventStore.upsertSource(db, record)
                return record
            }
        } catch {
            throw fail(error)
        }
    }

    public func recordFailure(_ source: SourceInfo, error: LabError) throws(LabError) {
        let record = SourceRecord(info: source, status: .failed, counts: UnitCounts(), encoding: nil, notes: [],
                                  errorCode: error.code.rawValue, errorMessage: error.message, finishedAt: Date())
        try write { db in
            // Never downgrade a complete unit (a replay that failed does not undo the first ingest).
            let complete = try Bool.fetchOne(db, sql: "SELECT 1 FROM sources WHERE sha256 = ? AND status = 'complete'",
                                             arguments: [source.sha256]) ?? false
            if !complete { try SQLiteEventStore.upsertSource(db, record) }
        }
    }

    private static func upsertSource(_ db: Database, _ r: SourceRecord) throws {
        let notes = JSONValue.array(r.notes.map(JSONValue.string)).rendered()
        try db.execute(sql: """
            INSERT INTO sources (sha256, uri, size, format, source_name, pipeline, status, read, appended, duplicates,
                                 quarantined, ignored, encoding, notes, error_code, error_message, finished_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(sha256) DO UPDATE SET uri = excluded.uri, size = excluded.size, format = excluded.format,
                source_name = excluded.source_name, pipeline = excluded.pipeline, status = excluded.status,
                read = excluded.read, appended = excluded.appended, duplicates = excluded.duplicates,
                quarantined = excluded.quarantined, ignored = excluded.ignored, encoding = excluded.encoding,
                notes = excluded.notes, error_code = excluded.error_code, error_message = excluded.error_message,
                finished_at = excluded.finished_at
            """, arguments: [r.info.sha256, r.info.uri, r.info.size, r.info.format, r.info.sourceName, r.info.pipeline,
                             r.status.rawValue, r.counts.read, r.counts.appended, r.counts.duplicates, r.counts.quarantined,
                             r.counts.ignored, r.encoding, notes, r.errorCode, r.errorMessage, LabTime.utcString(r.finishedAt)])
    }

    private static func sourceRecord(_ row: Row) -> SourceRecord {
        let notesText: String = row["notes"] ?? "[]"
        let notes = (try? JSONSerialization.jsonObject(with: Data(notesText.utf8))) as? [String] ?? []
        return SourceRecord(
            info: SourceInfo(sha256: row["sha256"], uri: row["uri"], size: row["size"], format: row["format"],
                             sourceName: row["source_name"], pipeline: row["pipeline"]),
            status: SourceRecord.Status(rawValue: row["status"]) ?? .failed,
            counts: UnitCounts(read: row["read"], appended: row["appended"], duplicates: row["duplicates"],
                               quarantined: row["quarantined"], ignored: row["ignored"]),
            encoding: row["encoding"], notes: notes, errorCode: row["error_code"], errorMessage: row["error_message"],
            finishedAt: ISO8601DateFormatter().date(from: row["finished_at"]) ?? Date(timeIntervalSince1970: 0))
    }

    /// SQLite's own insert cost on real rows, for `bench`: copies every event row of the store file at
    /// `path` into this empty store with one `INSERT … SELECT` in one transaction (no Swift per row, no
    /// duplicate checks). Its time is the floor under any append path with this schema. Returns the rows.
    public func insertEventRowsForBenchmark(from path: String) throws(LabError) -> Int {
        do {
            return try pool.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS bench_source", arguments: [path])
                defer { try? db.execute(sql: "DETACH DATABASE bench_source") }
                try db.inTransaction {
                    try db.execute(sql: "INSERT INTO events SELECT * FROM bench_source.events ORDER BY seq")
                    return .commit
                }
                return db.changesCount
            }
        } catch {
            throw fail(error)
        }
    }

    // MARK: - Reading events

    public func forEachEvent(_ query: EventQuery, _ body: (Event) throws -> Void) throws(LabError) {
        var clauses: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let s = query.subject { clauses.append("subject = ?"); arguments.append(s) }
        if let a = query.analyte { clauses.append("analyte_code = ?"); arguments.append(a) }
        if let k = query.kind { clauses.append("kind = ?"); arguments.append(k.rawValue) }
        if let after = query.afterSeq { clauses.append("seq > ?"); arguments.append(after) }
        if let from = query.collectedFrom { clauses.append("collected_ms >= ?"); arguments.append(SQLiteEventStore.millis(from)) }
        if let before = query.collectedBefore { clauses.append("collected_ms < ?"); arguments.append(SQLiteEventStore.millis(before)) }
        var sql = "SELECT * FROM events"
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " ORDER BY seq"
        if let limit = query.limit { sql += " LIMIT \(limit)" }
        let args = StatementArguments(arguments)
        do {
            try pool.read { db in
                let rows = try Row.fetchCursor(db, sql: sql, arguments: args)
                while let row = try rows.next() { try body(SQLiteEventStore.event(row)) }
            }
        } catch {
            throw fail(error)
        }
    }

    public func event(id: String) throws(LabError) -> Event? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM events WHERE id_hash = ? AND id = ?",
                                           arguments: [SQLiteKeyHash.of(id), id]) }
            .map(SQLiteEventStore.event)
    }

    static func millis(_ date: Date) -> Int64 { LabTime.millis(date) }

    private static func event(_ row: Row) -> Event {
        func decimal(_ column: String) -> Decimal? {
            (row[column] as String?).flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
        }
        let refLow = decimal("ref_low"), refHigh = decimal("ref_high")
        let refText: String? = row["ref_text"]
        let range = (refLow == nil && refHigh == nil && refText == nil) ? nil : ReferenceRange(low: refLow, high: refHigh, text: refText)
        let attributes = JSONObjectText.split(row["attributes"] ?? "{}")
        let reported: Int64? = row["reported_ms"]
        return Event(
            seq: row["seq"], id: row["id"], kind: EventKind(rawValue: row["kind"]), subject: row["subject"],
            analyte: AnalyteCoding(system: row["analyte_system"], code: row["analyte_code"], display: row["analyte_display"]),
            specimen: row["specimen"], value: decimal("value"),
            comparator: (row["comparator"] as String?).flatMap(ResultComparator.init(rawValue:)),
            text: row["text"], code: row["code"], unit: row["unit"],
            original: OriginalValue(value: row["original_value"], unit: row["original_unit"]),
            referenceRange: range, flag: row["flag"], status: ResultStatus(rawValue: row["status"]) ?? .final,
            supersedes: row["supersedes"], resultKey: row["result_key"],
            collectedAt: Date(timeIntervalSince1970: Double(row["collected_ms"] as Int64) / 1000),
            collectedOffsetSeconds: row["collected_offset"],
            reportedAt: reported.map { Date(timeIntervalSince1970: Double($0) / 1000) },
            studyDay: row["study_day"],
            provenance: Provenance(source: row["source_sha256"], uri: row["source_uri"], locator: row["locator"],
                                   sourceName: row["source_name"], pipeline: row["pipeline"], parser: row["parser"]),
            attributes: attributes, raw: row["raw"])
    }

    // MARK: - Quarantine and cursors

    public func quarantineItems(status: String?) throws(LabError) -> [QuarantineItem] {
        try read { db in
            if let status {
                return try Row.fetchAll(db, sql: "SELECT * FROM quarantine WHERE status = ? ORDER BY id", arguments: [status])
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM quarantine ORDER BY id")
        }.map(SQLiteEventStore.quarantineItem)
    }

    public func quarantineItem(id: Int64) throws(LabError) -> QuarantineItem? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM quarantine WHERE id = ?", arguments: [id]) }
            .map(SQLiteEventStore.quarantineItem)
    }

    public func setQuarantineStatus(id: Int64, status: String) throws(LabError) {
        try write { db in try db.execute(sql: "UPDATE quarantine SET status = ? WHERE id = ?", arguments: [status, id]) }
    }

    private static func quarantineItem(_ row: Row) -> QuarantineItem {
        QuarantineItem(id: row["id"], source: row["source_sha256"], uri: row["uri"], reason: ReasonCode(row["reason"] as String),
                       message: row["message"], locator: row["locator"], raw: row["raw"], status: row["status"],
                       createdAt: ISO8601DateFormatter().date(from: row["created_at"]) ?? Date(timeIntervalSince1970: 0))
    }

    public func cursor(_ name: String) throws(LabError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM cursors WHERE name = ?", arguments: [name]) }
    }

    public func setCursor(_ name: String, value: String) throws(LabError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO cursors (name, value, updated_at) VALUES (?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """, arguments: [name, value, LabTime.utcString(Date())])
        }
    }

    public func statistics() throws(LabError) -> StoreStatistics {
        try read { db in
            StoreStatistics(
                events: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0,
                lastSeq: try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM events") ?? 0,
                sources: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sources WHERE status = 'complete'") ?? 0,
                failedSources: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sources WHERE status = 'failed'") ?? 0,
                openQuarantine: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quarantine WHERE status = 'open'") ?? 0,
                schemaVersion: try String.fetchOne(db, sql: "SELECT MAX(identifier) FROM grdb_migrations") ?? "none")
        }
    }
}

// MARK: - The unit writer

extension SQLiteEventStore {
    /// Appends inside the unit's transaction with cached prepared statements.
    final class Writer: UnitWriter {
        let db: Database
        let source: SourceInfo

        init(db: Database, source: SourceInfo) {
            self.db = db
            self.source = source
        }

        func append(_ events: [Event]) throws(LabError) -> (appended: Int, duplicates: Int) {
            let rows: SQLiteEventRows
            do { rows = try SQLiteEventRows(db) } catch {
                throw LabError(.storeFailed, "append failed: \(SQLiteEventStore.describe(error))")
            }
            var appended = 0
            var duplicates = 0
            for e in events {
                // Checked before inserting (not INSERT OR IGNORE): an ignored insert would still use up a seq
                // value, and consumers are promised gap-free, commit-ordered positions.
                let keys = SQLiteEventRows.Keys(e)
                if try rows.contains(e, keys) {
                    duplicates += 1
                    continue
                }
                var supersedes = e.supersedes
                if supersedes == nil, let previous = try rows.newestVersion(of: e, keys),
                   e.status.supersessionRank >= previous.status.supersessionRank {
                    // The newest earlier version of the same result, unless it outranks this one: a final that
                    // arrives after its correction (files replayed out of order) supersedes nothing.
                    supersedes = previous.id
                }
                try rows.insert(e, keys, supersedes: supersedes)
                appended += 1
            }
            return (appended, duplicates)
        }

        func quarantine(_ items: [QuarantineItem]) throws(LabError) {
            do {
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO quarantine (source_sha256, uri, reason, message, locator, raw, status, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'open', ?)
                    """)
                for q in items {
                    try insert.execute(arguments: [q.source, q.uri, q.reason.rawValue, q.message, q.locator, q.raw,
                                                   LabTime.utcString(q.createdAt)])
                }
            } catch {
                throw LabError(.storeFailed, "quarantine failed: \(SQLiteEventStore.describe(error))")
            }
        }
    }
}

extension ResultStatus {
    /// Versions of one result supersede versions of equal or lower rank: preliminary < final < corrected = cancelled.
    var supersessionRank: Int {
        switch self {
        case .preliminary: return 0
        case .final: return 1
        case .corrected, .cancelled: return 2
        }
    }
}
