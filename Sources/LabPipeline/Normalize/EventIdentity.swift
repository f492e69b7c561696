import Crypto
import Foundation
import LabCore

/// Stable identities. An event id hashes the event's natural key — what the result *is* — never the file
/// it came in, so the same result arriving twice (a replay, a re-sent message, a copy of a file) is one
/// event. A result key hashes what stays the same across corrections of one result.
public enum EventIdentity {
    /// `sha256:` + hex of the natural key: kind, subject, analyte, specimen, collection instant, the
    /// sender's result id, status, and the normalized value (value, comparator, text or code, unit).
    public static func eventID(kind: EventKind, subject: String, analyte: AnalyteCoding, specimen: String?,
                               collectedAt: Date, resultID: String?, status: ResultStatus, value: Decimal?,
                               comparator: ResultComparator?, text: String?, code: String?, unit: String?) -> String {
        var key = KeyHasher()
        for field in ["event/1", kind.rawValue, subject, analyte.system, analyte.code, specimen ?? "",
                      String(LabTime.millis(collectedAt)), resultID ?? "", status.rawValue,
                      value.map(DecimalText.format) ?? "", comparator?.rawValue ?? "", text ?? "", code ?? "", unit ?? ""] {
            key.add(field)
        }
        return key.id()
    }

    /// The identity of a result across its versions (preliminary, final, corrected, cancelled).
    public static func resultKey(kind: EventKind, subject: String, analyte: AnalyteCoding, specimen: String?,
                                 collectedAt: Date, resultID: String?) -> String {
        let when = resultID == nil ? String(LabTime.millis(collectedAt)) : ""
        var key = KeyHasher()
        for field in ["result/1", kind.rawValue, subject, analyte.system, analyte.code, specimen ?? "", resultID ?? "", when] {
            key.add(field)
        }
        return key.id()
    }

    /// Hashes fields joined by the unit separator: the digest of `fields.joined(separator: "\u{1F}")`,
    /// gathered as bytes and hashed once.
    private struct KeyHasher {
        private var bytes: [UInt8] = []

        init() { bytes.reserveCapacity(256) }

        mutating func add(_ field: String) {
            if !bytes.isEmpty { bytes.append(0x1F) }
            bytes.append(contentsOf: field.utf8)
        }

        func id() -> String { "sha256:" + EventIdentity.hexString(SHA256.hash(data: bytes)) }
    }

    public static func hex(_ text: String) -> String {
        var hasher = SHA256()
        var text = text
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return hexString(hasher.finalize())
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// Lower-case hex of a digest (String(format:) per byte was a hot spot of the append path).
    public static func hexString<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
