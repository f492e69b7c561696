import Foundation
import LabCore
@testable import LabFormats

/// Shared helpers for the HL7 tests: sample lookup, parsing into an output list, a comparable rendering.
enum HL7Test {
    static let samples: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("samples")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("hl7").path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        fatalError("samples/ not found above \(#filePath)")
    }()

    static func sample(_ name: String) -> URL { samples.appendingPathComponent("hl7").appendingPathComponent(name) }
    static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: sample(name))) }

    struct Result {
        var outputs: [ParseOutput]
        var summary: ParseSummary
        var observations: [Observation] { outputs.compactMap { if case .observation(let o) = $0 { o } else { nil } } }
        var quarantined: [(LabError, String)] { outputs.compactMap { if case .quarantined(let e, let r) = $0 { (e, r) } else { nil } } }
        var ignored: [(ReasonCode, Locator, String?)] { outputs.compactMap { if case .ignored(let c, let l, let d) = $0 { (c, l, d) } else { nil } } }
    }

    static func parse(_ parser: some RecordParser, _ bytes: [UInt8], chunk: Int = .max,
                      options: ConfigValue = .map([], line: nil), uri: String = "file:///test") throws(LabError) -> Result {
        var outputs: [ParseOutput] = []
        let summary = try parser.parse(MemoryByteSource(bytes, chunkSize: chunk), context: ParseContext(uri: uri, options: options)) {
            (o: ParseOutput) throws(LabError) in outputs.append(o)
        }
        return Result(outputs: outputs, summary: summary)
    }

    static func xml(_ text: String, chunk: Int = .max, options: ConfigValue = .map([], line: nil)) throws(LabError) -> Result {
        try parse(HL7XMLParser(), Array(text.utf8), chunk: chunk, options: options)
    }

    static func er7(_ text: String, chunk: Int = .max) throws(LabError) -> Result {
        try parse(HL7ER7Parser(), Array(text.utf8), chunk: chunk)
    }

    /// The thrown error's code, or nil when parsing succeeded.
    static func thrownCode(_ body: () throws -> Void) -> ReasonCode? {
        do { try body(); return nil } catch { return (error as? LabError)?.code ?? "not-a-lab-error" }
    }

    /// Everything an output carries, as text (for equality across encodings and chunkings, and PHI scans).
    /// `withPlace` includes locator lines/uris (which legitimately differ between ER7 and XML twins).
    static func render(_ output: ParseOutput, withPlace: Bool = true) -> String {
        func place(_ l: Locator?) -> String {
            guard let l else { return "-" }
            return withPlace ? "\(l.uri ?? "")#\(l.line.map(String.init) ?? "")#\(l.path ?? "")" : (l.path ?? "")
        }
        switch output {
        case .observation(let o):
            let attrs = o.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.rendered())" }.joined(separator: ",")
            return "OBS \(place(o.locator)) kind=\(o.kind) subject=\(o.subject) analyte=\(o.analyte) value=\(o.value) unit=\(o.unit ?? "-") "
                + "range=\(o.referenceRange ?? "-") flag=\(o.flag ?? "-") status=\(o.status) specimen=\(o.specimen ?? "-") "
                + "collected=\(o.collected) reported=\(o.reported) resultID=\(o.resultID ?? "-") attrs=[\(attrs)] raw=\(o.raw)"
        case .ignored(let code, let l, let detail):
            return "IGN \(place(l)) \(code) \(detail ?? "-")"
        case .quarantined(let e, let raw):
            return "QUA \(place(e.locator)) \(e.code) \(e.message) field=\(e.field ?? "-") raw=\(raw)"
        }
    }
}
