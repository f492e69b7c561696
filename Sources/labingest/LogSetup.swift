import Foundation
import LabCore
import Logging
import Synchronization

/// Logging set-up for the executable.
enum LogSetup {
    private static let bootstrapped = Mutex(false)

    /// Only the executable bootstraps logging (libraries take a Logger). Logs go to stderr so stdout stays
    /// machine-readable.
    static func bootstrapOnce(format: String, level: Logger.Level) {
        let first = bootstrapped.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in
            if format == "json" { return JSONLogHandler(label: label, level: level) }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// One JSON object per log line on stderr: time, level, message, metadata.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var pairs: [(String, JSONValue)] = [
            ("time", .string(LabTime.utcString(Date()))), ("level", .string(event.level.rawValue)),
            ("label", .string(label)), ("message", .string(event.message.description)),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for key in merged.keys.sorted() { pairs.append((key, .string("\(merged[key]!)"))) }
        FileHandle.standardError.write(Data((JSONValue.object(pairs).rendered() + "\n").utf8))
    }
}
