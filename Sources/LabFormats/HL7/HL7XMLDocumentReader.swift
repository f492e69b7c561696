import CLibXML2
import Foundation
import LabCore

/// Reads one XML document with libxml2's SAX2 push parser and turns v2.xml / Mirth elements into
/// `HL7Segment`s for the assembler.
///
/// Element roles are found by name, never by group: a 3-character id (`[A-Z][A-Z0-9]{2}`, any namespace
/// prefix) outside a segment is a segment; inside it `SEG.n` is field n (a repeated element is a new
/// repetition); below a field, `X.n` (`CE.1`, `TS.1`, Mirth's `OBX.5.1`) is component n and below that
/// subcomponent n. Any other element (`ORU_R01.PATIENT_RESULT`, `HL7Message`, a batch wrapper) is a
/// transparent group. `<escape V="…"/>` inserts the escape's text; character references are libxml2's.
///
/// SAX2, not the `xmlTextReader`: the reader builds and frees a tree node for every node it reports, which
/// was more than half of libxml2's share of the parse. The handler sets only the callbacks below; it has no
/// entity, DTD or external-subset callbacks, so nothing is declared, resolved or loaded (the byte guard in
/// front refuses DTD subsets and entity references before libxml2 sees them).
struct HL7XMLDocumentReader {
    let uri: String
    let lineOffset: Int

    /// Reads the document fed by `splitter`, adding segments (and message failures) to `assembler`.
    /// Throws `xml.malformed` (and the splitter's own errors) for the whole unit.
    func read(_ splitter: XMLDocumentSplitter, into assembler: inout HL7MessageAssembler) throws(LabError) -> String? {
        let state = SAXState(SAXCore(uri: uri, splitter: splitter, assembler: assembler))
        let box = Unmanaged.passRetained(state)
        defer {
            assembler = state.core.assembler
            box.release()
        }
        var handler = Self.makeHandler()
        guard let ctxt = xmlCreatePushParserCtxt(&handler, box.toOpaque(), nil, 0, nil) else {
            throw LabError(.xmlMalformed, "libxml2 could not create a parser", locator: Locator(uri: uri))
        }
        defer { xmlFreeParserCtxt(ctxt) }
        _ = xmlCtxtUseOptions(ctxt, LibXML2Support.options)
        state.core.context = ctxt

        let capacity = 64 * 1024
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        while true {
            let n = splitter.serve(buffer, capacity: capacity)
            let status = n > 0 ? xmlParseChunk(ctxt, buffer, n, 0) : xmlParseChunk(ctxt, nil, 0, 1)
            if let error = state.core.thrown { throw error }
            if n < 0 || status != 0 || state.errors.first != nil || splitter.error != nil || ctxt.pointee.wellFormed == 0 {
                throw failure(state, ctxt: ctxt)
            }
            if n <= 0 { break }
        }
        return ctxt.pointee.encoding.map { String(cString: $0) }
    }

    private func failure(_ state: SAXState, ctxt: xmlParserCtxtPtr) -> LabError {
        if let error = state.core.splitter.error { return error }
        if let e = state.errors.first {
            let code: ReasonCode = e.code == XML_ERR_UNDECLARED_ENTITY.rawValue || e.code == XML_WAR_UNDECLARED_ENTITY.rawValue
                ? .xmlEntityForbidden : .xmlMalformed
            return LabError(code, "not well-formed XML: \(e.message)",
                            locator: Locator(uri: uri, line: e.line > 0 ? e.line + lineOffset : nil))
        }
        return LabError(.xmlMalformed, "not well-formed XML",
                        locator: Locator(uri: uri, line: Int(xmlSAX2GetLineNumber(ctxt)) + lineOffset))
    }

    // MARK: - SAX callbacks

    /// The callbacks; everything else (entities, DTD declarations, external subsets, comments) stays unset.
    private static func makeHandler() -> xmlSAXHandler {
        var h = xmlSAXHandler()
        h.initialized = XML_SAX2_MAGIC
        h.startElementNs = { ctx, localname, _, _, _, _, attributeCount, _, attributes in
            SAXState.from(ctx).core.startElement(localname, attributes: attributes, count: Int(attributeCount))
        }
        h.endElementNs = { ctx, _, _, _ in SAXState.from(ctx).core.endElement() }
        h.characters = { ctx, text, length in SAXState.from(ctx).core.characters(text, Int(length)) }
        h.ignorableWhitespace = h.characters
        h.cdataBlock = { ctx, text, length in SAXState.from(ctx).core.characters(text, Int(length)) }
        h.processingInstruction = { ctx, target, _ in SAXState.from(ctx).core.processingInstruction(target) }
        h.reference = { ctx, _ in SAXState.from(ctx).core.entityReference() }
        h.serror = { ctx, error in
            guard let ctx, let error else { return }
            SAXState.from(ctx).errors.record(error)
        }
        return h
    }
}

