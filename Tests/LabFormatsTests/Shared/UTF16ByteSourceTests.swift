import Foundation
import LabCore
import Testing
@testable import LabFormats

/// UTF-16 text with a byte-order mark streams out as UTF-8, whatever the read sizes.
@Suite struct UTF16ByteSourceTests {
    static let text = "Well\tSample Name\tCт\n1\tCART-001_D7_PB\t25.100\n2\tµ 🧪\t—\n"

    static func encoded(_ text: String, _ order: UTF16ByteSource.ByteOrder) -> [UInt8] {
        var bytes: [UInt8] = order == .littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        for unit in text.utf16 {
            let (hi, lo) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
            bytes += order == .littleEndian ? [lo, hi] : [hi, lo]
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8], chunk: Int) throws(LabError) -> [UInt8] {
        guard let order = UTF16ByteSource.byteOrder(of: bytes) else { return [] }
        let source = UTF16ByteSource(MemoryByteSource(bytes, chunkSize: chunk), byteOrder: order)
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 5)
        while true {
            let n = try source.read(into: &buffer, count: buffer.count)
            if n == 0 { return out }
            out += buffer[0..<n]
        }
    }

    @Test(arguments: [1, 3, 4096])
    func decodesBothByteOrdersAtAnyChunkSize(chunk: Int) throws {
        for order in [UTF16ByteSource.ByteOrder.littleEndian, .bigEndian] {
            #expect(try Self.decode(Self.encoded(Self.text, order), chunk: chunk) == Array(Self.text.utf8))
        }
    }

    @Test func withoutAByteOrderMarkItIsNotUTF16() {
        #expect(UTF16ByteSource.byteOrder(of: Array("Well\tCT".utf8)) == nil)
        #expect(UTF16ByteSource.byteOrder(of: [0xFF, 0xFE, 0x00, 0x00]) == nil)   // UTF-32 LE
    }

    @Test func anUnpairedSurrogateIsUndecodable() {
        #expect(throws: LabError.self) { _ = try Self.decode([0xFF, 0xFE, 0x41, 0x00, 0x00, 0xDC], chunk: 7) }   // lone low
        #expect(throws: LabError.self) { _ = try Self.decode([0xFF, 0xFE, 0x3D, 0xD8, 0x41, 0x00], chunk: 7) }   // high, then "A"
        #expect(throws: LabError.self) { _ = try Self.decode([0xFF, 0xFE, 0x41], chunk: 7) }                     // half a unit
    }
}
