import LabCore

/// A byte-level guard and splitter in front of libxml2: it feeds one XML document at a time from a
/// `ByteSource` to the reader's read callback.
///
/// It does three things libxml2 cannot be trusted or configured to do:
/// - **Concatenated documents**: it tracks element depth (through comments, CDATA, PIs and quoted
///   attribute values) and ends the current document where the next one starts (a start tag, `<?xml `
///   or `<!DOCTYPE` after the root element closed); the caller opens a new reader for it.
/// - **DTD and entity guard**: a DOCTYPE with an internal subset (`[`) fails with `xml.dtd-forbidden`,
///   and a reference to an entity other than the five predefined ones or a character reference fails
///   with `xml.entity-forbidden`, before libxml2 sees them (billion laughs, quadratic blow-up, XXE).
///   An external-id-only DOCTYPE passes through (it is never loaded).
/// - **Oversized text**: text (or CDATA) longer than `maxText` bytes is cut at a safe byte (ASCII, not
///   inside a reference) and a `<?labingest-oversized?>` processing instruction is inserted where it
///   ends, so libxml2 never hits its 10 MB limit (which would halt the whole file) and the reader can
///   fail just that message.
/// Bytes over `maxBytes` fail with `input.too-large`. Works on ASCII-compatible encodings (UTF-8,
/// Latin-1…); UTF-16 is refused by the caller.
final class XMLDocumentSplitter {
    static let oversizedMarkerName = "labingest-oversized"

    private let source: ByteSource
    private let maxBytes: Int64
    private let maxText: Int
    private let uri: String

    private var input = [UInt8](repeating: 0, count: 64 * 1024)
    private var inCount = 0
    private var inPos = 0
    private var eof = false
    private var total: Int64 = 0
    private var carry: [UInt8] = []
    private var carryPos = 0

    private var out: [UInt8] = []
    private var outPos = 0

    /// The first error met; the read callback then returns -1 and the caller throws this.
    private(set) var error: LabError?
    /// 1-based line of the input where the current document starts.
    private(set) var documentStartLine = 1
    /// Bytes the lexer has produced for libxml2 and libxml2 has not taken yet.
    private var documentEnded = false

    private var lexer: XMLLexer

    init(_ source: ByteSource, maxBytes: Int64, maxText: Int, uri: String) {
        self.source = source
        self.maxBytes = maxBytes
        self.maxText = maxText
        self.uri = uri
        lexer = XMLLexer(maxText: maxText, uri: uri)
    }

    // MARK: - Documents

    /// Prepares the next document; false when only whitespace (or nothing) is left.
    func startNextDocument() throws(LabError) -> Bool {
        out.removeAll(keepingCapacity: true)
        outPos = 0
        documentEnded = false
        lexer.reset()
        // Skip whitespace between documents (libxml2 refuses it before `<?xml`).
        while true {
            guard let b = try peekByte() else { return false }
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A {
                _ = try nextByte()
                if b == 0x0A { lexer.line += 1 }
                continue
            }
            documentStartLine = lexer.line
            return true
        }
    }

    /// The input line (1-based, whole input) of the next element libxml2 will report.
    func takeElementLine() -> Int? { lexer.takeElementLine() }

    /// The first bytes of the input, for sniffing (does not consume).
    func head(_ n: Int) throws(LabError) -> [UInt8] {
        while carry.count - carryPos < n {
            guard let b = try nextInputByte() else { break }
            carry.append(b)
        }
        return Array(carry[carryPos..<min(carry.count, carryPos + n)])
    }

    // MARK: - Serving libxml2

