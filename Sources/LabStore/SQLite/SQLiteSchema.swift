import GRDB

/// Versioned migrations of the SQLite store. Constraints live in the schema ("trust SQLite more than
/// yourself"): counts and statuses are NOT NULL, `events` is append-only by trigger. Event ids are unique
/// by the writer's check inside its write transaction (WAL transactions are serializable), not by a
/// text index: see v2.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE sources (
                    sha256 TEXT PRIMARY KEY NOT NULL,
                    uri TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    format TEXT NOT NULL,
                    source_name TEXT,
                    pipeline TEXT,
                    status TEXT NOT NULL CHECK (status IN ('complete', 'failed')),
                    read INTEGER NOT NULL DEFAULT 0,
                    appended INTEGER NOT NULL DEFAULT 0,
                    duplicates INTEGER NOT NULL DEFAULT 0,
                    quarantined INTEGER NOT NULL DEFAULT 0,
                    ignored INTEGER NOT NULL DEFAULT 0,
                    encoding TEXT,
                    notes TEXT NOT NULL DEFAULT '[]',
                    error_code TEXT,
                    error_message TEXT,
                    finished_at TEXT NOT NULL
                );
                CREATE TABLE events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    \(eventColumns)
                );
                CREATE INDEX events_result_key ON events(result_key, seq);
                \(eventIndexesAndTriggers)
                CREATE TABLE quarantine (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    source_sha256 TEXT NOT NULL,
                    uri TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    message TEXT NOT NULL,
                    locator TEXT NOT NULL,
                    raw TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'open',
                    created_at TEXT NOT NULL
                );
                CREATE INDEX quarantine_source ON quarantine(source_sha256);
                CREATE INDEX quarantine_status ON quarantine(status);
                CREATE TABLE cursors (
                    name TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                """)
        }
        // v2: `id` and `result_key` are indexed through a 64-bit hash (`SQLiteKeyHash`) instead of as text,
        // which halves SQLite's insert time on large batches. Dropping the UNIQUE text index on `id` needs a
        // table rebuild; the rows, their seq values and the AUTOINCREMENT high-water mark are kept.
        migrator.registerMigration("v2") { db in
            db.add(function: keyHashFunction)
            defer { db.remove(function: keyHashFunction) }
            let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('events') ORDER BY cid")
                .joined(separator: ", ")
            try db.execute(sql: """
                DROP TRIGGER events_append_only_update;
                DROP TRIGGER events_append_only_delete;
                CREATE TABLE events_v2 (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL,
                    \(eventColumns),
                    id_hash INTEGER NOT NULL,
                    result_key_hash INTEGER NOT NULL
                );
                INSERT INTO events_v2 (\(columns), id_hash, result_key_hash)
                    SELECT \(columns), labingest_key_hash(id), labingest_key_hash(result_key) FROM events ORDER BY seq;
                DROP TABLE events;
                ALTER TABLE events_v2 RENAME TO events;
                CREATE INDEX events_id_hash ON events(id_hash);
                CREATE INDEX events_result_key_hash ON events(result_key_hash);
                \(eventIndexesAndTriggers)
                """)
        }
        return migrator
    }

    /// The columns of `events` after `id`, the same in v1 and v2. Frozen: a later schema adds or changes
    /// columns in a migration of its own, never here, or stores created before it would differ.
    static let eventColumns = """
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        analyte_system TEXT NOT NULL,
        analyte_code TEXT NOT NULL,
        analyte_display TEXT NOT NULL,
        specimen TEXT,
        value TEXT,
        value_real REAL,
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
        collected_ms INTEGER NOT NULL,
        collected_offset INTEGER NOT NULL,
        reported_ms INTEGER,
        study_day INTEGER,
        source_sha256 TEXT NOT NULL,
        source_uri TEXT NOT NULL,
        locator TEXT NOT NULL,
        source_name TEXT,
        pipeline TEXT,
        parser TEXT NOT NULL,
        attributes TEXT NOT NULL DEFAULT '{}',
        raw TEXT
        """

    /// The indexes and append-only triggers of `events` that v1 and v2 share (v1 also indexed `result_key`,
    /// v2 indexes the two hashes). Frozen like `eventColumns`.
    static let eventIndexesAndTriggers = """
        CREATE INDEX events_subject_analyte_time ON events(subject, analyte_code, collected_ms);
        CREATE INDEX events_analyte_time ON events(analyte_code, collected_ms);
        CREATE INDEX events_kind ON events(kind, seq);
        CREATE INDEX events_source ON events(source_sha256);
        CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        """

    /// `SQLiteKeyHash` for the v2 migration's SQL.
    static let keyHashFunction = DatabaseFunction("labingest_key_hash", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).map(SQLiteKeyHash.of)
    }
}
