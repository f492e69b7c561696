import Testing
@testable import LabFormats

@Suite("Flow header splitting and statistics")
struct FlowHeaderTests {
    @Test("v10 headers split at the last ' | ' and keep hostile gate names")
    func v10Hostile() throws {
        let spec = try #require(FlowHeader.parse("Lymphocytes/Single Cells/Q1: IL-17A-, IFNg+ | Freq. of Parent (%)"))
        #expect(spec.population == "Lymphocytes/Single Cells/Q1: IL-17A-, IFNg+")
        #expect(spec.parent == "Single Cells")
        #expect(spec.statistic.canonical == "Freq. of Parent")
        #expect(spec.statistic.unit == "%")

        // A ' | ' inside a gate name: only the last one separates the statistic.
        let odd = try #require(FlowHeader.parse("A | B/CD4+ CD8- | Count"))
        #expect(odd.population == "A | B/CD4+ CD8-")
        #expect(odd.statistic.kind == .count)
        #expect(odd.statistic.unit == "1")

        // Spaces, plus, minus, colon and comma in one path; en dash and U+2212 kept as written.
        let dash = try #require(FlowHeader.parse("Live/CD3+/CD4\u{2013} CD8\u{2212}/Q4: CD45RA+, CCR7- | Freq. of Total (%)"))
        #expect(dash.population == "Live/CD3+/CD4\u{2013} CD8\u{2212}/Q4: CD45RA+, CCR7-")
        #expect(dash.populationNormalized == "Live/CD3+/CD4- CD8-/Q4: CD45RA+, CCR7-")
        #expect(dash.statistic.canonical == "Freq. of Total")
        #expect(dash.gateCode == "Live/CD3+/CD4- CD8-/Q4: CD45RA+, CCR7- | Freq. of Total")
    }

    @Test("legacy headers split at the last comma that starts a statistic")
    func legacy() throws {
        let q = try #require(FlowHeader.parse("Lymphocytes/Q1: IL-17A-, IFNg+,Freq. of Parent"))
        #expect(q.population == "Lymphocytes/Q1: IL-17A-, IFNg+")
        #expect(q.statistic.canonical == "Freq. of Parent")

        let median = try #require(FlowHeader.parse("Leukocytes/CD45+/Blasts/CD19+,Median,<PE-Cy7-A>"))
        #expect(median.population == "Leukocytes/CD45+/Blasts/CD19+")
        #expect(median.statistic.name == "Median")
        #expect(median.statistic.channel == "PE-Cy7-A")
        #expect(median.statistic.unit == "{MFI}")

        let count = try #require(FlowHeader.parse("Leukocytes/CD45+, CD34+,Count"))
        #expect(count.population == "Leukocytes/CD45+, CD34+")
        #expect(count.statistic.kind == .count)
    }

    @Test("root statistics and keyword columns")
    func rootAndKeywords() throws {
        let root = try #require(FlowHeader.parse("Count"))
        #expect(root.population == "")
        #expect(root.gateCode == "Count")
        #expect(FlowHeader.parse("$DATE") == nil)
        #expect(FlowHeader.parse("TUBE NAME") == nil)
        #expect(FlowHeader.parse("") == nil)
        // An unknown statistic after ' | ' is still a statistic column, passed on without a unit.
        let unknown = try #require(FlowHeader.parse("CD3+ | Robust Skewness (FITC-A)"))
        #expect(unknown.statistic.kind == .other)
        #expect(unknown.statistic.unit == nil)
    }

    @Test("every FlowJo statistic form", arguments: [
        ("Freq. of Parent (%)", "Freq. of Parent", "%", nil, nil, nil),
        ("Freq. of Parent", "Freq. of Parent", "%", nil, nil, nil),
        ("Freq. of Grandparent", "Freq. of Grandparent", "%", nil, nil, nil),
        ("Freq. of Grandparent (%)", "Freq. of Grandparent", "%", nil, nil, nil),
        ("Freq. of Total (%)", "Freq. of Total", "%", nil, nil, nil),
        ("Freq. of Live (%)", "Freq. of Live", "%", "Live", nil, nil),
        ("Freq. of CD45+", "Freq. of CD45+", "%", "CD45+", nil, nil),
        ("Count", "Count", "1", nil, nil, nil),
        ("Median (Comp-B525-A :: GFP-A)", "Median (Comp-B525-A :: GFP-A)", "{MFI}", nil, "Comp-B525-A", "GFP-A"),
        ("Mean (Comp-BV421-A :: CD3)", "Mean (Comp-BV421-A :: CD3)", "{MFI}", nil, "Comp-BV421-A", "CD3"),
        ("Geometric Mean (Comp-PE-A)", "Geometric Mean (Comp-PE-A)", "{MFI}", nil, "Comp-PE-A", nil),
        ("CV (Comp-B525-A :: GFP-A)", "CV (Comp-B525-A :: GFP-A)", "%", nil, "Comp-B525-A", "GFP-A"),
        ("Median,<FITC-A>", "Median (FITC-A)", "{MFI}", nil, "FITC-A", nil),
        ("Median,<FITC-A>,CD44", "Median (FITC-A :: CD44)", "{MFI}", nil, "FITC-A", "CD44"),
        // FlowJo's `:: null` is a parameter without a stain name.
        ("Robust SD (Comp-APC-A :: null)", "Robust SD (Comp-APC-A)", "{MFI}", nil, "Comp-APC-A", nil),
    ] as [(String, String, String, String?, String?, String?)])
    func statisticForms(_ text: String, _ canonical: String, _ unit: String, _ ancestor: String?, _ channel: String?, _ marker: String?) throws {
        let stat = try #require(FlowStatistic.parseFlowJo(text))
        #expect(stat.canonical == canonical)
        #expect(stat.unit == unit)
        #expect(stat.ancestor == ancestor)
        #expect(stat.channel == channel)
        #expect(stat.marker == marker)
    }

