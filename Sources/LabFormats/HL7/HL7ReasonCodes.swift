import LabCore

/// Reason codes of the HL7 formats (stable: scripts match on them).
extension ReasonCode {
    // MARK: - Whole unit (thrown)
    /// The XML is not well-formed (includes a truncated file); the message names the line.
    public static let xmlMalformed: ReasonCode = "xml.malformed"
    /// The XML carries an internal DTD subset (entity declarations: billion laughs, XXE).
    public static let xmlDTDForbidden: ReasonCode = "xml.dtd-forbidden"
    /// The XML references an entity other than the five predefined ones.
    public static let xmlEntityForbidden: ReasonCode = "xml.entity-forbidden"
    /// Gzip-compressed input while the pipeline does not say `gzip: true`.
    public static let xmlGzipRefused: ReasonCode = "xml.gzip-refused"
    /// The input is larger than the `max-bytes` option.
    public static let inputTooLarge: ReasonCode = "input.too-large"
    /// ER7 input that holds no HL7 message at all.
    public static let er7Malformed: ReasonCode = "er7.malformed"

    // MARK: - Message level (every OBX of the message quarantined)
    /// A text node / field over `max-text-bytes` (an embedded PDF): the message is not used.
    public static let hl7TextTooLarge: ReasonCode = "hl7.text-too-large"
    /// The message header is unusable (no MSH, bad separators) or a line is not a segment.
    public static let hl7MessageMalformed: ReasonCode = "hl7.message-malformed"

    // MARK: - Ignored (not a result by policy)
    /// OBX-2 ED/RP: an attachment, never stored.
    public static let obxAttachment: ReasonCode = "obx.attachment"
    /// OBX-11 X: the result could not be obtained.
    public static let obxNotObtained: ReasonCode = "obx.not-obtained"
    /// OBX-11 I/O/N: no result yet (pending, order detail, not asked).
    public static let obxNoResult: ReasonCode = "obx.no-result"
    /// OBX-2 of a type that is not a lab value (PN, XAD, TN, MO…); its value is never read.
    public static let obxUnsupportedType: ReasonCode = "obx.unsupported-type"
    /// An OBX in a message that is not a result message (ADT, ORM…).
    public static let hl7NotResultMessage: ReasonCode = "hl7.not-result-message"
}