    /// Fills `buffer` with up to `capacity` bytes of the current document: the count, 0 at the end of
    /// the document, -1 after an error (kept in `error`).
    func serve(_ buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int32 {
        if error != nil { return -1 }
        do {
            while out.count - outPos == 0 {
                out.removeAll(keepingCapacity: true)
                outPos = 0
                if documentEnded { return 0 }
                guard try lexSome(target: max(capacity, 4096)) else { break }
            }
        } catch {
            self.error = error
            return -1
        }
        let n = min(capacity, out.count - outPos)
        if n == 0 { return 0 }
        out.withUnsafeBufferPointer { src in
            UnsafeMutableRawPointer(buffer).copyMemory(from: src.baseAddress! + outPos, byteCount: n)
        }
        outPos += n
        return Int32(n)
    }

    // MARK: - Input

    private func nextInputByte() throws(LabError) -> UInt8? {
        if inPos >= inCount {
            if eof { return nil }
            let n = try source.read(into: &input, count: input.count)
            if n == 0 { eof = true; return nil }
            total += Int64(n)
            if total > maxBytes {
                throw LabError(.inputTooLarge, "input is larger than max-bytes (\(maxBytes))", locator: Locator(uri: uri))
            }
            inCount = n
            inPos = 0
        }
        let b = input[inPos]
        inPos += 1
        return b
    }

    private func peekByte() throws(LabError) -> UInt8? {
        if carryPos < carry.count { return carry[carryPos] }
        carry.removeAll(keepingCapacity: true)
        carryPos = 0
        guard let b = try nextInputByte() else { return nil }
        carry.append(b)
        return b
    }

    @inline(__always)
    private func nextByte() throws(LabError) -> UInt8? {
        if carryPos < carry.count {
            let b = carry[carryPos]
            carryPos += 1
            return b
        }
        return try nextInputByte()
    }

    // MARK: - Lexing

    /// Lexes input into `out` until about `target` bytes are ready, the document ends, or input ends.
    /// Returns false at the end of input. The lexer and buffers are moved into locals for the loop
    /// (class-property access per byte costs runtime exclusivity checks).
    private func lexSome(target: Int) throws(LabError) -> Bool {
        var lx = lexer
        var buf = out
        out = []
        defer { lexer = lx; out = buf }
        while buf.count < target && !documentEnded {
            if carryPos < carry.count {
                let b = carry[carryPos]
                carryPos += 1
                if try lx.lex(b, into: &buf) {
                    carry = lx.takeHeld() + carry[carryPos...]
                    carryPos = 0
                    documentEnded = true
                }
                continue
            }
            if inPos >= inCount {
                guard try nextInputByte() != nil else {
                    lx.flushHeld(into: &buf)
                    return !buf.isEmpty
                }
                inPos -= 1  // refilled: lex it below
            }
            let chunk = input
            var i = inPos
            let end = inCount
            try chunk.withUnsafeBufferPointer { (bytes) throws(LabError) in
                while i < end && buf.count < target {
                    i = lx.skipPlainRun(bytes, from: i, to: end, into: &buf)
                    if i == end { break }
                    let b = bytes[i]
                    i += 1
                    if try lx.lex(b, into: &buf) {
                        carry = lx.takeHeld()
                        carryPos = 0
                        documentEnded = true
                        break
                    }
                }
            }
            inPos = i
        }
        return true
    }

}

/// The byte-level XML state machine of `XMLDocumentSplitter` (a value type, so the hot loop runs on a
/// local copy without exclusivity checks).
struct XMLLexer {
    static let marker = Array("<?labingest-oversized?>".utf8)
    private enum State { case content, lt, held, startTag, endTag, bang, bangDash, comment, cdataOpen, cdata, pi, declaration }

    let maxText: Int
    let uri: String
    var line = 1
    private var state = State.content
    private var depth = 0
    private var rootSeen = false
    private var quote: UInt8 = 0
    private var previous: UInt8 = 0
    private var counter = 0          // comment dashes, CDATA brackets, "[CDATA[" progress
    private var held: [UInt8] = []
    private var textCount = 0
    private var dropping = false
    private var inReference = false
    private var referenceName: [UInt8] = []
    private var splitNow = false
    /// The input line of each start tag lexed and not yet taken, in document order: libxml2 reports
    /// elements in the same order, so the reader takes one per element and knows its exact line (libxml2's
    /// own line numbers stop at 65,535).
    private var elementLines: [Int] = []
    private var elementLinesTaken = 0

    init(maxText: Int, uri: String) {
        self.maxText = maxText
        self.uri = uri
    }

    mutating func reset() {
        state = .content
        depth = 0
        rootSeen = false
        held = []
        textCount = 0
        dropping = false
        inReference = false
        splitNow = false
        elementLines.removeAll(keepingCapacity: true)
        elementLinesTaken = 0
    }