    @Test("FACSDiva statistic columns", arguments: [
        ("#Events", "Count", nil, nil),
        ("%Parent", "Freq. of Parent", nil, nil),
        ("%Grand Parent", "Freq. of Grandparent", nil, nil),
        ("%Total", "Freq. of Total", nil, nil),
        ("CD19 PE-Cy7-A Mean", "Mean (PE-Cy7-A :: CD19)", "PE-Cy7-A", "CD19"),
        ("HLA-DR V500-A Mean", "Mean (V500-A :: HLA-DR)", "V500-A", "HLA-DR"),
        ("CD8 Alexa Fluor 488-A Median", "Median (Alexa Fluor 488-A :: CD8)", "Alexa Fluor 488-A", "CD8"),
        ("FITC-A Geo Mean", "Geometric Mean (FITC-A)", "FITC-A", nil),
        ("APC-A rCV", "Robust CV (APC-A)", "APC-A", nil),
        // Parameter names with spaces stay whole; only words before them are the marker.
        ("Alexa Fluor 488-A Median", "Median (Alexa Fluor 488-A)", "Alexa Fluor 488-A", nil),
        ("Pacific Blue-A Mean", "Mean (Pacific Blue-A)", "Pacific Blue-A", nil),
        ("PE-Texas Red-A Geo Mean", "Geometric Mean (PE-Texas Red-A)", "PE-Texas Red-A", nil),
        ("PE-Texas Red-A CV", "CV (PE-Texas Red-A)", "PE-Texas Red-A", nil),
        ("CD3 Alexa Fluor 700-A Mean", "Mean (Alexa Fluor 700-A :: CD3)", "Alexa Fluor 700-A", "CD3"),
        ("CD4 Pacific Blue-A SD", "SD (Pacific Blue-A :: CD4)", "Pacific Blue-A", "CD4"),
        ("Qdot 605-A Median", "Median (Qdot 605-A)", "Qdot 605-A", nil),
        ("HLA DR FITC-A Mean", "Mean (FITC-A :: HLA DR)", "FITC-A", "HLA DR"),
        // Unknown dye whose last word cannot stand alone: the whole label is the channel, nothing split on a guess.
        ("CD3 Nova Blue-A Mean", "Mean (CD3 Nova Blue-A)", "CD3 Nova Blue-A", nil),
    ] as [(String, String, String?, String?)])
    func divaForms(_ text: String, _ canonical: String, _ channel: String?, _ marker: String?) throws {
        let stat = try #require(FlowStatistic.parseDiva(text))
        #expect(stat.canonical == canonical)
        #expect(stat.channel == channel)
        #expect(stat.marker == marker)
        #expect(FlowStatistic.parseDiva("Tube Name") == nil)
    }
}

@Suite("Flow gate patterns")
struct FlowGatePatternTests {
    @Test("a '*' segment matches any run of segments, including none")
    func wholeSegments() {
        let p = FlowGatePattern("*/CD3+/CAR+")
        #expect(p.matches(normalizedPath: "CD3+/CAR+"))
        #expect(p.matches(normalizedPath: "Lymphocytes/Single Cells/Live/CD3+/CAR+"))
        #expect(!p.matches(normalizedPath: "Lymphocytes/CD3+/CAR+/Q1: CD4+, CD8-"))
        #expect(!p.matches(normalizedPath: "Lymphocytes/CD3+/CAR-"))
        #expect(!p.matches(normalizedPath: "Lymphocytes/CD3+ CD4+/CAR+"))
    }

    @Test("'*' inside a segment stays inside it; matching is case-insensitive and dash-blind")
    func withinSegment() {
        let p = FlowGatePattern("Leuko*/CD45+/Blasts/CD19+/CD10+ CD34-")
        #expect(p.matches(normalizedPath: FlowGatePath.normalize("Leukocytes/CD45+/Blasts/CD19+/CD10+ CD34\u{2013}")))
        #expect(p.matches(normalizedPath: "leukocytes/cd45+/blasts/cd19+/cd10+ cd34-"))
        #expect(!p.matches(normalizedPath: "Leukocytes/X/CD45+/Blasts/CD19+/CD10+ CD34-"))
        #expect(FlowGatePattern("CD3*").matches(normalizedPath: "CD3 T cells"))
        #expect(!FlowGatePattern("CD3*").matches(normalizedPath: "CD3+/CAR+"))
        // Anchored at the top without a leading '*'.
        #expect(!FlowGatePattern("CD3+/CAR+").matches(normalizedPath: "Live/CD3+/CAR+"))
        #expect(FlowGatePath.normalizeName("  CD4\u{2212}   CD8\u{2010} ") == "CD4- CD8-")
    }
}
