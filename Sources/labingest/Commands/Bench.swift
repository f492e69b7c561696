import ArgumentParser
import Foundation
import LabCore
import LabPipeline
import LabStore

extension LabIngest {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Benchmarks that print figures (build with -c release).",
                                                        subcommands: [StoreAppend.self, Ingest.self])

        struct StoreAppend: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "store",
                abstract: "Append rate of a store: synthetic events in batches inside units of work, then the same again (all duplicates).")
            @Option(help: "Store path or URL (default: a new SQLite file in a temporary folder).") var store: String?
            @Option(help: "Events to append.") var events: Int = 100_000
            @Option(help: "Events per append batch.") var batch: Int = 512
            @Flag(help: "One JSON line.") var json = false

            func run() throws {
                let location = store ?? FileManager.default.temporaryDirectory
                    .appendingPathComponent("labingest-bench-\(UUID().uuidString).sqlite").path
                let target = try StoreLocation.open(location)
                let r = try StoreAppendBenchmark(events: events, batchSize: batch).run(on: target)
                if json {
                    print(JSONValue.object([
                        ("benchmark", .string("store-append")), ("store", .string(location.hasPrefix("postgres") ? "postgres" : "sqlite")),
                        ("events", .int(Int64(r.events))), ("seconds", .double(r.seconds)),
                        ("eventsPerSecond", .double(r.eventsPerSecond.rounded())), ("duplicateSeconds", .double(r.duplicateSeconds)),
                    ]).rendered())
                } else {
                    print(String(format: "appended %d events in %.2f s: %.0f events/s; the same again (all duplicates) in %.2f s",
                                 r.events, r.seconds, r.eventsPerSecond, r.duplicateSeconds))
                }
                if store == nil { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: location + suffix) } }
            }
        }
    }
}

// MARK: - bench ingest

