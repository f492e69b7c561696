/// Builds the synthetic labs' ORU^R01 messages: one draw (a blood count and a chemistry order), one
/// marrow assessment, a correction, and the deliberately bad messages.
struct SynthHL7Builder {
    let lab: SynthLab

    struct Observation {
        var spec: SynthLabSpec
        var value: String
        var flag: String?
        var status = "F"
        var unitOverride: String?
        var valueType = "NM"
    }

    struct Order {
        var placer: String
        var filler: String
        var panel: (code: String, text: String, system: String)
        var specimen: (code: String, text: String)
        var collected: SynthTime
        var reported: SynthTime
        var observations: [Observation]
        var resultStatus = "F"
    }

    func time(_ t: SynthTime) -> String { lab == .central ? t.hl7WithOffset : t.hl7Local }

    func message(controlID: String, mrn: String, subjectIndex: Int, sent: SynthTime, orders: [Order]) -> SynthORU {
        let central = lab == .central
        var msh: [Int: HL7Part] = [
            3: .hd(lab.application), 4: .hd(lab.facility), 5: .hd("LABINGEST"), 6: .hd("NCT04534634"),
            7: .ts(time(sent)), 9: .composite("MSG", [.text("ORU"), .text("R01"), .text("ORU_R01")]), 10: .text(controlID),
            11: .composite("PT", [.text("P")]), 12: .composite("VID", [.text(central ? "2.5.1" : "2.3.1")]),
        ]
        if !central { msh[18] = .text("UNICODE UTF-8") }
        // Synthetic demographics only (no real people); the parser never reads PID-5/7/11.
        let pid = HL7Seg("PID", [
            1: .text("1"),
            3: .composite("CX", [.text(mrn), nil, nil, .hd(central ? "CENTRAL" : "REGIONAL"), .text("MR")]),
            5: .composite("XPN", [.composite("FN", [.text("SYNTH")]), .text("SUBJECT\(subjectIndex)")]),
            7: .ts(String(1950 + subjectIndex % 50) + "0101"), 8: .text(subjectIndex % 2 == 0 ? "F" : "M"),
        ])
        let groups = orders.map { o -> SynthORU.Order in
            var obr: [Int: HL7Part] = [
                1: .text("1"), 2: .ei(o.placer, "EHR"), 3: .ei(o.filler, lab.application),
                4: .ce(o.panel.code, o.panel.text, o.panel.system), 7: .ts(time(o.collected)), 22: .ts(time(o.reported)),
                25: .text(o.resultStatus),
            ]
            if !central {
                obr[15] = .composite("SPS", [.composite("CE", [.text(o.specimen.code), .text(o.specimen.text), .text("HL70070")])])
            }
            var observations: [HL7Seg] = []
            for (i, x) in o.observations.enumerated() {
                var f: [Int: HL7Part] = [
                    1: .text(String(i + 1)), 2: .text(x.valueType), 3: .ce(x.spec.code, x.spec.display, x.spec.system),
                    5: .text(x.value), 6: .composite("CE", [.text(x.unitOverride ?? x.spec.unit)]), 11: .text(x.status),
                ]
                if let r = x.spec.referenceRange { f[7] = .text(r) }
                if let flag = x.flag { f[8] = .text(flag) }
                if central { f[14] = .ts(time(o.collected)) }
                observations.append(HL7Seg("OBX", f))
            }
            let spm = central ? HL7Seg("SPM", [1: .text("1"), 4: .composite("CWE", [.text(o.specimen.code), .text(o.specimen.text), .text("HL70487")])]) : nil
            return SynthORU.Order(orc: HL7Seg("ORC", [1: .text("RE"), 2: .ei(o.placer, "EHR"), 3: .ei(o.filler, lab.application)]),
                                  obr: HL7Seg("OBR", obr), observations: observations, specimen: spm)
        }
        return SynthORU(msh: HL7Seg("MSH", msh), pid: pid, orders: groups)
    }

    static let cbcPanel = (code: "58410-2", text: "CBC panel - Blood by Automated count", system: "LN")
    static let chemPanel = (code: "24323-8", text: "Comprehensive metabolic panel", system: "LN")
    static let marrowPanel = (code: "BMASP", text: "Bone marrow aspirate morphology", system: "L")
    static let blood = (code: "BLD", text: "Whole blood")
    static let serum = (code: "SER", text: "Serum")
    static let marrow = (code: "BMA", text: "Bone marrow aspirate")
}
