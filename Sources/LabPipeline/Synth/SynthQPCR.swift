import Foundation
import LabCore

/// The trial's CAR transgene qPCR: blood samples at fixed visits, run on 96-well plates (6 standards in
/// duplicate, 2 NTCs, samples in triplicate, one RNaseP well per sample), exported alternately as an
/// Applied Biosystems QuantStudio text file and a Bio-Rad CFX "Quantification Cq Results" CSV, with a
/// manifest of collection times and DNA input.
///
/// The expected value of each sample follows the qPCR format's documented rule on the Cqs as written:
/// least-squares standard curve (Cq on log10 quantity), copies per amplified replicate
/// 10^((Cq − intercept)/slope), their mean × 1000 / ng DNA, 4 significant digits; below the pipeline's
/// LLOQ it is `< LLOQ`; with no amplified replicate it is the text "not detected".
struct SynthQPCR {
    static let visits: [(code: String, day: Int)] = [
        ("SCR", -14), ("D4", 4), ("D7", 7), ("D10", 10), ("D14", 14), ("D21", 21), ("D28", 28), ("M2", 60), ("M3", 90),
        ("M6", 180), ("M9", 270), ("M12", 365), ("M18", 545), ("M24", 730),
    ]
    static let lloq: Decimal = 100
    static let samplesPerPlate = 20

    struct Sample {
        var subject: SynthSubject
        var name: String
        var collected: SynthTime
        var copiesPerReaction: Double
    }

    let options: SynthOptions
    let subjects: [SynthSubject]

    func write(to dir: String, truth: inout SynthTruth, rng: inout SynthRNGBox) throws(LabError) {
        var r = rng.fork(21)
        var samples: [Sample] = []
        for s in subjects {
            for v in Self.visits {
                let day = s.infusionDay + v.day
                guard day >= options.startDay, day < options.endDay else { continue }
                let perUg = s.copiesPerUg(day: Double(v.day)) * r.logNormal(median: 1, factor: 1.15)
                samples.append(Sample(subject: s, name: "\(s.id)_\(v.code)_PB",
                                      collected: SynthTime(day: day, minute: 8 * 60 + 30, offsetMinutes: SynthLab.offsetMinutes),
                                      copiesPerReaction: perUg * Double(s.dnaNg) / 1000))
            }
        }
        samples.sort { ($0.collected.day, $0.subject.index) < ($1.collected.day, $1.subject.index) }

        var manifest = "sample,collected,dna-ng-per-reaction\n"
        for s in samples { manifest += "\(s.name),\(s.collected.isoWithOffset),\(s.subject.dnaNg)\n" }
        try SynthSink.write(manifest, to: dir + "/qpcr/manifest.csv")

        // Plates: the samples of one calendar month, 20 per plate, run on the 5th of the next month.
        var byMonth: [String: [Sample]] = [:]
        for s in samples { byMonth[SynthCalendar.yearMonth(s.collected.day), default: []].append(s) }
        var plate = 0
        for month in byMonth.keys.sorted() {
            let monthSamples = byMonth[month]!
            for chunk in stride(from: 0, to: monthSamples.count, by: Self.samplesPerPlate) {
                plate += 1
                let batch = Array(monthSamples[chunk..<min(chunk + Self.samplesPerPlate, monthSamples.count)])
                let runDay = SynthCalendar.days(year: Int(month.prefix(4))!, month: Int(month.suffix(2))!, day: 28) + 7
                let run = SynthTime(day: runDay, minute: 14 * 60 + r.int(0...180), offsetMinutes: SynthLab.offsetMinutes)
                let quantStudio = plate % 2 == 1
                let path = quantStudio ? "qpcr/quantstudio-\(month)-\(plate).txt" : "qpcr/cfx-\(month)-\(plate)-Quantification-Cq-Results.csv"
                let plateData = makePlate(batch, rng: &r)
                let text = quantStudio ? quantStudioText(plateData, run: run, name: "CART-qPCR-\(month)-\(plate)") : cfxText(plateData)
                try SynthSink.write(text, to: dir + "/" + path)
                truth.files.append((path, "qpcr"))
                for (i, s) in batch.enumerated() {
                    truth.results.append(.init(file: path, kind: "qpcr.copies", subject: s.subject.id, specimen: "blood",
                                               collectedAt: s.collected.utcISO, status: "final",
                                               expected: expected(plateData, sample: i, ng: Double(s.subject.dnaNg))))
                }
            }
        }
    }

