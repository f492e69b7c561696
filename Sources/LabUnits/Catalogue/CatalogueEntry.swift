import Foundation

/// One analyte of the catalogue: what a result measures and the unit it is stored in.
///
/// `system` is "LOINC" or "LABINGEST" (the documented local codes such as `LI-MARROW-BLASTS`).
/// `canonicalUnit` is UCUM c/s and is the one place that says which unit an analyte's events carry.
/// `molarMass` (g/mol) enables mass↔amount-of-substance conversion; `forbiddenUnits` lists units that
/// are never converted to or from (an entry `{DDU}` forbids any unit carrying that annotation; any
/// other entry is compared with the reported unit's canonical UCUM text).
public struct CatalogueEntry: Sendable, Hashable, Codable {
    public var system: String
    public var code: String
    public var alternateCodes: [String]
    public var display: String
    public var canonicalUnit: String
    public var molarMass: Decimal?
    public var aliases: [String]
    public var forbiddenUnits: [String]
    /// Why a factor or rule is what it is (documentation only).
    public var note: String?

    public init(system: String = "LOINC", code: String, alternateCodes: [String] = [], display: String,
                canonicalUnit: String, molarMass: Decimal? = nil, aliases: [String] = [],
                forbiddenUnits: [String] = [], note: String? = nil) {
        self.system = system
        self.code = code
        self.alternateCodes = alternateCodes
        self.display = display
        self.canonicalUnit = canonicalUnit
        self.molarMass = molarMass
        self.aliases = aliases
        self.forbiddenUnits = forbiddenUnits
        self.note = note
    }

    private enum CodingKeys: String, CodingKey {
        case system, code, alternateCodes, display, canonicalUnit, molarMass, aliases, forbiddenUnits, note
    }

    /// Molar masses are decimal *text* in the resource ("584.66"), so no binary float ever touches them.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        system = try c.decodeIfPresent(String.self, forKey: .system) ?? "LOINC"
        code = try c.decode(String.self, forKey: .code)
        alternateCodes = try c.decodeIfPresent([String].self, forKey: .alternateCodes) ?? []
        display = try c.decode(String.self, forKey: .display)
        canonicalUnit = try c.decode(String.self, forKey: .canonicalUnit)
        if let text = try c.decodeIfPresent(String.self, forKey: .molarMass) {
            guard let mass = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), mass > 0 else {
                throw DecodingError.dataCorruptedError(forKey: .molarMass, in: c, debugDescription: "molarMass must be positive decimal text")
            }
            molarMass = mass
        } else {
            molarMass = nil
        }
        aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
        forbiddenUnits = try c.decodeIfPresent([String].self, forKey: .forbiddenUnits) ?? []
        note = try c.decodeIfPresent(String.self, forKey: .note)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(system, forKey: .system)
        try c.encode(code, forKey: .code)
        if !alternateCodes.isEmpty { try c.encode(alternateCodes, forKey: .alternateCodes) }
        try c.encode(display, forKey: .display)
        try c.encode(canonicalUnit, forKey: .canonicalUnit)
        if let molarMass { try c.encode("\(molarMass)", forKey: .molarMass) }
        try c.encode(aliases, forKey: .aliases)
        if !forbiddenUnits.isEmpty { try c.encode(forbiddenUnits, forKey: .forbiddenUnits) }
        try c.encodeIfPresent(note, forKey: .note)
    }
}
