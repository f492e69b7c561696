import LabCore

/// Splits an ER7 byte stream into raw segment lines, streaming.
///
/// Segment terminators: CR, LF or CRLF (any mix); MLLP framing bytes (0x0B start, 0x1C end) are treated
/// as terminators; blank lines are skipped; a UTF-8 BOM at the start is dropped. A field longer than
/// `maxFieldBytes` is cut (the segment is flagged `oversized`) so memory stays bounded.
final class HL7ER7SegmentReader {
    struct Line {
        var bytes: [UInt8]
        /// 1-based line where the segment starts.
        var line: Int
        var oversized: Bool
    }

    private let source: ByteSource
    private let maxBytes: Int64
    private let maxFieldBytes: Int
    private let uri: String
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var count = 0
    private var position = 0
    private var total: Int64 = 0
    private var atEnd = false
    private var lineNumber = 1
    private var lastWasCR = false
    private var first = true
    /// The field separator of the current message (from MSH/FHS/BHS byte 4).
    private var fieldSeparator: UInt8 = UInt8(ascii: "|")

    init(_ source: ByteSource, maxBytes: Int64, maxFieldBytes: Int, uri: String) {
        self.source = source
        self.maxBytes = maxBytes
        self.maxFieldBytes = maxFieldBytes
        self.uri = uri
    }

    private func fill() throws(LabError) -> Bool {
        if atEnd { return false }
        let n = try source.read(into: &buffer, count: buffer.count)
        if n == 0 { atEnd = true; return false }
        total += Int64(n)
        if total > maxBytes {
            throw LabError(.inputTooLarge, "input is larger than max-bytes (\(maxBytes))", locator: Locator(uri: uri))
        }
        count = n
        position = 0
        if first {
            first = false
            if n >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        }
        return true
    }

    /// The next non-blank segment line, or nil at the end of input.
    func next() throws(LabError) -> Line? {
        var line: [UInt8] = []
        var startLine = lineNumber
        var fieldBytes = 0
        var oversized = false
        var skippingField = false
        while true {
            if position >= count {
                guard try fill() else { break }
            }
            let b = buffer[position]
            position += 1
            if b == 0x0D || b == 0x0A || b == 0x0B || b == 0x1C {
                if b == 0x0A { if !lastWasCR { lineNumber += 1 } } else if b == 0x0D { lineNumber += 1 }
                lastWasCR = b == 0x0D
                if line.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                    return Line(bytes: line, line: startLine, oversized: oversized)
                }
                line.removeAll(keepingCapacity: true)
                startLine = lineNumber
                fieldBytes = 0
                skippingField = false
                oversized = false
                continue
            }
            lastWasCR = false
            if line.count == 3, isHeader(line) { fieldSeparator = b }
            if b == fieldSeparator {
                fieldBytes = 0
                skippingField = false
            } else {
                fieldBytes += 1
                if fieldBytes > maxFieldBytes {
                    oversized = true
                    skippingField = true
                }
            }
            if !skippingField { line.append(b) }
        }
        if line.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
            return Line(bytes: line, line: startLine, oversized: oversized)
        }
        return nil
    }

    private func isHeader(_ l: [UInt8]) -> Bool {
        (l == Array("MSH".utf8)) || (l == Array("FHS".utf8)) || (l == Array("BHS".utf8))
    }
}
