import Foundation
import LabCore
import LabFormats

/// Reads `roster.csv`: a header row with at least `subject` and `mrn`; optional `sample_prefix`,
/// `infusion_date` (ISO date) and `site`. Unknown columns are ignored (a roster may carry notes), but a bad
/// date or a duplicate identifier fails the roster: subjects are never guessed.
public enum RosterLoader {
    public static func load(path: String) throws(LabError) -> Roster {
        let source = try FileByteSource(path: path)
        let reader = try DelimitedReader(source, uri: path)
        guard let header = try reader.next() else {
            throw LabError(.rosterInvalid, "the roster is empty", locator: Locator(uri: path, line: 1))
        }
        let keys = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "_") }
        guard let subjectIndex = keys.firstIndex(of: "subject") else {
            throw LabError(.rosterInvalid, "the roster needs a 'subject' column", locator: Locator(uri: path, line: header.line))
        }
        let mrnIndex = keys.firstIndex(of: "mrn")
        let prefixIndex = keys.firstIndex(of: "sample_prefix")
        let dateIndex = keys.firstIndex(of: "infusion_date")
        let siteIndex = keys.firstIndex(of: "site")
        var entries: [RosterEntry] = []
        while let row = try reader.next() {
            if row.isBlank { continue }
            func cell(_ i: Int?) -> String? {
                guard let i, i < row.fields.count else { return nil }
                let v = row.fields[i].trimmingCharacters(in: .whitespaces)
                return v.isEmpty ? nil : v
            }
            guard let subject = cell(subjectIndex) else {
                throw LabError(.rosterInvalid, "a roster row has no subject", locator: Locator(uri: path, line: row.line))
            }
            var infusion: DateComponents?
            if let d = cell(dateIndex) {
                guard let t = LabTime.parse(d), t.precision == .day else {
                    throw LabError(.rosterInvalid, "infusion_date must be an ISO date (YYYY-MM-DD)", locator: Locator(uri: path, line: row.line))
                }
                infusion = DateComponents(year: t.year, month: t.month, day: t.day)
            }
            entries.append(RosterEntry(subject: subject, mrn: cell(mrnIndex), samplePrefix: cell(prefixIndex),
                                       infusionDate: infusion, site: cell(siteIndex)))
        }
        do {
            return try Roster(entries)
        } catch {
            throw error.at(Locator(uri: path))
        }
    }
}
