import Foundation
import LabCore
import LabStore
import LabUnits

/// Turns a format's `Observation` into a canonical `Event`, or says exactly why it cannot.
///
/// Nothing is guessed: a patient not on the roster is `subject.unknown`, a test no catalogue entry or alias
/// identifies is `analyte.unknown`, a unit the analyte cannot be converted from is quarantined with the unit
/// reason. A LOINC-coded analyte that the catalogue lacks is still a result: it keeps the reported unit in
/// canonical UCUM form and `attributes.catalogued = false`.
///
/// A class (all of it immutable) so that handing it to closures and stages never copies its dozen references.
public final class Normalizer: Sendable {
    public struct Context: Sendable {
        public var pipeline: String?
        public var sourceName: String?
        public var timezone: TimeZone
        /// The pipeline (or `--timezone`) names `timezone`. When it does not, an offset-less time is read with the
        /// sender's own offset where the format gives one (`Observation.senderOffsetSeconds`), else in UTC.
        public var timezoneStated: Bool
        public var roster: Roster
        public var sampleID: SampleIDPattern?
        public var specimens: [String: String]
        public var mrnAuthority: String?

        public init(pipeline: String? = nil, sourceName: String? = nil, timezone: TimeZone = TimeZone(identifier: "UTC")!,
                    timezoneStated: Bool = true, roster: Roster, sampleID: SampleIDPattern? = nil,
                    specimens: [String: String] = [:], mrnAuthority: String? = nil) {
            self.pipeline = pipeline
            self.sourceName = sourceName
            self.timezone = timezone
            self.timezoneStated = timezoneStated
            self.roster = roster
            self.sampleID = sampleID
            self.specimens = specimens
            self.mrnAuthority = mrnAuthority
        }
    }

    public let units: UnitNormalizer
    public let catalogue: AnalyteCatalogue
    public let context: Context

    /// Reference ranges already read, by range text, unit and analyte.
    private let ranges = BoundedMemo<RangeKey, ReferenceRange?>()

    struct RangeKey: Hashable, Sendable {
        var converted: Bool
        var text: String
        var unit: String?
        var system: String
        var code: String
    }

    public init(units: UnitNormalizer, catalogue: AnalyteCatalogue, context: Context) {
        self.units = units
        self.catalogue = catalogue
        self.context = context
    }

    /// Local codes for flow populations that no canonical measure maps: stored as reported.
    static let flowGateSystem = "FLOW-GATE"
    static let localSystem = "LABINGEST"

