import Foundation
import LabCore

/// Turns one run's wells into exactly one `ParseOutput` per well, in well order.
///
/// Per CAR target: a standard curve from that target's standard wells, the NTC check, then per subject sample
/// × target (replicates aggregated) copies per reaction = 10^((Cq − intercept)/slope) per amplified replicate,
/// their mean, and copies/µg = mean × 1000 / ng DNA per reaction. The event is emitted at the group's first
/// replicate row; the group's other replicate rows are ignored as `qpcr.replicate-aggregated`, so outputs always
/// equal rows read. Undetermined replicates are left out of the mean (and flagged `replicate-dropout`); when
/// every replicate is undetermined the value is the text "not detected" (never zero). Numbers handed to the
/// event are rounded to `significant-digits` (default 4) significant digits; the regression runs in Double.
struct QPCRQuantifier {
    let options: QPCROptions
    let manifest: SampleManifest
    let run: QPCRRunInfo

    private struct TargetQC {
        var curve: StandardCurve?
        var ntcCq: Double?
        var ntcWells = 0
        var reasons: [String] = []
        var printed: QPCRWell?
    }

    func outputs(for wells: [QPCRWell]) -> [ParseOutput] {
        var outputs = [ParseOutput?](repeating: nil, count: wells.count)
        var groups: [String: [Int]] = [:]
        var groupOrder: [String] = []
        var references: [String: [String: [Double?]]] = [:]  // sample → reference target → Cqs

        // MARK: Classify every well
        for (i, w) in wells.enumerated() {
            if w.isFooter { outputs[i] = .ignored(.qpcrFooter, w.locator, detail: nil); continue }
            if let task = w.unknownTask {
                outputs[i] = .quarantined(LabError(.qpcrTaskUnknown, task.isEmpty ? "the well has a target but no task" : "unknown task or content",
                                                   locator: w.locator, field: "task"), raw: w.raw)
                continue
            }
            if w.omitted { outputs[i] = .ignored(.qpcrOmittedWell, w.locator, detail: w.position); continue }
            // A standard or NTC whose Cq cannot be read is left out of the curve or the contamination check:
            // that must show as a record, not pass as an ordinary control well.
            if w.role == .standard || w.role == .ntc, w.cq == .unparseable {
                outputs[i] = .quarantined(LabError(.qpcrCqUnparseable, "the \(w.role == .ntc ? "NTC" : "standard")'s Cq is neither a number of cycles (0–100) nor a no-amplification value, so the run's QC does without it",
                                                   locator: w.locator, field: "cq"), raw: w.raw)
                continue
            }
            switch w.role {
            case .empty: outputs[i] = .ignored(.qpcrEmptyWell, w.locator, detail: w.position)
            case .standard: outputs[i] = .ignored(.qpcrStandard, w.locator, detail: w.target)
            case .ntc: outputs[i] = .ignored(.qpcrNTC, w.locator, detail: w.target)
            case .control: outputs[i] = .ignored(.qpcrControl, w.locator, detail: w.target)
            case .unknown:
                if w.sample.isEmpty && w.target.isEmpty {
                    outputs[i] = .ignored(.qpcrEmptyWell, w.locator, detail: w.position)
                } else if (options.isReferenceTarget(w.target) || w.declaredReference) && !options.isCARTarget(w.target) {
                    references[w.sample, default: [:]][w.target, default: []].append(w.cq.number)
                    outputs[i] = .ignored(.qpcrReferenceGene, w.locator, detail: w.target)
                } else if !options.isCARTarget(w.target) {
                    outputs[i] = .ignored(.qpcrOtherTarget, w.locator, detail: w.target)
                } else if w.sample.isEmpty {
                    outputs[i] = .quarantined(LabError(.subjectMissing, "a CAR well has no sample name", locator: w.locator, field: "sample"), raw: w.raw)
                } else if w.cq == .unparseable {
                    outputs[i] = .quarantined(LabError(.qpcrCqUnparseable, "the Cq is neither a number of cycles (0–100) nor a no-amplification value",
                                                       locator: w.locator, field: "cq"), raw: w.raw)
                } else if w.cq == .missing {
                    outputs[i] = .quarantined(LabError(.valueMissing, "the CAR well has no Cq", locator: w.locator, field: "cq"), raw: w.raw)
                } else {
                    let key = w.sample + "\u{1F}" + w.target.lowercased()
                    if groups[key] == nil { groupOrder.append(key) }
                    groups[key, default: []].append(i)
                }
            }
        }

        // MARK: Run QC per target
        var qc: [String: TargetQC] = [:]
        for key in Set(groupOrder.map { String($0.split(separator: "\u{1F}", omittingEmptySubsequences: false)[1]) }) {
            qc[key] = targetQC(key, wells)
        }

        // MARK: One event per group
        for key in groupOrder {
            let members = groups[key]!
            let targetKey = String(key.split(separator: "\u{1F}", omittingEmptySubsequences: false)[1])
            outputs[members[0]] = groupOutput(members.map { wells[$0] }, qc: qc[targetKey]!, references: references[wells[members[0]].sample] ?? [:])
            for i in members.dropFirst() {
                outputs[i] = .ignored(.qpcrReplicateAggregated, wells[i].locator, detail: nil)
            }
        }
        return outputs.map { $0! }
    }

