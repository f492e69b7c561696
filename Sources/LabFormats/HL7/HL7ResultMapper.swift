import Foundation
import LabCore

/// Turns one HL7 message (from either encoding) into one `ParseOutput` per OBX segment.
///
/// The mapping (OBX → `lab.result` observation):
/// - subject: every PID-3 repetition except type SS (a social security number is PHI) of the nearest preceding PID (CX.1 value, CX.5 type, CX.4.1
///   authority, CX.4.2 when CX.4.1 is empty); none → the OBX is quarantined `subject.missing`.
/// - analyte: OBX-3 codings from components 1–3, 4–6 and (CWE) 10–12, system as sent; name OBX-3.2
///   (else 3.5, else 3.9).
/// - value by OBX-2: see `HL7Value`.
/// - unit OBX-6.1 (the alternate 6.4 when 6.6 is UCUM and 6.3 is not), range OBX-7, flag OBX-8.1.
/// - status OBX-11: F/U final, P/R/S preliminary, C/A corrected, D/W cancelled, empty final;
///   X → ignored `obx.not-obtained`; I/O/N → ignored `obx.no-result`; anything else quarantined.
/// - specimen: SPM-4 of the OBX's order group (else the latest SPM of the patient), else OBR-15.
/// - collected OBX-14 → OBR-7, else quarantined `time.missing` (never MSH-7, the message's creation time);
///   reported OBR-22 → MSH-7.
/// - resultID: MSH-3.1|MSH-4.1|filler order (OBR-3.1, else ORC-3.1)|OBX-3.1|OBX-4. (A later OBX with the same
///   result and another value is caught after normalization, by `UnitRepeatGuard`.)
/// Never reads PID-5/6/7/9/11/13/14/19 or NK1; raw text is `HL7RawText` of the PID and the OBX.
struct HL7ResultMapper {
    let uri: String
    /// `message N, OBX M`: M counts OBX segments in the message from 1.
    static func path(message: Int, obx: Int) -> String { "message \(message), OBX \(obx)" }

    static let resultMessageTypes: Set<String> = ["ORU", "OUL", "ORF", "OSU"]

    func map(_ message: HL7Message, emit: (ParseOutput) throws(LabError) -> Void) throws(LabError) {
        let segments = message.segments
        let msh = segments.first { $0.name == "MSH" }
        var obxOrdinal = 0
        let obxIndices = segments.indices.filter { segments[$0].name == "OBX" }

        if let failure = message.failure {
            if obxIndices.isEmpty {
                let locator = Locator(uri: uri, line: failure.locator?.line ?? message.line, path: "message \(message.index)")
                try emit(.quarantined(failure.at(locator), raw: HL7RawText.render(segments.filter { $0.name != "PID" })))
            }
            for i in obxIndices {
                obxOrdinal += 1
                let obx = segments[i]
                let locator = Locator(uri: uri, line: obx.line, path: Self.path(message: message.index, obx: obxOrdinal))
                var error = failure
                error.locator = locator
                try emit(.quarantined(error, raw: HL7RawText.render(obx) ?? ""))
            }
            return
        }

        let messageType = msh?.text(9) ?? ""
        let isResultMessage = Self.resultMessageTypes.contains(messageType.uppercased())
        let context = MessageContext(segments: segments)
        for i in obxIndices {
            obxOrdinal += 1
            let locator = Locator(uri: uri, line: segments[i].line, path: Self.path(message: message.index, obx: obxOrdinal))
            if !isResultMessage {
                try emit(.ignored(.hl7NotResultMessage, locator, detail: "message type \(messageType)^\(msh?.text(9, comp: 2) ?? "")"))
                continue
            }
            try emit(mapOBX(at: i, context: context, msh: msh, message: message, locator: locator))
        }
    }

    // MARK: - One OBX

