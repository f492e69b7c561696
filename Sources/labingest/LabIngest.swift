import ArgumentParser
import Foundation
import LabCore
import Logging

/// The `labingest` command line: thin wrappers over LabPipeline and LabStore (see DESIGN.md's CLI contract).
@main
struct LabIngest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labingest",
        abstract: "Ingest lab results (HL7, qPCR, flow cytometry, lab CSV) into an append-only event store.",
        discussion: "Exit codes: 0 nothing quarantined; 1 some records quarantined or a file failed; 2 a failure (bad arguments, unreadable pipeline, store unavailable).",
        version: "0.1.0",
        subcommands: [Demo.self, Run.self, Ingest.self, Events.self, Quarantine.self, Trace.self, Validate.self,
                      Units.self, Analytes.self, Store.self, Bench.self, Synth.self, Serve.self, Replay.self, Fetch.self])

    /// Runs the command and maps every error to the exit-code contract (ArgumentParser's own usage errors
    /// would exit 64; the contract says 2).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let error as LabError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// Options every command shares: logging.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "warning"

    @Option(name: .long, help: "Log format: text or json (logs go to stderr).")
    var logFormat: String = "text"

    func makeLogger() throws -> Logger {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        guard ["text", "json"].contains(logFormat) else { throw ValidationError("--log-format must be text or json") }
        LogSetup.bootstrapOnce(format: logFormat, level: level)
        var logger = Logger(label: "labingest")
        logger.logLevel = level
        return logger
    }
}
