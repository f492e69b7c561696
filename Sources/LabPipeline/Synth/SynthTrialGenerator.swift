import Foundation
import LabCore

/// Writes a synthetic CAR-T trial into a folder: `roster.csv`, HL7 batches from two labs (`hl7/`),
/// qPCR exports and their manifest (`qpcr/`), FlowJo tables (`flow/`), `pipeline.yaml` to ingest it all,
/// `truth.json` with the generating values and the expected normalized results, and optionally one large
/// v2.xml batch (`scale/`) for benchmarks.
///
/// Deterministic: every random choice comes from `SplitMix64` seeded by `options.seed`, and all text is
/// formatted without locale or time-zone dependence, so the same options give the same bytes (on one
/// platform: the curves use libm's `exp`/`log`/`pow`, whose last bit may differ between C libraries).
public enum SynthTrialGenerator {
    public struct Summary: Sendable {
        public var files: [String]
        public var results: Int
        public var subjects: Int
        public var scale: (path: String, bytes: Int64, messages: Int, observations: Int)?
        /// What was written to `truth.json`.
        public var truth: SynthTruth
    }

    public static func generate(_ options: SynthOptions, into dir: String) throws(LabError) -> Summary {
        guard options.subjects >= 1, options.subjects <= 999 else {
            throw LabError(.argumentInvalid, "--subjects must be from 1 to 999")
        }
        guard options.months >= 1, options.months <= 120 else {
            throw LabError(.argumentInvalid, "--months must be from 1 to 120")
        }
        var root = SplitMix64(seed: options.seed)
        let subjects = makeSubjects(options, rng: &root)
        var box = SynthRNGBox(rng: root)
        var truth = SynthTruth(seed: options.seed, subjectsCount: options.subjects, months: options.months,
                               startDate: SynthCalendar.isoDate(options.startDay))

        var roster = "subject,mrn,sample_prefix,infusion_date,site\n"
        for s in subjects { roster += "\(s.id),\(s.mrn),\(s.id),\(SynthCalendar.isoDate(s.infusionDay)),\(s.site)\n" }
        try SynthSink.write(roster, to: dir + "/roster.csv")

        try SynthHL7Trial(options: options, subjects: subjects).write(to: dir, truth: &truth, rng: &box)
        try SynthQPCR(options: options, subjects: subjects).write(to: dir, truth: &truth, rng: &box)
        try SynthFlow(options: options, subjects: subjects).write(to: dir, truth: &truth, rng: &box)

        truth.subjects = subjects.map { s in
            let visits = SynthHL7Trial.marrowVisits(s).filter { s.infusionDay + $0.day < options.endDay }
            return SynthTruth.Subject(
                subject: s.id, mrn: s.mrn, site: s.site, lab: s.lab.rawValue, infusionDate: SynthCalendar.isoDate(s.infusionDay),
                cmax: s.cmax, tmax: s.tmax, responseByVisit: visits.map { ($0.visit, s.response(day: $0.day)) },
                relapseDate: s.relapseStudyDay.map { SynthCalendar.isoDate(s.infusionDay + $0) }, antigenLoss: s.antigenLoss)
        }
        try SynthSink.write(SynthPipelineFile.yaml(), to: dir + "/pipeline.yaml")
        try SynthSink.write(truth.json(), to: dir + "/truth.json")

        var summary = Summary(files: ["roster.csv", "pipeline.yaml", "truth.json"] + truth.files.map(\.path),
                              results: truth.results.count, subjects: subjects.count, truth: truth)
        if let mb = options.scaleHL7MB {
            let name = "scale/central-lab-scale-\(mb == mb.rounded() ? String(Int(mb)) : String(mb))mb.xml"
            let w = try SynthScaleBatch(subjects: subjects, startDay: options.startDay)
                .write(path: dir + "/" + name, megabytes: mb, seed: options.seed)
            summary.scale = (name, w.bytes, w.messages, w.observations)
            summary.files.append(name)
        }
        return summary
    }

    /// Subjects infused across the first 60 % of the window (at least a week apart on average), each with
    /// their own hidden physiology.
    static func makeSubjects(_ options: SynthOptions, rng: inout SplitMix64) -> [SynthSubject] {
        let window = options.endDay - options.startDay
        let span = max(1, Int(Double(max(0, window - 40)) * 0.6))
        return (1...options.subjects).map { i in
            var r = rng.fork(UInt64(i))
            let infusion = options.startDay + 20 + (i - 1) * span / options.subjects + r.int(0...3)
            return SynthSubject(index: i, infusionDay: infusion, windowEnd: options.endDay, rng: &r)
        }
    }
}