/// What the C callbacks reach through their context pointer. The state is one struct property, so a callback
/// costs one exclusivity check, not one per field it touches (those checks were a tenth of the parse).
private final class SAXState {
    var core: SAXCore
    let errors = XMLErrorBox()

    init(_ core: SAXCore) { self.core = core }

    static func from(_ ctx: UnsafeMutableRawPointer?) -> SAXState {
        Unmanaged<SAXState>.fromOpaque(ctx!).takeUnretainedValue()
    }
}

/// The reader's state between SAX callbacks (one per document).
private struct SAXCore {
    private enum Kind { case group, segment, field, component, subcomponent, other }
    private struct Frame {
        var kind: Kind
        var position: Int
        var hasChildren = false
        var text = ""
    }

    let uri: String
    let splitter: XMLDocumentSplitter
    var assembler: HL7MessageAssembler
    var context: xmlParserCtxtPtr?
    /// An error raised inside a callback (which cannot throw): the parser is stopped and `read` throws it.
    var thrown: LabError?

    private var stack: [Frame] = []
    private var segment: HL7Segment?
    private var field = 0, rep = 0, comp = 0
    private var separators = HL7Separators.standard
    /// Element names come from the parser's dictionary: one pointer per distinct name for the parser's life,
    /// so each name is decoded and classified once. A small open-addressing table on the pointer (SipHash
    /// per lookup cost more than the lookup saved).
    private var names = [(key: UnsafePointer<xmlChar>?, name: HL7XMLDocumentReader.ElementName?)](repeating: (nil, nil), count: 1024)
    private var namesStored = 0

    init(uri: String, splitter: XMLDocumentSplitter, assembler: HL7MessageAssembler) {
        self.uri = uri
        self.splitter = splitter
        self.assembler = assembler
    }

    private mutating func fail(_ error: LabError) {
        guard thrown == nil else { return }
        thrown = error
        if let context { xmlStopParser(context) }
    }

    private func line() -> Int? { context.map { Int(xmlSAX2GetLineNumber($0)) } }

    private mutating func elementName(_ pointer: UnsafePointer<xmlChar>?) -> HL7XMLDocumentReader.ElementName {
        guard let pointer else { return HL7XMLDocumentReader.ElementName("") }
        let bits = UInt(bitPattern: pointer)
        var slot = Int((bits ^ (bits >> 10)) & 1023)
        while let key = names[slot].key {
            if key == pointer, let known = names[slot].name { return known }
            slot = (slot + 1) & 1023
        }
        let name = HL7XMLDocumentReader.ElementName(String(cString: pointer))
        if namesStored < 768 {  // never full, so a probe always ends
            names[slot] = (pointer, name)
            namesStored += 1
        }
        return name
    }

    /// Attachments are never stored: do not even hold an ED/RP value in memory.
    private func skipsText() -> Bool {
        guard let s = segment, s.name == "OBX", field == 5 else { return false }
        return HL7Value.attachmentTypes.contains(s.value(2).uppercased())
    }

    mutating func startElement(_ localname: UnsafePointer<xmlChar>?, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
                      count: Int) {
        guard thrown == nil else { return }
        let elementLine = splitter.takeElementLine()  // taken for every element, to stay in step
        let element = elementName(localname)
        let parent = stack.last?.kind ?? .group
        if element.name == "escape" && (parent == .field || parent == .component || parent == .subcomponent) {
            // Attributes come as (localname, prefix, URI, value start, value end) pointer quintuples.
            if let attributes {
                for i in 0..<count {
                    guard let name = attributes[5 * i], String(cString: name) == "V",
                          let start = attributes[5 * i + 3], let end = attributes[5 * i + 4] else { continue }
                    let body = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                    stack[stack.count - 1].text += separators.decodeEscape(body) ?? "\\\(body)\\"
                }
            }
            stack.append(Frame(kind: .other, position: 0))
            return
        }
        if !stack.isEmpty { stack[stack.count - 1].hasChildren = true }
        var frame = Frame(kind: .other, position: 0)
        switch parent {
        case .group:
            if element.isSegment {
                segment = HL7Segment(name: element.name, line: elementLine ?? line())
                frame.kind = .segment
            } else {
                frame.kind = .group
            }
        case .segment:
            if let s = segment, let n = element.position, element.prefix == s.name {
                field = n
                rep = segment!.addRepetition(field: n)
                frame = Frame(kind: .field, position: n)
            }
        case .field:
            if let n = element.position { comp = n; frame = Frame(kind: .component, position: n) }
        case .component:
            if let n = element.position { frame = Frame(kind: .subcomponent, position: n) }
        case .subcomponent, .other:
            break
        }
        stack.append(frame)
    }