    // MARK: - Plate

    struct Well {
        var position: String
        var sample: String
        var target: String
        var task: String      // STANDARD, NTC, UNKNOWN
        var quantity: Double?
        /// Cq as written with 3 decimals; nil = no amplification.
        var cq: String?
        var cfxContent: String
    }

    struct Plate {
        var wells: [Well]
        var slope: Double
        var intercept: Double
        /// Well indices of each sample's CAR replicates.
        var replicates: [[Int]]
    }

    static func position(_ i: Int) -> (qs: String, cfx: String) {
        let row = Character(UnicodeScalar(UInt8(65 + i / 12)))
        let col = i % 12 + 1
        return ("\(row)\(col)", "\(row)\(col < 10 ? "0" : "")\(col)")
    }

    private func makePlate(_ batch: [Sample], rng r: inout SplitMix64) -> Plate {
        let slope = -3.32 + r.normal(sd: 0.04)
        let intercept = 38 + r.normal(sd: 0.3)
        var wells: [Well] = []
        func add(_ sample: String, _ target: String, _ task: String, _ q: Double?, _ cq: Double?, _ content: String) {
            wells.append(Well(position: Self.position(wells.count).qs, sample: sample, target: target, task: task, quantity: q,
                              cq: cq.map { String(format: "%.3f", $0) }, cfxContent: content))
        }
        for level in 1...6 {
            let q = Foundation.pow(10, Double(level))
            for _ in 0..<2 {
                add("Std \(level) (1e\(level))", "CAR19", "STANDARD", q, intercept + slope * Double(level) + r.normal(sd: 0.08), "Std-0\(level)")
            }
        }
        add("NTC", "CAR19", "NTC", nil, nil, "NTC-01")
        add("NTC", "CAR19", "NTC", nil, nil, "NTC-01")
        var replicates: [[Int]] = []
        for (i, s) in batch.enumerated() {
            var idx: [Int] = []
            for _ in 0..<3 {
                let lambda = s.copiesPerReaction
                let detected = lambda >= 8 || r.unit() < 1 - Foundation.exp(-lambda)
                let cq = detected ? intercept + slope * Foundation.log10(max(lambda, 1)) + r.normal(sd: 0.15) : nil
                idx.append(wells.count)
                add(s.name, "CAR19", "UNKNOWN", nil, cq, "Unkn-\(i + 1 < 10 ? "0" : "")\(i + 1)")
            }
            replicates.append(idx)
        }
        for (i, s) in batch.enumerated() {
            add(s.name, "RNaseP", "UNKNOWN", nil, 22 + r.normal(sd: 0.3), "Unkn-\(i + 1 < 10 ? "0" : "")\(i + 1)")
        }
        return Plate(wells: wells, slope: slope, intercept: intercept, replicates: replicates)
    }

    /// The fitted curve of the written standards (the format's rule, same arithmetic order).
    static func fit(_ wells: [Well]) -> (slope: Double, intercept: Double) {
        let pts = wells.filter { $0.task == "STANDARD" }.compactMap { w -> (Double, Double)? in
            guard let q = w.quantity, let c = w.cq.flatMap(Double.init) else { return nil }
            return (q, c)
        }
        let n = Double(pts.count)
        let xs = pts.map { Foundation.log10($0.0) }
        let ys = pts.map(\.1)
        let mx = xs.reduce(0, +) / n
        let my = ys.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0
        for (x, y) in zip(xs, ys) {
            sxx += (x - mx) * (x - mx)
            sxy += (x - mx) * (y - my)
        }
        let slope = sxy / sxx
        return (slope, my - slope * mx)
    }

