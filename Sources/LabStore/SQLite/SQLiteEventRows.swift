import Foundation
import GRDB
import GRDBSQLite
import LabCore

/// The event-row statements of one write transaction, stepped through the SQLite C API.
///
/// GRDB's `StatementArguments` boxes each of the 36 values in an existential and copies it; on a 100 MB
/// batch that was a quarter of the writer thread. Here a row's texts are copied once into one reused
/// buffer and bound in place (`SQLITE_STATIC`): with `SQLITE_TRANSIENT` SQLite allocated and copied every
/// text value again, about 750 instructions each. The statements are GRDB's cached ones, so GRDB still
/// owns their lifetime. Each call resets its statement, so GRDB never sees one mid-step.
final class SQLiteEventRows {
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

    /// The texts of the statement being executed (one buffer, reused row after row).
    private var row = RowText()

    init(_ db: Database) throws {
        connection = db.sqliteConnection!
        insert = try db.cachedStatement(sql: Self.insertSQL).sqliteStatement
        exists = try db.cachedStatement(sql: Self.existsSQL).sqliteStatement
        prior = try db.cachedStatement(sql: Self.priorSQL).sqliteStatement
    }

    /// An event's two index hashes, worked out once: each serves a lookup and the insert.
    struct Keys {
        let id: Int64
        let resultKey: Int64

        init(_ e: Event) {
            id = SQLiteKeyHash.of(e.id)
            resultKey = SQLiteKeyHash.of(e.resultKey)
        }
    }

    /// Whether an event with `e`'s id is already stored.
    func contains(_ e: Event, _ keys: Keys) throws(LabError) -> Bool {
        defer { sqlite3_reset(exists) }
        row.clear()
        row.add(2, e.id)
        sqlite3_bind_int64(exists, 1, keys.id)
        return try row.bound(to: exists) { () throws(LabError) in try step(exists) == SQLITE_ROW }
    }

    /// The id and status of the newest stored version of `e`'s result, if any.
    func newestVersion(of e: Event, _ keys: Keys) throws(LabError) -> (id: String, status: ResultStatus)? {
        defer { sqlite3_reset(prior) }
        row.clear()
        row.add(2, e.resultKey)
        sqlite3_bind_int64(prior, 1, keys.resultKey)
        return try row.bound(to: prior) { () throws(LabError) -> (id: String, status: ResultStatus)? in
            guard try step(prior) == SQLITE_ROW, let id = sqlite3_column_text(prior, 0),
                  let status = sqlite3_column_text(prior, 1) else { return nil }
            return (String(cString: id), ResultStatus(rawValue: String(cString: status)) ?? .final)
        }
    }

    /// Inserts `e`: exact decimals as text (plus a REAL copy for numeric SQL), times as milliseconds,
    /// attributes as JSON with sorted keys.
    func insert(_ e: Event, _ keys: Keys, supersedes: String?) throws(LabError) {
        let s = insert
        defer { sqlite3_reset(s) }
        let value = e.value.map(DecimalText.format)
        row.clear()
        row.add(1, e.id)
        row.add(2, e.kind.rawValue)
        row.add(3, e.subject)
        row.add(4, e.analyte.system)
        row.add(5, e.analyte.code)
        row.add(6, e.analyte.display)
        row.add(7, e.specimen)
        row.add(8, value)
        if let real = value.flatMap(Double.init) { sqlite3_bind_double(s, 9, real) } else { sqlite3_bind_null(s, 9) }
        row.add(10, e.comparator?.rawValue)
        row.add(11, e.text)
        row.add(12, e.code)
        row.add(13, e.unit)
        row.add(14, e.original.value)
        row.add(15, e.original.unit)
        row.add(16, e.referenceRange?.low.map(DecimalText.format))
        row.add(17, e.referenceRange?.high.map(DecimalText.format))
        row.add(18, e.referenceRange?.text)
        row.add(19, e.flag)
        row.add(20, e.status.rawValue)
        row.add(21, supersedes)
        row.add(22, e.resultKey)
        sqlite3_bind_int64(s, 23, LabTime.millis(e.collectedAt))
        sqlite3_bind_int64(s, 24, Int64(e.collectedOffsetSeconds))
        if let reported = e.reportedAt { sqlite3_bind_int64(s, 25, LabTime.millis(reported)) } else { sqlite3_bind_null(s, 25) }
        if let day = e.studyDay { sqlite3_bind_int64(s, 26, Int64(day)) } else { sqlite3_bind_null(s, 26) }
        row.add(27, e.provenance.source)
        row.add(28, e.provenance.uri)
        row.add(29, e.provenance.locator)
        row.add(30, e.provenance.sourceName)
        row.add(31, e.provenance.pipeline)
        row.add(32, e.provenance.parser)
        row.add(33, JSONObjectText.render(e.attributes))
        row.add(34, e.raw)
        sqlite3_bind_int64(s, 35, keys.id)
        sqlite3_bind_int64(s, 36, keys.resultKey)
        _ = try row.bound(to: s) { () throws(LabError) in try step(s) }
    }

    // MARK: - C API

    private func step(_ statement: OpaquePointer) throws(LabError) -> Int32 {
        let code = sqlite3_step(statement)
        guard code == SQLITE_ROW || code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(connection))
            throw LabError(.storeFailed, "SQLite error \(code): \(message)")
        }
        return code
    }
}

/// The text parameters of one statement execution, gathered in one buffer and bound in place.
///
/// `SQLITE_STATIC` promises SQLite the bytes stay put until the statement is reset or rebound, so binding
/// happens inside `bound(to:_:)`, which holds the buffer still while the statement steps. A parameter left
/// bound after the reset is never read again: every execution rebinds all of its parameters.
struct RowText {
    private var bytes: [UInt8] = []
    /// Parameter index, start and count in `bytes`; a count of -1 is SQL NULL.
    private var spans: [(index: Int32, start: Int, count: Int)] = []

    init() {
        bytes.reserveCapacity(4096)
        spans.reserveCapacity(40)
    }

    mutating func clear() {
        bytes.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
    }

    mutating func add(_ index: Int32, _ text: String?) {
        guard let text else { spans.append((index, 0, -1)); return }
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        spans.append((index, start, bytes.count - start))
    }

    /// Binds the gathered texts to `statement` and runs `body` while their bytes cannot move.
    func bound<T>(to statement: OpaquePointer, _ body: () throws(LabError) -> T) throws(LabError) -> T {
        let result: Result<T, LabError> = bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            for span in spans {
                if span.count < 0 {
                    sqlite3_bind_null(statement, span.index)
                } else if let base {
                    _ = sqlite3_bind_text(statement, span.index, base + span.start, Int32(span.count), nil)
                } else {
                    // Only empty texts and no storage: SQLite copies the empty literal.
                    _ = sqlite3_bind_text(statement, span.index, "", 0, RowText.transient)
                }
            }
            do throws(LabError) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
