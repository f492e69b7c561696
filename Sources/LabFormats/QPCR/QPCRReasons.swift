import LabCore

/// Reason codes of the qPCR format (stable: scripts match on them).
extension ReasonCode {
    // MARK: - Ignored wells (by policy not a CAR result)
    /// A standard-curve well: used for the curve, not an event.
    public static let qpcrStandard: ReasonCode = "qpcr.standard"
    /// A no-template control: used for QC, not an event.
    public static let qpcrNTC: ReasonCode = "qpcr.ntc"
    /// A housekeeping/reference-gene well: its Cq becomes a QC attribute of the CAR events.
    public static let qpcrReferenceGene: ReasonCode = "qpcr.reference-gene"
    /// A well the instrument user omitted (QuantStudio `Omit`, RDML `excl`).
    public static let qpcrOmittedWell: ReasonCode = "qpcr.omitted-well"
    /// A further replicate of a sample × target whose event was emitted at its first replicate.
    public static let qpcrReplicateAggregated: ReasonCode = "qpcr.replicate-aggregated"
    /// Another control (positive control, NRT, negative control, IPC…).
    public static let qpcrControl: ReasonCode = "qpcr.control"
    /// A well with no sample and no target (an unused position).
    public static let qpcrEmptyWell: ReasonCode = "qpcr.empty-well"
    /// A target that is neither a CAR target nor a declared reference gene.
    public static let qpcrOtherTarget: ReasonCode = "qpcr.other-target"
    /// A non-result line inside the results table (QuantStudio footer `Key = Value` lines).
    public static let qpcrFooter: ReasonCode = "qpcr.footer"

    // MARK: - Quarantined
    /// The run (this target's standard curve or NTC) failed QC and the pipeline says `on-qc-failure: quarantine`.
    public static let qpcrRunQCFailed: ReasonCode = "qpcr.run-qc-failed"
    /// The sample's own replicates failed QC (SD, dropout) under `on-qc-failure: quarantine`.
    public static let qpcrSampleQCFailed: ReasonCode = "qpcr.sample-qc-failed"
    /// No standard curve could be fitted (fewer than two amplified standard levels): no copy number can be computed.
    public static let qpcrNoStandardCurve: ReasonCode = "qpcr.no-standard-curve"
    /// Copies per µg need the ng of DNA per reaction; neither the pipeline nor the manifest gave it.
    public static let qpcrDNAInputMissing: ReasonCode = "qpcr.dna-input-missing"
    /// A Cq cell that is neither a number nor a known "no amplification" spelling.
    public static let qpcrCqUnparseable: ReasonCode = "qpcr.cq-unparseable"
    /// A task/content value the parser does not know.
    public static let qpcrTaskUnknown: ReasonCode = "qpcr.task-unknown"

    // MARK: - Unit failures
    /// A run holds more wells than any plate (memory guard).
    public static let qpcrRunTooLarge: ReasonCode = "qpcr.run-too-large"
    /// No results table was found in an instrument export.
    public static let qpcrNoResults: ReasonCode = "qpcr.no-results"
    /// RDML/XML not well-formed, or refused (DTD, entity).
    public static let qpcrXMLMalformed: ReasonCode = "qpcr.xml-malformed"
    /// A ZIP that holds no RDML XML, or cannot be read.
    public static let qpcrZipInvalid: ReasonCode = "qpcr.zip-invalid"
}
