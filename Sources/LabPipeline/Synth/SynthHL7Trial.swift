import Foundation
import LabCore

/// The trial's hospital-lab results: per subject the draws of the schedule, as monthly batch files per
/// lab (central: v2.xml, regional: ER7), with re-sent messages, corrections and a few bad messages.
struct SynthHL7Trial {
    /// Study days of blood draws: screening, daily through lymphodepletion and the first two weeks, every
    /// other day to day 28, weekly to day 84, day 90, then monthly.
    static func drawDays(until last: Int) -> [Int] {
        var days = [-14]
        days += Array(-5...14)
        days += stride(from: 16, through: 28, by: 2)
        days += stride(from: 35, through: 84, by: 7)
        days.append(90)
        days += stride(from: 120, through: max(120, last), by: 30)
        return days.filter { $0 <= last }
    }

    /// Marrow assessments: screening, D28, M3, M6, and at relapse.
    static func marrowVisits(_ s: SynthSubject) -> [(visit: String, day: Int)] {
        var v: [(String, Int)] = [("SCR", -14), ("D28", 28), ("M3", 90), ("M6", 180)]
        if let r = s.relapseStudyDay { v.append(("REL", r)) }
        return v.sorted { $0.1 < $1.1 }
    }

    struct Pending {
        var time: SynthTime
        var order: Int
        var text: String
        /// Results appended when this message is read the first time.
        var results: [SynthTruth.Result]
    }

    let options: SynthOptions
    let subjects: [SynthSubject]

