import LabCore

/// One record of a delimited text file: its fields, the line it starts on, and its raw text.
public struct DelimitedRecord: Sendable, Equatable {
    public var fields: [String]
    /// 1-based line the record starts on (CR, LF and CRLF each end one line).
    public var line: Int
    /// The record's text as written (decoded), without the line end.
    public var raw: String

    /// True when every field is empty or blank.
    public var isBlank: Bool { fields.allSatisfy { $0.allSatisfy { $0.isWhitespace && !$0.isNewline } } }
}

/// Streams RFC 4180 records out of bytes: quoted fields with doubled quotes, delimiters and line breaks
/// inside quotes, LF/CRLF/CR line ends, a UTF-8 BOM, and an encoding detected from the head of the input.
///
/// For example:
/// ```swift
/// let reader = try DelimitedReader(MemoryByteSource("a;b\n1;\"x;y\"\n"))
/// while let record = try reader.next() { print(record.fields) }   // ["a","b"], ["1","x;y"]
/// ```
/// Memory stays bounded by the longest record. Quoting is only recognised at the start of a field.
public final class DelimitedReader {
    public let delimiter: UInt8
    public let encoding: TextEncoding
    /// True once a piece of a UTF-8 file had to be read as Windows-1252.
    public private(set) var fellBack = false

    private let source: PeekableByteSource
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var bufferCount = 0
    private var position = 0
    private var atEnd = false
    private var line = 1
    private var pendingCR = false
    private var uri: String?

    /// - Parameters:
    ///   - delimiter: a fixed delimiter, or nil to sniff comma, semicolon or tab from the first lines.
    ///   - encoding: a fixed encoding, or nil to detect it.
    public init(_ source: ByteSource, delimiter: UInt8? = nil, encoding: TextEncoding? = nil, uri: String? = nil) throws(LabError) {
        let peekable = (source as? PeekableByteSource) ?? PeekableByteSource(source)
        self.source = peekable
        self.uri = uri
        let head = try peekable.peek(64 * 1024)
        let enc = encoding ?? TextEncoding.detect(head, isComplete: head.count < 64 * 1024)
        self.encoding = enc
        self.delimiter = delimiter ?? DelimitedReader.sniffDelimiter(head)
        if enc == .utf8BOM || head.starts(with: [0xEF, 0xBB, 0xBF]) {
            var skip = [UInt8](repeating: 0, count: 3)
            _ = try peekable.read(into: &skip, count: 3)
        }
    }

    /// Chooses the candidate that splits the first non-empty lines into the same, largest number of fields.
    static func sniffDelimiter(_ head: [UInt8]) -> UInt8 {
        let candidates: [UInt8] = [0x2C, 0x3B, 0x09]  // , ; tab
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var inQuotes = false
        for b in head {
            if b == 0x22 { inQuotes.toggle() }
            if !inQuotes && (b == 0x0A || b == 0x0D) {
                if !current.isEmpty { lines.append(current) }
                current = []
                if lines.count >= 10 { break }
            } else {
                current.append(b)
            }
        }
        if !current.isEmpty && lines.count < 10 { lines.append(current) }
        var best: (UInt8, Int) = (0x2C, -1)
        for c in candidates {
            let counts = lines.map { l -> Int in
                var n = 0
                var q = false
                for b in l { if b == 0x22 { q.toggle() } else if b == c && !q { n += 1 } }
                return n
            }
            guard let first = counts.first, first > 0 else { continue }
            // Score: lines agreeing with the header's count, then the count itself.
            let agreeing = counts.filter { $0 == first }.count
            let score = agreeing * 1000 + first
            if score > best.1 { best = (c, score) }
        }
        return best.0
    }

    private func fill() throws(LabError) -> Bool {
        if atEnd { return false }
        let n = try source.read(into: &buffer, count: buffer.count)
        if n == 0 { atEnd = true; return false }
        bufferCount = n
        position = 0
        return true
    }

    /// The next record, or nil at the end of input. Blank lines come back as records with one empty field.
    public func next() throws(LabError) -> DelimitedRecord? {
        var fields: [String] = []
        var field: [UInt8] = []
        var raw: [UInt8] = []
        var inQuotes = false
        var quotedField = false
        var afterQuote = false
        var sawAnything = false
        let startLine = line
        let quote: UInt8 = 0x22

        func endField() {
            fields.append(decode(field))
            field.removeAll(keepingCapacity: true)
            quotedField = false
            afterQuote = false
        }

        while true {
            if position >= bufferCount {
                guard try fill() else { break }
            }
            let b = buffer[position]
            position += 1
            if pendingCR {
                pendingCR = false
                if b == 0x0A { continue }  // the LF of a CRLF that ended the previous record
            }
            sawAnything = true
            if inQuotes {
                if b == quote {
                    // Either the closing quote or the first of a doubled quote: look at the next byte.
                    if position >= bufferCount, !(try fill()) {
                        inQuotes = false
                        afterQuote = true
                        raw.append(b)
                        continue
                    }
                    if buffer[position] == quote {
                        field.append(quote)
                        raw.append(quote); raw.append(quote)
                        position += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                        raw.append(b)
                    }
                    continue
                }
                if b == 0x0D || b == 0x0A {
                    line += 1
                    if b == 0x0D {
                        if position >= bufferCount { _ = try fill() }
                        if position < bufferCount, buffer[position] == 0x0A {
                            position += 1
                            field.append(0x0D); raw.append(0x0D)
                            field.append(0x0A); raw.append(0x0A)
                            continue
                        }
                    }
                }
                field.append(b)
                raw.append(b)
                continue
            }
            if b == delimiter {
                endField()
                raw.append(b)
                continue
            }
            if b == 0x0A || b == 0x0D {
                line += 1
                if b == 0x0D { pendingCR = true }
                endField()
                return DelimitedRecord(fields: fields, line: startLine, raw: decode(raw))
            }
            if b == quote && field.isEmpty && !quotedField && !afterQuote {
                inQuotes = true
                quotedField = true
                raw.append(b)
                continue
            }
            field.append(b)
            raw.append(b)
        }
        guard sawAnything else { return nil }
        if inQuotes {
            throw LabError(.csvMalformed, "a quoted field is not closed before the end of the file",
                           locator: Locator(uri: uri, line: startLine))
        }
        endField()
        return DelimitedRecord(fields: fields, line: startLine, raw: decode(raw))
    }

    private func decode(_ bytes: [UInt8]) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        let (text, fell) = encoding.decode(bytes)
        if fell { fellBack = true }
        return text
    }
}
