import Foundation
import LabCore
@testable import LabFormats

/// Helpers for the qPCR tests: sample paths, option maps, and running the parser to a list of outputs.
enum QPCRTest {
    static func samplesFolder(_ file: String = #filePath) -> URL {
        var dir = URL(fileURLWithPath: file).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("samples/qpcr").path) {
                return dir.appendingPathComponent("samples/qpcr")
            }
            dir = dir.deletingLastPathComponent()
        }
        fatalError("samples/qpcr not found above \(file)")
    }

    static func path(_ name: String) -> String { samplesFolder().appendingPathComponent(name).path }

    static func options(_ pairs: [(String, String)], lists: [(String, [String])] = [], columns: [(String, String)] = []) -> ConfigValue {
        var map: [(key: String, value: ConfigValue)] = pairs.map { ($0.0, .string($0.1, line: nil)) }
        for (k, items) in lists { map.append((k, .list(items.map { .string($0, line: nil) }, line: nil))) }
        if !columns.isEmpty { map.append(("columns", .map(columns.map { ($0.0, .string($0.1, line: nil)) }, line: nil))) }
        return .map(map, line: nil)
    }

    /// The demo options: CAR19 with RNaseP as reference, the sample manifest, LLOQ 250 copies/µg.
    static func demoOptions(_ extra: [(String, String)] = []) -> ConfigValue {
        options([("manifest", path("manifest.csv")), ("lloq", "250"), ("lod", "100")] + extra, lists: [("reference-targets", ["RNaseP"])])
    }

    static func run(_ source: ByteSource, options: ConfigValue = .map([], line: nil), uri: String = "test") throws -> [ParseOutput] {
        var out: [ParseOutput] = []
        _ = try QPCRParser().parse(source, context: ParseContext(uri: uri, options: options)) { (o: ParseOutput) throws(LabError) in out.append(o) }
        return out
    }

    static func runFile(_ name: String, options: ConfigValue = demoOptions(), chunk: Int = .max) throws -> [ParseOutput] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path(name)))
        return try run(MemoryByteSource([UInt8](data), chunkSize: chunk), options: options, uri: name)
    }

    static func observations(_ outputs: [ParseOutput]) -> [Observation] {
        outputs.compactMap { if case .observation(let o) = $0 { return o } else { return nil } }
    }

    static func ignored(_ outputs: [ParseOutput]) -> [ReasonCode] {
        outputs.compactMap { if case .ignored(let r, _, _) = $0 { return r } else { return nil } }
    }

    static func quarantined(_ outputs: [ParseOutput]) -> [LabError] {
        outputs.compactMap { if case .quarantined(let e, _) = $0 { return e } else { return nil } }
    }

    static func bySample(_ outputs: [ParseOutput]) -> [String: Observation] {
        Dictionary(uniqueKeysWithValues: observations(outputs).map { ($0.subject.sampleID ?? "", $0) })
    }

    static func strings(_ v: JSONValue?) -> [String] {
        guard case .array(let items)? = v else { return [] }
        return items.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
    }

    /// A CFX Cq-results CSV built from (well, content, sample, cq, sq) rows, all for `target`.
    static func cfx(_ rows: [(String, String, String, String, String)], target: String = "CAR19") -> String {
        var lines = [",Well,Fluor,Target,Content,Sample,Biological Set Name,Cq,Cq Mean,Cq Std. Dev,Starting Quantity (SQ),Log Starting Quantity,SQ Mean,SQ Std. Dev,Set Point,Well Note"]
        for r in rows { lines.append(",\(r.0),FAM,\(target),\(r.1),\(r.2),,\(r.3),,,\(r.4),,,,60,") }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Standards 10^1…10^6 on a perfect curve Cq = 38 − 3.32·log10(q) (duplicates), two undetermined NTCs.
    static func goodStandards(slope: Double = -3.32, intercept: Double = 38) -> [(String, String, String, String, String)] {
        var rows: [(String, String, String, String, String)] = []
        for k in 1...6 {
            let cq = String(format: "%.4f", intercept + slope * Double(k))
            let sq = "1" + String(repeating: "0", count: k)
            rows.append(("A\(2 * k - 1)", "Std-0\(k)", "", cq, sq))
            rows.append(("A\(2 * k)", "Std-0\(k)", "", cq, sq))
        }
        rows.append(("B1", "NTC", "", "NaN", "NaN"))
        rows.append(("B2", "NTC", "", "NaN", "NaN"))
        return rows
    }
}
