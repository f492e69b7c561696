import LabCore
import LabFormats
import Testing

@Suite struct LabCSVParserTests {
    func parse(_ text: String, chunk: Int = .max, options: ConfigValue = .map([], line: nil)) throws -> [ParseOutput] {
        var out: [ParseOutput] = []
        _ = try LabCSVParser().parse(MemoryByteSource(text, chunkSize: chunk), context: ParseContext(uri: "file:///t.csv", options: options)) { out.append($0) }
        return out
    }

    func observations(_ outputs: [ParseOutput]) -> [Observation] {
        outputs.compactMap { if case .observation(let o) = $0 { return o } else { return nil } }
    }

    @Test func aliasesFindColumnsCaseInsensitively() throws {
        let text = "Patient ID;Collection Time;Test Name;Result;Units;Reference range\nMRN1;2024-03-01 08:00;ANC;<0.5;10^9/L;1.8-7.7\n"
        let o = try #require(observations(try parse(text)).first)
        #expect(o.subject.identifiers.first?.value == "MRN1")
        #expect(o.analyte.name == "ANC")
        #expect(o.value == .reported("<0.5"))
        #expect(o.unit == "10^9/L")
        #expect(o.referenceRange == "1.8-7.7")
        #expect(o.locator.line == 2)
    }

    @Test(arguments: [1, 2, 7, Int.max])
    func sameObservationsAtEveryChunkSize(_ chunk: Int) throws {
        let text = "subject,collected_at,loinc,value,unit\r\nCART-001,2024-03-01T08:00:00Z,751-8,\"1,200\",/uL\r\n\r\nCART-002,2024-03-02,718-7,9.1,g/dL\r\n"
        let obs = observations(try parse(text, chunk: chunk))
        #expect(obs.count == 2)
        #expect(obs[0].value == .reported("1,200"))
        #expect(obs[1].locator.line == 4)
    }

    @Test func missingColumnsFailTheUnitWithAClearError() {
        #expect {
            _ = try parse("subject,value\nA,1\n")
        } throws: { error in
            guard let e = error as? LabError else { return false }
            return e.code == .csvMissingColumn && e.message.contains("collected_at") && e.locator?.line == 1
        }
    }

    @Test func tooManyCellsIsQuarantinedAndTheRestGoesOn() throws {
        let text = "subject,collected_at,loinc,value,unit\nA,2024-03-01,751-8,1,200,/uL\nB,2024-03-01,751-8,1200,/uL\n"
        let outputs = try parse(text)
        #expect(outputs.count == 2)
        guard case .quarantined(let e, let raw) = outputs[0] else { Issue.record("expected quarantine"); return }
        #expect(e.code == .csvMalformed)
        #expect(raw == "A,2024-03-01,751-8,1,200,/uL")
        #expect(observations(outputs).count == 1)
    }

    @Test func personalColumnsAreBlankedInRawText() throws {
        let text = "mrn,name,dob,collected_at,loinc,value,unit\nMRN1,\"DOE, JANE\",1980-01-01,2024-03-01,751-8,1200,/uL\n"
        let o = try #require(observations(try parse(text)).first)
        #expect(!o.raw.contains("DOE"))
        #expect(!o.raw.contains("1980"))
        #expect(o.raw == "MRN1,,,2024-03-01,751-8,1200,/uL")
    }

    @Test func pipelineMapsOtherHeaderNames() throws {
        let options = ConfigValue.map([("columns", .map([("value", .string("Wert", line: nil)), ("analyte", .string("Test", line: nil))], line: nil))], line: nil)
        let text = "subject;collected_at;Test;Wert\nA;2024-03-01;ANC;2.1\n"
        let o = try #require(observations(try parse(text, options: options)).first)
        #expect(o.value == .reported("2.1"))
        #expect(o.analyte.name == "ANC")
    }

    @Test func unknownOptionIsAnError() {
        let options = ConfigValue.map([("colums", .map([], line: 3))], line: 1)
        #expect(throws: LabError.self) { _ = try parse("subject,collected_at,loinc,value\n", options: options) }
    }

    @Test func windows1252IsRecorded() throws {
        var bytes = Array("subject,collected_at,test,value,unit\nA,2024-03-01,Bilirubin,34,".utf8)
        bytes += [0xB5] + Array("mol/L\n".utf8)
        var out: [ParseOutput] = []
        let summary = try LabCSVParser().parse(MemoryByteSource(bytes), context: ParseContext(uri: "x")) { out.append($0) }
        #expect(summary.encoding == "windows-1252")
        #expect(observations(out).first?.unit == "µmol/L")
    }

    @Test func statusWordsAreReadAndUnknownOnesQuarantined() throws {
        let text = "subject,collected_at,loinc,value,status\nA,2024-03-01,751-8,1,corrected\nA,2024-03-01,751-8,1,maybe\n"
        let outputs = try parse(text)
        #expect(observations(outputs).first?.status == .corrected)
        guard case .quarantined(let e, _) = outputs[1] else { Issue.record("expected quarantine"); return }
        #expect(e.code == .statusUnknown)
    }
}