    /// The line of the next element in document order (nil when none is pending).
    mutating func takeElementLine() -> Int? {
        guard elementLinesTaken < elementLines.count else { return nil }
        let line = elementLines[elementLinesTaken]
        elementLinesTaken += 1
        if elementLinesTaken >= 1024 && elementLinesTaken * 2 >= elementLines.count {
            elementLines.removeFirst(elementLinesTaken)
            elementLinesTaken = 0
        }
        return line
    }

    /// The bytes held back at a document boundary (they start the next document).
    mutating func takeHeld() -> [UInt8] {
        for b in held where b == 0x0A { line -= 1 }  // counted again when re-lexed
        let h = held
        held = []
        state = .content
        return h
    }

    mutating func flushHeld(into out: inout [UInt8]) {
        out.append(contentsOf: held)
        held = []
    }

    /// Lexes one byte, appending what libxml2 should see to `out`; true when the byte (with the held
    /// ones) starts the next document.
    @inline(__always)
    mutating func lex(_ b: UInt8, into out: inout [UInt8]) throws(LabError) -> Bool {
        if b == 0x0A { line += 1 }
        splitNow = false
        try step(b, &out)
        return splitNow
    }

    /// Copies the run of bytes from `start` that cannot change the lexer's state (plain text inside an
    /// element, a tag's name and attribute names, the body of an end tag) to `out` in one go, counting its
    /// line breaks; returns where the run ends. Everything else goes through `lex` byte by byte.
    @inline(__always)
    mutating func skipPlainRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, into out: inout [UInt8]) -> Int {
        var i = start
        switch state {
        case .content where depth > 0 && !inReference && !dropping:
            let limit = min(end, start + max(0, maxText - textCount))
            while i < limit {
                let b = bytes[i]
                if b == UInt8(ascii: "<") || b == UInt8(ascii: "&") { break }
                if b == 0x0A { line += 1 }
                i += 1
            }
            textCount += i - start
        case .startTag where quote == 0:
            while i < end {
                let b = bytes[i]
                if b == UInt8(ascii: ">") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "/") { break }
                if b == 0x0A { line += 1 }
                i += 1
            }
            if i > start { previous = bytes[i - 1] }
        case .endTag:
            while i < end {
                let b = bytes[i]
                if b == UInt8(ascii: ">") { break }
                if b == 0x0A { line += 1 }
                i += 1
            }
        default:
            return start
        }
        if i > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
        return i
    }

    private func fail(_ code: ReasonCode, _ message: String) -> LabError {
        LabError(code, message, locator: Locator(uri: uri, line: line))
    }

    private func isNameStart(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x3A || b >= 0x80
    }

    private mutating func step(_ b: UInt8, _ out: inout [UInt8]) throws(LabError) {
        switch state {
        case .content:
            if b == UInt8(ascii: "<") {
                if inReference { throw fail(.xmlMalformed, "unterminated entity reference") }
                if dropping { out.append(contentsOf: XMLLexer.marker); dropping = false }
                textCount = 0
                if depth == 0 && rootSeen {
                    held = [b]
                    state = .held
                } else {
                    out.append(b)
                    state = .lt
                }
                return
            }
            try text(b)
            if depth > 0 {
                textCount += 1
                if textCount > maxText && !dropping && b < 0x80 && !inReference && b != UInt8(ascii: "&") && b != UInt8(ascii: ";") {
                    dropping = true
                }
            }
            if !dropping { out.append(b) }
        case .lt:
            out.append(b)
            switch b {
            case UInt8(ascii: "/"): state = .endTag
            case UInt8(ascii: "!"): state = .bang
            case UInt8(ascii: "?"): state = .pi; previous = 0
            default: state = .startTag; quote = 0; previous = b; elementLines.append(line)
            }
        case .held:
            held.append(b)
            try decideHeld(&out)
        case .startTag:
            out.append(b)
            if quote != 0 {
                if b == quote { quote = 0 } else { try text(b) }
                return
            }
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") { quote = b; inReference = false; return }
            if b == UInt8(ascii: ">") {
                if previous == UInt8(ascii: "/") {
                    if depth == 0 { rootSeen = true }
                } else {
                    depth += 1
                    rootSeen = true
                }
                state = .content
                textCount = 0
            }
            previous = b
        case .endTag:
            out.append(b)
            if b == UInt8(ascii: ">") {
                depth -= 1
                state = .content
                textCount = 0
            }
        case .bang:
            out.append(b)
            if b == UInt8(ascii: "-") { state = .bangDash }
            else if b == UInt8(ascii: "[") { state = .cdataOpen; counter = 0 }
            else { state = .declaration; quote = 0 }
        case .bangDash:
            out.append(b)
            if b == UInt8(ascii: "-") { state = .comment; counter = 0 } else { state = .declaration; quote = 0 }
        case .comment:
            out.append(b)
            if b == UInt8(ascii: ">") && counter >= 2 { state = .content; return }
            counter = b == UInt8(ascii: "-") ? counter + 1 : 0
        case .cdataOpen:
            out.append(b)
            let expected = Array("CDATA[".utf8)
            if b == expected[counter] {
                counter += 1
                if counter == expected.count { state = .cdata; counter = 0; textCount = 0 }
            } else {
                state = .declaration; quote = 0
            }
        case .cdata:
            if b == UInt8(ascii: ">") && counter >= 2 {
                if dropping {
                    out.append(contentsOf: Array("]]>".utf8))
                    out.append(contentsOf: XMLLexer.marker)
                    dropping = false
                } else {
                    out.append(b)
                }
                state = .content
                textCount = 0
                return
            }
            counter = b == UInt8(ascii: "]") ? counter + 1 : 0
            textCount += 1
            if textCount > maxText && !dropping && counter == 0 && b < 0x80 { dropping = true }
            if !dropping { out.append(b) }
        case .pi:
            out.append(b)
            if b == UInt8(ascii: ">") && previous == UInt8(ascii: "?") { state = .content }
            previous = b
        case .declaration:
            out.append(b)
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                quote = b
            } else if b == UInt8(ascii: "[") {
                throw fail(.xmlDTDForbidden, "the document has an internal DTD subset (entity declarations are refused)")
            } else if b == UInt8(ascii: ">") {
                state = .content
            }
        }
    }

    /// Entity references in text and attribute values: only the predefined five and character references.
    @inline(__always)
    private mutating func text(_ b: UInt8) throws(LabError) {
        if inReference {
            if b == UInt8(ascii: ";") {
                inReference = false
                let name = referenceName
                if name.first == UInt8(ascii: "#") { return }
                switch String(decoding: name, as: UTF8.self) {
                case "amp", "lt", "gt", "quot", "apos": return
                default: throw fail(.xmlEntityForbidden, "the document references an entity that is not predefined")
                }
            }
            if referenceName.count < 64 { referenceName.append(b) }
        } else if b == UInt8(ascii: "&") {
            inReference = true
            referenceName.removeAll(keepingCapacity: true)
        }
    }

    /// After the root element closed, decides whether a `<…` starts a new document.
    private mutating func decideHeld(_ out: inout [UInt8]) throws(LabError) {
        func split() { splitNow = true }
        func keep(_ next: State) {
            out.append(contentsOf: held)
            held = []
            state = next
        }
        let h = held
        if h.count == 2 {
            if isNameStart(h[1]) { split(); return }
            if h[1] == UInt8(ascii: "/") { keep(.endTag); return }
            if h[1] == UInt8(ascii: "!") || h[1] == UInt8(ascii: "?") { return }
            keep(.content)
            return
        }
        if h[1] == UInt8(ascii: "!") {
            if h[2] == UInt8(ascii: "-") { keep(.bangDash); return }
            split()  // <!DOCTYPE of the next document
            return
        }
        // "<?": split on "<?xml" followed by whitespace, else an ordinary PI.
        let xml = Array("<?xml".utf8)
        if h.count <= xml.count {
            if h[h.count - 1] != xml[h.count - 1] { previous = 0; keep(.pi); previous = h.last! }
            return
        }
        if h[5] == 0x20 || h[5] == 0x09 || h[5] == 0x0D || h[5] == 0x0A { split() } else { previous = h.last!; keep(.pi) }
    }
}
