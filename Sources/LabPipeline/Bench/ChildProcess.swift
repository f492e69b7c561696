import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a peer program (xmllint, python) for a benchmark and measures it: wall time, exit status and
/// the child's own peak resident set (`wait4`'s rusage, which Foundation's `Process` does not expose).
public enum ChildProcess {
    public struct Run: Sendable {
        public var status: Int32
        public var seconds: Double
        /// Peak RSS of the child in kB: the highest `VmHWM` of `/proc/PID/status` seen while it ran (sampled
        /// every 10 ms). Not `wait4`'s `ru_maxrss`, which on Linux also counts the parent's resident set at
        /// the moment of the spawn.
        public var peakRSSKB: Int
        /// The child's standard output (captured through a temporary file).
        public var output: String
    }

    /// Runs `argv` (argv[0] looked up in PATH); stdout is captured, stderr goes to /dev/null.
    /// Returns nil when the program cannot be started.
    public static func run(_ argv: [String]) -> Run? {
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("labingest-child-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawnp(&pid, argv[0], &actions, nil, &cArgs, environ) == 0 else { return nil }
        var status: Int32 = 0
        var usage = rusage()
        var peak = 0
        let statusPath = "/proc/\(pid)/status"
        while true {
            let r = wait4(pid, &status, WNOHANG, &usage)
            if r == pid || (r == -1 && errno != EINTR) { break }
            peak = max(peak, highWaterMarkKB(statusPath) ?? 0)
            usleep(10_000)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        return Run(status: exit, seconds: seconds, peakRSSKB: peak, output: output)
    }

    /// `VmHWM` (peak resident set of the current image) from a `/proc/PID/status` file, in kB.
    static func highWaterMarkKB(_ path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }

    /// Peak RSS of this process so far, in kB (`VmHWM`; falls back to `getrusage`).
    public static func selfPeakRSSKB() -> Int {
        if let hwm = highWaterMarkKB("/proc/self/status") { return hwm }
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss)
    }
}
