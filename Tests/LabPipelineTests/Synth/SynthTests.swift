import Foundation
import LabCore
import LabPipeline
import LabStore
import Logging
import Testing

/// The synthetic trial generator: deterministic output, and every generated result comes back out of the
/// store exactly once, equal to its truth after normalization.
@Suite struct SynthTests {
    static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labingest-synth-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// sha256 of every file (relative path and bytes), in path order.
    static func digest(_ dir: String) throws -> String {
        let fm = FileManager.default
        let files = (fm.enumerator(atPath: dir)?.allObjects as? [String] ?? []).filter {
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: dir + "/" + $0, isDirectory: &isDir) && !isDir.boolValue
        }.sorted()
        var text = ""
        for f in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + f))
            text += f + "\u{1F}" + EventIdentity.hex(String(decoding: data, as: UTF8.self)) + "\n"
        }
        return EventIdentity.hex(text)
    }

    @Test func splitMixMatchesTheReferenceSequence() {
        var r = SplitMix64(seed: 0)
        #expect(r.next() == 0xE220_A839_7B1D_CDAF)
        #expect(r.next() == 0x6E78_9E6A_A1B9_65F4)
        var one = SplitMix64(seed: 1)
        #expect(one.next() == 0x910A_2DEC_8902_5CC1)
    }

    @Test func theSameSeedWritesTheSameBytes() throws {
        let a = try Self.temporaryDirectory(), b = try Self.temporaryDirectory(), c = try Self.temporaryDirectory()
        defer { for d in [a, b, c] { try? FileManager.default.removeItem(atPath: d) } }
        let options = SynthOptions(subjects: 4, months: 3, seed: 42, scaleHL7MB: 0.2)
        let first = try SynthTrialGenerator.generate(options, into: a)
        _ = try SynthTrialGenerator.generate(options, into: b)
        #expect(try Self.digest(a) == Self.digest(b))
        #expect(first.files.count > 8)
        // Another seed gives another trial.
        _ = try SynthTrialGenerator.generate(SynthOptions(subjects: 4, months: 3, seed: 43, scaleHL7MB: 0.2), into: c)
        #expect(try Self.digest(a) != Self.digest(c))
        // The scale batch has about the size asked for and is well-formed enough to end with its wrapper.
        let scale = try #require(first.scale)
        #expect(scale.bytes > 150_000 && scale.bytes <= 200_000)
        let tail = try String(contentsOfFile: a + "/" + scale.path, encoding: .utf8).suffix(20)
        #expect(tail.hasSuffix("</BATCH>\n"))
    }

    @Test func truthJSONIsValidAndComplete() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let summary = try SynthTrialGenerator.generate(SynthOptions(subjects: 3, months: 4, seed: 5), into: dir)
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/truth.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((json["results"] as? [Any])?.count == summary.results)
        let subjects = try #require(json["subjects"] as? [[String: Any]])
        #expect(subjects.count == 3)
        #expect(subjects.allSatisfy { $0["cmax"] != nil && $0["tmaxDay"] != nil && $0["responseByVisit"] != nil })
    }

    // MARK: - End to end

    /// One store event or truth result, reduced to what normalization must reproduce.
    static func key(kind: String, subject: String, system: String, code: String, specimen: String?, collectedAt: String,
                    status: String, value: Decimal?, comparator: String?, text: String?, unit: String?) -> String {
        [kind, subject, system, code, specimen ?? "-", collectedAt, status, value.map(DecimalText.format) ?? "-",
         comparator ?? "-", text ?? "-", unit ?? "-"].joined(separator: " | ")
    }

    @Test func aGeneratedTrialIngestsWithEveryResultExactlyOnce() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let summary = try SynthTrialGenerator.generate(SynthOptions(subjects: 3, months: 3, seed: 11), into: dir)
        let truth = summary.truth
        let registered = Set(FormatRegistry.names)
        let formatOf = Dictionary(truth.files.map { ($0.path, $0.format) }, uniquingKeysWith: { a, _ in a })
        let included = Set(truth.files.map(\.format)).intersection(registered)
        #expect(included.isSuperset(of: ["qpcr", "flow"]))
        if !registered.contains("hl7-xml") || !registered.contains("hl7-er7") {
            print("note: HL7 formats are not registered in this build; the HL7 batches are not checked")
        }

        let pipelinePath = dir + "/pipeline-test.yaml"
        try SynthPipelineFile.yaml(store: "test.sqlite", formats: registered).write(toFile: pipelinePath, atomically: true, encoding: .utf8)
        let definition = try PipelineDefinition.load(path: pipelinePath)
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let runner = try PipelineRunner.prepare(definition, storeLocation: dir + "/test.sqlite", rosterPath: nil, logger: logger)
        let reports = runner.runOnce { _, _ in }
        #expect(reports.count == truth.files.filter { included.contains($0.format) }.count)
        var total = UnitCounts()
        var quarantined: [String: Int] = [:]
        var ignored: [String: Int] = [:]
        for r in reports {
            #expect(r.status == .complete, "\(r.uri): \(r.error?.description ?? "")")
            #expect(r.counts.addsUp, "\(r.uri)")
            total = total + r.counts
            for q in r.quarantined { quarantined[q.reason.rawValue, default: 0] += 1 }
            for (k, v) in r.ignored { ignored[k, default: 0] += v }
        }

        var expected: [String: Int] = [:]
        for r in truth.results where included.contains(formatOf[r.file] ?? "") {
            let e = r.expected
            expected[Self.key(kind: r.kind, subject: r.subject, system: e.system, code: e.code, specimen: r.specimen, collectedAt: r.collectedAt,
                              status: r.status, value: e.value, comparator: e.comparator, text: e.text, unit: e.unit), default: 0] += 1
        }
        var stored: [String: Int] = [:]
        for e in try runner.store.events(EventQuery()) {
            stored[Self.key(kind: e.kind.rawValue, subject: e.subject, system: e.analyte.system, code: e.analyte.code, specimen: e.specimen,
                            collectedAt: LabTime.utcString(e.collectedAt), status: e.status.rawValue, value: e.value,
                            comparator: e.comparator?.rawValue, text: e.text, unit: e.unit), default: 0] += 1
        }
        let missing = expected.filter { stored[$0.key] != $0.value }.map(\.key).sorted()
        let extra = stored.filter { expected[$0.key] == nil }.map(\.key).sorted()
        #expect(missing.isEmpty, "\(missing.count) expected results missing or not exactly once, e.g. \(missing.prefix(5))")
        #expect(extra.isEmpty, "\(extra.count) stored events not in the truth, e.g. \(extra.prefix(5))")
        #expect(expected.values.allSatisfy { $0 == 1 }, "the truth lists a result twice")
        #expect(total.appended == expected.values.reduce(0, +))

        // Planted outcomes: bad messages quarantined with their reasons, re-sent messages duplicates,
        // FlowJo control/summary rows and n/a cells ignored.
        let hl7 = included.contains("hl7-xml") && included.contains("hl7-er7")
        if hl7 {
            #expect(quarantined == truth.expectedQuarantined)
            #expect(total.duplicates == truth.expectedDuplicates)
            #expect(truth.expectedQuarantined.values.reduce(0, +) == 4)
            #expect(truth.results.filter { $0.status == "corrected" }.count >= 2)
            #expect(truth.expectedDuplicates >= 11)
        } else {
            #expect(total.quarantined == 0)
        }
        for reason in ["flow.empty-row", "flow.summary-row", "flow.statistic-undefined"] {
            #expect(ignored[reason, default: 0] == truth.expectedIgnored[reason, default: 0], "\(reason)")
        }
    }

    // MARK: - Python peer

    static func peerScript(_ file: String = #filePath) -> String? {
        var dir = URL(fileURLWithPath: file).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("bench/peer_lxml.py").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    /// True when `python3` can import lxml (CI: `python3 -m pip install lxml`).
    static let lxmlAvailable: Bool = ChildProcess.run(["python3", "-c", "import lxml.etree"])?.status == 0

    @Test(.enabled(if: lxmlAvailable, "python3 cannot import lxml: install it with `python3 -m pip install lxml` to run the peer check"))
    func thePythonPeerConvertsTheSameAsLabIngest() throws {
        let script = try #require(Self.peerScript(), "bench/peer_lxml.py not found above \(#filePath)")
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let summary = try SynthTrialGenerator.generate(SynthOptions(subjects: 3, months: 2, seed: 3, scaleHL7MB: 0.25), into: dir)
        let scale = try #require(summary.scale)
        let xml = dir + "/" + scale.path
        let run = try #require(ChildProcess.run(["python3", script, xml, "--roster", dir + "/roster.csv", "--db", dir + "/peer.sqlite"]))
        #expect(run.status == 0)
        let line = try #require(run.output.split(separator: "\n").last)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect((json["obx"] as? NSNumber)?.intValue == scale.observations)
        #expect((json["rows"] as? NSNumber)?.intValue == scale.observations, "every OBX of the scale batch has a known analyte and unit")

        // Where LabIngest reads v2.xml, the peer's values must equal the store's, result by result.
        guard FormatRegistry.parser(named: "hl7-xml") != nil else { return }
        let dump = try #require(ChildProcess.run(["python3", "-c", """
            import sqlite3, sys
            for r in sqlite3.connect(sys.argv[1]).execute("SELECT subject, code, collected, value, unit FROM events"):
                print("%s|%s|%s|%.12g|%s" % r)
            """, dir + "/peer.sqlite"]))
        let peerRows = Set(dump.output.split(separator: "\n").map(String.init))
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let definition = PipelineDefinition(name: "peer-check", timezone: TimeZone(identifier: "Asia/Shanghai")!, roster: dir + "/roster.csv")
        let runner = try PipelineRunner.prepare(definition, storeLocation: dir + "/labingest.sqlite", rosterPath: nil, logger: logger)
        let report = runner.ingestor(for: SourceDefinition(name: "scale", kind: .files(paths: [xml]), format: "hl7-xml")).ingest(path: xml)
        #expect(report.counts.appended == scale.observations)
        var mismatches: [String] = []
        for e in try runner.store.events(EventQuery()) {
            let key = "\(e.subject)|\(e.analyte.code)|\(LabTime.utcString(e.collectedAt))|\(DecimalText.format(e.value ?? 0))|\(e.unit ?? "")"
            if !peerRows.contains(key) { mismatches.append(key) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) LabIngest events without an equal peer row, e.g. \(mismatches.prefix(3))")
    }
}
