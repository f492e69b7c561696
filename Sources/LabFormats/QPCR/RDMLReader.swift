import CLibXML2
import Foundation
import LabCore

/// Streams an RDML document (the MIQE exchange format) through libxml2's reader, one run at a time.
///
/// Master elements `sample` (id, `type` unkn/std/ntc/…, optionally per `targetId`; `quantity` value + unit
/// `cop`; `description`) and `target` (id, `type` toi/ref) come first; then `experiment/run/react/data` with
/// `tar`, `cq`, `excl`, `quant`. Every `react × data` is one record (a react without data is an empty well);
/// amplification/melt data points are skipped without being kept. A run's reactions are buffered until
/// `</run>`, quantified, and emitted. A missing `cq`, a negative `cq` (RDML: −1 = not available) and a vendor
/// sentinel at or above `non-detect-cq` (StepOne 40, LightCycler 96 100) count as no amplification.
///
/// Hostile input: bytes are fed through `xmlReaderForIO` (libxml2 never opens a path), `XML_PARSE_NONET`
/// only, an external-entity loader that refuses, any DTD or entity reference refused, any libxml2 error fails
/// the unit, and input beyond `maxBytes` fails the unit.
struct RDMLReader {
    static let maxBytes = 1 << 30

    let options: QPCROptions
    let manifest: SampleManifest
    let context: ParseContext

    private struct Sample {
        var name: String
        var type: String?
        var typeByTarget: [String: String] = [:]
        var quantity: Double?
        var quantityUnit: String?
        var description: String?
    }

    private final class Input {
        let source: ByteSource
        var total = 0
        var failure: LabError?
        var xmlError: String?
        var xmlErrorLine: Int?
        init(_ source: ByteSource) { self.source = source }
    }

