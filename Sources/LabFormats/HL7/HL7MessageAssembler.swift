import LabCore

/// Groups a stream of segments into messages (a new message starts at each MSH) and checks batch
/// envelopes: FHS/BHS/BTS/FTS segments are not part of any message; BTS-1 (messages in the batch) and
/// FTS-1 (batches in the file) are compared with what was read and a mismatch is recorded as a note.
///
/// Only the current message is held in memory. Segments before the first MSH (other than envelopes)
/// form a message that fails with `hl7.message-malformed`.
struct HL7MessageAssembler {
    private var current: HL7Message?
    private var messageCount = 0
    private var messagesInBatch = 0
    private var batchCount = 0
    private var inBatch = false
    private(set) var notes: [String] = []
    private let deliver: (HL7Message) throws(LabError) -> Void

    init(deliver: @escaping (HL7Message) throws(LabError) -> Void) {
        self.deliver = deliver
    }

    /// Messages delivered so far.
    var count: Int { messageCount }

    /// The message being assembled, to mark it failed (an oversized text node).
    mutating func failCurrent(_ error: LabError) {
        if current == nil { current = HL7Message(index: messageCount + 1) }
        if current?.failure == nil { current?.failure = error }
    }

    /// An oversized segment that was just added: it fails its message; an oversized batch envelope line
    /// (FHS/BHS/BTS/FTS) belongs to no message and is only noted (failing would invent an empty message).
    mutating func failOversized(_ segment: HL7Segment, _ error: LabError) {
        if ["FHS", "BHS", "BTS", "FTS"].contains(segment.name) {
            notes.append("\(segment.name) at line \(segment.line.map(String.init) ?? "?"): \(error.message)")
        } else {
            failCurrent(error)
        }
    }

    mutating func add(_ segment: HL7Segment) throws(LabError) {
        defer {
            if segment.overflowed {
                failOversized(segment, LabError(.hl7MessageMalformed, "segment \(segment.name) has more than \(HL7Segment.maxPosition) fields, repetitions, components or subcomponents",
                                                locator: Locator(line: segment.line)))
            }
        }
        switch segment.name {
        case "MSH":
            try flush()
            current = HL7Message(index: messageCount + 1, segments: [segment])
            if inBatch { messagesInBatch += 1 }
        case "FHS", "FTS":
            try flush()
            if segment.name == "FTS", let expected = segment.text(1), let n = Int(expected), n != batchCount {
                notes.append("FTS-1 says \(n) batches, \(batchCount) read (line \(segment.line.map(String.init) ?? "?"))")
            }
        case "BHS":
            try flush()
            inBatch = true
            messagesInBatch = 0
            batchCount += 1
        case "BTS":
            try flush()
            if let expected = segment.text(1) {
                if let n = Int(expected), n == messagesInBatch {
                } else {
                    notes.append("BTS-1 says \(expected) messages, \(messagesInBatch) read in batch \(batchCount) (line \(segment.line.map(String.init) ?? "?"))")
                }
            }
            inBatch = false
        default:
            if current == nil {
                current = HL7Message(index: messageCount + 1, failure: LabError(
                    .hl7MessageMalformed, "segment \(segment.name) appears before any MSH segment",
                    locator: Locator(line: segment.line)))
            }
            current?.segments.append(segment)
        }
    }

    /// Delivers the message being assembled, if any.
    mutating func flush() throws(LabError) {
        guard let message = current else { return }
        current = nil
        messageCount += 1
        try deliver(message)
    }
}
