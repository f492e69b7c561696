import Foundation
import LabCore

/// Format options of `hl7-xml` and `hl7-er7` (the source's `options:` in a pipeline file).
///
/// - `max-bytes` (default 2 GB = 2147483648): a larger input fails with `input.too-large`.
/// - `max-text-bytes` (default 8000000, at most 9000000): one XML text node / ER7 field larger than this
///   fails its message with `hl7.text-too-large` (libxml2 stops a whole file at 10 MB; we cut first).
/// - `gzip` (default false): gzip input is refused with `xml.gzip-refused` unless true (XML only); with
///   true it is decompressed as it streams, and `max-bytes` caps the decompressed size.
/// Unknown keys are errors (`pipeline.invalid`).
struct HL7Options: Sendable {
    var maxBytes: Int64 = 2 * 1024 * 1024 * 1024
    var maxTextBytes = 8_000_000
    var gzip = false

    static let maxTextLimit = 9_000_000

    init() {}

    init(_ context: ParseContext, allowGzip: Bool) throws(LabError) {
        var reader = OptionReader(context.options, path: "options", file: context.optionsFile)
        if let v = try reader.decimal("max-bytes") {
            guard v >= 1, let n = Int64(exactly: NSDecimalNumber(decimal: v).int64Value), Decimal(n) == v else {
                throw LabError(.pipelineInvalid, "options.max-bytes: expected a positive whole number",
                               locator: Locator(uri: context.optionsFile), field: "options.max-bytes")
            }
            maxBytes = n
        }
        if let v = try reader.decimal("max-text-bytes") {
            let n = NSDecimalNumber(decimal: v).intValue
            guard Decimal(n) == v, n >= 1024, n <= Self.maxTextLimit else {
                throw LabError(.pipelineInvalid, "options.max-text-bytes: expected a whole number from 1024 to \(Self.maxTextLimit)",
                               locator: Locator(uri: context.optionsFile), field: "options.max-text-bytes")
            }
            maxTextBytes = n
        }
        if allowGzip, let g = try reader.bool("gzip") { gzip = g }
        try reader.finish()
    }
}