    private func mapOBX(at index: Int, context: MessageContext, msh: HL7Segment?, message: HL7Message,
                        locator: Locator) -> ParseOutput {
        let obx = context.segments[index]
        let messageType = msh?.text(9) ?? ""
        let pid = context.pid(before: index)
        let raw = [pid.flatMap { context.renderedPID($0) }, HL7RawText.render(obx)].compactMap { $0 }.joined(separator: "\n")
        func quarantine(_ code: ReasonCode, _ text: String, field: String? = nil) -> ParseOutput {
            .quarantined(LabError(code, text, locator: locator, field: field), raw: raw)
        }
        let valueType = (obx.text(2) ?? "").uppercased()
        let status = (obx.text(11) ?? "").uppercased()
        if HL7Value.attachmentTypes.contains(valueType) {
            return .ignored(.obxAttachment, locator, detail: "OBX-2 \(valueType)")
        }
        if status == "X" { return .ignored(.obxNotObtained, locator, detail: "OBX-11 X") }
        if ["I", "O", "N"].contains(status) { return .ignored(.obxNoResult, locator, detail: "OBX-11 \(status)") }
        let resultStatus: ResultStatus
        switch status {
        case "", "F", "U": resultStatus = .final
        case "P", "R", "S": resultStatus = .preliminary
        case "C", "A": resultStatus = .corrected
        case "D", "W": resultStatus = .cancelled
        default: return quarantine(.statusUnknown, "OBX-11 result status is not in HL7 table 0085", field: "OBX-11")
        }
        if !valueType.isEmpty, !HL7Value.supportedTypes.contains(valueType) {
            return .ignored(.obxUnsupportedType, locator, detail: "OBX-2 \(valueType)")
        }

        // Subject.
        guard let pid else { return quarantine(.subjectMissing, "no PID segment precedes this OBX", field: "PID-3") }
        var identifiers: [SubjectReference.Identifier] = []
        for rep in 0..<pid.repetitions(3) {
            guard let value = pid.text(3, rep: rep, comp: 1) else { continue }
            if HL7RawText.isSocialSecurityNumber(pid, rep: rep) { continue }  // PHI, never an id we match
            identifiers.append(.init(value: value, type: pid.text(3, rep: rep, comp: 5),
                                     authority: pid.text(3, rep: rep, comp: 4, sub: 1) ?? pid.text(3, rep: rep, comp: 4, sub: 2)))
        }
        if identifiers.isEmpty { return quarantine(.subjectMissing, "PID-3 holds no patient identifier", field: "PID-3") }

        // Analyte.
        var codings: [AnalyteReference.Coding] = []
        for base in [1, 4, 10] {
            if let code = obx.text(3, comp: base) {
                codings.append(.init(system: obx.text(3, comp: base + 2), code: code, display: obx.text(3, comp: base + 1)))
            }
        }
        let name = obx.text(3, comp: 2) ?? obx.text(3, comp: 5) ?? obx.text(3, comp: 9)
        if codings.isEmpty && name == nil { return quarantine(.analyteUnknown, "OBX-3 is empty", field: "OBX-3") }

        // Value.
        var attributes: [String: JSONValue] = Dictionary(minimumCapacity: 12)
        let value: ObservationValue
        switch HL7Value.read(obx, type: valueType) {
        case .value(let v, let extra):
            value = v
            for (k, x) in extra { attributes[k] = .string(x) }
        case .missing:
            if resultStatus == .cancelled {
                value = .text("")
            } else {
                return quarantine(.valueMissing, "OBX-5 is empty", field: "OBX-5")
            }
        case .unparseable(let why):
            return quarantine(.valueUnparseable, why, field: "OBX-5")
        }

        // Order context.
        let obr = context.obr(before: index)
        let orc = context.orc(before: index)
        let filler = obr?.text(3) ?? orc?.text(3)
        let resultID: String? = filler.map { filler in
            [msh?.text(3) ?? "", msh?.text(4) ?? "", filler, obx.text(3) ?? "", obx.text(4) ?? ""].joined(separator: "|")
        }

        attributes["valueType"] = .string(valueType.isEmpty ? nil : valueType)
        if let sub = obx.text(4) { attributes["obxSubId"] = .string(sub) }
        if let id = msh?.text(10) { attributes["messageControlId"] = .string(id) }
        if let version = msh?.text(12) { attributes["hl7Version"] = .string(version) }
        if let placer = obr?.text(2) ?? orc?.text(2) { attributes["placerOrder"] = .string(placer) }
        if let filler { attributes["fillerOrder"] = .string(filler) }
        if let lab = obx.text(23) ?? obx.text(15, comp: 2) ?? obx.text(15) { attributes["performingLab"] = .string(lab) }
        if let method = obx.text(17) { attributes["method"] = .string(method) }
        if attributes["valueType"] == .null { attributes["valueType"] = nil }
        // OBX-8 repeats (`L~A`: low, and abnormal): the first is the event's flag, all of them are kept.
        var flag = obx.text(8)
        if obx.repetitions(8) > 1 {
            let flags = (0..<obx.repetitions(8)).compactMap { obx.text(8, rep: $0) }
            flag = flags.first
            if flags.count > 1 { attributes["abnormalFlags"] = .array(flags.map { .string($0) }) }
        }

        // MSH-7 is when the message was made, not when the specimen was taken: never a collection time.
        guard let collectedText = obx.text(14) ?? obr?.text(7) else {
            return quarantine(.timeMissing, "neither OBX-14 nor OBR-7 gives the collection time (MSH-7 is when the message was made)",
                              field: "OBX-14")
        }
        let reportedText = obr?.text(22) ?? msh?.text(7)

        var observation = Observation(
            kind: .labResult, locator: locator,
            subject: SubjectReference(identifiers: identifiers),
            analyte: AnalyteReference(codings: codings, name: name),
            value: value, unit: HL7Value.unit(obx), referenceRange: obx.text(7), flag: flag,
            status: resultStatus, specimen: context.specimen(for: index, specimenFirst: messageType.uppercased() == "OUL"),
            collected: context.time(collectedText), reported: context.time(reportedText),
            resultID: resultID, attributes: attributes, raw: raw)
        // A time without an offset is in the sender's zone (HL7 v2 2.A.22); MSH-7's offset is the sender's clock.
        if case .time(let t) = observation.collected, t.offsetSeconds == nil {
            observation.senderOffsetSeconds = msh.flatMap { $0.text(7) }.flatMap(Self.dtmOffset)
        }
        return .observation(observation)
    }
}

