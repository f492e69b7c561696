import Foundation
import Testing
import LabTestSupport

/// Runs the built `labingest` binary end to end, as users and scripts do.
@Suite(.serialized) struct CLITests {
    static let root: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/", !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }()

    static let binary: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("labingest")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return root.appendingPathComponent(".build/debug/labingest")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryStore() throws -> String {
        let dir = try TestDirectory.make("labcli")
        return dir.appendingPathComponent("cli.sqlite").path
    }

    static func json(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func ingestJSONReportsEveryUnitAndATotalThatAddsUp() throws {
        let store = try Self.temporaryStore()
        let args = ["ingest", "samples/lab-csv/central-lab-2024-03.csv", "samples/lab-csv/regional-lab-cart003.csv",
                    "--roster", "samples/roster.csv", "--timezone", "Asia/Shanghai", "--store", store, "--json"]
        let first = try Self.run(args)
        #expect(first.status == 1, "records were quarantined: exit 1")
        #expect(first.lines.count == 3)
        let central = try Self.json(first.lines[0])
        #expect(central["format"] as? String == "lab-csv")
        #expect(central["status"] as? String == "complete")
        #expect((central["uri"] as? String)?.hasSuffix("samples/lab-csv/central-lab-2024-03.csv") == true)
        #expect((central["sha256"] as? String)?.hasPrefix("sha256:") == true)
        #expect(central["read"] as? Int == 110)
        #expect(central["appended"] as? Int == 109)
        #expect(central["quarantined"] as? Int == 1)
        let quarantine = try #require((central["quarantine"] as? [[String: Any]])?.first)
        #expect(quarantine["reason"] as? String == "unit.unknown")
        #expect(quarantine["locator"] as? String == "line 111")
        let regional = try Self.json(first.lines[1])
        #expect(regional["encoding"] as? String == "windows-1252")
        let total = try Self.json(first.lines[2])
        #expect(total["total"] as? Bool == true)
        let read = try #require(total["read"] as? Int)
        let sum = ["appended", "duplicates", "quarantined", "ignored"].compactMap { total[$0] as? Int }.reduce(0, +)
        #expect(read == 165 && sum == read)

        let second = try Self.run(args)
        #expect(second.status == 0)
        let again = try Self.json(try #require(second.lines.last))
        #expect(again["appended"] as? Int == 0)
        #expect(again["duplicates"] as? Int == 165)
    }

    @Test func eventsPrintDesignShapedJSONLines() throws {
        let store = try Self.temporaryStore()
        _ = try Self.run(["ingest", "samples/lab-csv/central-lab-2024-03.csv", "--roster", "samples/roster.csv", "--store", store])
        let events = try Self.run(["events", "--store", store, "--format", "json", "--subject", "CART-001", "--analyte", "1975-2"])
        #expect(events.status == 0)
        #expect(events.lines.count == 6)
        let e = try Self.json(events.lines[2])
        for key in ["seq", "id", "kind", "subject", "analyte", "specimen", "value", "comparator", "unit", "original",
                    "referenceRange", "flag", "status", "supersedes", "collectedAt", "collectedOffset", "reportedAt",
                    "studyDay", "provenance", "attributes"] {
            #expect(e.keys.contains(key), "missing \(key)")
        }
        #expect(e["kind"] as? String == "lab.result")
        #expect(e["unit"] as? String == "umol/L")
        #expect("\(e["value"]!)" == "34.208")
        #expect((e["original"] as? [String: Any])?["unit"] as? String == "mg/dL")
        #expect(e["collectedOffset"] as? String == "+08:00")
        #expect(e["studyDay"] as? Int == 7)
        let provenance = try #require(e["provenance"] as? [String: Any])
        #expect(provenance["parser"] as? String == "lab-csv/1")
        #expect(provenance["locator"] as? String == "line 27")

        let id = try #require(e["id"] as? String)
        let trace = try Self.run(["trace", id, "--store", store])
        #expect(trace.status == 0)
        #expect(trace.stdout.contains("raw input:"))
        #expect(trace.stdout.contains("1975-2"))
        #expect(!trace.stdout.contains("DOE"))
    }

    @Test func unitsCommandsFollowTheContract() throws {
        #expect(try Self.run(["units", "convert", "1200", "/uL", "10*9/L"]).stdout == "1.2\n")
        #expect(try Self.run(["units", "convert", "2.0", "mg/dL", "umol/L", "--analyte", "1975-2"]).stdout == "34.208\n")
        let valid = try Self.run(["units", "validate", "G/L"])
        #expect(valid.status == 0 && valid.stdout == "valid\n")
        let invalid = try Self.run(["units", "validate", "10+3/ul"])
        #expect(invalid.status == 1 && invalid.stdout.hasPrefix("invalid: "))
        #expect(try Self.run(["units", "normalize", "5", "G/L", "--analyte", "751-8"]).stdout == "5 10*9/L\n")
        let needsMass = try Self.run(["units", "convert", "1", "mg/dL", "umol/L"])
        #expect(needsMass.status == 2)
        #expect(needsMass.stderr.contains("error[unit.needs-molar-mass]"))
    }

    @Test func badArgumentsAndBadPipelinesExitTwo() throws {
        #expect(try Self.run(["ingest", "x.csv", "--format", "nope"]).status == 2)
        #expect(try Self.run(["frobnicate"]).status == 2)
        let dir = URL(fileURLWithPath: try Self.temporaryStore()).deletingLastPathComponent()
        let pipeline = dir.appendingPathComponent("bad.yaml")
        try "name: bad\ntimezone: UTC\nsources:\n  - name: a\n    type: files\n    paths: [x.csv]\n    formt: lab-csv\n".write(to: pipeline, atomically: true, encoding: .utf8)
        let result = try Self.run(["validate", pipeline.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("error[pipeline.invalid]"))
        #expect(result.stderr.contains("sources[0].formt"))
        #expect(result.stderr.contains("bad.yaml:7"))
    }

    /// A format's options are checked by validate, as a run would read them: an unknown lab-csv field, a
    /// missing sample manifest (named by its path), an unknown qPCR option.
    @Test func validateChecksEachSourcesFormatOptions() throws {
        let dir = URL(fileURLWithPath: try Self.temporaryStore()).deletingLastPathComponent()
        let pipeline = dir.appendingPathComponent("options.yaml")
        try Data("""
        name: options
        timezone: UTC
        sources:
          - name: sheet
            type: files
            paths: [x.csv]
            format: lab-csv
            options: { columns: { valeu: "Wert" } }
          - name: plates
            type: files
            paths: [x.txt]
            format: qpcr
            options: { manifest: no-such-manifest.csv }
          - name: tables
            type: files
            paths: [x.csv]
            format: flow
            options: { decimal-mark: comma }

        """.utf8).write(to: pipeline)
        let result = try Self.run(["validate", pipeline.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("source sheet: options.columns.valeu: unknown lab-csv field"))
        #expect(result.stderr.contains("source plates: cannot read the sample manifest"))
        #expect(result.stderr.contains("no-such-manifest.csv"))
        #expect(!result.stderr.contains("source tables"))
    }

    @Test func quarantineListAndShowKeepRawTextWithoutPersonalData() throws {
        let store = try Self.temporaryStore()
        _ = try Self.run(["ingest", "samples/lab-csv/regional-lab-cart003.csv", "--roster", "samples/roster.csv", "--store", store])
        let list = try Self.run(["quarantine", "list", "--store", store, "--json"])
        let item = try Self.json(try #require(list.lines.first))
        #expect(item["reason"] as? String == "subject.unknown")
        let show = try Self.run(["quarantine", "show", "\(item["id"]!)", "--store", store, "--json"])
        let raw = try #require(try Self.json(show.stdout.trimmingCharacters(in: .whitespacesAndNewlines))["raw"] as? String)
        #expect(raw.contains("MRN19999"))
        #expect(!raw.contains("Ostrowski") && !raw.contains("1990-02-02"))
    }
}
