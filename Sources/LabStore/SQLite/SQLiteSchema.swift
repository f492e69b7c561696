import GRDB

/// Versioned migrations of the SQLite store. Constraints live in the schema ("trust SQLite more than
/// yourself"): ids are unique, counts and statuses are NOT NULL, `events` is append-only by trigger.
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
                );
                CREATE INDEX events_subject_analyte_time ON events(subject, analyte_code, collected_ms);
                CREATE INDEX events_analyte_time ON events(analyte_code, collected_ms);
                CREATE INDEX events_kind ON events(kind, seq);
                CREATE INDEX events_result_key ON events(result_key, seq);
                CREATE INDEX events_source ON events(source_sha256);
                CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
                    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
                    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
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
        return migrator
    }
}