    public func event(from o: Observation, source: SourceInfo, parser: String) throws(LabError) -> Event {
        var attributes = o.attributes
        let entry = try subject(o.subject, locator: o.locator)
        var specimen = o.specimen.map(Normalizer.specimenVocabulary)
        if let visit = entry.visit { attributes["visit"] = .string(visit) }
        if specimen == nil, let code = entry.specimen {
            specimen = context.specimens[code.uppercased()] ?? Normalizer.specimenVocabulary(code)
        }
        let analyte = try self.analyte(o.analyte, locator: o.locator)
        if let original = analyte.originalCode { attributes["reportedCode"] = .string(original) }
        if !analyte.catalogued { attributes["catalogued"] = .bool(false) }

        // Time
        let collected: (date: Date, offsetSeconds: Int)
        switch o.collected {
        case .missing: throw LabError(.timeMissing, "the record has no collection time", locator: o.locator)
        case .unparseable: throw LabError(.timeUnparseable, "the collection time is not an ISO 8601 or HL7 DTM time", locator: o.locator)
        case .time(let t):
            let sender = senderZone(for: o)
            let zone = sender ?? context.timezone
            guard let r = t.resolution(in: zone) else {
                throw LabError(.timeUnparseable, "the collection time does not exist", locator: o.locator)
            }
            // A wall time the zone skips names no instant: which one was meant is not ours to choose.
            if r.fit == .skippedHour {
                throw LabError(.timeUnparseable, "the collection time \(t) falls in the hour \(zone.identifier) skips when its clocks go forward",
                               locator: o.locator)
            }
            // One the zone repeats is kept (the earlier instant) and marked, so the choice is visible.
            if r.fit == .repeatedHour { attributes["collectedZoneFit"] = .string(r.fit.rawValue) }
            collected = (r.date, r.offsetSeconds)
            if t.precision < .minute { attributes["collectedPrecision"] = .string(t.precision.rawValue) }
            if t.offsetSeconds == nil { attributes["collectedZone"] = .string(sender.map { "sender \($0.identifier)" } ?? zone.identifier) }
        }
        var reportedAt: Date?
        if case .time(let t) = o.reported { reportedAt = t.resolved(in: senderZone(for: o) ?? context.timezone)?.date }

        // Value and unit
        var value: Decimal?
        var comparator: ResultComparator?
        var text: String?
        var code: String?
        var unit: String?
        var conversion: ((Decimal, Int) throws(LabError) -> Decimal)?
        switch o.value {
        case .reported(let raw):
            switch ReportedValue.parse(raw) {
            case .empty: throw LabError(.valueMissing, "the result has no value", locator: o.locator, field: "value")
            case .number(let n, let c):
                (value, unit, conversion) = try quantity(n, digits: DecimalText.significantDigits(in: raw), unit: o.unit, analyte: analyte, locator: o.locator)
                comparator = c
            case .text(let t):
                // Digits without words are a number we cannot read ("1,5", "12..3"): never store that as text.
                guard Self.isTextResult(t) else {
                    throw LabError(.valueUnparseable, "the value is neither a number nor a text result", locator: o.locator, field: "value")
                }
                text = t
            }
        case .number(let n, let c, let original):
            (value, unit, conversion) = try quantity(n, digits: max(DecimalText.significantDigits(in: original), 4), unit: o.unit, analyte: analyte, locator: o.locator)
            comparator = c
        case .text(let t):
            text = t
            unit = analyte.entry?.canonicalUnit ?? o.unit
        case .coded(let c, let display, _):
            code = c
            text = display
        }

        let range = o.referenceRange.flatMap { text in
            // A lab repeats a handful of ranges per analyte: read and convert each once.
            // Whether there is a conversion is part of the key: a text result's range is kept unconverted.
            let key = RangeKey(converted: conversion != nil, text: text, unit: o.unit, system: analyte.coding.system,
                               code: analyte.coding.code)
            return ranges.value(for: key) { referenceRange(text, conversion: conversion) }
        }
        let coding = analyte.coding
        let id = EventIdentity.eventID(kind: o.kind, subject: entry.subject, analyte: coding, specimen: specimen,
                                       collectedAt: collected.date, resultID: o.resultID, status: o.status, value: value,
                                       comparator: comparator, text: text, code: code, unit: unit)
        let key = EventIdentity.resultKey(kind: o.kind, subject: entry.subject, analyte: coding, specimen: specimen,
                                          collectedAt: collected.date, resultID: o.resultID)
        var studyDay: Int?
        if let day0 = entry.infusionDate {
            studyDay = LabTime.studyDay(of: collected.date, offsetSeconds: collected.offsetSeconds, day0: day0)
        }
        return Event(
            id: id, kind: o.kind, subject: entry.subject, analyte: coding, specimen: specimen, value: value,
            comparator: comparator, text: text, code: code, unit: unit,
            original: OriginalValue(value: o.value.originalText, unit: o.unit), referenceRange: range, flag: o.flag,
            status: o.status, resultKey: key, collectedAt: collected.date, collectedOffsetSeconds: collected.offsetSeconds,
            reportedAt: reportedAt, studyDay: studyDay,
            provenance: Provenance(source: source.sha256, uri: source.uri, locator: o.locator.description,
                                   sourceName: context.sourceName, pipeline: context.pipeline, parser: parser),
            attributes: attributes, raw: o.raw)
    }

