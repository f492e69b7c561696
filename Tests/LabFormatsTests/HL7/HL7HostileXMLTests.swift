import Foundation
import LabCore
import Testing
@testable import LabFormats
#if canImport(Glibc)
import Glibc
import LabTestSupport
#endif

/// Hostile and broken XML: every case is refused with its reason code, nothing is fetched, nothing crashes.
@Suite struct HL7HostileXMLTests {
    static let message = """
    <ORU_R01 xmlns="urn:hl7-org:v2xml"><MSH><MSH.1>|</MSH.1><MSH.2>^~\\&amp;</MSH.2><MSH.3><HD.1>LIS</HD.1></MSH.3><MSH.7><TS.1>20240301</TS.1></MSH.7><MSH.9><MSG.1>ORU</MSG.1><MSG.2>R01</MSG.2></MSH.9></MSH>
    <ORU_R01.PATIENT_RESULT><ORU_R01.PATIENT><PID><PID.3><CX.1>MRN10001</CX.1><CX.5>MR</CX.5></PID.3></PID></ORU_R01.PATIENT>
    <ORU_R01.ORDER_OBSERVATION><OBR><OBR.3><EI.1>F1</EI.1></OBR.3><OBR.7><TS.1>20240301</TS.1></OBR.7></OBR>
    <ORU_R01.OBSERVATION><OBX><OBX.2>ST</OBX.2><OBX.3><CE.1>751-8</CE.1><CE.3>LN</CE.3></OBX.3><OBX.5>VALUE</OBX.5><OBX.11>F</OBX.11></OBX></ORU_R01.OBSERVATION>
    </ORU_R01.ORDER_OBSERVATION></ORU_R01.PATIENT_RESULT></ORU_R01>

    """

    static func doc(_ prolog: String, value: String = "1.2") -> String {
        "<?xml version=\"1.0\"?>\n" + prolog + message.replacingOccurrences(of: "VALUE", with: value)
    }

