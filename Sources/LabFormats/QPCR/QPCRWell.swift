import Foundation
import LabCore

/// What a well is for, read from QuantStudio `Task`, CFX `Content` or RDML sample `type`.
public enum QPCRRole: String, Sendable, Equatable {
    case unknown, standard, ntc, control, empty
}

/// A Cq as reported: a number, "no amplification" (`Undetermined`, `NaN`, no `cq`, a vendor non-detect value),
/// absent, or unreadable text.
public enum QPCRCq: Sendable, Equatable {
    case value(Double)
    case undetermined
    case missing
    case unparseable

    public var number: Double? { if case .value(let v) = self { return v } else { return nil } }
}

/// One input record of a run: a well × target row (QuantStudio/CFX) or an RDML react × data.
public struct QPCRWell: Sendable {
    public var locator: Locator
    public var raw: String
    /// Well position as written (`A1`, `A01`, RDML react id).
    public var position: String
    public var sample: String
    public var target: String
    public var role: QPCRRole
    /// The task/content text when it was not understood (the well is then quarantined).
    public var unknownTask: String?
    public var omitted: Bool
    public var cq: QPCRCq
    /// Standard quantity (copies per reaction) for standards; the instrument's computed quantity for unknowns.
    public var quantity: Double?
    /// The instrument's printed curve for this target (QuantStudio `Slope`, `Y-Intercept`, `R(superscript 2)`, `Efficiency`).
    public var printedSlope: Double?
    public var printedIntercept: Double?
    public var printedR2: Double?
    public var printedEfficiency: Double?
    /// A non-well line inside the results table (footer), kept to be counted as ignored.
    public var isFooter = false
    /// The source itself declares the target a reference gene (RDML target type `ref`).
    public var declaredReference = false

    public init(locator: Locator, raw: String, position: String, sample: String, target: String, role: QPCRRole,
                omitted: Bool = false, cq: QPCRCq, quantity: Double? = nil) {
        self.locator = locator
        self.raw = raw
        self.position = position
        self.sample = sample
        self.target = target
        self.role = role
        self.omitted = omitted
        self.cq = cq
        self.quantity = quantity
    }
}

/// A run's metadata: where the wells came from.
public struct QPCRRunInfo: Sendable {
    public var flavour: String
    public var instrument: String?
    /// The run end time as written (`2010-10-21 00:51:26 AM EDT`).
    public var runEndText: String?
    /// The run end as ISO 8601 text LabTime can read, when it could be read without guessing.
    public var runEndISO: String?
    public var runID: String?

    public init(flavour: String, instrument: String? = nil, runEndText: String? = nil, runEndISO: String? = nil, runID: String? = nil) {
        self.flavour = flavour
        self.instrument = instrument
        self.runEndText = runEndText
        self.runEndISO = runEndISO
        self.runID = runID
    }
}

/// Reading of role and Cq cells, shared by the flavours.
enum QPCRCells {
    /// QuantStudio `Task`, CFX `Content` (suffix `-1`, `-02` dropped), RDML sample `type`.
    static func role(_ text: String) -> QPCRRole? {
        var t = text.trimmingCharacters(in: .whitespaces).lowercased()
        // CFX appends the replicate group number: "Unkn-1", "Std-02".
        if let dash = t.lastIndex(of: "-"), !t[t.index(after: dash)...].isEmpty,
           t[t.index(after: dash)...].allSatisfy({ $0.isASCII && $0.isNumber }) {
            t = String(t[..<dash]).trimmingCharacters(in: .whitespaces)
        }
        switch t {
        case "unknown", "unkn", "unk", "sample", "unknown sample": return .unknown
        case "standard", "std": return .standard
        case "ntc", "no template control": return .ntc
        // RDML `ntp` ("no target present") holds template without the target: a control, not a contamination check.
        case "neg ctrl", "negative control", "neg", "nac", "nrt", "ntp", "pos ctrl", "positive control", "pos",
             "opt", "blocked_ipc", "ipc", "nac_control", "pc_allele_1", "pc_allele_2", "pc_allele_both",
             "negative", "positive", "calibrator":
            return .control
        case "": return nil
        default: return nil
        }
    }

    /// No instrument runs more cycles: a larger "Cq" is a misread number (`25,100` read with the wrong decimal
    /// mark is 25100), never a result.
    static let maxCycles = 100.0

    /// Reads a Cq cell; `nonDetect` turns a vendor's sentinel (40, 100) into "no amplification".
    static func cq(_ text: String, nonDetect: Double?, mark: DecimalMark? = .point) -> QPCRCq {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return .missing }
        switch t.lowercased() {
        case "undetermined", "undet", "undet.", "nan", "n/a", "na", "no ct", "no cq", "none", "-", "—", "no amp",
             "not detected", "nd", "n.d.", "> max cycle":
            return .undetermined
        default: break
        }
        guard let d = DecimalText.parse(t, mark: mark) else { return .unparseable }
        let v = d.qpcrDouble
        if v < 0 { return .undetermined }  // RDML: negative cq = not available (-1.0)
        if let nonDetect, v >= nonDetect { return .undetermined }
        return v > maxCycles ? .unparseable : .value(v)
    }

    /// A number cell (quantity, slope…), or nil when empty/`NaN`/unreadable (or, with no `mark` known, when its
    /// separator could be either).
    static func number(_ text: String?, mark: DecimalMark? = .point) -> Double? {
        guard let text, let d = DecimalText.parse(text, mark: mark) else { return nil }
        let v = d.qpcrDouble
        return v.isFinite ? v : nil
    }
}

extension Decimal {
    /// The nearest Double (for the regression math only; events carry Decimals).
    var qpcrDouble: Double { NSDecimalNumber(decimal: self).doubleValue }
}
