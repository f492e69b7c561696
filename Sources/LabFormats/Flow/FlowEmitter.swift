import Foundation
import LabCore

/// The sample a row (FlowJo, mapped) or tube (FACSDiva) is about, and what the unit says about it.
struct FlowSampleContext {
    /// The sample cell as written (`1: CART-001_D7_PB.fcs`).
    let sampleCell: String
    /// The sample name without the legacy `1: ` prefix and without `.fcs`; nil when empty. Worked out once
    /// per row or tube, not once per statistic cell.
    let sampleID: String?
    var collected: ReportedTime
    var panel: String?
    var tube: String?
    var experiment: String?
    /// Reads a named column or metadata key of this row/tube (for per-sample constants).
    var lookup: (String) -> String?

    init(sampleCell: String, collected: ReportedTime = .missing, panel: String? = nil, tube: String? = nil,
         experiment: String? = nil, lookup: @escaping (String) -> String? = { _ in nil }) {
        self.sampleCell = sampleCell
        sampleID = FlowEmitter.sampleID(from: sampleCell)
        self.collected = collected
        self.panel = panel
        self.tube = tube
        self.experiment = experiment
        self.lookup = lookup
    }
}

/// Turns statistic cells into `ParseOutput`s: one per cell, never more.
struct FlowEmitter {
    let flavour: String
    let encoding: String
    let uri: String
    /// The file's decimal mark; nil when the file has not shown it (then a number that reads differently with a
    /// comma and a point, such as `1,234`, is not read, while `12,5` and `12.5` are: each can only be 12.5).
    var decimalMark: DecimalMark? = .point
    /// The source's sample manifest (`manifest` option); empty without one.
    var manifest = SampleManifest()

    /// When the sample was collected: the manifest's time for it (the lab's record of when the specimen was
    /// taken), else the table's (`collected-column`, FACSDiva `Record Date`: when it was acquired).
    func collected(_ sample: FlowSampleContext) -> ReportedTime {
        guard let text = (sample.sampleID.flatMap { manifest[$0] } ?? manifest[sample.sampleCell])?.collected else { return sample.collected }
        return ReportedTime(text)
    }

    // MARK: - Cells

    /// The output for one non-empty statistic cell.
    func cell(_ spec: FlowColumnSpec, _ resolution: FlowResolution, value rawValue: String, sample: FlowSampleContext,
              locator: Locator) -> ParseOutput {
        let value = rawValue.trimmingCharacters(in: .whitespaces)
        let raw = "\(sample.sampleCell)\t\(spec.display)\t\(rawValue)"
        if Self.isUndefined(value) {
            return .ignored(.flowStatisticUndefined, locator, detail: spec.gateCode)
        }
        guard let sampleID = sample.sampleID else {
            return .quarantined(LabError(.subjectMissing, "the row has no sample name", locator: locator, field: spec.header), raw: raw)
        }
        guard let reported = DecimalMarkSniffer.value(value, mark: decimalMark) else {
            return .quarantined(LabError(.valueUnparseable, "the statistic cell " + DecimalMarkSniffer.ambiguousMessage,
                                         locator: locator, field: spec.header), raw: raw)
        }
        // Flow statistics are numbers. A placeholder typed into a table (`-`, `—`, `ND`: "not done" or "not
        // detected"?) is for a person to read, never a text result without a value.
        if case .reported(let text) = reported, case .text = ReportedValue.parse(text) {
            return .quarantined(LabError(.valueUnparseable, "the statistic cell is not a number", locator: locator, field: spec.header), raw: raw)
        }
        var attributes = baseAttributes(sample)
        attributes["population"] = .string(spec.population)
        attributes["populationNormalized"] = .string(spec.populationNormalized)
        attributes["statistic"] = .string(spec.statistic.canonical)
        attributes["column"] = .string(spec.header)
        if let parent = spec.parent { attributes["parent"] = .string(parent) }
        if let ancestor = spec.statistic.ancestor { attributes["ancestor"] = .string(ancestor) }
        if let channel = spec.statistic.channel { attributes["channel"] = .string(channel) }
        if let marker = spec.statistic.marker { attributes["marker"] = .string(marker) }

        let analyte: AnalyteReference
        let unit: String?
        let resultCode: String
        switch resolution {
        case .ambiguous(let code):
            return .quarantined(LabError(.flowMeasureAmbiguous,
                                         "measure \(code) matches more than one population/statistic of this sample; make its gate pattern specific",
                                         locator: locator, field: spec.header), raw: raw)
        case .measure(let code):
            analyte = AnalyteReference(codings: [.init(system: "LABINGEST", code: code, display: spec.display)])
            unit = "%"
            resultCode = code
        case .gate:
            analyte = AnalyteReference(codings: [.init(system: "FLOW-GATE", code: spec.gateCode, display: spec.display)])
            unit = spec.statistic.unit
            resultCode = spec.gateCode
        }
        return .observation(Observation(
            kind: .flowPopulation, locator: locator, subject: SubjectReference(sampleID: sampleID), analyte: analyte,
            value: reported, unit: unit, collected: collected(sample),
            resultID: resultID(sampleID, sample, resultCode), attributes: attributes, raw: raw))
    }

    // MARK: - Absolute counts