    /// Writes the batches into `dir/hl7`; returns the files written and updates the truth.
    func write(to dir: String, truth: inout SynthTruth, rng: inout SynthRNGBox) throws(LabError) {
        for lab in SynthLab.allCases {
            var buckets: [String: [Pending]] = [:]
            let builder = SynthHL7Builder(lab: lab)
            var r = rng.fork(lab == .central ? 11 : 12)
            var control = 0
            var order = 0
            var correctedOne = false  // every lab sends at least one correction
            func nextControl() -> String { control += 1; return "\(lab == .central ? "C" : "R")\(control)" }
            func fileName(_ month: String) -> String { "hl7/\(lab == .central ? "central" : "regional")-lab-\(month).\(lab == .central ? "xml" : "hl7")" }
            func render(_ m: SynthORU) -> String { lab == .central ? m.xml() : m.er7() }

            for s in subjects where s.lab == lab {
                let lastStudyDay = options.endDay - 1 - s.infusionDay
                let marrow = Self.marrowVisits(s)
                var draws = Self.drawDays(until: lastStudyDay).map { (day: $0, marrow: false) }
                draws += marrow.filter { $0.day <= lastStudyDay }.map { (day: $0.day, marrow: true) }
                draws.sort { ($0.day, $0.marrow ? 1 : 0) < ($1.day, $1.marrow ? 1 : 0) }
                for draw in draws {
                    let calendarDay = s.infusionDay + draw.day
                    guard calendarDay >= options.startDay, calendarDay < options.endDay else { continue }
                    let collected = SynthTime(day: calendarDay, minute: 7 * 60 + r.int(0...120) + (draw.marrow ? 120 : 0), offsetMinutes: SynthLab.offsetMinutes)
                    let reported = SynthTime(day: calendarDay, minute: collected.minute + 180 + r.int(0...240), offsetMinutes: SynthLab.offsetMinutes)
                    let month = SynthCalendar.yearMonth(calendarDay)
                    let file = fileName(month)
                    var results: [SynthTruth.Result] = []
                    var orders: [SynthHL7Builder.Order] = []
                    order += 1
                    func measure(_ analytes: [SynthAnalyte], specimen: String) -> [SynthHL7Builder.Observation] {
                        analytes.map { a in
                            let spec = lab.spec(a)
                            let truthValue = a == .marrowBlasts ? s.marrowBlasts(day: draw.day) * r.uniform(0.9, 1.1)
                                : s.trueValue(a, day: Double(draw.day)) * (1 + r.normal(sd: 0.05))
                            let m = spec.measure(max(0, truthValue))
                            results.append(.init(file: file, kind: "lab.result", subject: s.id, specimen: specimen,
                                                 collectedAt: collected.utcISO, status: "final", expected: m.expected))
                            return .init(spec: spec, value: m.text, flag: m.flag)
                        }
                    }
                    if draw.marrow {
                        orders.append(.init(placer: "P\(order)M", filler: "F\(lab.application)\(order)M", panel: SynthHL7Builder.marrowPanel,
                                            specimen: SynthHL7Builder.marrow, collected: collected, reported: reported,
                                            observations: measure([.marrowBlasts], specimen: "bone marrow")))
                    } else {
                        orders.append(.init(placer: "P\(order)H", filler: "F\(lab.application)\(order)H", panel: SynthHL7Builder.cbcPanel,
                                            specimen: SynthHL7Builder.blood, collected: collected, reported: reported,
                                            observations: measure(SynthAnalyte.bloodCount, specimen: "blood")))
                        orders.append(.init(placer: "P\(order)C", filler: "F\(lab.application)\(order)C", panel: SynthHL7Builder.chemPanel,
                                            specimen: SynthHL7Builder.serum, collected: collected, reported: reported,
                                            observations: measure(SynthAnalyte.chemistry, specimen: "serum")))
                    }
                    let message = builder.message(controlID: nextControl(), mrn: s.mrn, subjectIndex: s.index, sent: reported, orders: orders)
                    let text = render(message)
                    buckets[month, default: []].append(Pending(time: reported, order: control, text: text, results: results))

                    // A correction of one result, sent an hour later (OBX-11 C, OBR-25 C).
                    if !draw.marrow, r.chance(0.02) || !correctedOne {
                        correctedOne = true
                        let o = r.int(0...1)
                        var corrected = orders[o]
                        let k = r.int(0...(corrected.observations.count - 1))
                        let spec = corrected.observations[k].spec
                        let truthValue = s.trueValue(spec.analyte, day: Double(draw.day)) * r.uniform(1.15, 1.4)
                        let m = spec.measure(truthValue)
                        corrected.observations = [.init(spec: spec, value: m.text, flag: m.flag, status: "C")]
                        corrected.resultStatus = "C"
                        let sent = SynthTime(day: reported.day, minute: reported.minute + 60, offsetMinutes: SynthLab.offsetMinutes)
                        let fix = builder.message(controlID: nextControl(), mrn: s.mrn, subjectIndex: s.index, sent: sent, orders: [corrected])
                        let result = SynthTruth.Result(file: file, kind: "lab.result", subject: s.id, specimen: o == 0 ? "blood" : "serum",
                                                       collectedAt: collected.utcISO, status: "corrected", expected: m.expected)
                        buckets[month, default: []].append(Pending(time: sent, order: control, text: render(fix), results: [result]))
                    }
                }
            }

            // Order each month by send time, then re-send a few messages in the following month's file.
            let months = buckets.keys.sorted()
            for (i, month) in months.enumerated() {
                buckets[month]!.sort { ($0.time, $0.order) < ($1.time, $1.order) }
                // At least one re-sent message per lab (the first full message of the first month).
                let firstFull = buckets[month]!.firstIndex { $0.results.count > 1 }
                let copies = buckets[month]!.enumerated().filter { j, p in
                    p.results.count > 1 && (r.chance(0.03) || (i == 0 && j == firstFull))
                }.map(\.element)
                let target = i + 1 < months.count ? months[i + 1] : month
                for c in copies {
                    buckets[target, default: []].append(Pending(time: c.time, order: c.order, text: c.text, results: []))
                    truth.expectedDuplicates += c.results.count
                }
            }
            // Deliberately bad messages in the first file.
            if let first = months.first, let s = subjects.first(where: { $0.lab == lab }) {
                let t = buckets[first]!.first!.time
                let spec = lab.spec(.anc)
                func bad(_ obs: SynthHL7Builder.Observation, mrn: String, reason: String) {
                    let o = SynthHL7Builder.Order(placer: "PBAD\(control)", filler: "FBAD\(control)", panel: SynthHL7Builder.cbcPanel,
                                                  specimen: SynthHL7Builder.blood, collected: t, reported: t, observations: [obs])
                    let m = builder.message(controlID: nextControl(), mrn: mrn, subjectIndex: s.index, sent: t, orders: [o])
                    buckets[first]!.append(Pending(time: t, order: control, text: render(m), results: []))
                    truth.expectedQuarantined[reason, default: 0] += 1
                }
                if lab == .central {
                    bad(.init(spec: spec, value: "1.2.3", flag: nil), mrn: s.mrn, reason: "value.unparseable")
                    bad(.init(spec: spec, value: "1230", flag: nil, unitOverride: "mmol/L"), mrn: s.mrn, reason: "unit.incompatible")
                } else {
                    bad(.init(spec: spec, value: "2.10", flag: "N"), mrn: "MRN19099", reason: "subject.unknown")
                    bad(.init(spec: spec, value: "2.10", flag: "N", status: "Z"), mrn: s.mrn, reason: "status.unknown")
                }
            }

            for month in months {
                let path = fileName(month)
                let sink = try SynthSink(path: dir + "/" + path)
                let pending = buckets[month]!
                let start = SynthTime(day: SynthCalendar.days(year: Int(month.prefix(4))!, month: Int(month.suffix(2))!, day: 1), minute: 0, offsetMinutes: SynthLab.offsetMinutes)
                if lab == .central {
                    try sink.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BATCH xmlns=\"urn:hl7-org:v2xml\">\n")
                    try sink.write("  " + SynthXML.segment(HL7Seg("BHS", [3: .hd(lab.application), 4: .hd(lab.facility), 5: .hd("LABINGEST"),
                                                                        7: .ts(builder.time(start)), 11: .text("B\(month)")])) + "\n")
                    for p in pending { try sink.write(p.text) }
                    try sink.write("  " + SynthXML.segment(HL7Seg("BTS", [1: .text(String(pending.count))])) + "\n</BATCH>\n")
                } else {
                    try sink.write(SynthER7.segment(HL7Seg("FHS", [3: .hd(lab.application), 4: .hd(lab.facility), 5: .hd("LABINGEST"),
                                                                  7: .ts(builder.time(start)), 9: .text((path as NSString).lastPathComponent)])) + "\r")
                    try sink.write(SynthER7.segment(HL7Seg("BHS", [3: .hd(lab.application), 4: .hd(lab.facility), 5: .hd("LABINGEST"),
                                                                  7: .ts(builder.time(start))])) + "\r")
                    for p in pending { try sink.write(p.text) }
                    try sink.write("BTS|\(pending.count)\rFTS|1\r")
                }
                try sink.close()
                truth.files.append((path, lab == .central ? "hl7-xml" : "hl7-er7"))
                for p in pending { truth.results += p.results }
            }
        }
    }
}

/// A forkable PRNG handle passed through the writers (forks keep each writer's stream independent).
struct SynthRNGBox {
    var rng: SplitMix64
    mutating func fork(_ salt: UInt64) -> SplitMix64 { rng.fork(salt) }
}
