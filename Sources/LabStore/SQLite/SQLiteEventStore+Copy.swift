import Foundation
import GRDB
import LabCore

/// `store copy` support for the SQLite store. It works through its own connection to the same file (the
/// store's pool is private to SQLiteEventStore.swift); SQLite's locking and busy timeout coordinate the two.
extension SQLiteEventStore: EventStoreCopying {
    private func copyConnection() throws(LabError) -> DatabaseQueue {
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.label = "labingest.store.copy"
        do { return try DatabaseQueue(path: path, configuration: config) } catch {
            throw LabError(.storeUnavailable, "cannot open SQLite store: \(SQLiteEventStore.describe(error))", locator: Locator(uri: path))
        }
    }

    public func allSources() throws(LabError) -> [SourceRecord] {
        let queue = try copyConnection()
        let hashes: [String]
        do { hashes = try queue.read { try String.fetchAll($0, sql: "SELECT sha256 FROM sources ORDER BY rowid") } } catch {
            throw LabError(.storeFailed, "store operation failed: \(SQLiteEventStore.describe(error))", locator: Locator(uri: path))
        }
        var out: [SourceRecord] = []
        out.reserveCapacity(hashes.count)
        for sha in hashes { if let r = try source(sha256: sha) { out.append(r) } }
        return out
    }

    public func allCursors() throws(LabError) -> [(name: String, value: String)] {
        let queue = try copyConnection()
        do {
            return try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT name, value FROM cursors ORDER BY name").map { (name: $0["name"], value: $0["value"]) }
            }
        } catch {
            throw LabError(.storeFailed, "store operation failed: \(SQLiteEventStore.describe(error))", locator: Locator(uri: path))
        }
    }

    public func importing<T>(_ body: (any StoreImporter) throws(LabError) -> T) throws(LabError) -> T {
        let queue = try copyConnection()
        do {
            return try queue.write { db in
                do { return try body(Importer(db: db)) } catch let error as LabError { throw error }
            }
        } catch let error as LabError {
            throw error
        } catch {
            throw LabError(.storeFailed, "store copy failed: \(SQLiteEventStore.describe(error))", locator: Locator(uri: path))
        }
    }

    /// Writes copied rows in the import transaction.
    final class Importer: StoreImporter {
        let db: Database
        init(db: Database) { self.db = db }

        private func run<T>(_ body: () throws -> T) throws(LabError) -> T {
            do { return try body() } catch {
                throw LabError(.storeFailed, "store copy failed: \(SQLiteEventStore.describe(error))")
            }
        }

        func importEvents(_ events: [Event]) throws(LabError) -> (appended: Int, duplicates: Int) {
            let rows = try run { try SQLiteEventRows(db) }
            var appended = 0
            for e in events {
                let keys = SQLiteEventRows.Keys(e)
                if try rows.contains(e, keys) { continue }
                try rows.insert(e, keys, supersedes: e.supersedes)
                appended += 1
            }
            return (appended, events.count - appended)
        }

        func importSource(_ r: SourceRecord) throws(LabError) -> Bool {
            try run {
                let complete = try Bool.fetchOne(db, sql: "SELECT 1 FROM sources WHERE sha256 = ? AND status = 'complete'",
                                                 arguments: [r.info.sha256]) ?? false
                if complete { return false }
                let notes = JSONValue.array(r.notes.map(JSONValue.string)).rendered()
                try db.execute(sql: """
                    INSERT OR REPLACE INTO sources (sha256, uri, size, format, source_name, pipeline, status, read, appended,
                        duplicates, quarantined, ignored, encoding, notes, error_code, error_message, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [r.info.sha256, r.info.uri, r.info.size, r.info.format, r.info.sourceName, r.info.pipeline,
                                     r.status.rawValue, r.counts.read, r.counts.appended, r.counts.duplicates,
                                     r.counts.quarantined, r.counts.ignored, r.encoding, notes, r.errorCode, r.errorMessage,
                                     LabTime.utcString(r.finishedAt)])
                return true
            }
        }

        func importQuarantine(_ items: [QuarantineItem]) throws(LabError) {
            try run {
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO quarantine (source_sha256, uri, reason, message, locator, raw, status, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for q in items {
                    try insert.execute(arguments: [q.source, q.uri, q.reason.rawValue, q.message, q.locator, q.raw, q.status,
                                                   LabTime.utcString(q.createdAt)])
                }
            }
        }

        func importCursor(_ name: String, value: String) throws(LabError) {
            try run {
                try db.execute(sql: """
                    INSERT INTO cursors (name, value, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                    """, arguments: [name, value, LabTime.utcString(Date())])
            }
        }
    }
}