    /// The derived cells/µL of one sample: `cells / beads × beadsPerTest / bloodVolumeUL`.
    ///
    /// Returns nil when neither Count cell has a value (the rule has nothing to compute for this sample, e.g.
    /// a tube without beads); otherwise exactly one output: the count, or a quarantine when it cannot be computed
    /// (`flow.absolute-count-undefined`: undefined or zero bead events, no beads-per-test or volume).
    func absolute(_ rule: FlowOptions.AbsoluteCount, cells: (FlowColumnSpec, String), beads: (FlowColumnSpec, String),
                  sample: FlowSampleContext, locator: Locator) -> ParseOutput? {
        let (cellSpec, beadSpec) = (cells.0, beads.0)
        let cellText = cells.1.trimmingCharacters(in: .whitespaces)
        let beadText = beads.1.trimmingCharacters(in: .whitespaces)
        let raw = "\(sample.sampleCell)\tcells=\(cellText)\tbeads=\(beadText)"
        func undefined(_ why: String) -> ParseOutput {
            .quarantined(LabError(.flowAbsoluteCountUndefined, "\(rule.analyte): \(why)", locator: locator), raw: raw)
        }
        if cellText.isEmpty && beadText.isEmpty { return nil }
        guard let sampleID = sample.sampleID else {
            return .quarantined(LabError(.subjectMissing, "the row has no sample name", locator: locator), raw: raw)
        }
        guard let cellEvents = DecimalText.parse(cellText, mark: decimalMark), cellEvents >= 0 else { return undefined("no cell event count") }
        guard let beadEvents = DecimalText.parse(beadText, mark: decimalMark), beadEvents > 0 else { return undefined("no bead event count") }
        guard let (perTest, perTestText) = constant(rule.beadsPerTest, sample) else { return undefined("no beads-per-test value") }
        guard let (volume, volumeText) = constant(rule.bloodVolumeUL, sample) else { return undefined("no blood volume") }

        let exact = cellEvents / beadEvents * perTest / volume
        let value = DecimalText.round(exact, significantDigits: 4)
        var attributes = baseAttributes(sample)
        attributes["population"] = .string(cellSpec.population)
        attributes["populationNormalized"] = .string(cellSpec.populationNormalized)
        attributes["statistic"] = .string("Absolute count (beads)")
        if let parent = cellSpec.parent { attributes["parent"] = .string(parent) }
        attributes["cellEvents"] = .string(cellText)
        attributes["beadEvents"] = .string(beadText)
        attributes["beadsPerTest"] = .string(perTestText)
        attributes["bloodVolumeUL"] = .string(volumeText)
        attributes["denominator"] = .string(beadSpec.population)
        attributes["formula"] = .string("cellEvents / beadEvents * beadsPerTest / bloodVolumeUL")
        return .observation(Observation(
            kind: .flowPopulation, locator: locator, subject: SubjectReference(sampleID: sampleID),
            analyte: AnalyteReference(codings: [.init(system: "LABINGEST", code: rule.analyte, display: "CAR-T cells per uL (beads)")]),
            value: .number(value, comparator: nil, original: DecimalText.format(value)), unit: "/uL",
            collected: collected(sample), resultID: resultID(sampleID, sample, rule.analyte), attributes: attributes, raw: raw))
    }

    /// The output for a sample whose cells or beads pattern matched more than one Count column.
    func ambiguousAbsolute(_ rule: FlowOptions.AbsoluteCount, sample: FlowSampleContext, locator: Locator) -> ParseOutput {
        .quarantined(LabError(.flowMeasureAmbiguous, "\(rule.analyte): the cells or beads pattern matches more than one Count column",
                              locator: locator), raw: sample.sampleCell)
    }

    private func constant(_ c: FlowOptions.Constant, _ sample: FlowSampleContext) -> (Decimal, String)? {
        switch c {
        case .fixed(let d, let text): return (d, text)
        case .column(let name):
            guard let text = sample.lookup(name)?.trimmingCharacters(in: .whitespaces),
                  let d = DecimalText.parse(text, mark: decimalMark), d > 0 else { return nil }
            return (d, text)
        }
    }

    // MARK: - Shared

    private func baseAttributes(_ sample: FlowSampleContext) -> [String: JSONValue] {
        var a: [String: JSONValue] = ["flavour": .string(flavour), "encoding": .string(encoding)]
        if let panel = sample.panel, !panel.isEmpty { a["panel"] = .string(panel) }
        if let tube = sample.tube, !tube.isEmpty { a["tube"] = .string(tube) }
        if let experiment = sample.experiment, !experiment.isEmpty { a["experiment"] = .string(experiment) }
        return a
    }

    /// The sender's identity of a result: sample, tube (FACSDiva has several per sample) and what was measured.
    private func resultID(_ sampleID: String, _ sample: FlowSampleContext, _ code: String) -> String {
        "\(sampleID)|\(sample.tube ?? "")|\(code)"
    }

    /// `n/a`, `NaN`, `####`, `Infinity` and the like: a statistic the program could not compute (FlowJo, a Java
    /// program, writes `Infinity` for a CV over no events). Placeholders a person types are not in this list.
    static let undefinedValues: Set<String> = [
        "n/a", "na", "nan", "-nan", "#div/0!", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity",
        "∞", "-∞", "+∞", "undefined",
    ]

    static func isUndefined(_ value: String) -> Bool {
        if undefinedValues.contains(value.lowercased()) { return true }
        return !value.isEmpty && value.allSatisfy { $0 == "#" }
    }

    /// The sample name without the legacy `1: ` prefix and a `.fcs`/`.lmd` extension; nil when empty.
    static func sampleID(from cell: String) -> String? {
        var text = Substring(cell.trimmingCharacters(in: .whitespaces))
        if let colon = text.firstIndex(of: ":"), colon > text.startIndex, text[..<colon].allSatisfy({ $0.isASCII && $0.isNumber }) {
            text = text[text.index(after: colon)...].drop { $0 == " " }
        }
        for ext in [".fcs", ".lmd"] where text.lowercased().hasSuffix(ext) {
            text = text.dropLast(ext.count)
        }
        let out = text.trimmingCharacters(in: .whitespaces)
        return out.isEmpty ? nil : out
    }
}
