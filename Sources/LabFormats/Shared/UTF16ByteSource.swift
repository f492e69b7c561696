import LabCore

/// Turns UTF-16 text that starts with a byte-order mark (Windows "Unicode Text" saves: QuantStudio and Excel
/// offer it) into UTF-8 as it streams, so the readers that split records on bytes see the text they expect.
/// The mark itself is dropped. An unpaired surrogate is undecodable text, not a character to guess.
public final class UTF16ByteSource: ByteSource {
    public enum ByteOrder: String, Sendable {
        case littleEndian = "utf-16le"
        case bigEndian = "utf-16be"
    }

    /// The byte order a leading byte-order mark declares; nil without one.
    public static func byteOrder(of head: [UInt8]) -> ByteOrder? {
        guard head.count >= 2 else { return nil }
        if head[0] == 0xFF && head[1] == 0xFE && !(head.count >= 4 && head[2] == 0 && head[3] == 0) { return .littleEndian }  // FF FE 00 00 is UTF-32
        if head[0] == 0xFE && head[1] == 0xFF { return .bigEndian }
        return nil
    }

    public let byteOrder: ByteOrder
    private let base: ByteSource
    private let uri: String?
    private var input = [UInt8](repeating: 0, count: 32 * 1024)
    /// UTF-8 decoded and not yet handed out.
    private var output: [UInt8] = []
    private var outputOffset = 0
    /// A byte of a code unit split across reads, and a high surrogate waiting for its low half.
    private var oddByte: UInt8?
    private var highSurrogate: UInt16?
    private var markSkipped = false
    private var atEnd = false
    private var unitsRead = 0

    public init(_ base: ByteSource, byteOrder: ByteOrder, uri: String? = nil) {
        self.base = base
        self.byteOrder = byteOrder
        self.uri = uri
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(LabError) -> Int {
        guard let target = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while outputOffset == output.count {
            if atEnd { return 0 }
            try decodeMore()
        }
        let n = min(buffer.count, output.count - outputOffset)
        output.withUnsafeBytes { target.copyMemory(from: $0.baseAddress! + outputOffset, byteCount: n) }
        outputOffset += n
        return n
    }

    private func decodeMore() throws(LabError) {
        output.removeAll(keepingCapacity: true)
        outputOffset = 0
        let n = try base.read(into: &input, count: input.count)
        if n == 0 {
            atEnd = true
            if oddByte != nil || highSurrogate != nil { throw undecodable("the UTF-16 text ends in the middle of a character") }
            return
        }
        var i = 0
        while i < n {
            let first: UInt8
            if let odd = oddByte { first = odd; oddByte = nil } else { first = input[i]; i += 1 }
            guard i < n else { oddByte = first; break }
            let second = input[i]
            i += 1
            let unit = byteOrder == .littleEndian ? UInt16(second) << 8 | UInt16(first) : UInt16(first) << 8 | UInt16(second)
            unitsRead += 1
            try take(unit)
        }
    }

    private func take(_ unit: UInt16) throws(LabError) {
        if !markSkipped {
            markSkipped = true
            if unit == 0xFEFF { return }
        }
        let scalar: UInt32
        if let high = highSurrogate {
            guard (0xDC00...0xDFFF).contains(unit) else { throw undecodable("a UTF-16 high surrogate is not followed by a low one") }
            highSurrogate = nil
            scalar = 0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00)
        } else if (0xD800...0xDBFF).contains(unit) {
            highSurrogate = unit
            return
        } else if (0xDC00...0xDFFF).contains(unit) {
            throw undecodable("a UTF-16 low surrogate stands alone")
        } else {
            scalar = UInt32(unit)
        }
        output.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
    }

    private func undecodable(_ message: String) -> LabError {
        LabError(.encodingUndecodable, "\(message) (code unit \(unitsRead))", locator: Locator(uri: uri))
    }
}
