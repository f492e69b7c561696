import Foundation
import GRDB
import GRDBSQLite
import LabCore

/// The event-row statements of one write transaction, stepped through the SQLite C API.
///
/// GRDB's `StatementArguments` boxes each of the 36 values in an existential and copies it; on a 100 MB
/// batch that was a quarter of the writer thread. Here every value is bound straight from its Swift
/// storage (`sqlite3_bind_*`, copied by SQLite), and the statements are GRDB's cached ones, so GRDB still
/// owns their lifetime. Each call resets its statement, so GRDB never sees one mid-step.
struct SQLiteEventRows {
    /// The one INSERT of an event row (appends and `store copy` share it). Callers check the id first: an
    /// ignored insert would still use up a seq value, and `seq` is promised gap-free.
    static let insertSQL = """
        INSERT INTO events (id, kind, subject, analyte_system, analyte_code, analyte_display, specimen,
            value, value_real, comparator, text, code, unit, original_value, original_unit, ref_low, ref_high,
            ref_text, flag, status, supersedes, result_key, collected_ms, collected_offset, reported_ms, study_day,
            source_sha256, source_uri, locator, source_name, pipeline, parser, attributes, raw, id_hash, result_key_hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    /// Lookups go through the hash index and compare the full key (`SQLiteKeyHash`).
    static let existsSQL = "SELECT 1 FROM events WHERE id_hash = ? AND id = ?"
    static let priorSQL = """
        SELECT id, status FROM events WHERE result_key_hash = ? AND result_key = ? ORDER BY seq DESC LIMIT 1
        """

    private let connection: OpaquePointer
    private let insert: OpaquePointer
    private let exists: OpaquePointer
    private let prior: OpaquePointer

    init(_ db: Database) throws {
        connection = db.sqliteConnection!
        insert = try db.cachedStatement(sql: Self.insertSQL).sqliteStatement
        exists = try db.cachedStatement(sql: Self.existsSQL).sqliteStatement
        prior = try db.cachedStatement(sql: Self.priorSQL).sqliteStatement
    }

    /// Whether an event with this id is already stored.
    func contains(id: String) throws(LabError) -> Bool {
        defer { sqlite3_reset(exists) }
        sqlite3_bind_int64(exists, 1, SQLiteKeyHash.of(id))
        bind(exists, 2, id)
        return try step(exists) == SQLITE_ROW
    }

    /// The id and status of the newest stored version of a result, if any.
    func newestVersion(resultKey: String) throws(LabError) -> (id: String, status: ResultStatus)? {
        defer { sqlite3_reset(prior) }
        sqlite3_bind_int64(prior, 1, SQLiteKeyHash.of(resultKey))
        bind(prior, 2, resultKey)
        guard try step(prior) == SQLITE_ROW, let id = sqlite3_column_text(prior, 0),
              let status = sqlite3_column_text(prior, 1) else { return nil }
        return (String(cString: id), ResultStatus(rawValue: String(cString: status)) ?? .final)
    }

    /// Inserts `e`: exact decimals as text (plus a REAL copy for numeric SQL), times as milliseconds,
    /// attributes as JSON with sorted keys.
    func insert(_ e: Event, supersedes: String?) throws(LabError) {
        let s = insert
        defer { sqlite3_reset(s) }
        let value = e.value.map(DecimalText.format)
        bind(s, 1, e.id)
        bind(s, 2, e.kind.rawValue)
        bind(s, 3, e.subject)
        bind(s, 4, e.analyte.system)
        bind(s, 5, e.analyte.code)
        bind(s, 6, e.analyte.display)
        bind(s, 7, e.specimen)
        bind(s, 8, value)
        if let real = value.flatMap(Double.init) { sqlite3_bind_double(s, 9, real) } else { sqlite3_bind_null(s, 9) }
        bind(s, 10, e.comparator?.rawValue)
        bind(s, 11, e.text)
        bind(s, 12, e.code)
        bind(s, 13, e.unit)
        bind(s, 14, e.original.value)
        bind(s, 15, e.original.unit)
        bind(s, 16, e.referenceRange?.low.map(DecimalText.format))
        bind(s, 17, e.referenceRange?.high.map(DecimalText.format))
        bind(s, 18, e.referenceRange?.text)
        bind(s, 19, e.flag)
        bind(s, 20, e.status.rawValue)
        bind(s, 21, supersedes)
        bind(s, 22, e.resultKey)
        sqlite3_bind_int64(s, 23, LabTime.millis(e.collectedAt))
        sqlite3_bind_int64(s, 24, Int64(e.collectedOffsetSeconds))
        if let reported = e.reportedAt { sqlite3_bind_int64(s, 25, LabTime.millis(reported)) } else { sqlite3_bind_null(s, 25) }
        if let day = e.studyDay { sqlite3_bind_int64(s, 26, Int64(day)) } else { sqlite3_bind_null(s, 26) }
        bind(s, 27, e.provenance.source)
        bind(s, 28, e.provenance.uri)
        bind(s, 29, e.provenance.locator)
        bind(s, 30, e.provenance.sourceName)
        bind(s, 31, e.provenance.pipeline)
        bind(s, 32, e.provenance.parser)
        bind(s, 33, JSONObjectText.render(e.attributes))
        bind(s, 34, e.raw)
        sqlite3_bind_int64(s, 35, SQLiteKeyHash.of(e.id))
        sqlite3_bind_int64(s, 36, SQLiteKeyHash.of(e.resultKey))
        _ = try step(s)
    }

    // MARK: - C API

    /// SQLite copies the bytes before `sqlite3_bind_text` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private func bind(_ statement: OpaquePointer, _ index: Int32, _ text: String?) {
        guard var text else { sqlite3_bind_null(statement, index); return }
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { _ = sqlite3_bind_text(statement, index, "", 0, Self.transient); return }
            base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                _ = sqlite3_bind_text(statement, index, $0, Int32(bytes.count), Self.transient)
            }
        }
    }

    private func step(_ statement: OpaquePointer) throws(LabError) -> Int32 {
        let code = sqlite3_step(statement)
        guard code == SQLITE_ROW || code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(connection))
            throw LabError(.storeFailed, "SQLite error \(code): \(message)")
        }
        return code
    }
}
