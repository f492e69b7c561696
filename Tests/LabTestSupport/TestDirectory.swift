import Foundation

/// Fresh directories for tests, all under one root per test process that is removed when the process
/// exits: a test run leaves nothing behind in the system's temporary directory.
public enum TestDirectory {
    /// `<tmp>/labingest-tests-<pid>`, created on first use.
    public static let root: String = {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("labingest-tests-\(getpid())")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TestDirectory.root) }
        return path
    }()

    /// A new empty directory whose name starts with `prefix` (for reading failures).
    public static func make(_ prefix: String) throws -> URL {
        let url = URL(fileURLWithPath: root).appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