    private func targetQC(_ target: String, _ wells: [QPCRWell]) -> TargetQC {
        var result = TargetQC()
        let mine = wells.filter { !$0.omitted && !$0.isFooter && $0.unknownTask == nil && $0.target.lowercased() == target }
        let points = mine.filter { $0.role == .standard }.compactMap { w -> (quantity: Double, cq: Double)? in
            guard let q = w.quantity, let c = w.cq.number else { return nil }
            return (q, c)
        }
        result.curve = StandardCurve.fit(points)
        result.printed = mine.first { $0.printedSlope != nil || $0.printedEfficiency != nil }
        let ntcs = mine.filter { $0.role == .ntc }
        result.ntcWells = ntcs.count
        result.ntcCq = ntcs.compactMap(\.cq.number).min()
        if let curve = result.curve {
            if curve.efficiencyPercent < options.efficiencyMin || curve.efficiencyPercent > options.efficiencyMax {
                result.reasons.append("efficiency-out-of-range")
            }
            if curve.r2 < options.r2Min { result.reasons.append("r2-low") }
        }
        if (result.curve?.levels ?? Set(points.map(\.quantity)).count) < options.minStandardLevels {
            result.reasons.append("too-few-standards")
        }
        if let ntc = result.ntcCq, ntc < options.ntcCqCutoff { result.reasons.append("ntc-amplified") }
        return result
    }

