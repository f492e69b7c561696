#if PostgreSQL
import Foundation
import LabCore
import PostgresNIO

/// Versioned migrations of the PostgreSQL store: the same tables, columns and constraints as `SQLiteSchema`
/// (same names, so `store copy` and operators' queries work on both; SQLite's v2 adds only the two hash
/// columns its own indexes use, and here `id` keeps its UNIQUE index), plus what a shared store needs:
/// - `event_seq`: the single-row counter that hands out `seq` in commit order (see `PostgresUnitWriter`);
///   `events.seq` is a plain primary key, not a sequence, so there are no gaps and no out-of-order commits.
/// - `labingest_migrations`: applied migration identifiers (`MAX(identifier)` is the schema version).
///
/// `migrate` holds a session advisory lock so two hosts starting at once do not both migrate.
enum PostgresSchema {
    static let version = "v1"

    /// Each migration is a list of single statements (the extended query protocol runs one at a time).
    static let migrations: [(identifier: String, statements: [String])] = [
        ("v1", [
            """
            CREATE TABLE sources (
                sha256 TEXT PRIMARY KEY NOT NULL,
                uri TEXT NOT NULL,
                size BIGINT NOT NULL,
                format TEXT NOT NULL,
                source_name TEXT,
                pipeline TEXT,
                status TEXT NOT NULL CHECK (status IN ('complete', 'failed')),
                read BIGINT NOT NULL DEFAULT 0,
                appended BIGINT NOT NULL DEFAULT 0,
                duplicates BIGINT NOT NULL DEFAULT 0,
                quarantined BIGINT NOT NULL DEFAULT 0,
                ignored BIGINT NOT NULL DEFAULT 0,
                encoding TEXT,
                notes TEXT NOT NULL DEFAULT '[]',
                error_code TEXT,
                error_message TEXT,
                finished_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE events (
                seq BIGINT PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                subject TEXT NOT NULL,
                analyte_system TEXT NOT NULL,
                analyte_code TEXT NOT NULL,
                analyte_display TEXT NOT NULL,
                specimen TEXT,
                value TEXT,
                value_real DOUBLE PRECISION,
                comparator TEXT,
                text TEXT,
                code TEXT,
                unit TEXT,
                original_value TEXT NOT NULL,
                original_unit TEXT,
                ref_low TEXT,
                ref_high TEXT,
                ref_text TEXT,
                flag TEXT,
                status TEXT NOT NULL,
                supersedes TEXT,
                result_key TEXT NOT NULL,
                collected_ms BIGINT NOT NULL,
                collected_offset BIGINT NOT NULL,
                reported_ms BIGINT,
                study_day BIGINT,
                source_sha256 TEXT NOT NULL,
                source_uri TEXT NOT NULL,
                locator TEXT NOT NULL,
                source_name TEXT,
                pipeline TEXT,
                parser TEXT NOT NULL,
                attributes TEXT NOT NULL DEFAULT '{}',
                raw TEXT
            )
            """,
            "CREATE INDEX events_subject_analyte_time ON events(subject, analyte_code, collected_ms)",
            "CREATE INDEX events_analyte_time ON events(analyte_code, collected_ms)",
            "CREATE INDEX events_kind ON events(kind, seq)",
            "CREATE INDEX events_result_key ON events(result_key, seq)",
            "CREATE INDEX events_source ON events(source_sha256)",
            """
            CREATE FUNCTION labingest_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'events are append-only';
            END
            $$
            """,
            """
            CREATE TRIGGER events_append_only_update BEFORE UPDATE OR DELETE ON events
                FOR EACH ROW EXECUTE FUNCTION labingest_events_append_only()
            """,
            """
            CREATE TRIGGER events_append_only_truncate BEFORE TRUNCATE ON events
                FOR EACH STATEMENT EXECUTE FUNCTION labingest_events_append_only()
            """,
            """
            CREATE TABLE event_seq (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                last_seq BIGINT NOT NULL
            )
            """,
            "INSERT INTO event_seq (id, last_seq) VALUES (1, 0)",
            """
            CREATE TABLE quarantine (
                id BIGSERIAL PRIMARY KEY,
                source_sha256 TEXT NOT NULL,
                uri TEXT NOT NULL,
                reason TEXT NOT NULL,
                message TEXT NOT NULL,
                locator TEXT NOT NULL,
                raw TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'open',
                created_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX quarantine_source ON quarantine(source_sha256)",
            "CREATE INDEX quarantine_status ON quarantine(status)",
            """
            CREATE TABLE cursors (
                name TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
        ]),
    ]

    /// Applies the migrations this store does not have yet; returns the schema version.
    static func migrate(_ session: PostgresSession) throws(LabError) -> String {
        try session.execute(sql: """
            CREATE TABLE IF NOT EXISTS labingest_migrations (identifier TEXT PRIMARY KEY NOT NULL, applied_at TEXT NOT NULL)
            """)
        try session.execute(sql: "SELECT pg_advisory_lock(hashtextextended('labingest.migrate', 0))")
        defer { try? session.execute(sql: "SELECT pg_advisory_unlock(hashtextextended('labingest.migrate', 0))") }
        let applied = Set(try session.query("SELECT identifier FROM labingest_migrations").rows.map { row throws(LabError) in
            try PostgresRows.decode(row, String.self)
        })
        for migration in migrations where !applied.contains(migration.identifier) {
            let identifier = migration.identifier
            let now = LabTime.utcString(Date())
            try session.transaction { () throws(LabError) in
                for statement in migration.statements { try session.execute(sql: statement) }
                try session.execute("INSERT INTO labingest_migrations (identifier, applied_at) VALUES (\(identifier), \(now))")
            }
        }
        return try currentVersion(session)
    }

    static func currentVersion(_ session: PostgresSession) throws(LabError) -> String {
        let rows = try session.query("SELECT MAX(identifier) FROM labingest_migrations").rows
        guard let row = rows.first else { return "none" }
        return try PostgresRows.decode(row, String?.self) ?? "none"
    }
}
#endif
