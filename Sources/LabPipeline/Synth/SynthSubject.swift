import Foundation

/// One synthetic subject and the hidden truth that generates their results: baselines, the
/// lymphodepletion nadir and recovery, toxicity episodes, CAR-T kinetics, response and relapse.
///
/// Every value comes from `trueValue(_:day:)` in the analyte's canonical unit; labs then "measure" it in
/// their own units and precision. Study days count from the infusion (day 0).
public struct SynthSubject: Sendable {
    public var index: Int
    public var id: String
    public var mrn: String
    public var site: String
    public var lab: SynthLab
    /// Day number (since 1970) of the infusion.
    public var infusionDay: Int
    public var responder: Bool
    /// Study day of relapse (responders only), nil when none within the window.
    public var relapseStudyDay: Int?
    /// CD19-negative relapse: blasts lose the target antigen.
    public var antigenLoss: Bool
    /// CAR transgene peak (copies/µg gDNA) and its study day.
    public var cmax: Double
    public var tmax: Int
    /// ng DNA loaded per qPCR reaction for this subject's samples.
    public var dnaNg: Int

    // Hidden physiology.
    var ancBase, ancNadir, nadirDay, recoveryTau: Double
    var alcBase, alcNadir, alcBump: Double
    var monoBase: Double
    var pltBase, pltNadir, pltTau: Double
    var hbBase, hbDrop: Double
    var astBase, altBase: Double
    var transaminase: (start: Double, peak: Double)?
    var bilirubinBase: Double
    var bilirubin: (start: Double, peak: Double)?
    var creaBase: Double
    var crpBase, crpPeak, crsDay: Double
    var ferritinBase, ferritinFold: Double
    var screeningBlasts: Double
    var d28Blasts: Double

    init(index: Int, infusionDay: Int, windowEnd: Int, rng r: inout SplitMix64) {
        self.index = index
        id = "CART-" + String(repeating: "0", count: max(0, 3 - String(index).count)) + String(index)
        mrn = "MRN" + String(10_000 + index)
        lab = index % 3 == 0 ? .regional : .central
        site = lab == .central ? "Site 01" : "Site 02"
        self.infusionDay = infusionDay
        responder = r.chance(0.85)
        let relapses = responder && r.chance(0.3)
        let relapse = r.int(100...540)
        relapseStudyDay = relapses && infusionDay + relapse < windowEnd ? relapse : nil
        antigenLoss = relapseStudyDay != nil && r.chance(0.3)
        cmax = min(500_000, max(800, r.logNormal(median: 30_000, factor: 3)))
        tmax = r.int(7...14)
        dnaNg = [50, 100, 100, 200][r.int(0...3)]

        ancBase = min(6, max(1.2, r.normal(mean: 2.8, sd: 0.8)))
        ancNadir = r.uniform(0.0, 0.3)
        nadirDay = r.uniform(4, 9)
        recoveryTau = r.uniform(6, 16)
        alcBase = min(3, max(0.3, r.normal(mean: 1.2, sd: 0.4)))
        alcNadir = r.uniform(0.01, 0.1)
        alcBump = r.uniform(0.3, 3)
        monoBase = r.uniform(0.2, 0.6)
        pltBase = r.uniform(120, 300)
        pltNadir = r.uniform(12, 60)
        pltTau = r.uniform(12, 35)
        hbBase = r.uniform(95, 135)
        hbDrop = r.uniform(12, 30)
        astBase = r.uniform(12, 32)
        altBase = r.uniform(10, 35)
        transaminase = r.chance(0.35) ? (r.uniform(3, 12), r.uniform(120, 400)) : nil
        bilirubinBase = r.uniform(5, 15)
        bilirubin = r.chance(0.2) ? (r.uniform(5, 14), r.uniform(30, 70)) : nil
        creaBase = r.uniform(50, 95)
        crpBase = r.uniform(1, 8)
        crpPeak = r.uniform(40, 200)
        crsDay = r.uniform(2, 6)
        ferritinBase = r.uniform(200, 900)
        ferritinFold = r.uniform(3, 15)
        screeningBlasts = r.uniform(20, 90)
        d28Blasts = responder ? r.uniform(0, 4.5) : r.uniform(10, 60)
    }

    // MARK: - Truth curves (canonical units)

