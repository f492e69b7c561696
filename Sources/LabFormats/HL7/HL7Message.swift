import Foundation
import LabCore

/// The intermediate HL7 v2 message model shared by the ER7 and XML readers.
///
/// Both encodings are reduced to the same shape (segment → fields → repetitions → components →
/// subcomponents, all 1-based positions, text already unescaped), so one mapper turns either into
/// observations and an ER7 message and its v2.xml twin give identical results.
///
/// Storage is flat: one cell per subcomponent that was set, its position packed in one integer key. A
/// nested `[[[[String]]]]` cost four levels of arrays per segment to build and to free, a quarter of the
/// parse of a large batch; a segment has a few dozen cells, so reading one is a short scan.
public struct HL7Segment: Sendable, Equatable {
    /// Segment id (`MSH`, `OBX`, `ZXY`).
    public var name: String
    /// 1-based line in the source where the segment starts (ER7 line or XML line).
    public var line: Int?
    /// True when a text node or field of this segment was over the size cap and was cut.
    public var oversized: Bool
    /// True when something was set at a position beyond `maxPosition` (not kept): the message then fails,
    /// so no value is silently lost.
    public private(set) var overflowed = false

    /// A set subcomponent: its packed position and text.
    struct Cell: Sendable, Equatable {
        var key: UInt64
        var text: String
        var field: Int { Int(key >> 48) }
        var repetition: Int { Int((key >> 32) & 0xFFFF) }
        var component: Int { Int((key >> 16) & 0xFFFF) }
        var subcomponent: Int { Int(key & 0xFFFF) }
    }
    /// Cells in the order set; one per position (setting a position again replaces its text).
    private var cells: [Cell] = []
    /// Whether `cells` is in key order (it is, unless a document sets positions out of order).
    private var ordered = true
    /// Repetitions of each field (index 0 is field 1): the field count is `repetitionCounts.count`.
    private var repetitionCounts: [Int] = []

    /// Positions beyond this are not kept (a key packs 16 bits per level).
    static let maxPosition = 0xFFFF

    public init(name: String, line: Int? = nil, oversized: Bool = false) {
        self.name = name
        self.line = line
        self.oversized = oversized
        // Room for a typical OBX or PID from the start: growing 1, 2, 4… cost eight reallocations per OBX.
        cells.reserveCapacity(24)
        repetitionCounts.reserveCapacity(20)
    }

    private static func key(_ field: Int, _ rep: Int, _ comp: Int, _ sub: Int) -> UInt64 {
        UInt64(field) << 48 | UInt64(rep) << 32 | UInt64(comp) << 16 | UInt64(sub)
    }

    private static func valid(_ field: Int, _ rep: Int, _ comp: Int, _ sub: Int) -> Bool {
        field >= 1 && rep >= 0 && comp >= 1 && sub >= 1
            && field <= maxPosition && rep < maxPosition && comp <= maxPosition && sub <= maxPosition
    }

    /// The text at field/repetition/component/subcomponent (1-based, repetition 0-based), "" when absent.
    /// The HL7 explicit null `""` reads as "".
    public func value(_ field: Int, rep: Int = 0, comp: Int = 1, sub: Int = 1) -> String {
        guard Self.valid(field, rep, comp, sub) else { return "" }
        let k = Self.key(field, rep, comp, sub)
        for cell in cells where cell.key == k {
            return cell.text == "\"\"" ? "" : cell.text
        }
        return ""
    }

    /// Trimmed `value(...)`, nil when empty.
    public func text(_ field: Int, rep: Int = 0, comp: Int = 1, sub: Int = 1) -> String? {
        let v = value(field, rep: rep, comp: comp, sub: sub).trimmed()
        return v.isEmpty ? nil : v
    }

    /// Number of repetitions of a field (0 when absent).
    public func repetitions(_ field: Int) -> Int {
        field >= 1 && field <= repetitionCounts.count ? repetitionCounts[field - 1] : 0
    }

    /// Number of fields (the highest field position set or started).
    public var fieldCount: Int { repetitionCounts.count }

    /// Whether a repetition holds any text other than empty strings and the explicit null `""`.
    public func hasContent(field: Int, rep: Int) -> Bool {
        cells.contains { $0.field == field && $0.repetition == rep && !$0.text.isEmpty && $0.text != "\"\"" }
    }

    /// Whether a field has text beyond its first component (a coded answer `code^text^system` where one
    /// value was due).
    public func hasComponents(field: Int) -> Bool {
        cells.contains { $0.field == field && ($0.component > 1 || $0.subcomponent > 1) && !$0.text.isEmpty && $0.text != "\"\"" }
    }

    /// All cells in position order (no copy unless set out of order).
    var cellsInOrder: [Cell] { ordered ? cells : cells.sorted { $0.key < $1.key } }

    // MARK: - Building

    /// Sets one subcomponent (a position set again gets the new text).
    public mutating func set(_ text: String, field: Int, rep: Int, comp: Int, sub: Int) {
        guard Self.valid(field, rep, comp, sub) else {
            if field >= 1 && rep >= 0 && comp >= 1 && sub >= 1 { overflowed = true }
            return
        }
        grow(field: field, repetitions: rep + 1)
        let k = Self.key(field, rep, comp, sub)
        if let last = cells.last, k <= last.key {
            if let i = cells.firstIndex(where: { $0.key == k }) {
                cells[i].text = text
                return
            }
            ordered = false
        }
        cells.append(Cell(key: k, text: text))
    }

    /// Starts a new (empty) repetition of `field` and returns its index.
    public mutating func addRepetition(field: Int) -> Int {
        guard field >= 1, field <= Self.maxPosition, repetitions(field) < Self.maxPosition else {
            if field >= 1 { overflowed = true }
            return Self.maxPosition
        }
        grow(field: field, repetitions: 0)
        repetitionCounts[field - 1] += 1
        return repetitionCounts[field - 1] - 1
    }

    private mutating func grow(field: Int, repetitions: Int) {
        while repetitionCounts.count < field { repetitionCounts.append(0) }
        if repetitionCounts[field - 1] < repetitions { repetitionCounts[field - 1] = repetitions }
    }
}

/// One HL7 message: its segments in order, where it was found, and a message-level failure if any.
public struct HL7Message: Sendable {
    /// 1-based index of the message in the unit of work.
    public var index: Int
    public var segments: [HL7Segment]
    /// Set when the message as a whole cannot be used (a malformed MSH, an oversized text node): every
    /// OBX of it is quarantined with this reason.
    public var failure: LabError?

    public init(index: Int, segments: [HL7Segment] = [], failure: LabError? = nil) {
        self.index = index
        self.segments = segments
        self.failure = failure
    }

    public var line: Int? { segments.first?.line }
}
