import LabCore

/// Keeps one unit of work from silently correcting itself.
///
/// Two events of one file with the same result key (subject, analyte, specimen, and the sender's result id, or
/// the time when there is none) and the same status, but different ids (another value, unit or flag after
/// normalization), would be stored as the second *correcting* the first, and the first would vanish from
/// current results. Inside one file that is no correction: an analyzer repeating an observation code in an
/// order, a plate with two CAR assays under one analyte, a sample written twice. So the later one is
/// quarantined (`record.ambiguous-repeat`); an event with the same id is let through (the store counts it a
/// duplicate), and a change of status (preliminary → final, a correction, a cancellation) is left to the
/// store's rules.
///
/// Memory is bounded and the check costs no hashing: result keys and ids are SHA-256 texts, so 64 bits of
/// each are already uniformly spread. A direct-mapped table of `slots` entries, indexed by the key's low bits,
/// remembers the most recent result in each slot; a later key landing in the same slot replaces it. Repeats
/// of one result sit close together (one order, one plate, one table), far inside what the table holds.
struct UnitRepeatGuard {
    static let slots = 16_384  // a power of two: 16,384 × 33 bytes ≈ 0.5 MB

    private var keys = [UInt64](repeating: 0, count: slots)
    private var ids = [UInt64](repeating: 0, count: slots)
    private var statuses = [ResultStatus?](repeating: nil, count: slots)
    private var locators = [String](repeating: "", count: slots)

    /// The error to quarantine `event` with, or nil to let it through.
    mutating func check(_ event: Event) -> LabError? {
        let key = Self.prefix(event.resultKey), id = Self.prefix(event.id)
        let slot = Int(truncatingIfNeeded: key) & (Self.slots - 1)
        if let status = statuses[slot], keys[slot] == key {
            guard status == event.status, ids[slot] != id else { return nil }
            return LabError(.recordAmbiguousRepeat,
                            "repeats the result of \(locators[slot]) (same subject, analyte, specimen and result id, or time without one) with another value; a repeat within one file is not a correction, so neither is preferred")
        }
        keys[slot] = key
        ids[slot] = id
        statuses[slot] = event.status
        locators[slot] = event.provenance.locator
        return nil
    }

    /// The first 16 hex digits after `sha256:` as a number (ids and result keys are SHA-256 texts); 0 for
    /// text of another shape.
    static func prefix(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { bytes -> UInt64 in
            guard bytes.count >= 23 else { return 0 }
            var value: UInt64 = 0
            for b in bytes[7..<23] {
                let d: UInt8
                switch b {
                case 0x30...0x39: d = b &- 0x30
                case 0x61...0x66: d = b &- 0x61 &+ 10
                default: return 0
                }
                value = value << 4 | UInt64(d)
            }
            return value
        }
    }
}