extension LabIngest.Bench {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest",
            abstract: "HL7 v2.xml ingest vs xmllint and the Python peer; replay; qPCR/flow files/s; SQLite append rate.",
            discussion: """
            Run on a folder written by `labingest synth … --scale-hl7-mb X`, in a release build. Prints a table \
            and one JSON line (--json: only the JSON line). Targets: ingest ≤ 2× xmllint --stream, ≥ 10× the \
            Python peer, peak RSS ≤ 100 MB, replay ≤ 10 % of the first ingest.
            """)

        @Option(help: "A synthetic trial folder (roster.csv, pipeline.yaml, scale/*.xml).") var dir: String
        @Option(help: "The HL7 v2.xml file (default: the largest scale/*.xml in --dir).") var file: String?
        @Option(help: "The Python peer script (default: bench/peer_lxml.py; 'none' skips it).") var peer: String = "bench/peer_lxml.py"
        @Option(help: "Python interpreter for the peer.") var python: String = "python3"
        @Option(help: "Events for the SQLite append rate (0 skips it).") var storeEvents: Int = 100_000
        @Flag(help: "Skip the qPCR/flow files-per-second runs.") var skipFiles = false
        @Flag(help: "Only the JSON line.") var json = false
        @Option(help: ArgumentHelp("Time one stage alone, for profilers such as perf or callgrind: parse (parser and mapper) or normalize (parse + normalize); nothing is stored.", valueName: "parse|normalize"))
        var only: Stage?

        enum Stage: String, ExpressibleByArgument { case parse, normalize }

        func run() throws {
            let fm = FileManager.default
            let scaleDir = dir + "/scale"
            let candidates = ((try? fm.contentsOfDirectory(atPath: scaleDir)) ?? []).filter { $0.hasSuffix(".xml") }.map { scaleDir + "/" + $0 }
            let size = { (p: String) -> Int64 in (try? fm.attributesOfItem(atPath: p)[.size] as? NSNumber)?.int64Value ?? 0 }
            guard let xml = file ?? candidates.max(by: { size($0) < size($1) }) else {
                throw ValidationError("no --file and no scale/*.xml in \(dir): run `labingest synth --out \(dir) --scale-hl7-mb 100` first")
            }
            let peerScript = peer == "none" || !fm.fileExists(atPath: peer) ? nil : peer
            let work = fm.temporaryDirectory.path
            let started = LabTime.utcString(Date())
            var fields: [(String, JSONValue)] = [
                ("benchmark", .string("ingest")), ("date", .string(started)),
                ("machine", .string(Self.machine())), ("file", .string(xml)),
            ]
            var rows: [[String]] = []

            if let only {
                let bench = HL7IngestBenchmark(file: xml, roster: dir + "/roster.csv", workDir: work, peerScript: nil)
                let (records, seconds) = only == .parse ? try bench.parseOnly() : try bench.normalizeOnly()
                print(String(format: "%@: %d records in %.2f s (%.0f records/s)", only.rawValue, records, seconds, Double(records) / seconds))
                return
            }
            var hl7: HL7IngestBenchmark.Result?
            if FormatRegistry.parser(named: "hl7-xml") == nil {
                rows.append(["HL7 v2.xml", "not available", "", "", "the hl7-xml format is not registered in this build"])
                fields.append(("hl7", .string("not available")))
            } else {
                var b = HL7IngestBenchmark(file: xml, roster: dir + "/roster.csv", workDir: work, peerScript: peerScript)
                b.python = python
                hl7 = try b.run()
            }
            if let r = hl7 {
                let mb = r.megabytes
                func rate(_ s: Double) -> (String, String) { (String(format: "%.0f", Double(r.obx) / s), String(format: "%.1f", mb / s)) }
                let p = rate(r.parseSeconds), i = rate(r.ingestSeconds)
                rows.append(["HL7 v2.xml parse only", String(format: "%.2f", r.parseSeconds), p.0, p.1, ""])
                let n = rate(r.normalizeSeconds)
                rows.append(["HL7 v2.xml parse+normalize (no store)", String(format: "%.2f", r.normalizeSeconds), n.0, n.1,
                             "\(r.normalized) events"])
                fields += [("normalizeSeconds", .double(r.normalizeSeconds))]
                rows.append(["HL7 v2.xml parse+normalize+append", String(format: "%.2f", r.ingestSeconds), i.0, i.1,
                             "appended \(r.counts.appended), quarantined \(r.counts.quarantined)"])
                fields += [("bytes", .int(r.bytes)), ("obx", .int(Int64(r.obx))),
                           ("parseSeconds", .double(r.parseSeconds)), ("parseObxPerSecond", .double((Double(r.obx) / r.parseSeconds).rounded())),
                           ("parseMBPerSecond", .double(mb / r.parseSeconds)),
                           ("ingestSeconds", .double(r.ingestSeconds)), ("ingestObxPerSecond", .double((Double(r.obx) / r.ingestSeconds).rounded())),
                           ("ingestMBPerSecond", .double(mb / r.ingestSeconds)), ("appended", .int(Int64(r.counts.appended))),
                           ("peakRSSMB", .double(Double(r.peakRSSKB) / 1024))]
                if let l = r.xmllint, l.status == 0 {
                    let ratio = r.ingestSeconds / l.seconds
                    rows.append(["xmllint --stream --noout", String(format: "%.2f", l.seconds), String(format: "%.0f", Double(r.obx) / l.seconds),
                                 String(format: "%.1f", mb / l.seconds), String(format: "ingest/xmllint = %.2f× (target ≤ 2×); parse/xmllint = %.2f×", ratio, r.parseSeconds / l.seconds)])
                    fields += [("xmllintSeconds", .double(l.seconds)), ("ingestOverXmllint", .double(ratio)),
                               ("parseOverXmllint", .double(r.parseSeconds / l.seconds)), ("xmllintPeakRSSMB", .double(Double(l.peakRSSKB) / 1024))]
                } else {
                    rows.append(["xmllint --stream --noout", "not available", "", "", "apt-get install libxml2-utils"])
                }
                let lintSeconds = r.xmllint.flatMap { $0.status == 0 ? $0.seconds : nil }
                rows.append(["SQLite floor (INSERT…SELECT of the same rows)", String(format: "%.2f", r.sqliteFloorSeconds),
                             String(format: "%.0f", Double(r.counts.appended) / r.sqliteFloorSeconds), "",
                             String(format: "SQLite alone; ingest/floor = %.2f×", r.ingestSeconds / r.sqliteFloorSeconds)
                                + (lintSeconds.map { String(format: "; floor/xmllint = %.2f×", r.sqliteFloorSeconds / $0) } ?? "")])
                fields += [("sqliteFloorSeconds", .double(r.sqliteFloorSeconds)),
                           ("ingestOverSqliteFloor", .double(r.ingestSeconds / r.sqliteFloorSeconds))]
                if let peer = r.peer, peer.status == 0 {
                    let ratio = peer.seconds / r.ingestSeconds
                    rows.append(["Python peer (lxml + sqlite3)", String(format: "%.2f", peer.seconds), String(format: "%.0f", Double(r.obx) / peer.seconds),
                                 String(format: "%.1f", mb / peer.seconds), String(format: "peer/ingest = %.2f× (target ≥ 10×); %d rows", ratio, r.peerRows ?? -1)])
                    fields += [("peerSeconds", .double(peer.seconds)), ("peerOverIngest", .double(ratio)), ("peerRows", .int(Int64(r.peerRows ?? -1))),
                               ("peerPeakRSSMB", .double(Double(peer.peakRSSKB) / 1024))]
                } else {
                    rows.append(["Python peer (lxml + sqlite3)", "not available", "", "", peerScript == nil ? "no script" : "python3 or lxml missing (pip install lxml)"])
                }
                rows.append(["replay of the ingested file", String(format: "%.2f", r.replaySeconds), "", "",
                             String(format: "%.1f %% of first ingest (target ≤ 10 %%); recognised by sha256", 100 * r.replaySeconds / r.ingestSeconds)])
                rows.append(["reprocess (parse again, all duplicates)", String(format: "%.2f", r.reprocessSeconds), "", "",
                             String(format: "%.1f %% of first ingest", 100 * r.reprocessSeconds / r.ingestSeconds)])
                rows.append(["peak RSS", String(format: "%.1f MB", Double(r.peakRSSKB) / 1024), "", "",
                             String(format: "labingest (parse + ingest, whole process); xmllint %.1f MB; peer %.1f MB",
                                    Double(r.xmllint?.peakRSSKB ?? 0) / 1024, Double(r.peer?.peakRSSKB ?? 0) / 1024)])
                fields += [("replaySeconds", .double(r.replaySeconds)), ("replayShare", .double(r.replaySeconds / r.ingestSeconds)),
                           ("reprocessSeconds", .double(r.reprocessSeconds)), ("reprocessShare", .double(r.reprocessSeconds / r.ingestSeconds))]
            }

            if !skipFiles {
                let bench = FilesBenchmark(pipeline: dir + "/pipeline.yaml", workDir: work)
                for workers in [1, 2] {
                    let f = try bench.run(workers: workers)
                    rows.append(["qPCR+flow files, \(workers) worker\(workers == 1 ? "" : "s")", String(format: "%.2f", f.seconds),
                                 "", "", String(format: "%.1f files/s (%d files, %d events)", f.filesPerSecond, f.files, f.counts.appended)])
                    fields += [("files\(workers)Workers", .int(Int64(f.files))), ("filesPerSecond\(workers)Workers", .double(f.filesPerSecond))]
                }
            }
            if storeEvents > 0 {
                let path = work + "/bench-store-\(UUID().uuidString).sqlite"
                defer { for s in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: path + s) } }
                let r = try StoreAppendBenchmark(events: storeEvents).run(on: try StoreLocation.open(path))
                rows.append(["SQLite append (bench store)", String(format: "%.2f", r.seconds), "", "",
                             String(format: "%.0f events/s; all duplicates again in %.2f s", r.eventsPerSecond, r.duplicateSeconds)])
                fields += [("sqliteEventsPerSecond", .double(r.eventsPerSecond.rounded()))]
            }

            if !json {
                print("labingest bench ingest — \(xml)")
                print("machine: \(Self.machine()); started: \(started)")
                let header = ["measure", "seconds", "OBX/s", "MB/s", "notes"]
                let widths = (0..<4).map { c in ([header] + rows).map { $0[c].count }.max() ?? 0 }
                for row in [header] + rows {
                    print((0..<4).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "  " + row[4])
                }
            }
            print(JSONValue.object(fields).rendered())
        }

        static func machine() -> String {
            var os = "unknown OS"
            if let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") }) {
                os = line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            let memory = Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824
            return String(format: "%d cores, %.0f GiB, %@", ProcessInfo.processInfo.activeProcessorCount, memory, os)
        }
    }
}
