import LabCore
import LabFormats
import Testing

@Suite struct DelimitedReaderTests {
    func records(_ bytes: [UInt8], chunk: Int = .max, delimiter: UInt8? = nil) throws -> [DelimitedRecord] {
        let reader = try DelimitedReader(MemoryByteSource(bytes, chunkSize: chunk), delimiter: delimiter)
        var out: [DelimitedRecord] = []
        while let r = try reader.next() { out.append(r) }
        return out
    }

    @Test(arguments: [1, 2, 7, Int.max])
    func quotedDelimitersAndNewlinesAtAnyChunkSize(_ chunk: Int) throws {
        let text = "a,b,c\r\n1,\"x, y\",\"line1\nline2\"\r\n2,\"say \"\"hi\"\"\",\r\n"
        let r = try records(Array(text.utf8), chunk: chunk)
        #expect(r.count == 3)
        #expect(r[1].fields == ["1", "x, y", "line1\nline2"])
        #expect(r[2].fields == ["2", "say \"hi\"", ""])
        #expect(r.map(\.line) == [1, 2, 4])
    }

    @Test func lineEndsCRLFAndCRAndLFCountLines() throws {
        let r = try records(Array("h1,h2\r1,2\r\n3,4\n5,6".utf8))
        #expect(r.map(\.fields) == [["h1", "h2"], ["1", "2"], ["3", "4"], ["5", "6"]])
        #expect(r.map(\.line) == [1, 2, 3, 4])
    }

    @Test func sniffsSemicolonAndTab() throws {
        let semi = try DelimitedReader(MemoryByteSource("a;b;c\n1;2,5;3\n"))
        #expect(semi.delimiter == UInt8(ascii: ";"))
        let tab = try DelimitedReader(MemoryByteSource("a\tb\tc\n1\t2\t3\n"))
        #expect(tab.delimiter == 0x09)
    }

    @Test func utf8BOMIsSkipped() throws {
        let r = try records([0xEF, 0xBB, 0xBF] + Array("subject,value\nA,1\n".utf8))
        #expect(r[0].fields == ["subject", "value"])
    }

    @Test func windows1252AndMacRomanAreDetected() throws {
        // "Müller" in Windows-1252 (ü = 0xFC) with LF; "µ" in Mac-Roman (0xB5) with CR only.
        let cp = try DelimitedReader(MemoryByteSource([0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72, 0x2C, 0x31, 0x0A]))
        #expect(cp.encoding == .windows1252)
        #expect(try cp.next()?.fields == ["Müller", "1"])
        let mac = try DelimitedReader(MemoryByteSource([0x61, 0xD0, 0x62, 0x09, 0x31, 0x0D, 0x63, 0x09, 0x32, 0x0D]))
        #expect(mac.encoding == .macRoman)
        #expect(try mac.next()?.fields == ["a–b", "1"])
    }

    @Test func unterminatedQuoteIsAnError() throws {
        let reader = try DelimitedReader(MemoryByteSource("a,b\n1,\"open\n"))
        _ = try reader.next()
        #expect(throws: LabError.self) { try reader.next() }
    }
}
