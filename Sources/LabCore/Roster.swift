import Foundation

/// One study subject on the roster.
public struct RosterEntry: Hashable, Sendable {
    public var subject: String
    public var mrn: String?
    public var samplePrefix: String?
    /// CAR-T infusion date (study day 0), a calendar date.
    public var infusionDate: DateComponents?
    public var site: String?

    public init(subject: String, mrn: String? = nil, samplePrefix: String? = nil, infusionDate: DateComponents? = nil,
                site: String? = nil) {
        self.subject = subject
        self.mrn = mrn
        self.samplePrefix = samplePrefix
        self.infusionDate = infusionDate
        self.site = site
    }
}

/// The mapping from identifiers the sources use (MRN, sample prefix) to study subject ids.
/// Lookups are exact after trimming; case is significant for MRNs, not for subject ids and prefixes.
public struct Roster: Sendable {
    public private(set) var entries: [RosterEntry]
    private var byMRN: [String: Int] = [:]
    private var byName: [String: Int] = [:]

    public init(_ entries: [RosterEntry]) throws(LabError) {
        self.entries = entries
        for (i, e) in entries.enumerated() {
            if let mrn = e.mrn?.trimmed(), !mrn.isEmpty {
                if byMRN[mrn] != nil {
                    throw LabError(.rosterInvalid, "MRN appears twice on the roster (subjects \(entries[byMRN[mrn]!].subject) and \(e.subject))")
                }
                byMRN[mrn] = i
            }
            for key in [e.subject, e.samplePrefix].compactMap({ $0?.trimmed().uppercased() }) where !key.isEmpty {
                if let other = byName[key], other != i {
                    throw LabError(.rosterInvalid, "subject or sample prefix '\(key)' names two subjects")
                }
                byName[key] = i
            }
        }
    }

    public static let empty = try! Roster([])

    public func entry(forMRN mrn: String) -> RosterEntry? {
        byMRN[mrn.trimmed()].map { entries[$0] }
    }

    /// A subject id or a sample prefix.
    public func entry(forSubjectOrPrefix name: String) -> RosterEntry? {
        byName[name.trimmed().uppercased()].map { entries[$0] }
    }

    public func entry(forSubject subject: String) -> RosterEntry? {
        entries.first { $0.subject == subject }
    }
}
