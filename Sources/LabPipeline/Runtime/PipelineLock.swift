import Foundation
import Crypto
import LabCore
#if canImport(Glibc)
import Glibc
#endif

/// An advisory lock (flock) per pipeline and store, so two `run`/`serve` of the same pipeline never overlap.
/// The lock file sits beside a SQLite store (`labingest.sqlite.demo.lock`) or, for a server store, in the
/// temporary folder. The kernel drops the lock when the process ends, however it ends.
public final class PipelineLock: Sendable {
    public let path: String
    private let fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit { close(fd) }

    /// Where the lock of `pipeline` on `storeLocation` lives.
    public static func path(pipeline: String, storeLocation: String) -> String {
        var location = storeLocation
        if location.hasPrefix("sqlite://") { location = String(location.dropFirst("sqlite://".count)) }
        if location.contains("://") {
            // A server store: key the lock by the URL without credentials.
            var key = location
            if let u = URLComponents(string: location) {
                key = "\(u.scheme ?? "")://\(u.host ?? ""):\(u.port ?? 0)\(u.path)"
            }
            let digest = SHA256.hash(data: Data(key.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
            return (NSTemporaryDirectory() as NSString).appendingPathComponent("labingest-\(digest).\(pipeline).lock")
        }
        let absolute = location.hasPrefix("/") ? location
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(location)
        return (absolute as NSString).standardizingPath + ".\(pipeline).lock"
    }

    /// Takes the lock, or fails with `pipeline.busy` (exit 2) when another process holds it.
    /// - Parameters:
    ///   - wait: block until the other process lets go instead of failing.
    ///   - onWait: called once before blocking (to tell the operator why nothing happens).
    public static func acquire(pipeline: String, storeLocation: String, wait: Bool,
                               onWait: (String) -> Void = { _ in }) throws(LabError) -> PipelineLock {
        let path = path(pipeline: pipeline, storeLocation: storeLocation)
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw LabError(.storeUnavailable, "cannot create the pipeline lock: \(String(cString: strerror(errno)))", locator: Locator(uri: path))
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                close(fd)
                throw LabError(.storeUnavailable, "cannot lock the pipeline: \(String(cString: strerror(errno)))", locator: Locator(uri: path))
            }
            let holder = holderDescription(fd)
            guard wait else {
                close(fd)
                throw LabError(.pipelineBusy, "pipeline '\(pipeline)' is already running on this store\(holder); it is not started twice (use --wait to wait for it)",
                               locator: Locator(uri: path))
            }
            onWait("pipeline '\(pipeline)' is already running on this store\(holder); waiting for it to finish")
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    close(fd)
                    throw LabError(.storeUnavailable, "cannot lock the pipeline: \(String(cString: strerror(errno)))", locator: Locator(uri: path))
                }
            }
        }
        let text = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        return PipelineLock(path: path, fd: fd)
    }

    private static func holderDescription(_ fd: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 31, 0) }
        guard n > 0 else { return "" }
        let pid = String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int(pid) != nil ? " (process \(pid))" : ""
    }
}
