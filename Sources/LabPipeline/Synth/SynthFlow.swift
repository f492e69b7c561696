import Foundation
import LabCore

/// The trial's flow cytometry as FlowJo v10 table exports (one CSV per month and specimen):
/// - blood (PB, D7–M6): CD3+ and CAR+ (% of parent, counts) and counting beads, from which the
///   pipeline derives CAR-T cells/µL (`cells / beads × 51500 / 50`);
/// - marrow (BM, SCR/D28/M3/M6): blasts % of CD45+, CD19+ % of blasts (`n/a` when no blast was
///   gated), MRD % (frequency of grandparent).
/// Each table ends with FlowJo's Mean and SD rows and starts with a compensation-control row without
/// statistics, as real exports do. Collection dates come from the `$DATE` keyword column.
struct SynthFlow {
    static let bloodVisits: [(code: String, day: Int)] = [("D7", 7), ("D14", 14), ("D21", 21), ("D28", 28), ("M3", 90), ("M6", 180)]
    static let marrowVisits: [(code: String, day: Int)] = [("SCR", -14), ("D28", 28), ("M3", 90), ("M6", 180)]
    static let beadsPerTest: Decimal = 51500
    static let bloodVolume: Decimal = 50

    struct Column {
        var header: String
        /// nil: a FLOW-GATE population (code `path | statistic`); else the LABINGEST measure.
        var measure: String?
        var gateCode: String
        var unit: String
    }

    static let bloodColumns: [Column] = [
        .init(header: "Lymphocytes | Freq. of Parent (%)", measure: nil, gateCode: "Lymphocytes | Freq. of Parent", unit: "%"),
        .init(header: "Lymphocytes/Single Cells/Live/CD3+ | Freq. of Parent (%)", measure: nil, gateCode: "Lymphocytes/Single Cells/Live/CD3+ | Freq. of Parent", unit: "%"),
        .init(header: "Lymphocytes/Single Cells/Live/CD3+ | Count", measure: nil, gateCode: "Lymphocytes/Single Cells/Live/CD3+ | Count", unit: "1"),
        .init(header: "Lymphocytes/Single Cells/Live/CD3+/CAR+ | Freq. of Parent (%)", measure: "LI-CAR-CD3-PCT", gateCode: "", unit: "%"),
        .init(header: "Lymphocytes/Single Cells/Live/CD3+/CAR+ | Count", measure: nil, gateCode: "Lymphocytes/Single Cells/Live/CD3+/CAR+ | Count", unit: "1"),
        .init(header: "Beads | Count", measure: nil, gateCode: "Beads | Count", unit: "1"),
    ]

    static let marrowColumns: [Column] = [
        .init(header: "Nucleated | Freq. of Parent (%)", measure: nil, gateCode: "Nucleated | Freq. of Parent", unit: "%"),
        .init(header: "Nucleated/CD45+ | Count", measure: nil, gateCode: "Nucleated/CD45+ | Count", unit: "1"),
        .init(header: "Nucleated/CD45+/Blasts | Freq. of Parent (%)", measure: "LI-BLAST-CD45-PCT", gateCode: "", unit: "%"),
        .init(header: "Nucleated/CD45+/Blasts | Count", measure: nil, gateCode: "Nucleated/CD45+/Blasts | Count", unit: "1"),
        .init(header: "Nucleated/CD45+/Blasts/CD19+ | Freq. of Parent (%)", measure: "LI-TAA-BLAST-PCT", gateCode: "", unit: "%"),
        .init(header: "Nucleated/CD19+/MRD | Freq. of Grandparent (%)", measure: "LI-MRD-PCT", gateCode: "", unit: "%"),
    ]

    struct Row {
        var subject: SynthSubject
        var sample: String
        var day: Int
        var cells: [String]
    }

    let options: SynthOptions
    let subjects: [SynthSubject]