    // MARK: - Subject

    struct ResolvedSubject {
        var subject: String
        var infusionDate: DateComponents?
        var visit: String?
        var specimen: String?
    }

    func subject(_ ref: SubjectReference, locator: Locator) throws(LabError) -> ResolvedSubject {
        if ref.isEmpty { throw LabError(.subjectMissing, "the record names no patient or sample", locator: locator) }
        func resolved(_ e: RosterEntry, visit: String? = nil, specimen: String? = nil) -> ResolvedSubject {
            ResolvedSubject(subject: e.subject, infusionDate: e.infusionDate, visit: visit, specimen: specimen)
        }
        if let id = ref.subjectID {
            if let e = context.roster.entry(forSubjectOrPrefix: id) { return resolved(e) }
            throw LabError(.subjectUnknown, "the subject is not on the roster", locator: locator, field: "subject")
        }
        if !ref.identifiers.isEmpty {
            // Only identifiers of the configured assigning authority when there is one; otherwise those typed MR
            // first, then the others, each in the order sent.
            if let want = context.mrnAuthority {
                for identifier in ref.identifiers where identifier.authority == want {
                    if let e = context.roster.entry(forMRN: identifier.value) { return resolved(e) }
                }
            } else {
                func isMR(_ i: SubjectReference.Identifier) -> Bool { i.type == "MR" || i.type?.uppercased() == "MR" }
                for identifier in ref.identifiers where isMR(identifier) {
                    if let e = context.roster.entry(forMRN: identifier.value) { return resolved(e) }
                }
                for identifier in ref.identifiers where !isMR(identifier) {
                    if let e = context.roster.entry(forMRN: identifier.value) { return resolved(e) }
                }
            }
            if ref.sampleID == nil {
                throw LabError(.subjectUnknown, "no patient identifier of the record is on the roster", locator: locator, field: "subject")
            }
        }
        if let sample = ref.sampleID {
            let pattern = context.sampleID ?? .default
            guard let m = pattern.match(sample) else {
                throw LabError(.subjectUnknown, "the sample id does not match the source's sample-id pattern", locator: locator, field: "sample-id")
            }
            guard let e = context.roster.entry(forSubjectOrPrefix: m.subject) else {
                throw LabError(.subjectUnknown, "the sample's subject is not on the roster", locator: locator, field: "sample-id")
            }
            return resolved(e, visit: m.visit, specimen: m.specimen)
        }
        throw LabError(.subjectUnknown, "the patient is not on the roster", locator: locator)
    }

    // MARK: - Analyte

    struct ResolvedAnalyte {
        var coding: AnalyteCoding
        var entry: CatalogueEntry?
        var catalogued: Bool { entry != nil || coding.system == Normalizer.localSystem }
        var originalCode: String?
    }

