import Crypto
import Foundation
import LabCore

/// Stable identities. An event id hashes the event's natural key — what the result *is* — never the file
/// it came in, so the same result arriving twice (a replay, a re-sent message, a copy of a file) is one
/// event. A result key hashes what stays the same across corrections of one result.
public enum EventIdentity {
    private static let separator = "\u{1F}"

    /// `sha256:` + hex of the natural key: kind, subject, analyte, specimen, collection instant, the
    /// sender's result id, status, and the normalized value (value, comparator, text or code, unit).
    public static func eventID(kind: EventKind, subject: String, analyte: AnalyteCoding, specimen: String?,
                               collectedAt: Date, resultID: String?, status: ResultStatus, value: Decimal?,
                               comparator: ResultComparator?, text: String?, code: String?, unit: String?) -> String {
        let fields: [String] = [
            "event/1", kind.rawValue, subject, analyte.system, analyte.code, specimen ?? "",
            String(Int64((collectedAt.timeIntervalSince1970 * 1000).rounded())), resultID ?? "", status.rawValue,
            value.map(DecimalText.format) ?? "", comparator?.rawValue ?? "", text ?? "", code ?? "", unit ?? "",
        ]
        return "sha256:" + hex(fields.joined(separator: separator))
    }

    /// The identity of a result across its versions (preliminary, final, corrected, cancelled).
    public static func resultKey(kind: EventKind, subject: String, analyte: AnalyteCoding, specimen: String?,
                                 collectedAt: Date, resultID: String?) -> String {
        let when = resultID == nil ? String(Int64((collectedAt.timeIntervalSince1970 * 1000).rounded())) : ""
        let fields = ["result/1", kind.rawValue, subject, analyte.system, analyte.code, specimen ?? "", resultID ?? "", when]
        return "sha256:" + hex(fields.joined(separator: separator))
    }

    public static func hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