    mutating func endElement() {
        guard thrown == nil, let frame = stack.popLast() else { return }
        switch frame.kind {
        case .segment:
            guard let s = segment else { return }
            segment = nil
            if s.name == "MSH" || s.name == "FHS" || s.name == "BHS" {
                let f = s.value(1)
                if f.count == 1, let seps = HL7Separators(field: f.first!, encoding: s.value(2)) { separators = seps }
            }
            do throws(LabError) {
                try assembler.add(s)
            } catch {
                fail(error)
                return
            }
            if s.oversized {
                assembler.failOversized(s, LabError(.hl7TextTooLarge, "a text node is larger than max-text-bytes",
                                                    locator: Locator(uri: uri, line: s.line)))
            }
        case .field where !frame.hasChildren:
            segment?.set(frame.text, field: frame.position, rep: rep, comp: 1, sub: 1)
        case .component where !frame.hasChildren:
            segment?.set(frame.text, field: field, rep: rep, comp: frame.position, sub: 1)
        case .subcomponent:
            segment?.set(frame.text, field: field, rep: rep, comp: comp, sub: frame.position)
        default:
            break
        }
    }

    mutating func characters(_ text: UnsafePointer<xmlChar>?, _ length: Int) {
        guard thrown == nil, let text, let top = stack.last,
              top.kind == .field || top.kind == .component || top.kind == .subcomponent, !skipsText() else { return }
        stack[stack.count - 1].text += String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self)
    }

    mutating func processingInstruction(_ target: UnsafePointer<xmlChar>?) {
        guard thrown == nil, let target, String(cString: target) == XMLDocumentSplitter.oversizedMarkerName else { return }
        if segment != nil {
            // Failed once the segment is handed over (at its end): an oversized MSH must fail its own message,
            // not the one before it.
            segment!.oversized = true
        } else {
            assembler.failCurrent(LabError(.hl7TextTooLarge, "a text node is larger than max-text-bytes",
                                           locator: Locator(uri: uri, line: line())))
        }
    }

    /// An entity reference libxml2 did not replace: never declared here (the guard refuses them first).
    mutating func entityReference() {
        fail(LabError(.xmlEntityForbidden, "the document references an entity that is not predefined",
                      locator: Locator(uri: uri, line: line())))
    }
}

extension HL7XMLDocumentReader {
    /// An element's local name and what it can be: a segment id, or `prefix.n`.
    struct ElementName {
        let name: String
        let isSegment: Bool
        /// The text before the last "." (`OBX` of `OBX.5`, `CE` of `CE.1`).
        let prefix: String?
        /// The number after the last "." (1…999).
        let position: Int?

        init(_ name: String) {
            self.name = name
            isSegment = HL7XMLDocumentReader.isSegmentName(name)
            position = HL7XMLDocumentReader.position(name, prefix: nil)
            prefix = position == nil ? nil : name.lastIndex(of: ".").map { String(name[..<$0]) }
        }
    }

    /// `[A-Z][A-Z0-9]{2}`: a segment id.
    static func isSegmentName(_ name: String) -> Bool {
        let u = Array(name.utf8)
        guard u.count == 3 else { return false }
        func upper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
        func digit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        return upper(u[0]) && (upper(u[1]) || digit(u[1])) && (upper(u[2]) || digit(u[2]))
    }

    /// The number after the last "." (`CE.1` → 1, `OBX.5.1` → 1); with `prefix`, the name must be exactly
    /// `prefix.n` (`OBX.5`).
    static func position(_ name: String, prefix: String?) -> Int? {
        guard let dot = name.lastIndex(of: ".") else { return nil }
        if let prefix, name[..<dot] != prefix { return nil }
        guard let n = Int(name[name.index(after: dot)...]), n >= 1, n <= 999 else { return nil }
        return n
    }
}