    func analyte(_ ref: AnalyteReference, locator: Locator) throws(LabError) -> ResolvedAnalyte {
        func found(_ e: CatalogueEntry, reported: String?) -> ResolvedAnalyte {
            ResolvedAnalyte(coding: AnalyteCoding(system: e.system, code: e.code, display: e.display), entry: e,
                            originalCode: reported == e.code ? nil : reported)
        }
        for c in ref.codings where c.isLOINC {
            if let e = catalogue.entry(code: c.code) { return found(e, reported: c.code) }
        }
        for c in ref.codings where c.system?.uppercased() == Normalizer.localSystem {
            guard let e = catalogue.entry(code: c.code) else {
                throw LabError(.analyteUnknown, "local analyte code is not in the catalogue", locator: locator, field: "analyte")
            }
            return found(e, reported: c.code)
        }
        for c in ref.codings where c.system?.uppercased() == Normalizer.flowGateSystem {
            return ResolvedAnalyte(coding: AnalyteCoding(system: Normalizer.flowGateSystem, code: c.code, display: c.display ?? c.code), entry: nil)
        }
        // Another system's code through the alias index (which holds codes too: a LOINC code sent under a
        // mislabelled system still finds its own entry, a local `WBC` its alias).
        for c in ref.codings where !c.isLOINC {
            if let e = catalogue.entry(alias: c.code) { return found(e, reported: c.code) }
        }
        if let loinc = ref.codings.first(where: \.isLOINC) {
            // Kept as a LOINC code we do not catalogue only if it is one: `QALY` or `6690-3` (a wrong check
            // digit) labelled LN would otherwise be stored as LOINC.
            guard Self.hasLOINCSyntax(loinc.code) else {
                throw LabError(.analyteUnknown, "code \(loinc.code) is labelled LOINC but is not a LOINC code (digits, '-' and the check digit)",
                               locator: locator, field: "analyte")
            }
            return ResolvedAnalyte(coding: AnalyteCoding(system: "LOINC", code: loinc.code, display: loinc.display ?? ref.name ?? loinc.code), entry: nil)
        }
        // A name never overrides a code. A code with LOINC syntax under another system label is a LOINC code
        // we do not know ("1554-5^GLUCOSE^…" is fasting glucose, not the catalogue's "GLUCOSE" 2345-7).
        if let coded = ref.codings.first(where: { Self.hasLOINCSyntax($0.code) }) {
            throw LabError(.analyteUnknown, "code \(coded.code)\(Self.systemNote(coded)) looks like a LOINC code that is not in the catalogue; the test name is not used instead",
                           locator: locator, field: "analyte")
        }
        // Local codes (`LYMA^Lymphocytes abs^L`) may be identified by their name, through the same alias rules.
        if let name = ref.name, let e = catalogue.entry(alias: name) { return found(e, reported: nil) }
        if let first = ref.codings.first {
            throw LabError(.analyteUnknown, "code \(first.code)\(Self.systemNote(first)) and the test name are neither catalogue codes nor aliases",
                           locator: locator, field: "analyte")
        }
        throw LabError(.analyteUnknown, "the test name is not a catalogue alias", locator: locator, field: "analyte")
    }

    static func systemNote(_ c: AnalyteReference.Coding) -> String { c.system.map { " (system \($0))" } ?? " (no system)" }