    func write(to dir: String, truth: inout SynthTruth, rng: inout SynthRNGBox) throws(LabError) {
        var r = rng.fork(31)
        for marrow in [false, true] {
            var byMonth: [String: [Row]] = [:]
            for s in subjects {
                for v in marrow ? Self.marrowVisits : Self.bloodVisits {
                    let day = s.infusionDay + v.day
                    guard day >= options.startDay, day < options.endDay else { continue }
                    let cells = marrow ? marrowCells(s, studyDay: v.day, rng: &r) : bloodCells(s, studyDay: v.day, rng: &r)
                    byMonth[SynthCalendar.yearMonth(day), default: []].append(Row(subject: s, sample: "\(s.id)_\(v.code)_\(marrow ? "BM" : "PB")", day: day, cells: cells))
                }
            }
            let columns = marrow ? Self.marrowColumns : Self.bloodColumns
            for month in byMonth.keys.sorted() {
                let rows = byMonth[month]!.sorted { ($0.day, $0.subject.index) < ($1.day, $1.subject.index) }
                let path = "flow/flowjo-\(marrow ? "bm" : "pb")-\(month).csv"
                var text = "," + columns.map { csv($0.header) }.joined(separator: ",") + ",$DATE,\r\n"
                text += "Compensation Controls_FITC Stained Control.fcs" + String(repeating: ",", count: columns.count + 1) + ",\r\n"
                truth.expectedIgnored["flow.empty-row", default: 0] += 1
                for row in rows {
                    text += row.sample + ".fcs," + row.cells.joined(separator: ",") + "," + SynthCalendar.fcsDate(row.day) + ",\r\n"
                    // Day-precision dates are read at local midnight in the pipeline's zone.
                    let collected = SynthTime(day: row.day, minute: 0, offsetMinutes: SynthLab.offsetMinutes).utcISO
                    let specimen = marrow ? "bone marrow" : "blood"
                    for (c, column) in columns.enumerated() {
                        let cell = row.cells[c]
                        if cell == "n/a" { truth.expectedIgnored["flow.statistic-undefined", default: 0] += 1; continue }
                        let value = Decimal(string: cell, locale: Locale(identifier: "en_US_POSIX"))!
                        let expected = column.measure.map { SynthExpectedValue(system: "LABINGEST", code: $0, unit: "%", value: value, comparator: nil, text: nil) }
                            ?? SynthExpectedValue(system: "FLOW-GATE", code: column.gateCode, unit: column.unit, value: value, comparator: nil, text: nil)
                        truth.results.append(.init(file: path, kind: "flow.population", subject: row.subject.id, specimen: specimen,
                                                   collectedAt: collected, status: "final", expected: expected))
                    }
                    if !marrow {
                        let cellsCount = Decimal(string: row.cells[4])!, beads = Decimal(string: row.cells[5])!
                        let abs = DecimalText.round(cellsCount / beads * Self.beadsPerTest / Self.bloodVolume, significantDigits: 4)
                        truth.results.append(.init(file: path, kind: "flow.population", subject: row.subject.id, specimen: specimen, collectedAt: collected,
                                                   status: "final", expected: SynthExpectedValue(system: "LABINGEST", code: "LI-CART-ABS", unit: "/uL", value: abs, comparator: nil, text: nil)))
                    }
                }
                text += "Mean" + String(repeating: ",", count: columns.count + 1) + ",\r\n"
                text += "SD" + String(repeating: ",", count: columns.count + 1) + ",\r\n"
                truth.expectedIgnored["flow.summary-row", default: 0] += 2
                try SynthSink.write(text, to: dir + "/" + path)
                truth.files.append((path, "flow"))
            }
        }
    }

    private func csv(_ s: String) -> String { s.contains(",") ? "\"\(s)\"" : s }

    /// Blood: CAR+ % of CD3+ follows the CAR transgene level (peak 10–60 %).
    private func bloodCells(_ s: SynthSubject, studyDay: Int, rng r: inout SplitMix64) -> [String] {
        let lymph = r.uniform(55, 75)
        let cd3Pct = r.uniform(60, 85)
        let cd3 = r.int(4000...15000)
        let level = s.copiesPerUg(day: Double(studyDay)) / s.cmax
        let carPct = min(70, max(0, level * r.uniform(10, 60) * r.logNormal(median: 1, factor: 1.1)))
        let car = Int((Double(cd3) * carPct / 100).rounded())
        let beads = r.int(9000...11000)
        return [String(format: "%.1f", lymph), String(format: "%.1f", cd3Pct), String(cd3),
                String(format: "%.2f", Double(car) / Double(cd3) * 100), String(car), String(beads)]
    }

    /// Marrow: blasts follow the subject's disease course; CD19 is lost in antigen-negative relapse.
    private func marrowCells(_ s: SynthSubject, studyDay: Int, rng r: inout SplitMix64) -> [String] {
        let nucleated = r.uniform(90, 98)
        let cd45 = r.int(300_000...480_000)
        let blastPct = min(95, s.marrowBlasts(day: studyDay) * r.uniform(0.8, 1.1))
        let blasts = studyDay >= 0 && s.response(day: studyDay) == "CR" && r.chance(0.4) ? 0 : Int((Double(cd45) * blastPct / 100).rounded())
        let cd19 = blasts == 0 ? "n/a"
            : String(format: "%.1f", s.antigenLoss && s.response(day: studyDay) == "relapse" ? r.uniform(1, 10) : r.uniform(92, 99.5))
        // MRD (% of nucleated cells): below the blast gate's resolution in remission, often still detectable.
        let mrd = blasts > 0 ? Double(blasts) / Double(cd45) * 100 * r.uniform(0.85, 1) : (r.chance(0.5) ? 0 : r.uniform(0.001, 0.05))
        return [String(format: "%.1f", nucleated), String(cd45), String(format: "%.3f", Double(blasts) / Double(cd45) * 100),
                String(blasts), cd19, String(format: "%.3f", mrd)]
    }
}
