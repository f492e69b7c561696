/// The pipeline file written next to a synthetic trial, so `labingest run DIR/pipeline.yaml` ingests all of it.
public enum SynthPipelineFile {
    /// - Parameter formats: include only sources whose format is one of these (nil: all); a build whose
    ///   registry lacks a format can still run the rest.
    public static func yaml(store: String = "labingest.sqlite", formats: Set<String>? = nil) -> String {
        var out = """
        # Synthetic trial written by `labingest synth` (paths relative to this file).
        name: synth
        store: \(store)
        timezone: Asia/Shanghai        # the regional lab sends local times without an offset
        roster: roster.csv

        sources:

        """
        func include(_ format: String) -> Bool { formats?.contains(format) ?? true }
        if include("hl7-xml") {
            out += """
              - name: central-lab
                type: files
                paths: ["hl7/central-lab-*.xml"]
                format: hl7-xml

            """
        }
        if include("hl7-er7") {
            out += """
              - name: regional-lab
                type: files
                paths: ["hl7/regional-lab-*.hl7"]
                format: hl7-er7

            """
        }
        if include("qpcr") {
            out += """
              - name: qpcr-lab
                type: files
                paths: ["qpcr/quantstudio-*.txt", "qpcr/cfx-*.csv"]
                format: qpcr
                sample-id: '^(?<subject>CART-\\d{3})_(?<visit>[A-Z0-9]+)_(?<specimen>PB|BM)$'
                specimens: { PB: blood, BM: bone marrow }
                options:
                  manifest: qpcr/manifest.csv
                  reference-targets: [RNaseP]
                  lloq: \(SynthQPCR.lloq)

            """
        }
        if include("flow") {
            out += """
              - name: flow-blood
                type: files
                paths: ["flow/flowjo-pb-*.csv"]
                format: flow
                sample-id: '^(?<subject>CART-\\d{3})_(?<visit>SCR|D\\d+|M\\d+)_(?<specimen>PB|BM)$'
                specimens: { PB: blood, BM: bone marrow }
                options:
                  collected-column: "$DATE"
                  measures:
                    - { analyte: LI-CAR-CD3-PCT, gate: "*/CD3+/CAR+", statistic: "Freq. of Parent" }
                  absolute-counts:
                    - { analyte: LI-CART-ABS, cells: "*/CD3+/CAR+", beads: "*/Beads", beads-per-test: \(SynthFlow.beadsPerTest), blood-volume-ul: \(SynthFlow.bloodVolume) }

              - name: flow-marrow
                type: files
                paths: ["flow/flowjo-bm-*.csv"]
                format: flow
                sample-id: '^(?<subject>CART-\\d{3})_(?<visit>SCR|D\\d+|M\\d+)_(?<specimen>PB|BM)$'
                specimens: { PB: blood, BM: bone marrow }
                options:
                  collected-column: "$DATE"
                  measures:
                    - { analyte: LI-TAA-BLAST-PCT,  gate: "*/Blasts/CD19+",        statistic: "Freq. of Parent" }
                    - { analyte: LI-BLAST-CD45-PCT, gate: "*/CD45+/Blasts",        statistic: "Freq. of Parent" }
                    - { analyte: LI-MRD-PCT,        gate: "*/Nucleated/CD19+/MRD", statistic: "Freq. of Grandparent" }

            """
        }
        return out
    }
}
