import Foundation
import LabCore

/// The two synthetic laboratories. Each has its own encoding, codes, unit spellings, precision, reference
/// ranges and time habit:
/// - **central** (`CENTRAL-LAB`, Site 01): HL7 v2.xml, LOINC codes, US units (`/uL`, `K/uL`, `g/dL`,
///   `mg/dL`), times with a UTC offset (`+0800`), specimen in SPM.
/// - **regional** (`REGIONAL-LAB`, Site 02): HL7 ER7 batches, local codes with catalogue-alias names, SI
///   units (`10^9/L`, `g/L`, `µmol/L`, `U/l`), local times without an offset (the pipeline's zone,
///   Asia/Shanghai, applies), specimen in OBR-15.
public enum SynthLab: String, Sendable, CaseIterable {
    case central, regional

    public var facility: String { self == .central ? "CENTRAL-LAB" : "REGIONAL-LAB" }
    public var application: String { self == .central ? "CLIS" : "RLIS" }
    /// Both sites are in UTC+8 (no daylight saving time).
    public static let offsetMinutes = 480

    /// How this lab reports `analyte`.
    func spec(_ analyte: SynthAnalyte) -> SynthLabSpec {
        switch (self, analyte) {
        case (.central, .wbc): return .init(analyte, "6690-2", "Leukocytes [#/volume] in Blood", "LN", unit: "K/uL", quantum: 0.1, range: (4.0, 10.0), conversion: .factor(1))
        case (.central, .anc): return .init(analyte, "751-8", "Neutrophils [#/volume] in Blood", "LN", unit: "/uL", quantum: 10, range: (1800, 7700), conversion: .factor(Decimal(string: "0.001")!), lod: 10)
        case (.central, .alc): return .init(analyte, "731-0", "Lymphocytes [#/volume] in Blood", "LN", unit: "/uL", quantum: 10, range: (1000, 4800), conversion: .factor(Decimal(string: "0.001")!), lod: 10)
        case (.central, .plt): return .init(analyte, "777-3", "Platelets [#/volume] in Blood", "LN", unit: "K/uL", quantum: 1, range: (150, 400), conversion: .factor(1))
        case (.central, .hb): return .init(analyte, "718-7", "Hemoglobin [Mass/volume] in Blood", "LN", unit: "g/dL", quantum: 0.1, range: (12.0, 16.0), conversion: .factor(10))
        case (.central, .ast): return .init(analyte, "1920-8", "AST [Enzymatic activity/volume] in Serum or Plasma", "LN", unit: "U/L", quantum: 1, range: (10, 40), conversion: .factor(1))
        case (.central, .alt): return .init(analyte, "1742-6", "ALT [Enzymatic activity/volume] in Serum or Plasma", "LN", unit: "U/L", quantum: 1, range: (7, 56), conversion: .factor(1))
        case (.central, .bilirubin): return .init(analyte, "1975-2", "Bilirubin.total [Mass/volume] in Serum or Plasma", "LN", unit: "mg/dL", quantum: 0.1, range: (0.1, 1.2), conversion: .molar(mgdlPerCanonical: Decimal(string: "584.66")!))
        case (.central, .creatinine): return .init(analyte, "2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "LN", unit: "mg/dL", quantum: 0.01, range: (0.6, 1.2), conversion: .molar(mgdlPerCanonical: Decimal(string: "113.12")!))
        case (.central, .crp): return .init(analyte, "1988-5", "C reactive protein [Mass/volume] in Serum or Plasma", "LN", unit: "mg/dL", quantum: 0.01, range: (0, 0.5), conversion: .factor(10))
        case (.central, .ferritin): return .init(analyte, "2276-4", "Ferritin [Mass/volume] in Serum or Plasma", "LN", unit: "ng/mL", quantum: 1, range: (30, 400), conversion: .factor(1))
        case (.central, .marrowBlasts): return .init(analyte, "LI-MARROW-BLASTS", "Marrow blasts", "LABINGEST", unit: "%", quantum: 0.1, range: nil, conversion: .factor(1), rangeText: "<5")
        case (.regional, .wbc): return .init(analyte, "WBC", "WBC", "L", unit: "10^9/L", quantum: 0.01, range: (3.5, 9.5), conversion: .factor(1))
        case (.regional, .anc): return .init(analyte, "NEUTA", "Neutrophils abs", "L", unit: "10^9/L", quantum: 0.01, range: (1.8, 6.3), conversion: .factor(1), lod: Decimal(string: "0.01")!)
        case (.regional, .alc): return .init(analyte, "LYMA", "Lymphocytes abs", "L", unit: "10^9/L", quantum: 0.01, range: (1.1, 3.2), conversion: .factor(1), lod: Decimal(string: "0.01")!)
        case (.regional, .plt): return .init(analyte, "PLT", "Platelet count", "L", unit: "10^9/L", quantum: 1, range: (125, 350), conversion: .factor(1))
        case (.regional, .hb): return .init(analyte, "HGB", "Hemoglobin", "L", unit: "g/L", quantum: 1, range: (115, 150), conversion: .factor(1))
        case (.regional, .ast): return .init(analyte, "AST", "AST", "L", unit: "U/l", quantum: 1, range: (13, 35), conversion: .factor(1))
        case (.regional, .alt): return .init(analyte, "ALT", "ALT", "L", unit: "U/l", quantum: 1, range: (7, 40), conversion: .factor(1))
        case (.regional, .bilirubin): return .init(analyte, "TBIL", "Bilirubin total", "L", unit: "µmol/L", quantum: 0.1, range: (3.4, 20.5), conversion: .factor(1))
        case (.regional, .creatinine): return .init(analyte, "CREA", "Creatinine", "L", unit: "µmol/L", quantum: 1, range: (41, 81), conversion: .factor(1))
        case (.regional, .crp): return .init(analyte, "CRP", "C-reactive protein", "L", unit: "mg/L", quantum: 0.1, range: (0, 10), conversion: .factor(1))
        case (.regional, .ferritin): return .init(analyte, "FERR", "Ferritin", "L", unit: "ug/L", quantum: 1, range: (15, 150), conversion: .factor(1))
        case (.regional, .marrowBlasts): return .init(analyte, "BMBL", "Bone marrow blasts", "L", unit: "%", quantum: 0.1, range: (0, 5), conversion: .factor(1))
        }
    }
}

/// The event coding and canonical unit a synthetic analyte normalizes to (the catalogue's entries).
extension SynthAnalyte {
    var canonical: (system: String, code: String, unit: String) {
        switch self {
        case .wbc: return ("LOINC", "6690-2", "10*9/L")
        case .anc: return ("LOINC", "751-8", "10*9/L")
        case .alc: return ("LOINC", "731-0", "10*9/L")
        case .plt: return ("LOINC", "777-3", "10*9/L")
        case .hb: return ("LOINC", "718-7", "g/L")
        case .ast: return ("LOINC", "1920-8", "U/L")
        case .alt: return ("LOINC", "1742-6", "U/L")
        case .bilirubin: return ("LOINC", "1975-2", "umol/L")
        case .creatinine: return ("LOINC", "2160-0", "umol/L")
        case .crp: return ("LOINC", "1988-5", "mg/L")
        case .ferritin: return ("LOINC", "2276-4", "ug/L")
        case .marrowBlasts: return ("LABINGEST", "LI-MARROW-BLASTS", "%")
        }
    }
}

/// How one lab reports one analyte, and what the reported text must normalize to.
struct SynthLabSpec: Sendable {
    enum Conversion: Sendable {
        /// canonical = reported × factor (exact).
        case factor(Decimal)
        /// Reported in mg/dL, canonical µmol/L through the molar mass (g/mol): canonical = mg/dL × 10000 / M,
        /// rounded to max(5, significant digits + 2) significant digits (the normalizer's documented rule).
        case molar(mgdlPerCanonical: Decimal)
    }

