import CLibXML2
import LabCore

/// `hl7-xml`: HL7 v2.xml result messages (v2.2–v2.8, any group naming, `urn:hl7-org:v2xml` namespace
/// prefixed or absent) and the Mirth/NextGen `<HL7Message>` dialect, streamed through libxml2's SAX2 push
/// parser.
///
/// Safety (untrusted input): the bytes are pushed to libxml2 by us (it never opens a path, so it never
/// gunzips or fetches), option `XML_PARSE_NONET` only, an entity loader that always fails, a SAX handler
/// with no entity, DTD or external-subset callbacks, internal DTD subsets refused (`xml.dtd-forbidden`),
/// entity references refused (`xml.entity-forbidden`), external-id-only DOCTYPEs tolerated and never
/// loaded, gzip refused (`xml.gzip-refused`), a size cap (`input.too-large`), and every libxml2 error
/// captured per parser (never printed) and thrown as `xml.malformed` with its line: a truncated or broken file is never
/// half-ingested. Several messages per file (a wrapper element, or concatenated documents) are read;
/// an oversized text node fails only its message (`hl7.text-too-large`).
public struct HL7XMLParser: RecordParser {
    public static let formatName = "hl7-xml"
    public static let parserID = "hl7-v2xml/1"

    public init() {}

    public func checkOptions(_ context: ParseContext) throws(LabError) { _ = try HL7Options(context, allowGzip: true) }

    public func parse(_ source: ByteSource, context: ParseContext,
                      emit: (ParseOutput) throws(LabError) -> Void) throws(LabError) -> ParseSummary {
        let options = try HL7Options(context, allowGzip: true)
        LibXML2Support.silenceThreadErrors()
        var input: ByteSource = source
        let peekable = PeekableByteSource(source)
        if try peekable.peek(2) == [0x1F, 0x8B] {
            // libxml2 would silently gunzip a path it opened; we only decompress when the pipeline expects it,
            // and then the size cap applies to the decompressed bytes.
            guard options.gzip else {
                throw LabError(.xmlGzipRefused, "the input is gzip-compressed and the pipeline does not say gzip: true",
                               locator: Locator(uri: context.uri))
            }
            input = try GunzipByteSource(peekable, uri: context.uri)
        } else {
            input = peekable
        }
        let splitter = XMLDocumentSplitter(input, maxBytes: options.maxBytes, maxText: options.maxTextBytes, uri: context.uri)
        let head = try splitter.head(4)
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0x3C, 0x00])
            || head.starts(with: [0x00, 0x3C]) {
            throw LabError(.encodingUndecodable, "UTF-16 XML is not supported; send UTF-8", locator: Locator(uri: context.uri))
        }
        let mapper = HL7ResultMapper(uri: context.uri)
        return try withoutActuallyEscaping(emit) { (emit) throws(LabError) -> ParseSummary in
            var assembler = HL7MessageAssembler { (message) throws(LabError) in try mapper.map(message, emit: emit) }
            var documents = 0
            var encoding: String?
            while try splitter.startNextDocument() {
                documents += 1
                let reader = HL7XMLDocumentReader(uri: context.uri, lineOffset: splitter.documentStartLine - 1)
                let e = try reader.read(splitter, into: &assembler)
                if encoding == nil { encoding = e }
                try assembler.flush()  // a message never spans documents
            }
            guard documents > 0 else {
                throw LabError(.xmlMalformed, "the input holds no XML document", locator: Locator(uri: context.uri))
            }
            return ParseSummary(encoding: encoding?.lowercased() ?? "utf-8", notes: assembler.notes)
        }
    }
}