    func parse(_ source: ByteSource, emit: (ParseOutput) throws(LabError) -> Void) throws(LabError) -> ParseSummary {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }  // never fetch or open anything an XML file names
        let input = Input(source)
        let box = Unmanaged.passRetained(input)
        defer { box.release() }
        let options = Int32(XML_PARSE_NONET.rawValue)
        guard let reader = xmlReaderForIO({ ctx, buffer, length in
            guard let ctx, let buffer, length > 0 else { return 0 }
            let input = Unmanaged<Input>.fromOpaque(ctx).takeUnretainedValue()
            if input.failure != nil { return -1 }
            do throws(LabError) {
                let n = try input.source.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length)))
                input.total += n
                if input.total > RDMLReader.maxBytes {
                    input.failure = LabError(.qpcrXMLMalformed, "the RDML document is larger than the size cap")
                    return -1
                }
                return Int32(n)
            } catch {
                input.failure = error
                return -1
            }
        }, nil, box.toOpaque(), nil, nil, options) else {
            throw LabError(.qpcrXMLMalformed, "libxml2 could not start reading the RDML document", locator: Locator(uri: context.uri))
        }
        defer { xmlFreeTextReader(reader) }
        xmlTextReaderSetStructuredErrorHandler(reader, { ctx, error in
            guard let ctx else { return }
            let input = Unmanaged<Input>.fromOpaque(ctx).takeUnretainedValue()
            if input.xmlError == nil {
                input.xmlError = "not well-formed XML"
                if let error { input.xmlErrorLine = Int(error.pointee.line) }
            }
        }, box.toOpaque())
        return try walk(reader, input, emit: emit)
    }

    // MARK: - The walk

    private func walk(_ reader: xmlTextReaderPtr, _ input: Input, emit: (ParseOutput) throws(LabError) -> Void) throws(LabError) -> ParseSummary {
        var stack: [String] = []
        var samples: [String: Sample] = [:]
        var targetTypes: [String: String] = [:]
        var currentSample: Sample?
        var currentTarget: (id: String, type: String?)?
        var experimentID = "", runID = ""
        var run = QPCRRunInfo(flavour: "rdml")
        var wells: [QPCRWell] = []
        var reactID = "", reactSample = "", reactLine = 0, reactHadData = false
        var dataTarget = "", dataCq: String?, dataExcl = false, dataQuant: String?
        var runs = 0
        var plateColumns = 0, rowLabel = "", columnLabel = ""

        func text() -> String {
            guard let p = xmlTextReaderReadString(reader) else { return "" }
            defer { free(p) }  // xmlFree is free() unless custom allocators are installed (we install none); the C global var is not Swift 6-safe
            return String(cString: p).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func attribute(_ name: String) -> String? {
            guard let p = xmlTextReaderGetAttribute(reader, name) else { return nil }
            defer { free(p) }  // xmlFree is free() unless custom allocators are installed (we install none); the C global var is not Swift 6-safe
            return String(cString: p)
        }
        func fail(_ message: String) -> LabError {
            input.failure ?? LabError(.qpcrXMLMalformed, message, locator: Locator(uri: context.uri, line: input.xmlErrorLine ?? Int(xmlTextReaderGetParserLineNumber(reader))))
        }
        func makeWell(hasData: Bool) {
            let sample = samples[reactSample]
            let name = sample.map { s in
                // LightCycler 96 names samples by GUID and keeps the lab's name in <description>.
                if let d = s.description, !d.isEmpty, Self.looksLikeGUID(s.name) { return d }
                return s.name
            } ?? reactSample
            let type = sample.flatMap { $0.typeByTarget[dataTarget] ?? $0.type }
            let role: QPCRRole = hasData ? (type.flatMap(QPCRCells.role) ?? .unknown) : .empty
            let unitOK = sample?.quantityUnit.map { ["cop", "copies", "copy"].contains($0.lowercased()) } ?? true
            var quantity = role == .standard && unitOK ? sample?.quantity : nil
            if role == .unknown, let q = dataQuant { quantity = QPCRCells.number(q) }
            let cq: QPCRCq = hasData ? (dataCq.map { QPCRCells.cq($0, nonDetect: options.nonDetectCq) } ?? .undetermined) : .missing
            var raw = "experiment=\(experimentID) run=\(runID) react=\(reactID) sample=\(name)"
            if hasData { raw += " target=\(dataTarget) cq=\(dataCq ?? "")" + (dataExcl ? " excl" : "") }
            var w = QPCRWell(locator: Locator(uri: context.uri, line: reactLine,
                                              path: "run \(runID), react \(reactID)" + (hasData ? ", target \(dataTarget)" : "")),
                             raw: raw, position: Self.position(reactID, columns: plateColumns, rowLabel: rowLabel, columnLabel: columnLabel), sample: name, target: hasData ? dataTarget : "", role: role,
                             omitted: dataExcl, cq: cq, quantity: quantity)
            if let type, hasData, QPCRCells.role(type) == nil { w.unknownTask = type }
            // RDML declares reference genes itself (target type "ref").
            w.declaredReference = targetTypes[dataTarget] == "ref"
            wells.append(w)
        }

        var skipRead = false
        reading: while true {
            let status = skipRead ? 1 : xmlTextReaderRead(reader)
            skipRead = false
            if status == 0 { break }
            if status < 0 || input.xmlError != nil || input.failure != nil { throw fail("the RDML document is not well-formed XML") }
            let type = xmlTextReaderNodeType(reader)
            if type == Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue) { throw fail("the RDML document has a DTD (refused)") }
            if type == Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue) || type == Int32(XML_READER_TYPE_ENTITY.rawValue) {
                throw fail("the RDML document uses an entity reference (refused)")
            }
            if type == Int32(XML_READER_TYPE_END_ELEMENT.rawValue) {
                let name = stack.popLast() ?? ""
                switch name {
                case "sample" where stack == ["rdml"]:
                    if let s = currentSample { samples[s.name] = s }
                    currentSample = nil
                case "target" where stack == ["rdml"]:
                    if let t = currentTarget { targetTypes[t.id] = t.type?.lowercased() }
                    currentTarget = nil
                case "data" where stack.last == "react":
                    makeWell(hasData: true)
                    reactHadData = true
                    if wells.count > QPCRTextReader.maxRunRows { throw LabError(.qpcrRunTooLarge, "a run holds too many reactions", locator: Locator(uri: context.uri, line: reactLine)) }
                case "react":
                    if !reactHadData { makeWell(hasData: false) }
                case "run":
                    let q = QPCRQuantifier(options: self.options, manifest: manifest, run: run)
                    for output in q.outputs(for: wells) { try emit(output) }
                    wells.removeAll(keepingCapacity: true)
                    runs += 1
                default: break
                }
                continue
            }
            guard type == Int32(XML_READER_TYPE_ELEMENT.rawValue) else { continue }
            let name = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
            let empty = xmlTextReaderIsEmptyElement(reader) == 1
            if stack.isEmpty && name != "rdml" { throw LabError(.qpcrXMLMalformed, "the XML root is not <rdml>", locator: Locator(uri: context.uri)) }
            let parent = stack.last ?? ""
            switch (parent, name) {
            case ("rdml", "sample"): currentSample = Sample(name: attribute("id") ?? "")
            case ("rdml", "target"): currentTarget = (attribute("id") ?? "", nil)
            case ("sample", "type") where stack.count == 2:
                let t = text()
                if let target = attribute("targetId") { currentSample?.typeByTarget[target] = t } else { currentSample?.type = t }
            case ("sample", "description") where stack.count == 2: currentSample?.description = text()
            case ("quantity", "value") where stack.count == 3 && stack[1] == "sample": currentSample?.quantity = QPCRCells.number(text())
            case ("quantity", "unit") where stack.count == 3 && stack[1] == "sample": currentSample?.quantityUnit = text()
            case ("target", "type") where stack.count == 2: currentTarget?.type = text()
            case ("rdml", "experiment"): experimentID = attribute("id") ?? ""
            case ("experiment", "run"):
                runID = attribute("id") ?? ""
                run = QPCRRunInfo(flavour: "rdml", runID: experimentID.isEmpty ? runID : "\(experimentID)/\(runID)")
            case ("run", "instrument"): run.instrument = text()
            case ("pcrFormat", "columns"): plateColumns = Int(text()) ?? 0
            case ("pcrFormat", "rowLabel"): rowLabel = text()
            case ("pcrFormat", "columnLabel"): columnLabel = text()
            case ("run", "runDate"):
                let d = text()
                run.runEndText = d.isEmpty ? nil : d
                run.runEndISO = run.runEndText
            case ("run", "react"):
                reactID = attribute("id") ?? ""
                reactSample = ""
                reactHadData = false
                reactLine = Int(xmlTextReaderGetParserLineNumber(reader))
            case ("react", "sample"): reactSample = attribute("id") ?? ""
            case ("react", "data"):
                dataTarget = ""; dataCq = nil; dataExcl = false; dataQuant = nil
            case ("data", "tar"): dataTarget = attribute("id") ?? ""
            case ("data", "cq"): dataCq = text()
            case ("data", "quant"): dataQuant = text()
            case ("data", "excl"):
                // RDML 1.0/1.1: a boolean flag (`<excl>false</excl>` on every reaction is common); 1.2+: a
                // reason text whose presence excludes. Only an explicit false keeps the reaction.
                let flag = empty ? "" : text().lowercased()
                dataExcl = flag != "false" && flag != "0"
            case ("data", "adp"), ("data", "mdp"):
                // Raw curve points: skip the subtree without reading it into memory.
                if !empty {
                    let n = xmlTextReaderNext(reader)
                    if n < 0 || input.xmlError != nil { throw fail("the RDML document is not well-formed XML") }
                    if n == 0 { break reading }
                    skipRead = true  // the reader now stands on the node after the subtree: dispatch it next turn
                }
                continue
            default: break
            }
            if !empty { stack.append(name) }
        }
        if let failure = input.failure { throw failure }
        return ParseSummary(encoding: "utf-8", notes: ["RDML runs read: \(runs)"])
    }

    /// React ids count wells row by row; with `pcrFormat` labels ABC/123 id 13 on a 12-column plate is B1.
    static func position(_ id: String, columns: Int, rowLabel: String, columnLabel: String) -> String {
        guard let n = Int(id), n >= 1, columns > 0, rowLabel.uppercased() == "ABC", columnLabel == "123" else { return id }
        let row = (n - 1) / columns
        guard row < 26 else { return id }
        return String(UnicodeScalar(UInt8(65 + row))) + String((n - 1) % columns + 1)
    }

    static func looksLikeGUID(_ s: String) -> Bool {
        let parts = s.split(separator: "-")
        return parts.map(\.count) == [8, 4, 4, 4, 12] && s.allSatisfy { $0.isHexDigit || $0 == "-" }
    }
}