    /// The true value of `analyte` on study day `day` (before measurement noise), canonical unit.
    public func trueValue(_ analyte: SynthAnalyte, day: Double) -> Double {
        let relapsed = relapseStudyDay.map { day >= Double($0) } ?? false
        switch analyte {
        case .anc:
            var v = depleted(base: ancBase, nadir: ancNadir, nadirDay: nadirDay, tau: recoveryTau, day: day, recoverTo: 0.9)
            if relapsed { v *= 0.5 }
            return v
        case .alc:
            var v = depleted(base: alcBase, nadir: alcNadir, nadirDay: 0, tau: 25, day: day, recoverTo: 0.7)
            if day > 0 { v += alcBump * Foundation.exp(-Foundation.pow((day - Double(tmax)) / 4, 2)) }
            return v
        case .wbc:
            return trueValue(.anc, day: day) + trueValue(.alc, day: day)
                + depleted(base: monoBase, nadir: 0.02, nadirDay: nadirDay, tau: recoveryTau, day: day, recoverTo: 1)
        case .plt:
            var v = depleted(base: pltBase, nadir: pltNadir, nadirDay: nadirDay + 3, tau: pltTau, day: day, recoverTo: 0.85)
            if relapsed { v *= 0.4 }
            return v
        case .hb:
            let dip = day < -5 ? 0 : hbDrop * (day < 10 ? (day + 5) / 15 : Foundation.exp(-(day - 10) / 30))
            return hbBase - dip
        case .ast, .alt:
            let base = analyte == .ast ? astBase : altBase
            guard let e = transaminase, day >= e.start else { return base }
            return base + episode(peak: e.peak * (analyte == .ast ? 1 : 0.8), start: e.start, day: day, tau: 5)
        case .bilirubin:
            guard let e = bilirubin, day >= e.start else { return bilirubinBase }
            return bilirubinBase + episode(peak: e.peak, start: e.start, day: day, tau: 6)
        case .creatinine:
            return creaBase * (1 + 0.3 * bump(day, centre: crsDay + 2, width: 3))
        case .crp:
            return crpBase + crpPeak * bump(day, centre: crsDay, width: 2.5)
        case .ferritin:
            return ferritinBase * (1 + (ferritinFold - 1) * bump(day, centre: crsDay + 3, width: 5))
        case .marrowBlasts:
            return marrowBlasts(day: Int(day))
        }
    }

    /// Marrow blasts (%) at an assessment on study day `day`.
    public func marrowBlasts(day: Int) -> Double {
        if day < 0 { return screeningBlasts }
        if let r = relapseStudyDay, day >= r { return min(85, 8 + Double(day - r) * 0.4 + Double(index % 7) * 3) }
        if day < 60 { return d28Blasts }
        return responder ? d28Blasts * 0.3 : min(90, d28Blasts * 1.4)
    }

    /// Response at a marrow assessment: CR (blasts < 5 %), NR, or relapse.
    public func response(day: Int) -> String {
        if day < 0 { return "baseline" }
        if let r = relapseStudyDay, day >= r { return "relapse" }
        return marrowBlasts(day: day) < 5 ? "CR" : "NR"
    }

    /// True CAR transgene copies per µg gDNA in blood on study day `day`: exponential expansion from ~50
    /// at infusion to `cmax` at `tmax`, then a biphasic decline (half-lives 7 and 60 days).
    public func copiesPerUg(day: Double) -> Double {
        guard day >= 0 else { return 0 }
        let t = Double(tmax)
        if day <= t { return 50 * Foundation.pow(cmax / 50, day / t) }
        let after = day - t
        return cmax * (0.9 * Foundation.exp(-after * M_LN2 / 7) + 0.1 * Foundation.exp(-after * M_LN2 / 60))
    }

    // MARK: - Shapes

    /// Lymphodepletion (fludarabine/cyclophosphamide days −5 to −3): fall to `nadir` by `nadirDay`, then
    /// recover to `recoverTo × base` with time constant `tau`.
    private func depleted(base: Double, nadir: Double, nadirDay: Double, tau: Double, day: Double, recoverTo: Double) -> Double {
        if day < -5 { return base }
        if day <= nadirDay {
            let span = nadirDay + 5
            let f = Foundation.exp(-3 * (day + 5) / span)
            return nadir + (base - nadir) * (f - Foundation.exp(-3)) / (1 - Foundation.exp(-3))
        }
        return nadir + (base * recoverTo - nadir) * (1 - Foundation.exp(-(day - nadirDay) / tau))
    }

    private func episode(peak: Double, start: Double, day: Double, tau: Double) -> Double {
        let t = day - start
        return t < 3 ? peak * t / 3 : peak * Foundation.exp(-(t - 3) / tau)
    }

    private func bump(_ day: Double, centre: Double, width: Double) -> Double {
        Foundation.exp(-Foundation.pow((day - centre) / width, 2))
    }
}

/// The analytes the synthetic labs report.
public enum SynthAnalyte: String, Sendable, CaseIterable {
    case wbc, anc, alc, plt, hb, ast, alt, bilirubin, creatinine, crp, ferritin, marrowBlasts

    static let bloodCount: [SynthAnalyte] = [.wbc, .anc, .alc, .plt, .hb]
    static let chemistry: [SynthAnalyte] = [.ast, .alt, .bilirubin, .creatinine, .crp, .ferritin]
}