extension HL7ResultMapper {
    /// The offset at the end of an HL7 DTM (`20240311090000+0800` → 28,800 s); nil without a valid one.
    static func dtmOffset(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 9 else { return nil }
        let tail = bytes[(bytes.count - 5)...]
        guard let sign = tail.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
              tail.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let digits = tail.dropFirst().map { Int($0 - 0x30) }
        let hours = digits[0] * 10 + digits[1], minutes = digits[2] * 10 + digits[3]
        guard hours <= 14, minutes < 60 else { return nil }
        return (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}

// MARK: - Message context

/// Positional lookups inside one message: the PID/OBR/ORC an OBX belongs to and its specimen; caches
/// what every OBX of a message repeats (the rendered PID, parsed times). The group each segment belongs to
/// is worked out in one pass when the context is made, so an OBX's lookups do not walk the message again.
final class MessageContext {
    let segments: [HL7Segment]
    private var pidRaw: [Int: String] = [:]
    private var times: [String: ReportedTime] = [:]
    /// Per segment index: the nearest PID before it; the OBR of its order group (not crossing a PID); the
    /// ORC just before that OBR (else before the segment) within the order group.
    private let pidIndex: [Int?]
    private let obrIndex: [Int?]
    private let orcIndex: [Int?]

    init(segments: [HL7Segment]) {
        self.segments = segments
        var pid: Int?, obr: Int?, orcBeforeObr: Int?, orc: Int?
        var pids: [Int?] = [], obrs: [Int?] = [], orcs: [Int?] = []
        for (i, s) in segments.enumerated() {
            // Lookups are for what comes *before* segment i.
            pids.append(pid)
            obrs.append(obr)
            orcs.append(obr != nil ? orcBeforeObr : orc)
            switch s.name {
            case "PID": pid = i; obr = nil; orc = nil; orcBeforeObr = nil
            case "OBR": obr = i; orcBeforeObr = orc; orc = nil
            case "OBX": orc = nil
            case "ORC": orc = i
            default: break
            }
        }
        pidIndex = pids
        obrIndex = obrs
        orcIndex = orcs
    }

    func renderedPID(_ pid: HL7Segment) -> String? {
        let key = pid.line ?? -1
        if let cached = pidRaw[key] { return cached }
        let text = HL7RawText.render(pid)
        pidRaw[key] = text
        return text
    }

    func time(_ text: String?) -> ReportedTime {
        guard let text else { return .missing }
        if let cached = times[text] { return cached }
        let t = ReportedTime(text)
        times[text] = t
        return t
    }

    /// The PID of the patient group the segment at `index` is in.
    func pid(before index: Int) -> HL7Segment? { pidIndex[index].map { segments[$0] } }
    /// The OBR of the order group (not crossing into another patient).
    func obr(before index: Int) -> HL7Segment? { obrIndex[index].map { segments[$0] } }
    /// The ORC of the OBX's order: the one just before its OBR (ORC comes first in the order group).
    func orc(before index: Int) -> HL7Segment? { orcIndex[index].map { segments[$0] } }

    /// SPM-4 of the OBX's specimen, else OBR-15; mapped by `HL7Specimen`. In ORU the SPECIMEN group
    /// follows the OBR's observations (search forward inside the order group); in OUL the SPM comes
    /// before its orders (`specimenFirst`: search back to the PID).
    func specimen(for index: Int, specimenFirst: Bool) -> String? {
        if specimenFirst {
            var i = index - 1
            while i >= 0, segments[i].name != "PID" {
                if segments[i].name == "SPM", let s = HL7Specimen.fromSPM(segments[i]) { return s }
                i -= 1
            }
        } else if let start = obrIndex[index] {
            var i = start + 1
            while i < segments.count, segments[i].name != "OBR", segments[i].name != "PID", segments[i].name != "ORC" {
                if segments[i].name == "SPM", let s = HL7Specimen.fromSPM(segments[i]) { return s }
                i += 1
            }
        }
        if let obr = obr(before: index) { return HL7Specimen.fromOBR15(obr) }
        return nil
    }
}
