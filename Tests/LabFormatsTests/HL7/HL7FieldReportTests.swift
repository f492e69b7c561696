import Foundation
import LabCore
import Testing
@testable import LabFormats

/// Behaviours found by running real public ORU^R01 messages (analyzer placeholders, missing collection
/// times, bare batch headers, repeated observations). Fixtures are small hand-written messages that isolate
/// each behaviour; every case is checked in ER7 and, where the encoding matters, in its v2.xml twin.
@Suite struct HL7FieldReportTests {
    static let msh = "MSH|^~\\&|LIS|LAB|LABINGEST|TRIAL|20240305120000+0800||ORU^R01|MSG1|P|2.5.1"
    static let pid = "PID|1||MRN10001^^^HOSP^MR"
    static let obr = "OBR|1|P1|F1|CBC^CBC^L|||20240301070000+0800"

    static func er7(_ obx: [String], obr: String = obr) -> String {
        ([msh, pid, obr] + obx).joined(separator: "\r") + "\r"
    }

    /// One v2.xml message with the same MSH/PID as `er7`; `obr` and `obx` are element bodies.
    static func xml(obr: String = "<OBR.1>1</OBR.1><OBR.2><EI.1>P1</EI.1></OBR.2><OBR.3><EI.1>F1</EI.1></OBR.3>"
                        + "<OBR.4><CE.1>CBC</CE.1><CE.2>CBC</CE.2><CE.3>L</CE.3></OBR.4><OBR.7><TS.1>20240301070000+0800</TS.1></OBR.7>",
                    _ obx: [String]) -> String {
        """
        <ORU_R01 xmlns="urn:hl7-org:v2xml"><MSH><MSH.1>|</MSH.1><MSH.2>^~\\&amp;</MSH.2><MSH.3><HD.1>LIS</HD.1></MSH.3>\
        <MSH.4><HD.1>LAB</HD.1></MSH.4><MSH.5><HD.1>LABINGEST</HD.1></MSH.5><MSH.6><HD.1>TRIAL</HD.1></MSH.6>\
        <MSH.7><TS.1>20240305120000+0800</TS.1></MSH.7><MSH.9><MSG.1>ORU</MSG.1><MSG.2>R01</MSG.2></MSH.9>\
        <MSH.10>MSG1</MSH.10><MSH.11><PT.1>P</PT.1></MSH.11><MSH.12><VID.1>2.5.1</VID.1></MSH.12></MSH>\
        <ORU_R01.PATIENT_RESULT><ORU_R01.PATIENT><PID><PID.1>1</PID.1><PID.3><CX.1>MRN10001</CX.1>\
        <CX.4><HD.1>HOSP</HD.1></CX.4><CX.5>MR</CX.5></PID.3></PID></ORU_R01.PATIENT>\
        <ORU_R01.ORDER_OBSERVATION><OBR>\(obr)</OBR>\
        \(obx.map { "<ORU_R01.OBSERVATION><OBX>\($0)</OBX></ORU_R01.OBSERVATION>" }.joined())\
        </ORU_R01.ORDER_OBSERVATION></ORU_R01.PATIENT_RESULT></ORU_R01>
        """
    }

    /// The outputs of both encodings without their places (lines differ between twins).
    static func twins(er7 e: String, xml x: String) throws -> (HL7Test.Result, HL7Test.Result) {
        let a = try HL7Test.er7(e), b = try HL7Test.xml(x)
        #expect(a.outputs.map { HL7Test.render($0, withPlace: false) } == b.outputs.map { HL7Test.render($0, withPlace: false) })
        return (a, b)
    }

    static func outcome(_ o: ParseOutput) -> String {
        switch o {
        case .observation(let x): return "\(x.value)"
        case .ignored(let c, _, _): return c.rawValue
        case .quarantined(let e, _): return e.code.rawValue
        }
    }

    // MARK: - 1. Placeholders and NM that is not a number

