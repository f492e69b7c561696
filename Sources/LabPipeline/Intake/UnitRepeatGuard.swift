import LabCore

/// Keeps one unit of work from silently correcting itself.
///
/// Two events of one file with the same result key (subject, analyte, specimen, and the sender's result id, or
/// the time when there is none) and the same status, but different ids (another value, unit or flag after normalization), would be
/// stored as the second *correcting* the first, and the first would vanish from current results. Inside one
/// file that is no correction: an analyzer repeating an observation code in an order, a plate with two CAR
/// assays under one analyte, a sample written twice. So the later one is quarantined
/// (`record.ambiguous-repeat`); an event with the same id is let through (the store counts it a duplicate), and
/// a change of status (preliminary → final, a correction, a cancellation) is left to the store's rules.
///
/// Memory is bounded: only the last `window` result keys are remembered, as 64-bit prefixes of their SHA-256
/// texts (repeats of one result sit close together: one order, one plate, one table).
struct UnitRepeatGuard {
    static let window = 16_384

    private struct Seen {
        var id: UInt64
        var status: ResultStatus
        var locator: String
    }
    private var seen: [UInt64: Seen] = [:]
    private var order: [UInt64] = []
    private var next = 0

    /// The error to quarantine `event` with, or nil to let it through.
    mutating func check(_ event: Event) -> LabError? {
        let key = Self.prefix(event.resultKey), id = Self.prefix(event.id)
        if let first = seen[key] {
            guard first.status == event.status, first.id != id else { return nil }
            return LabError(.recordAmbiguousRepeat,
                            "repeats the result of \(first.locator) (same subject, analyte, specimen and result id, or time without one) with another value; a repeat within one file is not a correction, so neither is preferred")
        }
        if order.count < Self.window {
            order.append(key)
        } else {
            seen[order[next]] = nil
            order[next] = key
            next = (next + 1) % Self.window
        }
        seen[key] = Seen(id: id, status: event.status, locator: event.provenance.locator)
        return nil
    }

    /// The first 16 hex digits after `sha256:` as a number (ids and result keys are SHA-256 texts).
    static func prefix(_ text: String) -> UInt64 {
        var value: UInt64 = 0
        var digits = 0
        for b in text.utf8.dropFirst(7) {
            guard digits < 16 else { break }
            let d: UInt64
            switch b {
            case 0x30...0x39: d = UInt64(b - 0x30)
            case 0x61...0x66: d = UInt64(b - 0x61 + 10)
            default: continue
            }
            value = value << 4 | d
            digits += 1
        }
        return value
    }
}
