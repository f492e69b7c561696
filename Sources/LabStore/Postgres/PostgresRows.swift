#if PostgreSQL
import Foundation
import LabCore
import PostgresNIO

/// Column lists and the mapping between rows and `Event` / `SourceRecord` / `QuarantineItem`.
/// Values are stored exactly as the SQLite store stores them (decimals as text, times as epoch ms).
enum PostgresRows {
    /// The event columns after `seq`, in bind order.
    static let eventColumns = [
        "id", "kind", "subject", "analyte_system", "analyte_code", "analyte_display", "specimen", "value", "value_real",
        "comparator", "text", "code", "unit", "original_value", "original_unit", "ref_low", "ref_high", "ref_text", "flag",
        "status", "supersedes", "result_key", "collected_ms", "collected_offset", "reported_ms", "study_day",
        "source_sha256", "source_uri", "locator", "source_name", "pipeline", "parser", "attributes", "raw",
    ]
    static let eventColumnList = eventColumns.joined(separator: ", ")
    static let sourceColumnList = """
        sha256, uri, size, format, source_name, pipeline, status, read, appended, duplicates, quarantined, ignored, \
        encoding, notes, error_code, error_message, finished_at
        """
    static let quarantineColumnList = "id, source_sha256, uri, reason, message, locator, raw, status, created_at"

    static func decode<T: PostgresDecodable>(_ row: PostgresRow, _ type: T.Type) throws(LabError) -> T {
        do { return try row.decode(T.self) } catch { throw LabError(.storeFailed, "PostgreSQL: \(PostgresSession.describe(error))") }
    }

    static func decodeColumns<each T: PostgresDecodable>(_ row: PostgresRow, _ types: (repeat each T).Type) throws(LabError) -> (repeat each T) {
        do { return try row.decode(types) } catch { throw LabError(.storeFailed, "PostgreSQL: \(PostgresSession.describe(error))") }
    }

    static func millis(_ date: Date) -> Int64 { LabTime.millis(date) }

    // MARK: - Events

    /// `($1, …, $34), ($35, …)`: placeholders for `rows` rows of `width` values, after `offset` earlier binds.
    static func placeholders(rows: Int, width: Int, offset: Int = 0, prefix: (Int) -> String = { _ in "" }) -> String {
        var out = ""
        out.reserveCapacity(rows * width * 6)
        var n = offset
        for r in 0..<rows {
            if r > 0 { out += ", " }
            out += "(" + prefix(r)
            for c in 0..<width {
                n += 1
                out += c == 0 ? "$\(n)" : ", $\(n)"
            }
            out += ")"
        }
        return out
    }

    /// Decodes a row of `SELECT seq, <eventColumnList>`.
    static func event(_ row: PostgresRow) throws(LabError) -> Event {
        let r = row.makeRandomAccess()
        func text(_ i: Int) throws(LabError) -> String? {
            do { return try r[i].decode(String?.self) } catch { throw LabError(.storeFailed, "PostgreSQL: \(PostgresSession.describe(error))") }
        }
        func int(_ i: Int) throws(LabError) -> Int64? {
            do { return try r[i].decode(Int64?.self) } catch { throw LabError(.storeFailed, "PostgreSQL: \(PostgresSession.describe(error))") }
        }
        func decimal(_ i: Int) throws(LabError) -> Decimal? {
            try text(i).flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
        }
        // Column i + 1 is eventColumns[i]; column 0 is seq.
        let refLow = try decimal(16), refHigh = try decimal(17), refText = try text(18)
        let range = (refLow == nil && refHigh == nil && refText == nil) ? nil : ReferenceRange(low: refLow, high: refHigh, text: refText)
        return Event(
            seq: try int(0), id: try text(1) ?? "", kind: EventKind(rawValue: try text(2) ?? ""), subject: try text(3) ?? "",
            analyte: AnalyteCoding(system: try text(4) ?? "", code: try text(5) ?? "", display: try text(6) ?? ""),
            specimen: try text(7), value: try decimal(8),
            comparator: try text(10).flatMap(ResultComparator.init(rawValue:)),
            text: try text(11), code: try text(12), unit: try text(13),
            original: OriginalValue(value: try text(14) ?? "", unit: try text(15)),
            referenceRange: range, flag: try text(19), status: ResultStatus(rawValue: try text(20) ?? "") ?? .final,
            supersedes: try text(21), resultKey: try text(22) ?? "",
            collectedAt: Date(timeIntervalSince1970: Double(try int(23) ?? 0) / 1000),
            collectedOffsetSeconds: Int(try int(24) ?? 0),
            reportedAt: try int(25).map { Date(timeIntervalSince1970: Double($0) / 1000) },
            studyDay: try int(26).map { Int($0) },
            provenance: Provenance(source: try text(27) ?? "", uri: try text(28) ?? "", locator: try text(29) ?? "",
                                   sourceName: try text(30), pipeline: try text(31), parser: try text(32) ?? ""),
            attributes: JSONObjectText.split(try text(33) ?? "{}"), raw: try text(34))
    }