    /// A TCP listener on 127.0.0.1 (ephemeral port) that only records whether anyone connected.
    final class Listener {
        let fd: Int32
        let port: UInt16
        init() throws {
            let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            addr.sin_port = 0
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, len) } }
            guard bound == 0, listen(s, 16) == 0 else { close(s); throw POSIXError(.EADDRINUSE) }
            _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &len) } }
            _ = fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK)
            fd = s
            port = UInt16(bigEndian: addr.sin_port)
        }
        /// True when a connection is waiting (someone tried to fetch).
        func wasContacted() -> Bool {
            let c = accept(fd, nil, nil)
            if c >= 0 { close(c); return true }
            return false
        }
        deinit { close(fd) }
    }

    @Test func wellFormedBaselineParses() throws {
        let r = try HL7Test.xml(Self.doc(""))
        #expect(r.observations.count == 1)
        #expect(r.observations.first?.value == .reported("1.2"))
    }

    @Test func xxeFileAndHTTPAreRefusedAndNothingIsFetched() throws {
        let listener = try Listener()
        let url = "http://127.0.0.1:\(listener.port)/x"
        #expect(listener.wasContacted() == false)
        let cases: [(String, String, ReasonCode)] = [
            ("<!DOCTYPE ORU_R01 [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n", "&xxe;", .xmlDTDForbidden),
            ("<!DOCTYPE ORU_R01 [<!ENTITY xxe SYSTEM \"\(url)\">]>\n", "&xxe;", .xmlDTDForbidden),
            ("<!DOCTYPE ORU_R01 [<!ENTITY % p SYSTEM \"\(url)\"> %p;]>\n", "1", .xmlDTDForbidden),
            ("<!DOCTYPE ORU_R01 SYSTEM \"\(url)\">\n", "&xxe;", .xmlEntityForbidden),
            ("", "&xxe;", .xmlEntityForbidden),
        ]
        for (prolog, value, code) in cases {
            for chunk in [Int.max, 3] {
                #expect(HL7Test.thrownCode { _ = try HL7Test.xml(Self.doc(prolog, value: value), chunk: chunk) } == code, "\(prolog)")
            }
        }
        // An external-id-only DOCTYPE is tolerated and never loaded (old v2.xml files carry one).
        let tolerated = try HL7Test.xml(Self.doc("<!DOCTYPE ORU_R01 PUBLIC \"-//HL7//ORU_R01\" \"\(url)\">\n"))
        #expect(tolerated.observations.count == 1)
        let local = try HL7Test.xml(Self.doc("<!DOCTYPE ORU_R01 SYSTEM \"file:///etc/passwd\">\n"))
        #expect(!local.outputs.map { HL7Test.render($0) }.joined().contains("root:"))
        #expect(listener.wasContacted() == false, "libxml2 made a network request")
    }

    @Test func listenerDetectsARealConnection() throws {
        // Proves the XXE check above can fail: a real connection is seen.
        let listener = try Listener()
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(s) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = listener.port.bigEndian
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        #expect(rc == 0)
        #expect(listener.wasContacted())
    }

    @Test func billionLaughsAndQuadraticBlowUp() {
        var laughs = "<!DOCTYPE ORU_R01 [\n<!ENTITY lol \"lol\">\n"
        for i in 1...9 { laughs += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i == 1 ? "" : String(i - 1));", count: 10) + "\">\n" }
        laughs += "]>\n"
        #expect(HL7Test.thrownCode { _ = try HL7Test.xml(Self.doc(laughs, value: "&lol9;")) } == .xmlDTDForbidden)
        let big = String(repeating: "A", count: 100_000)
        let quadratic = "<!DOCTYPE ORU_R01 [<!ENTITY a \"\(big)\">]>\n"
        #expect(HL7Test.thrownCode { _ = try HL7Test.xml(Self.doc(quadratic, value: String(repeating: "&a;", count: 10_000))) } == .xmlDTDForbidden)
        #expect(HL7Test.thrownCode { _ = try HL7Test.xml(Self.doc("<!DOCTYPE ORU_R01 [<!ELEMENT ORU_R01 ANY>]>\n")) } == .xmlDTDForbidden)
    }

    @Test func twelveMegabyteTextNodeFailsOnlyItsMessage() throws {
        let pdf = String(repeating: "JVBERi0xLjQK", count: 1_000_000)  // 12 MB of base64
        let attachment = Self.message.replacingOccurrences(
            of: "<OBX><OBX.2>ST</OBX.2>", with: "<OBX><OBX.2>ED</OBX.2><OBX.5><ED.2>AP</ED.2><ED.5>\(pdf)</ED.5></OBX.5></OBX><OBX><OBX.2>ST</OBX.2>")
        let text = "<?xml version=\"1.0\"?>\n<Batch>\n" + attachment.replacingOccurrences(of: "VALUE", with: "1.1")
            + Self.message.replacingOccurrences(of: "VALUE", with: "2.2") + "</Batch>\n"
        let r = try HL7Test.xml(text)
        #expect(r.quarantined.map(\.0.code) == [.hl7TextTooLarge, .hl7TextTooLarge])
        #expect(r.quarantined.map { $0.0.locator?.path } == ["message 1, OBX 1", "message 1, OBX 2"])
        #expect(r.observations.map(\.value) == [.reported("2.2")])
        #expect(r.quarantined.allSatisfy { $0.1.utf8.count < 4_000 })
        // In CDATA too.
        let cdata = Self.doc("", value: "<![CDATA[" + pdf + "]]>")
        #expect(try HL7Test.xml(cdata).quarantined.map(\.0.code) == [.hl7TextTooLarge])
    }

    @Test func gzipIsRefused() {
        let gz: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03] + Array(repeating: 0, count: 20)
        #expect(HL7Test.thrownCode { _ = try HL7Test.parse(HL7XMLParser(), gz) } == .xmlGzipRefused)
    }

    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let dir = try TestDirectory.make("gz")
        let plain = dir.appendingPathComponent("x.xml")
        try Data(bytes).write(to: plain)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-9", plain.path]
        try p.run()
        p.waitUntilExit()
        return Array(try Data(contentsOf: dir.appendingPathComponent("x.xml.gz")))
    }

    static let gzipExpected = ConfigValue.map([(key: "gzip", value: .string("true", line: 3))], line: 1)

    @Test(arguments: [1, 7, Int.max])
    func gzipDeclaredByThePipelineIsDecompressedAsItStreams(_ chunk: Int) throws {
        let plain = try HL7Test.bytes("oru-v251-ts.xml")
        let expected = try HL7Test.parse(HL7XMLParser(), plain).outputs.map { HL7Test.render($0) }
        let gz = try Self.gzip(plain)
        let got = try HL7Test.parse(HL7XMLParser(), gz, chunk: chunk, options: Self.gzipExpected).outputs.map { HL7Test.render($0) }
        #expect(got == expected)
        // Two members (a concatenated .gz) read as one stream: two documents.
        let twice = try HL7Test.parse(HL7XMLParser(), gz + gz, options: Self.gzipExpected).outputs
        #expect(twice.count == 2 * expected.count)
    }

    @Test func gzipBombsHitTheSizeCapAndTruncatedGzipFails() throws {
        // 50 MB of spaces inside an element compresses to ~50 KB; the cap counts decompressed bytes.
        let bomb = Array("<a>".utf8) + [UInt8](repeating: 0x20, count: 50_000_000) + Array("</a>".utf8)
        let gz = try Self.gzip(bomb)
        let capped = ConfigValue.map([(key: "gzip", value: .string("true", line: 3)), (key: "max-bytes", value: .string("1000000", line: 4))], line: 1)
        #expect(HL7Test.thrownCode { _ = try HL7Test.parse(HL7XMLParser(), gz, options: capped) } == .inputTooLarge)
        let sample = try Self.gzip(try HL7Test.bytes("oru-v251-ts.xml"))
        #expect(HL7Test.thrownCode { _ = try HL7Test.parse(HL7XMLParser(), Array(sample.prefix(sample.count / 2)), options: Self.gzipExpected) } == .ioUnreadable)
    }

    @Test func truncatedAndBrokenFilesFailWholeWithTheLine() throws {
        let full = Array(try HL7Test.bytes("oru-v251-ts.xml"))
        do {
            _ = try HL7Test.parse(HL7XMLParser(), Array(full.prefix(full.count / 2)))
            Issue.record("a truncated file parsed")
        } catch {
            #expect(error.code == .xmlMalformed)
            #expect(error.locator?.line != nil)
        }
        do {
            _ = try HL7Test.xml(Self.doc("").replacingOccurrences(of: "</PID>", with: "</PIX>"))
            Issue.record("mismatched tags parsed")
        } catch {
            #expect(error.code == .xmlMalformed)
            #expect(error.locator?.line == 3)
            #expect(!error.message.contains("MRN10001"))
        }
        #expect(HL7Test.thrownCode { _ = try HL7Test.xml("") } == .xmlMalformed)
        #expect(HL7Test.thrownCode { _ = try HL7Test.xml("   \n") } == .xmlMalformed)
        // A broken second document fails the whole unit too.
        #expect(HL7Test.thrownCode { _ = try HL7Test.xml(Self.doc("") + Self.doc("").dropLast(30)) } == .xmlMalformed)
    }

    @Test func sizeCap() {
        let options = ConfigValue.map([(key: "max-bytes", value: .string("100", line: 1))], line: 1)
        #expect(HL7Test.thrownCode { _ = try HL7Test.xml(Self.doc(""), options: options) } == .inputTooLarge)
        #expect(HL7Test.thrownCode { _ = try HL7Test.parse(HL7ER7Parser(), Array(HL7ER7Tests.message([]).utf8), options: options) } == .inputTooLarge)
    }

    @Test func escapesAndCharacterReferences() throws {
        let r = try HL7Test.xml(Self.doc("", value: "a<escape V=\"F\"/>b<escape V=\".br\"/>c &#x3C;0.5 &amp; &lt;"))
        #expect(r.observations.first?.value == .reported("a|b\nc <0.5 & <"))
    }

    @Test func oneBadMessageInTenThousandXML() throws {
        var text = "<?xml version=\"1.0\"?>\n<Messages>\n"
        for i in 1...10_000 {
            var m = Self.message.replacingOccurrences(of: "VALUE", with: "1.\(i % 10)")
            m = m.replacingOccurrences(of: "MRN10001", with: i == 777 ? "" : "MRN\(i)")
            text += m
        }
        text += "</Messages>\n"
        let r = try HL7Test.xml(text)
        #expect(r.outputs.count == 10_000)
        #expect(r.quarantined.count == 1)
        #expect(r.quarantined.first?.0.locator?.path == "message 777, OBX 1")
    }
}
