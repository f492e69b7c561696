import ArgumentParser
import Foundation
import LabCore
import LabPipeline
import LabStore

extension LabIngest {
    struct Events: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print events from the store, in seq order.")

        @Option(help: "Only this study subject.") var subject: String?
        @Option(help: "Only this analyte code (LOINC or local).") var analyte: String?
        @Option(help: "Only this kind (lab.result, flow.population, qpcr.copies).") var kind: String?
        @Option(help: "Only events after this seq.") var after: Int64?
        @Option(help: "Only events collected at or after this ISO date/time.") var from: String?
        @Option(help: "Only events collected before this ISO date/time.") var to: String?
        @Option(help: "At most this many events.") var limit: Int?
        @Option(help: "Output: table, json (one object per line) or csv.") var format: String = "table"
        @Option(help: "Store path or URL.") var store: String = "labingest.sqlite"

        func validate() throws {
            guard ["table", "json", "csv"].contains(format) else { throw ValidationError("--format must be table, json or csv") }
        }

        func run() throws {
            func instant(_ text: String?, _ name: String) throws -> Date? {
                guard let text else { return nil }
                guard let t = LabTime.parse(text), let r = t.resolved(in: TimeZone(identifier: "UTC")!) else {
                    throw ValidationError("--\(name): not an ISO date or time")
                }
                return r.date
            }
            let query = EventQuery(subject: subject, analyte: analyte, kind: kind.map(EventKind.init(rawValue:)),
                                   afterSeq: after, collectedFrom: try instant(from, "from"),
                                   collectedBefore: try instant(to, "to"), limit: limit)
            let events = try StoreLocation.open(store)
            switch format {
            case "json":
                try events.forEachEvent(query) { print($0.json.rendered()) }
            case "csv":
                print(EventTable.csvHeader)
                try events.forEachEvent(query) { print(EventTable.csvRow($0)) }
            default:
                print(EventTable.header)
                try events.forEachEvent(query) { print(EventTable.row($0)) }
            }
        }
    }
}

/// Text renderings of events for people (table) and spreadsheets (csv).
enum EventTable {
    static let header = "seq    subject   day  collected (UTC)       analyte        value            unit        status      specimen"

    static func row(_ e: Event) -> String {
        let value = e.value.map { (e.comparator?.rawValue ?? "") + DecimalText.format($0) } ?? e.text ?? e.code ?? "-"
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
        return pad(String(e.seq ?? 0), 7) + pad(e.subject, 10) + pad(e.studyDay.map(String.init) ?? "-", 5)
            + pad(LabTime.utcString(e.collectedAt), 22) + pad(e.analyte.code, 15) + pad(value, 17)
            + pad(e.unit ?? "-", 12) + pad(e.status.rawValue, 12) + (e.specimen ?? "-")
    }

    static let csvHeader = "seq,id,kind,subject,analyte_system,analyte_code,analyte_display,specimen,value,comparator,text,unit,original_value,original_unit,flag,status,supersedes,collected_at,collected_offset,study_day,source,locator"

    static func csvRow(_ e: Event) -> String {
        let fields: [String?] = [
            e.seq.map { String($0) }, e.id, e.kind.rawValue, e.subject, e.analyte.system, e.analyte.code, e.analyte.display,
            e.specimen, e.value.map(DecimalText.format), e.comparator?.rawValue, e.text ?? e.code, e.unit, e.original.value,
            e.original.unit, e.flag, e.status.rawValue, e.supersedes, LabTime.utcString(e.collectedAt),
            LabTime.offsetString(e.collectedOffsetSeconds), e.studyDay.map(String.init), e.provenance.uri, e.provenance.locator,
        ]
        return fields.map { f in
            guard let f else { return "" }
            if f.contains(",") || f.contains("\"") || f.contains("\n") { return "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            return f
        }.joined(separator: ",")
    }
}
