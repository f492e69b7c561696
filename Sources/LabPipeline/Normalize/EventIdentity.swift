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

        func id() -> String { EventIdentity.hexString(SHA256.hash(data: bytes), prefix: "sha256:") }
    }

    public static func hex(_ text: String) -> String {
        var hasher = SHA256()
        var text = text
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return hexString(hasher.finalize())
    }

    /// `prefix` + lower-case hex of `bytes`, written straight into the string's storage (two ids per event:
    /// appending to an array digit by digit was 2,300 instructions an id).
    public static func hexString<D: ContiguousBytes>(_ bytes: D, prefix: StaticString = "") -> String {
        bytes.withUnsafeBytes { raw in
            // (`withUTF8Buffer`, not `utf8Start`: a one-character literal has no pointer representation.)
            prefix.withUTF8Buffer { head in
                String(unsafeUninitializedCapacity: head.count + raw.count * 2) { out in
                    _ = out.initialize(fromContentsOf: head)
                    var i = head.count
                    for b in raw {
                        out[i] = hexDigit(b >> 4)
                        out[i + 1] = hexDigit(b & 0x0F)
                        i += 2
                    }
                    return i
                }
            }
        }
    }

    @inline(__always)
    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x57 + v }
}
