import Foundation
import Synchronization

/// A throwaway PostgreSQL 15 cluster for the store tests: created in a temp dir with `initdb`, started with
/// `pg_ctl` on a free 127.0.0.1 port (TLS on, scram-sha-256 for TCP logins), once per test process, and
/// stopped when the process exits. As root, the server programs run as the `postgres` user (`initdb`
/// refuses root) through `runuser`. A watchdog shell stops the cluster too if the test process dies.
///
/// `LABINGEST_PG_BIN` overrides the binaries' folder (default `/usr/lib/postgresql/15/bin`).
final class PostgresTestCluster: Sendable {
    static let binDirectory = ProcessInfo.processInfo.environment["LABINGEST_PG_BIN"] ?? "/usr/lib/postgresql/15/bin"
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: binDirectory + "/initdb") }
    static let skipMessage = "PostgreSQL 15 is not installed (\(binDirectory)/initdb is missing): PostgreSQL store tests skipped"

    let directory: String
    let port: Int
    let user = "lab"
    let password = "lab-test-password"
    /// The server certificate (self-signed for 127.0.0.1), usable as `sslrootcert`.
    var certificate: String { directory + "/server.crt" }

    private init(directory: String, port: Int) {
        self.directory = directory
        self.port = port
    }

    /// The cluster, started on first use.
    static let shared: Result<PostgresTestCluster, ClusterError> = Result { () throws(ClusterError) in try start() }

    struct ClusterError: Error, CustomStringConvertible {
        let description: String
    }

    // MARK: - Start and stop

    private static let runningDirectory = Mutex<String?>(nil)
    private static var asRoot: Bool { getuid() == 0 }

    private static func start() throws(ClusterError) -> PostgresTestCluster {
        let dir = "/tmp/labingest-pg-\(getpid())-\(UUID().uuidString.prefix(8))"
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ClusterError(description: "cannot create \(dir): \(error)")
        }
        let pwfile = dir + "/pw"
        _ = FileManager.default.createFile(atPath: pwfile, contents: Data("postgres-superuser\n".utf8))
        try run("/usr/bin/openssl", ["req", "-new", "-x509", "-days", "2", "-nodes", "-subj", "/CN=127.0.0.1",
                                     "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir + "/server.key",
                                     "-out", dir + "/server.crt"])
        chmod(dir + "/server.key", 0o600)
        chmod(dir + "/server.crt", 0o644)
        if asRoot { try run("/bin/chown", ["-R", "postgres:postgres", dir]) }
        try server("initdb", ["-D", dir + "/data", "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
                              "--pwfile=" + pwfile, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        var lastError = ClusterError(description: "no port")
        for _ in 0..<5 {
            let port = Int.random(in: 20_000..<60_000)
            let options = "-p \(port) -k \(dir) -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off"
                + " -c synchronous_commit=off -c full_page_writes=off -c ssl=on"
                + " -c ssl_cert_file=\(dir)/server.crt -c ssl_key_file=\(dir)/server.key"
            do {
                try server("pg_ctl", ["-D", dir + "/data", "-l", dir + "/log.txt", "-o", options, "-w", "-t", "30", "start"])
            } catch {
                lastError = error
                continue
            }
            runningDirectory.withLock { $0 = dir }
            atexit { PostgresTestCluster.stopAtExit() }
            startWatchdog(dir)
            let cluster = PostgresTestCluster(directory: dir, port: port)
            try cluster.psql("CREATE ROLE \(cluster.user) LOGIN CREATEDB PASSWORD '\(cluster.password)'")
            return cluster
        }
        throw ClusterError(description: "pg_ctl start failed: \(lastError)")
    }

    /// Stops the server fast and removes its folder (runs from `atexit`).
    private static func stopAtExit() {
        guard let dir = runningDirectory.withLock({ $0 }) else { return }
        _ = system(stopCommand(dir))
    }

    private static func stopCommand(_ dir: String) -> String {
        let prefix = asRoot ? "runuser -u postgres -- " : ""
        return "\(prefix)\(binDirectory)/pg_ctl -D '\(dir)/data' -m immediate -w stop >/dev/null 2>&1; rm -rf '\(dir)'"
    }

    /// If the test process is killed, a detached shell notices and stops the cluster.
    private static func startWatchdog(_ dir: String) {
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \(stopCommand(dir))"
        let escaped = script.replacingOccurrences(of: "'", with: "'\\''")
        _ = system("setsid sh -c '\(escaped)' </dev/null >/dev/null 2>&1 &")
    }

    // MARK: - Commands

    /// Runs a server program (as `postgres` when we are root).
    private static func server(_ program: String, _ arguments: [String]) throws(ClusterError) {
        if asRoot {
            try run("/usr/sbin/runuser", ["-u", "postgres", "--", binDirectory + "/" + program] + arguments)
        } else {
            try run(binDirectory + "/" + program, arguments)
        }
    }

    /// Runs a program and returns its output; throws when it exits non-zero. Uses `system()` rather than
    /// Foundation's `Process`: `pg_ctl start` leaves a daemon behind, and `Process.waitUntilExit` was seen to
    /// hang on that (the exited child stayed a zombie).
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws(ClusterError) -> String {
        func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let output = NSTemporaryDirectory() + "labingest-pg-cmd-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let command = ([executable] + arguments).map(quote).joined(separator: " ") + " </dev/null >\(quote(output)) 2>&1"
        let status = system(command)
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw ClusterError(description: "\((executable as NSString).lastPathComponent) failed (status \(status)): \(text)")
        }
        return text
    }

    /// Runs SQL as the superuser over the Unix socket; throws when psql reports an error.
    @discardableResult
    func psql(_ sql: String, database: String = "postgres") throws(ClusterError) -> String {
        try Self.run(Self.binDirectory + "/psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", directory,
                                                   "-p", "\(port)", "-U", "postgres", "-d", database, "-c", sql])
    }

    /// A new empty database owned by the test role.
    func createDatabase() throws(ClusterError) -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try psql("CREATE DATABASE \(name) OWNER \(user)")
        return name
    }

    /// `postgres://lab@127.0.0.1:PORT/db?…` (the password travels in the environment, never in the URL).
    func url(database: String, query: String = "sslmode=disable") -> String {
        "postgres://\(user)@127.0.0.1:\(port)/\(database)?\(query)"
    }
}