    private func expected(_ plate: Plate, sample i: Int, ng: Double) -> SynthExpectedValue {
        let curve = Self.fit(plate.wells)
        let cqs = plate.replicates[i].compactMap { plate.wells[$0].cq.flatMap(Double.init) }
        if cqs.isEmpty {
            return SynthExpectedValue(system: "LABINGEST", code: "LI-CAR-COPIES-GDNA", unit: "{copies}/ug", value: nil, comparator: nil, text: "not detected")
        }
        let copies = cqs.map { Foundation.pow(10, ($0 - curve.intercept) / curve.slope) }
        let mean = copies.reduce(0, +) / Double(copies.count)
        let perUg = mean * 1000 / ng
        let rounded = Decimal(string: String(format: "%.3e", perUg), locale: Locale(identifier: "en_US_POSIX"))!
        if rounded < Self.lloq {
            return SynthExpectedValue(system: "LABINGEST", code: "LI-CAR-COPIES-GDNA", unit: "{copies}/ug", value: Self.lloq, comparator: "<", text: nil)
        }
        return SynthExpectedValue(system: "LABINGEST", code: "LI-CAR-COPIES-GDNA", unit: "{copies}/ug", value: rounded, comparator: nil, text: nil)
    }

    // MARK: - Exports

    private func quantStudioText(_ p: Plate, run: SynthTime, name: String) -> String {
        let curve = Self.fit(p.wells)
        let efficiency = (Foundation.pow(10, -1 / curve.slope) - 1) * 100
        var out = """
        * Block Type = 96-Well Block (0.2mL)
        * Chemistry = TAQMAN
        * Experiment File Name = C:\\Applied Biosystems\\QuantStudio\\User Files\\\(name).eds
        * Experiment Name = \(name)
        * Experiment Run End Time = \(run.localText)
        * Experiment Type = Standard Curve
        * Instrument Name = 278880031
        * Instrument Type = QuantStudio(TM) 7 Flex System
        * Passive Reference = ROX
        * Quantification Cycle Method = Ct

        [Results]
        Well\tWell Position\tOmit\tSample Name\tTarget Name\tTask\tReporter\tQuencher\tCT\tCt Mean\tCt SD\tQuantity\tQuantity Mean\tQuantity SD\tAutomatic Ct Threshold\tCt Threshold\tAutomatic Baseline\tBaseline Start\tBaseline End\tComments\tY-Intercept\tR(superscript 2)\tSlope\tEfficiency

        """
        for (i, w) in p.wells.enumerated() {
            let car = w.target == "CAR19"
            var quantity = ""
            if let q = w.quantity { quantity = String(format: "%.3f", q) }
            else if car, let c = w.cq.flatMap(Double.init) { quantity = String(format: "%.3f", Foundation.pow(10, (c - curve.intercept) / curve.slope)) }
            let curveCells = car ? String(format: "%.3f\t%.3f\t%.3f\t%.3f", curve.intercept, 0.999, curve.slope, efficiency) : "\t\t\t"
            out += "\(i + 1)\t\(w.position)\tfalse\t\(w.sample)\t\(w.target)\t\(w.task)\t\(car ? "FAM" : "VIC")\tNFQ-MGB\t\(w.cq ?? "Undetermined")\t\t\t\(quantity)\t\t\ttrue\t0.200\ttrue\t3\t15\t\t\(curveCells)\n"
        }
        out += "\nAnalysis Type = Singleplex\nEndogenous Control = RNaseP\n"
        return out
    }

    private func cfxText(_ p: Plate) -> String {
        var out = ",Well,Fluor,Target,Content,Sample,Biological Set Name,Cq,Cq Mean,Cq Std. Dev,Starting Quantity (SQ),Log Starting Quantity,SQ Mean,SQ Std. Dev,Set Point,Well Note\n"
        for (i, w) in p.wells.enumerated() {
            let car = w.target == "CAR19"
            let sample = w.task == "STANDARD" ? w.sample : (w.task == "NTC" ? "" : w.sample)
            let sq = w.quantity.map { String(format: "%.0f", $0) } ?? "NaN"
            let logSQ = w.quantity.map { String(format: "%.6f", Foundation.log10($0)) } ?? "NaN"
            out += ",\(Self.position(i).cfx),\(car ? "FAM" : "HEX"),\(w.target),\(w.cfxContent),\(sample),,\(w.cq ?? "NaN"),,,\(sq),\(logSQ),,,60,\n"
        }
        return out
    }
}
