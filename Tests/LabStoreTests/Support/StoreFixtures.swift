import Foundation
import LabCore
import LabStore

/// Synthetic events and units for the store tests.
enum StoreFixtures {
    static func event(_ n: Int, subject: String = "CART-001", resultKey: String? = nil, status: ResultStatus = .final) -> Event {
        Event(id: "sha256:e\(n)", kind: .labResult, subject: subject,
              analyte: AnalyteCoding(system: "LOINC", code: "751-8", display: "Neutrophils"), specimen: "blood",
              value: Decimal(string: "1.2")! + Decimal(n), comparator: nil, unit: "10*9/L",
              original: OriginalValue(value: "\(1200 + n * 1000)", unit: "/uL"), referenceRange: ReferenceRange(low: Decimal(string: "1.8"), high: Decimal(string: "7.7")),
              flag: "L", status: status, resultKey: resultKey ?? "sha256:r\(n)", collectedAt: Date(timeIntervalSince1970: 1_709_253_000 + Double(n) * 86400),
              collectedOffsetSeconds: 28800, reportedAt: nil, studyDay: n,
              provenance: Provenance(source: "sha256:src", uri: "file:///x.csv", locator: "line \(n + 2)", sourceName: "lab", pipeline: "demo", parser: "lab-csv/1"),
              attributes: ["visit": .string("D\(n)"), "replicates": .int(3), "ratio": .decimal(Decimal(string: "0.1")!)])
    }

    /// An event with a given id (concurrency tests), attributed to `source`.
    static func event(id: String, source: String, ordinal: Int) -> Event {
        var e = event(ordinal % 500)
        e.id = "sha256:" + id
        e.resultKey = "sha256:key-" + id
        e.provenance.source = source
        e.provenance.locator = "line \(ordinal + 2)"
        return e
    }

    static let source = SourceInfo(sha256: "sha256:src", uri: "file:///x.csv", size: 100, format: "lab-csv", sourceName: "lab", pipeline: "demo")

    static func source(_ sha: String) -> SourceInfo {
        SourceInfo(sha256: sha, uri: "file:///\(sha.dropFirst(7)).csv", size: 100, format: "lab-csv", sourceName: "lab", pipeline: "demo")
    }
}
