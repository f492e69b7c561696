import Foundation
import LabCore
import LabPipeline
import LabStore
import LabUnits
import Logging
import Testing
import LabTestSupport

/// End to end: files → parse → normalize → store, on the samples and on crafted files.
@Suite struct IngestTests {
    static func repoRoot(_ file: String = #filePath) -> URL {
        var dir = URL(fileURLWithPath: file).deletingLastPathComponent()
        while dir.path != "/", !FileManager.default.fileExists(atPath: dir.appendingPathComponent("samples/roster.csv").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }

    static func sample(_ path: String) -> String { repoRoot().appendingPathComponent("samples").appendingPathComponent(path).path }

    static func temporaryDirectory() throws -> URL {
        try TestDirectory.make("ingest")
    }

    struct Harness {
        let dir: URL
        let store: any EventStore
        let runner: PipelineRunner

        init(store wrap: ((any EventStore) -> any EventStore)? = nil) throws {
            dir = try IngestTests.temporaryDirectory()
            let definition = PipelineDefinition(name: "test", timezone: TimeZone(identifier: "Asia/Shanghai")!,
                                                roster: IngestTests.sample("roster.csv"))
            runner = try PipelineRunner.prepare(definition, storeLocation: dir.appendingPathComponent("s.sqlite").path,
                                                rosterPath: nil, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            store = wrap?(runner.store) ?? runner.store
        }

        func ingest(_ path: String, format: String = "auto", batchSize: Int = 512) -> UnitReport {
            let source = SourceDefinition(name: "t", kind: .files(paths: [path]), format: format)
            var ingestor = UnitIngestor(store: store, normalizer: runner.normalizer(for: source), format: format,
                                        logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            ingestor.batchSize = batchSize
            return ingestor.ingest(path: path)
        }
    }

    static let sampleFiles = [
        "lab-csv/central-lab-2024-03.csv", "lab-csv/regional-lab-cart003.csv", "qpcr/quantstudio-run1.txt",
        "qpcr/quantstudio-run2-bad-curve.txt", "qpcr/cfx-run1-Quantification-Cq-Results.csv", "qpcr/run1.rdml",
    ]

    @Test(arguments: sampleFiles)
    func countsAddUpOnEverySample(_ file: String) throws {
        let h = try Harness()
        let r = h.ingest(Self.sample(file))
        #expect(r.status == .complete, "\(r.error?.description ?? "")")
        #expect(r.counts.read > 0)
        #expect(r.counts.addsUp)
        #expect(try h.store.statistics().events == r.counts.appended)
    }

    @Test func theSameFileTwiceAppendsNothingTheSecondTime() throws {
        let h = try Harness()
        let first = h.ingest(Self.sample("lab-csv/central-lab-2024-03.csv"))
        #expect(first.counts.appended == 109 && first.counts.quarantined == 1)
        let second = h.ingest(Self.sample("lab-csv/central-lab-2024-03.csv"))
        #expect(second.status == .duplicate)
        #expect(second.counts.appended == 0 && second.counts.duplicates == first.counts.read)
        // A copy with other bytes (a re-export with a trailing blank line) re-parses: every event a duplicate.
        let copy = h.dir.appendingPathComponent("re-export.csv")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: Self.sample("lab-csv/central-lab-2024-03.csv")))
        bytes.append(contentsOf: Array("\r\n".utf8))
        try bytes.write(to: copy)
        let third = h.ingest(copy.path)
        #expect(third.status == .complete)
        #expect(third.counts.appended == 0 && third.counts.duplicates == 109 && third.counts.quarantined == 1)
        #expect(try h.store.statistics().events == 109)
    }

    @Test func demoThresholdsAreStoredExactly() throws {
        let h = try Harness()
        _ = h.ingest(Self.sample("lab-csv/central-lab-2024-03.csv"))
        let bilirubin = try h.store.events(EventQuery(subject: "CART-001", analyte: "1975-2"))
        let day7 = try #require(bilirubin.first { $0.studyDay == 7 })
        #expect(day7.original == OriginalValue(value: "2.0", unit: "mg/dL"))
        #expect(DecimalText.format(day7.value!) == "34.208")
        #expect(day7.unit == "umol/L")
        let anc = try h.store.events(EventQuery(subject: "CART-001", analyte: "751-8"))
        let day14 = try #require(anc.first { $0.studyDay == 14 })
        #expect(day14.original.value == "900")
        #expect(day14.value == Decimal(string: "0.9"))
    }

    @Test func unknownUnitAndPatientAreQuarantinedWithRawText() throws {
        let h = try Harness()
        _ = h.ingest(Self.sample("lab-csv/central-lab-2024-03.csv"))
        _ = h.ingest(Self.sample("lab-csv/regional-lab-cart003.csv"))
        let items = try h.store.quarantineItems(status: "open")
        #expect(Set(items.map(\.reason)) == [.unitUnknown, .subjectUnknown])
        let unit = try #require(items.first { $0.reason == .unitUnknown })
        #expect(unit.locator == "line 111")
        #expect(unit.raw.contains("cells/hpf"))
    }

    @Test func personalDataNeverReachesTheStoreFiles() throws {
        let h = try Harness()
        for f in Self.sampleFiles { _ = h.ingest(Self.sample(f)) }
        let forbidden = ["DOE", "JANE", "RICHARD", "Müller", "Jürgen", "Ostrowski", "Zoë", "1980-01-01", "1975-06-15", "1968-11-30", "1990-02-02"]
        let files = try FileManager.default.contentsOfDirectory(atPath: h.dir.path)
        #expect(files.contains("s.sqlite"))
        for name in files {
            let bytes = try Data(contentsOf: h.dir.appendingPathComponent(name))
            for word in forbidden {
                for encoded in [Data(word.utf8), word.data(using: .windowsCP1252) ?? Data()] where !encoded.isEmpty {
                    #expect(bytes.range(of: encoded) == nil, "\(word) found in \(name)")
                }
            }
        }
    }

    /// Fails the unit's second append: nothing of the unit may remain, and a re-run completes it.
    final class FailingStore: EventStoreDecorator, @unchecked Sendable {
        // Only touched from the test's single thread.
        let base: any EventStore
        var failOnAppend: Int?
        init(_ base: any EventStore, failOnAppend: Int?) {
            self.base = base
            self.failOnAppend = failOnAppend
        }
        final class Writer: UnitWriter {
            let base: any UnitWriter
            let owner: FailingStore
            var appends = 0
            init(_ base: any UnitWriter, _ owner: FailingStore) { self.base = base; self.owner = owner }
            func append(_ events: [Event]) throws(LabError) -> (appended: Int, duplicates: Int) {
                appends += 1
                if appends == owner.failOnAppend { throw LabError(.storeFailed, "injected failure") }
                return try base.append(events)
            }
            func quarantine(_ items: [QuarantineItem]) throws(LabError) { try base.quarantine(items) }
        }
        func ingestUnit(_ source: SourceInfo, body: (any UnitWriter) throws -> (UnitCounts, encoding: String?, notes: [String])) throws(LabError) -> SourceRecord {
            try base.ingestUnit(source) { w in try body(Writer(w, self)) }
        }
    }

    @Test func aFailureInjectedMidUnitLeavesNothingAndARerunCompletes() throws {
        var failing: FailingStore?
        let h = try Harness { base in
            let s = FailingStore(base, failOnAppend: 2)
            failing = s
            return s
        }
        // The sheet's bad row (unknown unit) moved into the first batch: its quarantine row is written before
        // the failing second append, so the rollback of quarantine rows is exercised too.
        var lines = try String(contentsOfFile: Self.sample("lab-csv/central-lab-2024-03.csv"), encoding: .utf8)
            .components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let bad = try #require(lines.firstIndex { $0.contains("cells/hpf") })
        lines.insert(lines.remove(at: bad), at: 1)
        let path = h.dir.appendingPathComponent("bad-row-first.csv").path
        try (lines.joined(separator: "\r\n") + "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
        let failed = h.ingest(path, batchSize: 10)
        #expect(failed.status == .failed)
        #expect(failed.error?.code == .storeFailed)
        #expect(try h.store.statistics().events == 0)
        #expect(try h.store.quarantineItems(status: nil).isEmpty)
        #expect(try h.store.statistics().failedSources == 1)
        failing?.failOnAppend = nil
        let rerun = h.ingest(path, batchSize: 10)
        #expect(rerun.status == .complete)
        #expect(rerun.counts.appended == 109 && rerun.counts.quarantined == 1)
        #expect(try h.store.statistics().events == 109)
        #expect(try h.store.quarantineItems(status: "open").count == 1)
    }

    @Test func aTruncatedQuotedFieldFailsTheWholeFile() throws {
        let h = try Harness()
        let file = h.dir.appendingPathComponent("broken.csv")
        try "mrn,collected_at,loinc,value,unit\nMRN10001,2024-03-18T07:30:00+08:00,751-8,1200,/uL\nMRN10001,2024-03-18T07:30:00+08:00,718-7,\"9.1,g/dL\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let r = h.ingest(file.path, format: "lab-csv")
        #expect(r.status == .failed)
        #expect(r.error?.code == .csvMalformed)
        #expect(try h.store.statistics().events == 0)
    }

    /// A result repeated within one file with another value is no correction: the later one is quarantined.
    /// An identical repeat (also in another unit that normalizes to the same value) is a duplicate, a status
    /// change (a correction) supersedes, and uncoded tests with different names are different results.
    @Test func aRepeatWithinOneFileIsNeverASilentCorrection() throws {
        let h = try Harness()
        let file = h.dir.appendingPathComponent("repeats.hl7")
        let segments = [
            "MSH|^~\\&|LIS|LAB|LABINGEST|TRIAL|20240311090000+0800||ORU^R01^ORU_R01|M1|P|2.5.1",
            "PID|1||MRN10001^^^LAB^MR",
            "OBR|1|P1|F1|CHEM^CHEM^L|||20240311070000+0800",
            "OBX|1|NM|2823-3^K^LN||4.1|mmol/L|||||F",
            "OBX|2|NM|2823-3^K^LN||4.3|mmol/L|||||F",       // same result, another value: ambiguous
            "OBX|3|NM|2823-3^K^LN||4.1|mmol/L|||||F",       // identical: a duplicate
            "OBX|4|NM|751-8^NEU^LN||5.1|10*9/L|||||F",
            "OBX|5|NM|751-8^NEU^LN||5100|/uL|||||F",        // the same value in another unit: a duplicate
            "OBX|6|ST|^K+^L||4.4|mmol/L|||||F",             // uncoded, named: potassium of another result id
            "OBX|7|ST|^Na+^L||140|mmol/L|||||F",            // another name, another analyte: not a repeat
            "OBX|8|NM|2823-3^K^LN||4.2|mmol/L|||||C",       // a correction supersedes
        ]
        try Data((segments.joined(separator: "\r") + "\r").utf8).write(to: file)
        let r = h.ingest(file.path, format: "hl7-er7")
        #expect(r.status == .complete, "\(r.error?.description ?? "")")
        #expect(r.counts.read == 8)
        #expect(r.quarantined.map(\.reason) == [.recordAmbiguousRepeat])
        #expect(r.quarantined.first?.locator.contains("OBX 2") == true)
        #expect(r.counts.duplicates == 2)
        #expect(r.counts.appended == 5)
        #expect(r.counts.addsUp)
    }

    /// A `;` sheet whose numbers show a decimal comma: values and reference ranges are read with it, the
    /// original text kept. One whose numbers show no mark: a value both marks read differently is quarantined.
    @Test func decimalCommaSheets() throws {
        let h = try Harness()
        let comma = h.dir.appendingPathComponent("komma.csv")
        try Data("""
        mrn;collected_at;loinc;value;unit;reference range
        MRN10001;2024-03-18T07:30:00+08:00;751-8;1,89;10^9/L;1,8-7,7
        MRN10001;2024-03-18T07:30:00+08:00;718-7;12,4;g/dL;12,0-16,0

        """.utf8).write(to: comma)
        let r = h.ingest(comma.path)
        #expect(r.status == .complete, "\(r.error?.description ?? "")")
        #expect(r.counts.appended == 2)
        let anc = try #require(try h.store.events(EventQuery(analyte: "751-8")).first)
        #expect(anc.value == Decimal(string: "1.89"))
        #expect(anc.original.value == "1,89")
        #expect(anc.referenceRange?.low == Decimal(string: "1.8") && anc.referenceRange?.high == Decimal(string: "7.7"))
        #expect(try h.store.events(EventQuery(analyte: "718-7")).first?.value == 124)   // g/L

        let unknown = h.dir.appendingPathComponent("unklar.csv")
        try Data("mrn;collected_at;loinc;value;unit\nMRN10001;2024-03-19T07:30:00+08:00;777-3;1.000;10^9/L\n".utf8).write(to: unknown)
        let u = h.ingest(unknown.path)
        #expect(u.quarantined.map(\.reason) == [.valueUnparseable])
        #expect(u.quarantined.first?.message.contains("decimal comma and a decimal point") == true)
    }

    /// Windows "Unicode Text" saves are UTF-16 with a byte-order mark: sniffed and read like the UTF-8 file,
    /// with the encoding recorded.
    @Test func aUTF16ExportIsReadLikeItsUTF8Twin() throws {
        let text = try String(contentsOfFile: Self.sample("lab-csv/central-lab-2024-03.csv"), encoding: .utf8)
        let plain = try Harness().ingest(Self.sample("lab-csv/central-lab-2024-03.csv"))
        let h = try Harness()
        let file = h.dir.appendingPathComponent("central-lab-utf16.csv")
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        try Data(bytes).write(to: file)
        let r = h.ingest(file.path)
        #expect(r.status == .complete, "\(r.error?.description ?? "")")
        #expect(r.format == plain.format)
        #expect(r.counts == plain.counts)
        #expect(r.counts.appended > 0)
        #expect(try h.store.source(sha256: r.sha256 ?? "")?.encoding == "utf-16le")
    }

    @Test func anUnrecognisedFileFailsWithFormatUnknown() throws {
        let h = try Harness()
        let file = h.dir.appendingPathComponent("notes.txt")
        try "just some notes\nnothing tabular\n".write(to: file, atomically: true, encoding: .utf8)
        let r = h.ingest(file.path)
        #expect(r.status == .failed)
        #expect(r.error?.code == .formatUnknown)
    }

    @Test func aCorrectionSupersedesTheOriginalInEitherArrivalOrder() throws {
        for correctionFirst in [false, true] {
            let h = try Harness()
            let files = ["hl7/oru-v251-ts.xml", "hl7/oru-prefixed-ns-correction.xml"]
            for f in correctionFirst ? files.reversed() : files { _ = h.ingest(Self.sample(f)) }
            let anc = try h.store.events(EventQuery(subject: "CART-001", analyte: "751-8")).filter { $0.studyDay == 14 }
            let corrected = try #require(anc.first { $0.status == .corrected })
            let original = try #require(anc.first { $0.status == .final && $0.resultKey == corrected.resultKey })
            if correctionFirst {
                #expect(corrected.supersedes == nil && original.supersedes == nil, "a final arriving late supersedes nothing")
            } else {
                #expect(corrected.supersedes == original.id)
            }
        }
    }
}
