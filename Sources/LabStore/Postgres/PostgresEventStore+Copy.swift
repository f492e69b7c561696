#if PostgreSQL
import Foundation
import LabCore
import PostgresNIO

/// `store copy` support: read every unit and cursor; write copied rows in one transaction, events through
/// the same commit-ordered `seq` path as ingestion (with `supersedes` kept as copied).
extension PostgresEventStore: EventStoreCopying {
    public func allSources() throws(LabError) -> [SourceRecord] {
        try pool.withSession { session throws(LabError) in
            try session.query("SELECT \(unescaped: PostgresRows.sourceColumnList) FROM sources ORDER BY finished_at, sha256")
                .rows.map { row throws(LabError) in try PostgresRows.source(row) }
        }
    }

    public func allCursors() throws(LabError) -> [(name: String, value: String)] {
        try pool.withSession { session throws(LabError) in
            try session.query("SELECT name, value FROM cursors ORDER BY name").rows.map { row throws(LabError) in
                let (name, value) = try PostgresRows.decodeColumns(row, (String, String).self)
                return (name: name, value: value)
            }
        }
    }

    public func importing<T>(_ body: (any StoreImporter) throws(LabError) -> T) throws(LabError) -> T {
        try pool.withSession { session throws(LabError) in
            try PostgresUnitWriter.prepareStaging(session)
            return try session.transaction { () throws(LabError) -> T in
                try body(Importer(session: session))
            }
        }
    }

    final class Importer: StoreImporter {
        let session: PostgresSession
        init(session: PostgresSession) { self.session = session }

        func importEvents(_ events: [Event]) throws(LabError) -> (appended: Int, duplicates: Int) {
            let placeholder = SourceInfo(sha256: "", uri: "", size: 0, format: "", sourceName: nil, pipeline: nil)
            let writer = PostgresUnitWriter(session: session, source: placeholder, verbatim: true)
            let staged = try writer.append(events)
            let late = try writer.finish(clearStaging: true)
            return (staged.appended - late, staged.duplicates + late)
        }

        func importSource(_ record: SourceRecord) throws(LabError) -> Bool {
            try PostgresEventStore.claim(record.info.sha256, session: session)
            if let row = try session.query("SELECT status FROM sources WHERE sha256 = \(record.info.sha256)").rows.first,
               try PostgresRows.decode(row, String.self) == SourceRecord.Status.complete.rawValue {
                return false
            }
            try PostgresEventStore.upsertSource(record, session: session, keepComplete: false)
            return true
        }

        func importQuarantine(_ items: [QuarantineItem]) throws(LabError) {
            try PostgresUnitWriter.insertQuarantine(items, session: session, keepStatus: true)
        }

        func importCursor(_ name: String, value: String) throws(LabError) {
            let now = LabTime.utcString(Date())
            try session.execute("""
                INSERT INTO cursors (name, value, updated_at) VALUES (\(name), \(value), \(now))
                ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """)
        }
    }
}
#endif