    /// LOINC code syntax: 1–7 digits, "-", and the mod-10 (Luhn) check digit of those digits.
    static func hasLOINCSyntax(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...7).contains(parts[0].count), parts[1].count == 1,
              let check = parts[1].first?.wholeNumberValue, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        var sum = 0
        for (i, c) in parts[0].reversed().enumerated() {
            let d = c.wholeNumberValue!
            sum += i % 2 == 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d
        }
        return (10 - sum % 10) % 10 == check
    }

    /// Whether a value that is no number reads as a text result: no digits ("Positive"), words first with
    /// digits after ("Reactive 1:80", "Trace 1+"), a titer ("1:80") or a grade ("2+"). A number with something
    /// after it ("5.1 H", "4.1 mmol/L", "140 (repeat)") and digits in any other shape ("1,5", "12..3") are a
    /// number we cannot read, never a text.
    static func isTextResult(_ t: String) -> Bool {
        guard t.contains(where: { $0.isASCII && $0.isNumber }) else { return true }
        if let first = t.first(where: { !$0.isWhitespace }), first.isLetter { return true }
        let compact = t.filter { !$0.isWhitespace }
        return compact.range(of: #"^\d+:\d+$"#, options: .regularExpression) != nil    // titer
            || compact.range(of: #"^\d\+{1,4}$"#, options: .regularExpression) != nil   // grade
    }

    /// The sender's declared offset (a fixed zone, `GMT+0800`) for `o`'s offset-less times, when the pipeline
    /// states no zone of its own; nil: they are read in the pipeline's zone (UTC by default).
    func senderZone(for o: Observation) -> TimeZone? {
        guard !context.timezoneStated, let offset = o.senderOffsetSeconds else { return nil }
        return TimeZone(secondsFromGMT: offset)
    }

    // MARK: - Quantities

    /// The value in the analyte's canonical unit, that unit, and the conversion (for the reference range).
    func quantity(_ n: Decimal, digits: Int, unit: String?, analyte: ResolvedAnalyte, locator: Locator) throws(LabError)
        -> (Decimal, String?, ((Decimal, Int) throws(LabError) -> Decimal)?) {
        if let entry = analyte.entry {
            do {
                let q = try units.normalize(n, significantDigits: digits, unit: unit, analyte: entry)
                let units = self.units
                return (q.value, q.unit, { (v: Decimal, d: Int) throws(LabError) -> Decimal in
                    try units.normalize(v, significantDigits: d, unit: unit, analyte: entry).value
                })
            } catch {
                throw error.at(locator)
            }
        }
        // Uncatalogued (LOINC or flow gate): keep the number, the unit in canonical UCUM spelling.
        guard let unit, !unit.trimmed().isEmpty else { return (n, nil, { v, _ in v }) }
        do {
            return (n, try units.canonicalForm(of: unit), { v, _ in v })
        } catch {
            throw error.at(locator)
        }
    }

    /// Reads "1.8-7.7", "3.5 - 5.0", "<5", ">=10", "-2 - 2"; converts bounds like the value. A range it cannot
    /// read or convert is kept as text only.
    func referenceRange(_ raw: String, conversion: ((Decimal, Int) throws(LabError) -> Decimal)?) -> ReferenceRange? {
        let text = raw.trimmed()
        if text.isEmpty { return nil }
        func convert(_ s: String) -> Decimal? {
            guard let d = DecimalText.parse(s) else { return nil }
            guard let conversion else { return d }
            return try? conversion(d, DecimalText.significantDigits(in: s))
        }
        // Drop a trailing unit ("3.5 - 5.0 mmol/L"): take the leading numeric part.
        let numericPart = String(text.prefix { "0123456789.-+<>=≤≥ ,".contains($0) }).trimmed()
        if case .number(_, let c?) = ReportedValue.parse(numericPart), let v = DecimalText.parse(String(numericPart.drop { "<>=≤≥ ".contains($0) })) {
            let bound = convert(DecimalText.format(v))
            switch c {
            case .lessThan, .lessOrEqual: return ReferenceRange(low: nil, high: bound, text: text)
            case .greaterThan, .greaterOrEqual: return ReferenceRange(low: bound, high: nil, text: text)
            }
        }
        // low-high, where low may itself be negative.
        let scalars = Array(numericPart)
        for i in scalars.indices where scalars[i] == "-" && i > 0 {
            let low = String(scalars[..<i]).trimmed()
            let high = String(scalars[(i + 1)...]).trimmed()
            if DecimalText.parse(low) != nil, DecimalText.parse(high) != nil {
                return ReferenceRange(low: convert(low), high: convert(high), text: nil)
            }
        }
        return ReferenceRange(low: nil, high: nil, text: text)
    }

    /// The small specimen vocabulary (blood, serum, plasma, bone marrow, csf, urine).
    static func specimenVocabulary(_ raw: String) -> String {
        let t = raw.trimmed().lowercased()
        switch t {
        case "pb", "bld", "blood", "whole blood", "wb", "peripheral blood", "venous blood", "blood venous": return "blood"
        case "ser", "serum", "srm": return "serum"
        case "pla", "plas", "plasma", "plt plasma": return "plasma"
        case "bm", "marrow", "bone marrow", "bone marrow aspirate", "bma", "bmaspirate": return "bone marrow"
        case "csf", "cerebrospinal fluid": return "csf"
        case "ur", "urine", "urn": return "urine"
        case "ser/pla", "serum/plasma", "serpl", "serum or plasma": return "serum/plasma"
        default: return t
        }
    }
}