    var analyte: SynthAnalyte
    var code: String
    var display: String
    var system: String
    var unit: String
    /// The lab's resolution in its unit (10 /uL, 0.1 g/dL).
    var quantum: Double
    var range: (low: Double, high: Double)?
    var conversion: Conversion
    /// Values below this are reported as `<lod`.
    var lod: Decimal?
    var rangeText: String?

    init(_ analyte: SynthAnalyte, _ code: String, _ display: String, _ system: String, unit: String, quantum: Double,
         range: (Double, Double)?, conversion: Conversion, lod: Decimal? = nil, rangeText: String? = nil) {
        self.analyte = analyte
        self.code = code
        self.display = display
        self.system = system
        self.unit = unit
        self.quantum = quantum
        self.range = range
        self.conversion = conversion
        self.lod = lod
        self.rangeText = rangeText
    }

    var decimals: Int { quantum >= 1 ? 0 : Int((-Foundation.log10(quantum)).rounded()) }

    /// Text of a number in this lab's precision (`1230`, `0.8`, `4.50`).
    func text(_ value: Double) -> String {
        String(format: "%.\(decimals)f", value)
    }

    /// The reference range as the lab prints it (`1800-7700`, `0.1-1.2`).
    var referenceRange: String? {
        if let rangeText { return rangeText }
        guard let range else { return nil }
        return text(range.low) + "-" + text(range.high)
    }

    /// The lab's measurement of a true canonical value: its text, flag, and the normalized truth.
    func measure(_ canonicalValue: Double) -> (text: String, flag: String?, expected: SynthExpectedValue) {
        let inLabUnit: Double
        switch conversion {
        case .factor(let f): inLabUnit = canonicalValue / NSDecimalNumber(decimal: f).doubleValue
        case .molar(let m): inLabUnit = canonicalValue * NSDecimalNumber(decimal: m).doubleValue / 10_000
        }
        let q = max(0, (inLabUnit / quantum).rounded() * quantum)
        var text = self.text(q)
        var comparator: String?
        var number = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!
        if let lod, number < lod {
            text = "<" + DecimalText.format(lod)
            number = lod
            comparator = "<"
        }
        var flag: String?
        if let range {
            let v = NSDecimalNumber(decimal: number).doubleValue
            flag = v < range.low ? "L" : (v > range.high ? "H" : "N")
        } else if rangeText == "<5" {
            flag = NSDecimalNumber(decimal: number).doubleValue >= 5 ? "H" : "N"
        }
        return (text, flag, expected(number: number, written: text, comparator: comparator))
    }

    /// The normalized value of a reported number (see `Conversion`).
    func expected(number: Decimal, written: String, comparator: String?) -> SynthExpectedValue {
        let canon = analyte.canonical
        let value: Decimal
        switch conversion {
        case .factor(let f): value = number * f
        case .molar(let m):
            let digits = DecimalText.significantDigits(in: written)
            value = DecimalText.round(number * 10_000 / m, significantDigits: max(5, digits + 2))
        }
        return SynthExpectedValue(system: canon.system, code: canon.code, unit: canon.unit, value: value, comparator: comparator, text: nil)
    }
}

/// What a generated result must look like once normalized and stored.
public struct SynthExpectedValue: Sendable, Equatable {
    public var system: String
    public var code: String
    public var unit: String?
    public var value: Decimal?
    public var comparator: String?
    public var text: String?
}
