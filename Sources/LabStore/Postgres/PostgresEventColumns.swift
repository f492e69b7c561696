#if PostgreSQL
import Foundation
import LabCore
import PostgresNIO

/// Events as one array per column, for `INSERT … SELECT … FROM unnest(…)`: one statement of 36 parameters
/// however many rows. A `VALUES` list binds 34 parameters a row, and PostgreSQL spent more time parsing
/// and binding those than inserting the rows. postgres-nio cannot put NULL in an array, so each row also
/// carries a bit mask of its null columns, and the SELECT turns those cells back into NULL.
struct PostgresEventColumns {
    /// SQL types of `PostgresRows.eventColumns`, in the same order.
    static let types: [String] = PostgresRows.eventColumns.map { column in
        switch column {
        case "value_real": return "float8"
        case "collected_ms", "collected_offset", "reported_ms", "study_day": return "int8"
        default: return "text"
        }
    }

    private var texts: [Int: [String]] = [:]
    private var reals: [Int: [Double]] = [:]
    private var integers: [Int: [Int64]] = [:]
    private var nulls: [Int64] = []
    private(set) var count = 0

    init(capacity: Int) {
        for (k, type) in Self.types.enumerated() {
            switch type {
            case "float8": reals[k] = []; reals[k]!.reserveCapacity(capacity)
            case "int8": integers[k] = []; integers[k]!.reserveCapacity(capacity)
            default: texts[k] = []; texts[k]!.reserveCapacity(capacity)
            }
        }
        nulls.reserveCapacity(capacity)
    }

    /// Adds a row: the event's values exactly as the SQLite store writes them.
    mutating func append(_ e: Event, supersedes: String?) {
        var mask: Int64 = 0
        var k = 0
        func text(_ v: String?) {
            texts[k]!.append(v ?? "")
            if v == nil { mask |= 1 << Int64(k) }
            k += 1
        }
        func integer(_ v: Int64?) {
            integers[k]!.append(v ?? 0)
            if v == nil { mask |= 1 << Int64(k) }
            k += 1
        }
        let value = e.value.map(DecimalText.format)
        text(e.id); text(e.kind.rawValue); text(e.subject)
        text(e.analyte.system); text(e.analyte.code); text(e.analyte.display); text(e.specimen)
        text(value)
        let real = value.flatMap(Double.init)
        reals[k]!.append(real ?? 0)
        if real == nil { mask |= 1 << Int64(k) }
        k += 1
        text(e.comparator?.rawValue); text(e.text); text(e.code); text(e.unit)
        text(e.original.value); text(e.original.unit)
        text(e.referenceRange?.low.map(DecimalText.format)); text(e.referenceRange?.high.map(DecimalText.format))
        text(e.referenceRange?.text); text(e.flag); text(e.status.rawValue); text(supersedes); text(e.resultKey)
        integer(LabTime.millis(e.collectedAt)); integer(Int64(e.collectedOffsetSeconds))
        integer(e.reportedAt.map(LabTime.millis)); integer(e.studyDay.map(Int64.init))
        text(e.provenance.source); text(e.provenance.uri); text(e.provenance.locator)
        text(e.provenance.sourceName); text(e.provenance.pipeline); text(e.provenance.parser)
        text(JSONObjectText.render(e.attributes)); text(e.raw)
        precondition(k == Self.types.count, "PostgresEventColumns out of step with PostgresRows.eventColumns")
        nulls.append(mask)
        count += 1
    }

    /// The column arrays as binds, after whatever `binds` holds already (in `eventColumns` order, then the masks).
    func bind(into binds: inout PostgresBindings) {
        for (k, type) in Self.types.enumerated() {
            switch type {
            case "float8": binds.append(reals[k]!)
            case "int8": binds.append(integers[k]!)
            default: binds.append(texts[k]!)
            }
        }
        binds.append(nulls)
    }

    /// `SELECT <columns>, <base> + t.ord - 1 FROM unnest($first…) WITH ORDINALITY AS t(…)`: the columns in
    /// `eventColumns` order with masked cells as NULL, then a number per row counting on from `base` (an SQL
    /// expression) in row order.
    /// The unnested cell of `column` in `select`'s rows, for a WHERE clause (only for NOT NULL columns: a
    /// masked cell is not turned into NULL here).
    static func cell(_ column: String) -> String {
        guard let k = PostgresRows.eventColumns.firstIndex(of: column) else { preconditionFailure("no event column \(column)") }
        return "t.c\(k)"
    }

    static func select(firstParameter first: Int, numberingFrom base: String) -> String {
        let n = types.count
        let arrays = types.enumerated().map { "$\(first + $0.offset)::\($0.element)[]" } + ["$\(first + n)::int8[]"]
        let names = (0..<n).map { "c\($0)" } + ["nulls", "ord"]
        let columns = (0..<n).map { "CASE WHEN t.nulls & \(Int64(1) << Int64($0)) <> 0 THEN NULL ELSE t.c\($0) END" }
        return "SELECT \(columns.joined(separator: ", ")), \(base) + t.ord - 1 FROM unnest(\(arrays.joined(separator: ", "))) "
            + "WITH ORDINALITY AS t(\(names.joined(separator: ", ")))"
    }
}

#endif
