import CLibXML2
import Foundation
import LabCore

/// Reads one XML document with libxml2's streaming reader and turns v2.xml / Mirth elements into
/// `HL7Segment`s for the assembler.
///
/// Element roles are found by name, never by group: a 3-character id (`[A-Z][A-Z0-9]{2}`, any namespace
/// prefix) outside a segment is a segment; inside it `SEG.n` is field n (a repeated element is a new
/// repetition); below a field, `X.n` (`CE.1`, `TS.1`, Mirth's `OBX.5.1`) is component n and below that
/// subcomponent n. Any other element (`ORU_R01.PATIENT_RESULT`, `HL7Message`, a batch wrapper) is a
/// transparent group. `<escape V="…"/>` inserts the escape's text; character references are libxml2's.
struct HL7XMLDocumentReader {
    private enum Kind { case group, segment, field, component, subcomponent, other }
    private struct Frame {
        var kind: Kind
        var position: Int
        var hasChildren = false
        var text = ""
    }

    let uri: String
    let lineOffset: Int

    /// Reads the document fed by `splitter`, adding segments (and message failures) to `assembler`.
    /// Throws `xml.malformed` (and the splitter's own errors) for the whole unit.
    func read(_ splitter: XMLDocumentSplitter, into assembler: inout HL7MessageAssembler) throws(LabError) -> String? {
        let feed = Unmanaged.passRetained(splitter)
        defer { feed.release() }
        guard let reader = xmlReaderForIO({ context, buffer, length in
            guard let context, let buffer else { return -1 }
            let splitter = Unmanaged<XMLDocumentSplitter>.fromOpaque(context).takeUnretainedValue()
            return splitter.serve(buffer, capacity: Int(length))
        }, nil, feed.toOpaque(), nil, nil, LibXML2Support.options) else {
            throw LabError(.xmlMalformed, "libxml2 could not create a reader", locator: Locator(uri: uri))
        }
        defer { xmlFreeTextReader(reader) }
        let errors = XMLErrorBox()
        let errorBox = Unmanaged.passRetained(errors)
        defer { errorBox.release() }
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            Unmanaged<XMLErrorBox>.fromOpaque(context).takeUnretainedValue().record(error)
        }, errorBox.toOpaque())

        // Element names come from the parser's dictionary: one pointer per distinct name for the reader's
        // life, so each name is decoded and classified once, not once per element. A small open-addressing
        // table on the pointer (SipHash per lookup cost more than the lookup saved).
        var names = [(key: UnsafePointer<xmlChar>?, name: ElementName?)](repeating: (nil, nil), count: 1024)
        var namesStored = 0
        func elementName(_ pointer: UnsafePointer<xmlChar>?) -> ElementName {
            guard let pointer else { return ElementName("") }
            let bits = UInt(bitPattern: pointer)
            var slot = Int((bits ^ (bits >> 10)) & 1023)
            while let key = names[slot].key {
                if key == pointer, let known = names[slot].name { return known }
                slot = (slot + 1) & 1023
            }
            let name = ElementName(String(cString: pointer))
            if namesStored < 768 {  // never full, so a probe always ends
                names[slot] = (pointer, name)
                namesStored += 1
            }
            return name
        }

        var stack: [Frame] = []
        var segment: HL7Segment?
        var field = 0, rep = 0, comp = 0
        var separators = HL7Separators.standard
        var encoding: String?

        func failure() -> LabError {
            if let error = splitter.error { return error }
            if let e = errors.first {
                let code: ReasonCode = e.code == XML_ERR_UNDECLARED_ENTITY.rawValue || e.code == XML_WAR_UNDECLARED_ENTITY.rawValue
                    ? .xmlEntityForbidden : .xmlMalformed
                return LabError(code, "not well-formed XML: \(e.message)",
                                locator: Locator(uri: uri, line: e.line > 0 ? e.line + lineOffset : nil))
            }
            return LabError(.xmlMalformed, "not well-formed XML",
                            locator: Locator(uri: uri, line: Int(xmlTextReaderGetParserLineNumber(reader)) + lineOffset))
        }
        func currentLine() -> Int {
            if let node = xmlTextReaderCurrentNode(reader) {
                let l = Int(xmlGetLineNo(node))
                if l > 0 && l < 65535 { return l + lineOffset }
            }
            return Int(xmlTextReaderGetParserLineNumber(reader)) + lineOffset
        }
        func skipsText() -> Bool {
            // Attachments are never stored: do not even hold an ED/RP value in memory.
            guard let s = segment, s.name == "OBX", field == 5 else { return false }
            return HL7Value.attachmentTypes.contains(s.value(2).uppercased())
        }

        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            if status < 0 || errors.first != nil || splitter.error != nil { throw failure() }
            if encoding == nil, let e = xmlTextReaderConstEncoding(reader) { encoding = String(cString: e) }
            let type = xmlTextReaderNodeType(reader)
            switch type {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                let elementLine = splitter.takeElementLine()  // taken for every element, to stay in step
                let element = elementName(xmlTextReaderConstLocalName(reader))
                let name = element.name
                let empty = xmlTextReaderIsEmptyElement(reader) == 1
                let parent = stack.last?.kind ?? .group
                if name == "escape" && (parent == .field || parent == .component || parent == .subcomponent) {
                    if xmlTextReaderMoveToAttribute(reader, "V") == 1, let v = xmlTextReaderConstValue(reader) {
                        let body = String(cString: v)
                        stack[stack.count - 1].text += separators.decodeEscape(body) ?? "\\\(body)\\"
                        _ = xmlTextReaderMoveToElement(reader)
                    }
                    if !empty { stack.append(Frame(kind: .other, position: 0)) }
                    continue
                }
                if !stack.isEmpty { stack[stack.count - 1].hasChildren = true }
                var frame = Frame(kind: .other, position: 0)
                switch parent {
                case .group:
                    if element.isSegment {
                        segment = HL7Segment(name: name, line: elementLine ?? currentLine())
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
                if empty { try end(&stack, &segment, field: field, rep: rep, comp: comp, separators: &separators, assembler: &assembler) }
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                try end(&stack, &segment, field: field, rep: rep, comp: comp, separators: &separators, assembler: &assembler)
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
                 Int32(XML_READER_TYPE_WHITESPACE.rawValue), Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
                guard let top = stack.last, top.kind == .field || top.kind == .component || top.kind == .subcomponent,
                      !skipsText(), let v = xmlTextReaderConstValue(reader) else { continue }
                stack[stack.count - 1].text += String(cString: v)
            case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue), Int32(XML_READER_TYPE_ENTITY.rawValue):
                throw LabError(.xmlEntityForbidden, "the document references an entity that is not predefined",
                               locator: Locator(uri: uri, line: currentLine()))
            case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
                if let doc = xmlTextReaderCurrentDoc(reader), let subset = doc.pointee.intSubset, subset.pointee.children != nil {
                    throw LabError(.xmlDTDForbidden, "the document has an internal DTD subset",
                                   locator: Locator(uri: uri, line: currentLine()))
                }
            case Int32(XML_READER_TYPE_PROCESSING_INSTRUCTION.rawValue):
                let name = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
                if name == XMLDocumentSplitter.oversizedMarkerName {
                    if segment != nil {
                        // Failed once the segment is handed over (below): an oversized MSH must fail its own
                        // message, not the one before it.
                        segment!.oversized = true
                    } else {
                        assembler.failCurrent(LabError(.hl7TextTooLarge, "a text node is larger than max-text-bytes",
                                                       locator: Locator(uri: uri, line: currentLine())))
                    }
                }
            default:
                break
            }
        }
        if errors.first != nil || splitter.error != nil { throw failure() }
        return encoding
    }

    private func end(_ stack: inout [Frame], _ segment: inout HL7Segment?, field: Int, rep: Int, comp: Int,
                     separators: inout HL7Separators, assembler: inout HL7MessageAssembler) throws(LabError) {
        guard let frame = stack.popLast() else { return }
        switch frame.kind {
        case .segment:
            if let s = segment {
                if s.name == "MSH" || s.name == "FHS" || s.name == "BHS" {
                    let f = s.value(1)
                    if f.count == 1, let seps = HL7Separators(field: f.first!, encoding: s.value(2)) { separators = seps }
                }
                try assembler.add(s)
                if s.oversized {
                    assembler.failOversized(s, LabError(.hl7TextTooLarge, "a text node is larger than max-text-bytes",
                                                        locator: Locator(uri: uri, line: s.line)))
                }
            }
            segment = nil
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

    /// An element's local name and what it can be: a segment id, or `prefix.n`.
    private struct ElementName {
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
