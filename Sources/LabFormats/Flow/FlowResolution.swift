import LabCore

/// What a statistic cell becomes: an uncatalogued gate, a canonical measure, or an ambiguous match.
enum FlowResolution: Sendable, Equatable {
    /// `FLOW-GATE` `<path> | <statistic>`.
    case gate
    /// A documented `LABINGEST` code.
    case measure(String)
    /// The measure matches more than one population/statistic of the sample: nothing is guessed, the cells
    /// are quarantined (`flow.measure-ambiguous`) until the pattern is made specific.
    case ambiguous(String)
}

/// How one absolute-count rule applies to a table (or a FACSDiva tube).
enum FlowAbsoluteBinding: Sendable, Equatable {
    /// The table has no Count column for the cells gate or for the beads gate: the rule does not apply.
    case notApplicable
    /// More than one Count column matches the cells or the beads pattern.
    case ambiguous
    /// The indices (into the resolved specs) of the cells and beads Count statistics.
    case bound(cells: Int, beads: Int)
}

enum FlowResolver {
    /// Resolves every spec against the measures. Measures are tried in the order the pipeline declares them;
    /// a spec claimed by an earlier measure is not offered to later ones. Specs with the same gate code are one
    /// population and statistic and resolve alike.
    static func resolve(_ specs: [FlowColumnSpec], measures: [FlowOptions.Measure]) -> [FlowResolution] {
        var out = [FlowResolution](repeating: .gate, count: specs.count)
        for measure in measures {
            let hits = specs.indices.filter { out[$0] == .gate && measure.matches(specs[$0]) }
            // One population and statistic written twice (a repeated column, a repeated FACSDiva gate name) is
            // one target, not an ambiguity: the repeat guard decides about its cells.
            if Set(hits.map { specs[$0].gateCode }).count == 1 {
                for i in hits { out[i] = .measure(measure.analyte) }
            } else {
                for i in hits { out[i] = .ambiguous(measure.analyte) }
            }
        }
        return out
    }

    static func bind(_ rule: FlowOptions.AbsoluteCount, _ specs: [FlowColumnSpec]) -> FlowAbsoluteBinding {
        func counts(_ pattern: FlowGatePattern) -> [Int] {
            specs.indices.filter { specs[$0].statistic.kind == .count && pattern.matches(normalizedPath: specs[$0].populationNormalized) }
        }
        let cells = counts(rule.cells)
        let beads = counts(rule.beads)
        if cells.isEmpty || beads.isEmpty { return .notApplicable }
        guard cells.count == 1, beads.count == 1, cells[0] != beads[0] else { return .ambiguous }
        return .bound(cells: cells[0], beads: beads[0])
    }
}