    private func groupOutput(_ reps: [QPCRWell], qc: TargetQC, references: [String: [Double?]]) -> ParseOutput {
        let first = reps[0]
        let raw = reps.map(\.raw).joined(separator: "\n")
        let cqs = reps.map(\.cq.number)
        let detected = cqs.compactMap { $0 }
        var sampleReasons: [String] = []
        let cqSD = QPCRStats.sd(detected)
        if let cqSD, cqSD > options.replicateSDMax { sampleReasons.append("replicate-sd-high") }
        if !detected.isEmpty && detected.count < cqs.count { sampleReasons.append("replicate-dropout") }
        let reasons = qc.reasons + sampleReasons
        let sig = options.significantDigits
        func dec(_ x: Double?, _ digits: Int? = nil) -> JSONValue {
            x.map { .decimal(QPCRStats.decimal($0, significantDigits: digits ?? sig)) } ?? .null
        }

        var attributes: [String: JSONValue] = [
            "sample": .string(first.sample),  // which of a subject's samples (a rerun, a dilution) this result is
            "target": .string(first.target),
            "replicates": .int(Int64(reps.count)),
            "replicatesDetected": .int(Int64(detected.count)),
            "wells": .array(reps.map { .string($0.position) }),
            "cqMean": dec(QPCRStats.mean(detected), 5),
            "cqSD": dec(cqSD, 3),
            "replicateCqs": .array(cqs.map { dec($0, 5) }),
            "standardLevels": .int(Int64(qc.curve?.levels ?? 0)),
            "ntcCq": dec(qc.ntcCq, 5),
            "ntcWells": .int(Int64(qc.ntcWells)),
            "qc": .string(reasons.isEmpty ? "passed" : "failed"),
            "qcReasons": .array(reasons.map { .string($0) }),
            "instrument": .string(run.instrument),
            "runEnd": .string(run.runEndText),
            "flavour": .string(run.flavour),
        ]
        if let runID = run.runID { attributes["run"] = .string(runID) }
        if let curve = qc.curve {
            attributes["slope"] = dec(curve.slope, 6)
            attributes["intercept"] = dec(curve.intercept, 6)
            attributes["r2"] = dec(curve.r2, 6)
            attributes["efficiency"] = dec(curve.efficiencyPercent, 5)
        }
        if let p = qc.printed {
            if let v = p.printedSlope { attributes["instrumentSlope"] = dec(v, 6) }
            if let v = p.printedIntercept { attributes["instrumentIntercept"] = dec(v, 6) }
            if let v = p.printedR2 { attributes["instrumentR2"] = dec(v, 6) }
            if let v = p.printedEfficiency { attributes["instrumentEfficiency"] = dec(v, 5) }
        }
        if !references.isEmpty {
            attributes["referenceTargets"] = .object(references.keys.sorted().map { name in
                let values = references[name]!
                let amplified = values.compactMap { $0 }
                return (name, .object([("cqMean", dec(QPCRStats.mean(amplified), 5)),
                                       ("replicates", .int(Int64(values.count))),
                                       ("replicatesDetected", .int(Int64(amplified.count)))]))
            })
        }
        if let lloq = options.lloq { attributes["lloq"] = .decimal(lloq) }
        if let lod = options.lod { attributes["lod"] = .decimal(lod) }

        let entry = manifest[first.sample]
        let collected: ReportedTime
        if let text = entry?.collected ?? options.collected { collected = ReportedTime(text) }
        else if let iso = run.runEndISO { collected = ReportedTime(iso) }
        else { collected = ReportedTime(run.runEndText) }

        // MARK: Value and censoring
        let value: ObservationValue
        if detected.isEmpty {
            value = .text("not detected")
            attributes["censoring"] = .string("not-detected")
        } else {
            guard let curve = qc.curve else {
                return .quarantined(LabError(.qpcrNoStandardCurve, "no standard curve could be fitted for this target",
                                             locator: first.locator), raw: raw)
            }
            guard let ng = entry?.dnaNgPerReaction ?? options.dnaNgPerReaction else {
                return .quarantined(LabError(.qpcrDNAInputMissing, "no DNA input per reaction for this sample",
                                             locator: first.locator, field: "dna-ng-per-reaction"), raw: raw)
            }
            let copies = detected.map { curve.copies(atCq: $0) }
            let meanCopies = QPCRStats.mean(copies)!
            let perUg = meanCopies * 1000 / ng
            attributes["copiesPerReaction"] = dec(meanCopies)
            attributes["replicateCopies"] = .array(cqs.map { $0.map { dec(curve.copies(atCq: $0)) } ?? .null })
            attributes["dnaNgPerReaction"] = dec(ng, 6)
            let instrument = reps.filter { $0.cq.number != nil }.compactMap(\.quantity)
            if let instrumentMean = QPCRStats.mean(instrument) {
                attributes["instrumentQuantity"] = dec(instrumentMean)
                attributes["quantityDisagreement"] = .bool(instrumentMean > 0 ? abs(meanCopies - instrumentMean) / instrumentMean > 0.01 : true)
            }
            let rounded = QPCRStats.decimal(perUg, significantDigits: sig)
            if let lloq = options.lloq, rounded < lloq {
                value = .number(lloq, comparator: .lessThan, original: "<" + DecimalText.format(lloq))
                attributes["censoring"] = .string("below-lloq")
                attributes["copiesPerUgEstimate"] = .decimal(rounded)
            } else {
                value = .number(rounded, comparator: nil, original: DecimalText.format(rounded))
                attributes["censoring"] = .string("quantified")
            }
        }

        if options.onQCFailure == .quarantine {
            if !qc.reasons.isEmpty {
                return .quarantined(LabError(.qpcrRunQCFailed, "the run failed QC: " + qc.reasons.joined(separator: ", "),
                                             locator: first.locator), raw: raw)
            }
            if !sampleReasons.isEmpty {
                return .quarantined(LabError(.qpcrSampleQCFailed, "the sample's replicates failed QC: " + sampleReasons.joined(separator: ", "),
                                             locator: first.locator), raw: raw)
            }
        }
        return .observation(Observation(
            kind: .qpcrCopies, locator: first.locator,
            subject: SubjectReference(sampleID: first.sample),
            analyte: AnalyteReference(codings: [.init(system: "LABINGEST", code: "LI-CAR-COPIES-GDNA",
                                                      display: "CAR transgene copies per µg genomic DNA")],
                                      name: first.target),
            // The sample as written and the assay: two CAR assays of one sample, or two sample names of one
            // subject and visit (a rerun, a dilution), are separate results, never one correcting the other.
            value: value, unit: "{copies}/ug", collected: collected, resultID: "\(first.sample)|\(first.target.lowercased())",
            attributes: attributes, raw: raw))
    }
}