    // MARK: - Sources and quarantine

    static func bind(_ r: SourceRecord, into binds: inout PostgresBindings) {
        binds.append(r.info.sha256)
        binds.append(r.info.uri)
        binds.append(r.info.size)
        binds.append(r.info.format)
        binds.append(r.info.sourceName)
        binds.append(r.info.pipeline)
        binds.append(r.status.rawValue)
        binds.append(Int64(r.counts.read))
        binds.append(Int64(r.counts.appended))
        binds.append(Int64(r.counts.duplicates))
        binds.append(Int64(r.counts.quarantined))
        binds.append(Int64(r.counts.ignored))
        binds.append(r.encoding)
        binds.append(JSONValue.array(r.notes.map(JSONValue.string)).rendered())
        binds.append(r.errorCode)
        binds.append(r.errorMessage)
        binds.append(LabTime.utcString(r.finishedAt))
    }

    /// Decodes a row of `SELECT <sourceColumnList>`.
    static func source(_ row: PostgresRow) throws(LabError) -> SourceRecord {
        do {
            let r = row.makeRandomAccess()
            let notesText = try r[13].decode(String.self)
            let notes = (try? JSONSerialization.jsonObject(with: Data(notesText.utf8))) as? [String] ?? []
            return SourceRecord(
                info: SourceInfo(sha256: try r[0].decode(String.self), uri: try r[1].decode(String.self),
                                 size: try r[2].decode(Int64.self), format: try r[3].decode(String.self),
                                 sourceName: try r[4].decode(String?.self), pipeline: try r[5].decode(String?.self)),
                status: SourceRecord.Status(rawValue: try r[6].decode(String.self)) ?? .failed,
                counts: UnitCounts(read: Int(try r[7].decode(Int64.self)), appended: Int(try r[8].decode(Int64.self)),
                                   duplicates: Int(try r[9].decode(Int64.self)), quarantined: Int(try r[10].decode(Int64.self)),
                                   ignored: Int(try r[11].decode(Int64.self))),
                encoding: try r[12].decode(String?.self), notes: notes, errorCode: try r[14].decode(String?.self),
                errorMessage: try r[15].decode(String?.self),
                finishedAt: ISO8601DateFormatter().date(from: try r[16].decode(String.self)) ?? Date(timeIntervalSince1970: 0))
        } catch {
            throw LabError(.storeFailed, "PostgreSQL: \(PostgresSession.describe(error))")
        }
    }

    /// Decodes a row of `SELECT <quarantineColumnList>`.
    static func quarantineItem(_ row: PostgresRow) throws(LabError) -> QuarantineItem {
        do {
            let r = row.makeRandomAccess()
            return QuarantineItem(
                id: try r[0].decode(Int64.self), source: try r[1].decode(String.self), uri: try r[2].decode(String.self),
                reason: ReasonCode(try r[3].decode(String.self)), message: try r[4].decode(String.self),
                locator: try r[5].decode(String.self), raw: try r[6].decode(String.self), status: try r[7].decode(String.self),
                createdAt: ISO8601DateFormatter().date(from: try r[8].decode(String.self)) ?? Date(timeIntervalSince1970: 0))
        } catch {
            throw LabError(.storeFailed, "PostgreSQL: \(PostgresSession.describe(error))")
        }
    }
}
#endif
