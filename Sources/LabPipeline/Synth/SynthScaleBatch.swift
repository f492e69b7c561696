import Foundation
import LabCore

/// One large central-lab v2.xml batch for benchmarks: messages of the roster's subjects, one draw per
/// subject per hour (so every result is distinct), blood count and chemistry, written message by message
/// until the file reaches the requested size. Memory stays flat: nothing is kept but the current message.
struct SynthScaleBatch {
    let subjects: [SynthSubject]
    let startDay: Int

    struct Written {
        var path: String
        var bytes: Int64
        var messages: Int
        var observations: Int
    }

    func write(path: String, megabytes: Double, seed: UInt64) throws(LabError) -> Written {
        let target = Int64(megabytes * 1_000_000)
        var r = SplitMix64(seed: seed ^ 0x5CA1E)
        let builder = SynthHL7Builder(lab: .central)
        let sink = try SynthSink(path: path)
        try sink.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BATCH xmlns=\"urn:hl7-org:v2xml\">\n")
        let central = subjects
        var messages = 0, observations = 0
        let trailer = "</BATCH>\n"
        while true {
            let s = central[messages % central.count]
            let hour = messages / central.count
            let collected = SynthTime(day: startDay, minute: hour * 60 + s.index % 60, offsetMinutes: SynthLab.offsetMinutes)
            let studyDay = Double(collected.day - s.infusionDay) + Double(collected.minute) / 1440
            let reported = SynthTime(day: collected.day, minute: collected.minute + 120, offsetMinutes: SynthLab.offsetMinutes)
            func measure(_ analytes: [SynthAnalyte]) -> [SynthHL7Builder.Observation] {
                analytes.map { a in
                    let spec = SynthLab.central.spec(a)
                    let m = spec.measure(max(0, s.trueValue(a, day: studyDay) * (1 + r.normal(sd: 0.05))))
                    return .init(spec: spec, value: m.text, flag: m.flag)
                }
            }
            let n = messages + 1
            let orders = [
                SynthHL7Builder.Order(placer: "SP\(n)H", filler: "SF\(n)H", panel: SynthHL7Builder.cbcPanel, specimen: SynthHL7Builder.blood,
                                      collected: collected, reported: reported, observations: measure(SynthAnalyte.bloodCount)),
                SynthHL7Builder.Order(placer: "SP\(n)C", filler: "SF\(n)C", panel: SynthHL7Builder.chemPanel, specimen: SynthHL7Builder.serum,
                                      collected: collected, reported: reported, observations: measure(SynthAnalyte.chemistry)),
            ]
            let m = builder.message(controlID: "S\(n)", mrn: s.mrn, subjectIndex: s.index, sent: reported, orders: orders)
            let text = m.xml()
            if sink.size + Int64(text.utf8.count + trailer.utf8.count) > target { break }
            try sink.write(text)
            messages += 1
            observations += SynthAnalyte.bloodCount.count + SynthAnalyte.chemistry.count
        }
        try sink.write(trailer)
        try sink.close()
        return Written(path: path, bytes: sink.bytesWritten, messages: messages, observations: observations)
    }
}