    @Test func placeholdersAndNonNumericNMAreQuarantined() throws {
        let (r, _) = try Self.twins(
            er7: Self.er7([
                "OBX|1|NM|751-8^NEU#^LN||***.**|10*9/L|2.00-7.00|A|||F",
                "OBX|2|ST|1975-2^tBil^LN||.....|umol/L||<|||F",
                "OBX|3|NM|731-0^LYM#^LN||5,5|10*9/L|||||F",
                "OBX|4|NM|777-3^PLT^LN||high|10*9/L|||||F",
                "OBX|5|TX|NOTE^Note^L||--||||||F",
                "OBX|6|NM|777-3^PLT^LN||<5|10*9/L|||||F",
                "OBX|7|ST|NOTE^Note^L||see note||||||F",
            ]),
            xml: Self.xml([
                "<OBX.1>1</OBX.1><OBX.2>NM</OBX.2><OBX.3><CE.1>751-8</CE.1><CE.2>NEU#</CE.2><CE.3>LN</CE.3></OBX.3><OBX.5>***.**</OBX.5><OBX.6><CE.1>10*9/L</CE.1></OBX.6><OBX.7>2.00-7.00</OBX.7><OBX.8>A</OBX.8><OBX.11>F</OBX.11>",
                "<OBX.1>2</OBX.1><OBX.2>ST</OBX.2><OBX.3><CE.1>1975-2</CE.1><CE.2>tBil</CE.2><CE.3>LN</CE.3></OBX.3><OBX.5>.....</OBX.5><OBX.6><CE.1>umol/L</CE.1></OBX.6><OBX.8>&lt;</OBX.8><OBX.11>F</OBX.11>",
                "<OBX.1>3</OBX.1><OBX.2>NM</OBX.2><OBX.3><CE.1>731-0</CE.1><CE.2>LYM#</CE.2><CE.3>LN</CE.3></OBX.3><OBX.5>5,5</OBX.5><OBX.6><CE.1>10*9/L</CE.1></OBX.6><OBX.11>F</OBX.11>",
                "<OBX.1>4</OBX.1><OBX.2>NM</OBX.2><OBX.3><CE.1>777-3</CE.1><CE.2>PLT</CE.2><CE.3>LN</CE.3></OBX.3><OBX.5>high</OBX.5><OBX.6><CE.1>10*9/L</CE.1></OBX.6><OBX.11>F</OBX.11>",
                "<OBX.1>5</OBX.1><OBX.2>TX</OBX.2><OBX.3><CE.1>NOTE</CE.1><CE.2>Note</CE.2><CE.3>L</CE.3></OBX.3><OBX.5>--</OBX.5><OBX.11>F</OBX.11>",
                "<OBX.1>6</OBX.1><OBX.2>NM</OBX.2><OBX.3><CE.1>777-3</CE.1><CE.2>PLT</CE.2><CE.3>LN</CE.3></OBX.3><OBX.5>&lt;5</OBX.5><OBX.6><CE.1>10*9/L</CE.1></OBX.6><OBX.11>F</OBX.11>",
                "<OBX.1>7</OBX.1><OBX.2>ST</OBX.2><OBX.3><CE.1>NOTE</CE.1><CE.2>Note</CE.2><CE.3>L</CE.3></OBX.3><OBX.5>see note</OBX.5><OBX.11>F</OBX.11>",
            ]))
        #expect(r.outputs.map(Self.outcome) == ["value.unparseable", "value.unparseable", "value.unparseable", "value.unparseable",
                                                "value.unparseable", "\(ObservationValue.reported("<5"))",
                                                "\(ObservationValue.reported("see note"))"])
        #expect(r.quarantined[0].0.message.contains("placeholder"))
        #expect(r.quarantined[1].0.message.contains("placeholder"))
        #expect(r.quarantined[3].0.message == "OBX-5 (NM) is not a number")
        #expect(r.quarantined.allSatisfy { $0.0.field == "OBX-5" })
        #expect(r.quarantined[0].1.contains("***.**"))  // the raw text keeps what was sent
    }

    /// TX/FT are narrative: digits and `\.br\` line breaks make a text result, not an unreadable number.
    @Test func formattedTextWithDigitsIsAText() throws {
        let (r, _) = try Self.twins(
            er7: Self.er7([
                "OBX|1|FT|MORPH^Marrow morphology^L||Blasts 5% of nucleated cells\\.br\\2 Auer rods seen||||||F",
                "OBX|2|TX|NOTE^Note^L||12.5||||||F",
            ]),
            xml: Self.xml([
                "<OBX.1>1</OBX.1><OBX.2>FT</OBX.2><OBX.3><CE.1>MORPH</CE.1><CE.2>Marrow morphology</CE.2><CE.3>L</CE.3></OBX.3><OBX.5>Blasts 5% of nucleated cells<escape V=\".br\"/>2 Auer rods seen</OBX.5><OBX.11>F</OBX.11>",
                "<OBX.1>2</OBX.1><OBX.2>TX</OBX.2><OBX.3><CE.1>NOTE</CE.1><CE.2>Note</CE.2><CE.3>L</CE.3></OBX.3><OBX.5>12.5</OBX.5><OBX.11>F</OBX.11>",
            ]))
        #expect(r.outputs.map(Self.outcome) == ["\(ObservationValue.text("Blasts 5% of nucleated cells\n2 Auer rods seen"))",
                                                "\(ObservationValue.reported("12.5"))"])
    }

    /// A coded answer sent as NM: its code is no number, so the OBX is quarantined, not stored as 260385009.
    @Test func aCodedAnswerInAnNMIsNotANumber() throws {
        let (r, _) = try Self.twins(
            er7: Self.er7(["OBX|1|NM|94500-6^SARS-CoV-2 RNA^LN||260385009^Not detected^SCT||||||F"]),
            xml: Self.xml(["<OBX.1>1</OBX.1><OBX.2>NM</OBX.2><OBX.3><CE.1>94500-6</CE.1><CE.2>SARS-CoV-2 RNA</CE.2><CE.3>LN</CE.3></OBX.3><OBX.5><CE.1>260385009</CE.1><CE.2>Not detected</CE.2><CE.3>SCT</CE.3></OBX.5><OBX.11>F</OBX.11>"]))
        #expect(r.outputs.map(Self.outcome) == ["value.unparseable"])
        #expect(r.quarantined.first?.0.message.contains("coded answer") == true)
    }

    /// An offset-less OBX-14 carries the sender's declared offset (MSH-7's) for the normalizer; one with its
    /// own offset needs none.
    @Test func offsetLessTimesCarryTheSendersOffset() throws {
        let r = try HL7Test.er7(Self.er7(["OBX|1|NM|2823-3^K^LN||4.1|mmol/L|||||F|||20240301063000",
                                          "OBX|2|NM|2951-2^NA^LN||140|mmol/L|||||F|||20240301063000+0100"]))
        #expect(r.observations.map(\.senderOffsetSeconds) == [8 * 3600, nil])   // MSH-7 is +0800
        #expect(HL7ResultMapper.dtmOffset("20240311090000-0500") == -5 * 3600)
        #expect(HL7ResultMapper.dtmOffset("202403110900+0530") == 5 * 3600 + 1800)
        #expect(HL7ResultMapper.dtmOffset("20240311090000") == nil)
        #expect(HL7ResultMapper.dtmOffset("20240311090000+2500") == nil)
    }

    /// OBX-8 repeats: the first non-empty flag is the event's, and all of them are kept.
    @Test func everyAbnormalFlagIsKept() throws {
        let (r, _) = try Self.twins(
            er7: Self.er7(["OBX|1|NM|751-8^NEU#^LN||0.4|10*9/L|2.0-7.0|L~A|||F", "OBX|2|NM|731-0^LYM#^LN||1.1|10*9/L||~A|||F"]),
            xml: Self.xml([
                "<OBX.1>1</OBX.1><OBX.2>NM</OBX.2><OBX.3><CE.1>751-8</CE.1><CE.2>NEU#</CE.2><CE.3>LN</CE.3></OBX.3><OBX.5>0.4</OBX.5><OBX.6><CE.1>10*9/L</CE.1></OBX.6><OBX.7>2.0-7.0</OBX.7><OBX.8>L</OBX.8><OBX.8>A</OBX.8><OBX.11>F</OBX.11>",
                "<OBX.1>2</OBX.1><OBX.2>NM</OBX.2><OBX.3><CE.1>731-0</CE.1><CE.2>LYM#</CE.2><CE.3>LN</CE.3></OBX.3><OBX.5>1.1</OBX.5><OBX.6><CE.1>10*9/L</CE.1></OBX.6><OBX.8></OBX.8><OBX.8>A</OBX.8><OBX.11>F</OBX.11>",
            ]))
        #expect(r.observations.map(\.flag) == ["L", "A"])
        #expect(r.observations[0].attributes["abnormalFlags"] == .array([.string("L"), .string("A")]))
        #expect(r.observations[1].attributes["abnormalFlags"] == nil)
    }

    // MARK: - 2. Collection time: OBX-14, then OBR-7, never MSH-7

    @Test func collectionTimeIsNeverTheMessageTime() throws {
        let bareOBR = "OBR|1|P1|F1|CBC^CBC^L"
        let (r, _) = try Self.twins(
            er7: Self.er7(["OBX|1|NM|2823-3^K^LN||4.1|mmol/L|||||F",
                           "OBX|2|NM|2823-3^K^LN|2|4.2|mmol/L|||||F|||20240301063000+0800"], obr: bareOBR),
            xml: Self.xml(obr: "<OBR.1>1</OBR.1><OBR.2><EI.1>P1</EI.1></OBR.2><OBR.3><EI.1>F1</EI.1></OBR.3><OBR.4><CE.1>CBC</CE.1><CE.2>CBC</CE.2><CE.3>L</CE.3></OBR.4>", [
                "<OBX.1>1</OBX.1><OBX.2>NM</OBX.2><OBX.3><CE.1>2823-3</CE.1><CE.2>K</CE.2><CE.3>LN</CE.3></OBX.3><OBX.5>4.1</OBX.5><OBX.6><CE.1>mmol/L</CE.1></OBX.6><OBX.11>F</OBX.11>",
                "<OBX.1>2</OBX.1><OBX.2>NM</OBX.2><OBX.3><CE.1>2823-3</CE.1><CE.2>K</CE.2><CE.3>LN</CE.3></OBX.3><OBX.4>2</OBX.4><OBX.5>4.2</OBX.5><OBX.6><CE.1>mmol/L</CE.1></OBX.6><OBX.11>F</OBX.11><OBX.14><TS.1>20240301063000+0800</TS.1></OBX.14>",
            ]))
        #expect(r.quarantined.map(\.0.code) == [.timeMissing])
        #expect(r.quarantined.first?.0.field == "OBX-14")
        #expect(r.observations.map(\.collected) == [ReportedTime("20240301063000+0800")])

        // With OBR-7 and no OBX-14 the order's time is used; the reported time may still come from MSH-7.
        let withOBR7 = try HL7Test.er7(Self.er7(["OBX|1|NM|2823-3^K^LN||4.1|mmol/L|||||F"]))
        #expect(withOBR7.observations.first?.collected == ReportedTime("20240301070000+0800"))
        #expect(withOBR7.observations.first?.reported == ReportedTime("20240305120000+0800"))
    }

    // MARK: - 4. The same coded observation in both encodings

    /// The GHH glucose sample: OBX-3.3 holds LOINC's long name instead of `LN`. Both encodings hand the
    /// normalizer the same coding (code 1554-5, that system label, name GLUCOSE); the real public twins
    /// differed in their input (the v2.xml copy says `LN` and another name), not in their reading.
    @Test func codedObservationIsTheSameInBothEncodings() throws {
        let (r, _) = try Self.twins(
            er7: Self.er7(["OBX|1|SN|1554-5^GLUCOSE^POST 12H CFST:MCNC:PT:SER/PLAS:QN||^182|mg/dl|70-105|H|||F"]),
            xml: Self.xml(["<OBX.1>1</OBX.1><OBX.2>SN</OBX.2><OBX.3><CE.1>1554-5</CE.1><CE.2>GLUCOSE</CE.2><CE.3>POST 12H CFST:MCNC:PT:SER/PLAS:QN</CE.3></OBX.3><OBX.5><SN.2>182</SN.2></OBX.5><OBX.6><CE.1>mg/dl</CE.1></OBX.6><OBX.7>70-105</OBX.7><OBX.8>H</OBX.8><OBX.11>F</OBX.11>"]))
        let o = try #require(r.observations.first)
        #expect(o.analyte == AnalyteReference(codings: [.init(system: "POST 12H CFST:MCNC:PT:SER/PLAS:QN", code: "1554-5", display: "GLUCOSE")],
                                              name: "GLUCOSE"))
    }
}
