import Foundation

/// Runs `samples/http/scripted-server.py` (python3's http.server) on 127.0.0.1 with a scenario, for one test. The server
/// stops by itself after a bounded number of requests or seconds; `stop()` ends it at once.
final class HTTPTestServer: @unchecked Sendable {
    // @unchecked: set up in init, then only read (stop() is idempotent through Process).
    let port: Int
    let scheme: String
    private let process: Process
    private let logPath: String

    /// A response step of the scenario (see server.py).
    static func step(_ status: Int = 200, body: String? = nil, file: String? = nil, headers: [String: String] = [:],
                     delay: Double? = nil, truncate: Int? = nil, notModifiedETag: String? = nil) -> [String: Any] {
        var s: [String: Any] = ["status": status, "headers": headers]
        if let body { s["body"] = body }
        if let file { s["body_file"] = file }
        if let delay { s["delay"] = delay }
        if let truncate { s["truncate"] = truncate }
        if let notModifiedETag { s["not_modified_etag"] = notModifiedETag }
        return s
    }

    init(_ scenario: [String: [[String: Any]]], in directory: String, tls: (cert: String, key: String)? = nil,
         maxRequests: Int = 60) throws {
        let id = UUID().uuidString.prefix(8)
        let scenarioPath = directory + "/scenario-\(id).json"
        logPath = directory + "/requests-\(id).jsonl"
        try JSONSerialization.data(withJSONObject: scenario).write(to: URL(fileURLWithPath: scenarioPath))
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var args = ["python3", HTTPFixture.samples + "/http/scripted-server.py", "--scenario", scenarioPath, "--log", logPath,
                    "--max-requests", "\(maxRequests)", "--lifetime", "90"]
        if let tls { args += ["--tls-cert", tls.cert, "--tls-key", tls.key] }
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        scheme = tls == nil ? "http" : "https"
        // The first line is the port; read byte by byte so nothing else is consumed.
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), let b = byte.first, b != 10 { line.append(b) }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            p.terminate()
            throw CocoaError(.fileReadCorruptFile)
        }
        self.port = port
    }

    var base: String { "\(scheme)://127.0.0.1:\(port)" }

    /// The requests the server saw, in order.
    func requests() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    func requests(to path: String) -> [[String: Any]] { requests().filter { $0["path"] as? String == path } }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    /// A port nothing listens on (bound once, then released).
    static func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
