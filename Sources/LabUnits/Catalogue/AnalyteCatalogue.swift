import Foundation
import LabCore

/// The analyte catalogue: LOINC and documented local codes with canonical units, molar masses and the
/// names labs use. Built in from `Tables/AnalytesTable.swift`, extendable per pipeline with `merging(_:)`.
///
/// Lookups never guess: an alias shared by two different entries matches neither.
public struct AnalyteCatalogue: Sendable {
    public private(set) var entries: [CatalogueEntry]
    private var byCode: [String: Int] = [:]
    private var byAlias: [String: Int] = [:]

    public init(entries: [CatalogueEntry]) {
        self.entries = entries
        reindex()
    }

    /// The catalogue bundled with LabUnits.
    public static func builtIn() throws(LabError) -> AnalyteCatalogue {
        struct File: Decodable { var entries: [CatalogueEntry] }
        let file: File = try BuiltInTable.analytes.decode(as: File.self)
        return AnalyteCatalogue(entries: file.entries)
    }

    /// The catalogue with `extra` added; an extra entry with the code of an existing one replaces it.
    public func merging(_ extra: [CatalogueEntry]) -> AnalyteCatalogue {
        var list = entries
        for entry in extra {
            if let i = list.firstIndex(where: { $0.code == entry.code }) { list[i] = entry } else { list.append(entry) }
        }
        return AnalyteCatalogue(entries: list)
    }

    /// The entry whose primary or alternate code is exactly `code`.
    public func entry(code: String) -> CatalogueEntry? {
        byCode[code.trimmed()].map { entries[$0] }
    }

    /// The entry for `code`, or `analyte.unknown`.
    public func require(code: String) throws(LabError) -> CatalogueEntry {
        guard let entry = entry(code: code) else {
            throw LabError(.analyteUnknown, "analyte code is not in the catalogue", field: "analyte")
        }
        return entry
    }

    /// The entry with this alias, code or display name, ignoring case and whitespace; nil when unknown or
    /// ambiguous.
    public func entry(alias: String) -> CatalogueEntry? {
        byAlias[Self.key(alias)].flatMap { $0 >= 0 ? entries[$0] : nil }
    }

    /// Entries whose code, alternate codes, display or aliases contain `text` (case-insensitive).
    public func search(_ text: String) -> [CatalogueEntry] {
        let needle = text.trimmed().lowercased()
        if needle.isEmpty { return entries }
        return entries.filter { entry in
            ([entry.code, entry.display] + entry.alternateCodes + entry.aliases).contains { $0.lowercased().contains(needle) }
        }
    }

    // MARK: - Index

    static func key(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init))
    }

    private mutating func reindex() {
        byCode = [:]
        byAlias = [:]
        for (i, entry) in entries.enumerated() {
            for code in [entry.code] + entry.alternateCodes where byCode[code] == nil || code == entry.code {
                byCode[code] = i
            }
        }
        // Primary codes win over another entry's alternate code.
        for (i, entry) in entries.enumerated() { byCode[entry.code] = i }
        for (i, entry) in entries.enumerated() {
            for name in Set(([entry.code, entry.display] + entry.alternateCodes + entry.aliases).map(Self.key)) where !name.isEmpty {
                if let existing = byAlias[name], existing != i { byAlias[name] = -1 } else { byAlias[name] = i }
            }
        }
    }
}
