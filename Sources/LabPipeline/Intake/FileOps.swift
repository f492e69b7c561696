import Foundation
import LabCore
#if canImport(Glibc)
import Glibc
#endif

/// Small POSIX file operations the drop-folder intake relies on: stat, no-replace moves (so two processes
/// never overwrite each other's files), and cross-device fallbacks.
enum FileOps {
    static func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    static func snapshot(_ path: String, relativePath: String) -> FileSnapshot? {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileSnapshot(relativePath: relativePath, size: Int64(st.st_size),
                            mtimeNanos: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec),
                            inode: UInt64(st.st_ino))
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func makeDirectories(_ path: String) throws(LabError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw LabError(.intakeMoveFailed, "cannot create folder", locator: Locator(uri: path))
        }
    }

    /// `name.ext` → `name~2.ext` (the n-th candidate for a name that is taken).
    static func candidate(_ name: String, _ n: Int) -> String {
        guard n > 1 else { return name }
        let ns = name as NSString
        let ext = ns.pathExtension
        let stem = ext.isEmpty ? name : ns.deletingPathExtension
        return ext.isEmpty ? "\(stem)~\(n)" : "\(stem)~\(n).\(ext)"
    }

    /// Moves `source` to `directory/name` without ever replacing an existing file (a taken name gets `~2`, `~3`…).
    /// Works across file systems (copy, fsync, then link into place). Returns the final path.
    static func moveNoReplace(_ source: String, toDirectory directory: String, name: String) throws(LabError) -> String {
        let parent = ((directory as NSString).appendingPathComponent(name) as NSString).deletingLastPathComponent
        try makeDirectories(parent)
        let base = (name as NSString).lastPathComponent
        var staged: String?   // a copy on the destination's file system, when the move crosses devices
        defer { if let staged { unlink(staged) } }
        for n in 1...10_000 {
            let target = (parent as NSString).appendingPathComponent(candidate(base, n))
            if link(staged ?? source, target) == 0 {
                if unlink(source) != 0 && errno != ENOENT {
                    let reason = errnoText()
                    unlink(target)
                    throw LabError(.intakeMoveFailed, "cannot remove the file after linking it into place: \(reason)", locator: Locator(uri: source))
                }
                return target
            }
            switch errno {
            case EEXIST:
                continue
            case EXDEV where staged == nil:
                staged = try stageCopy(source, in: parent)
                if let s = staged, link(s, target) == 0 {
                    unlink(source)
                    return target
                }
                if errno == EEXIST { continue }
                throw LabError(.intakeMoveFailed, "cannot move the file: \(errnoText())", locator: Locator(uri: source))
            case EPERM, ENOTSUP, EOPNOTSUPP:
                // A file system without hard links: rename when the name looks free (a narrow race, accepted there).
                if access(target, F_OK) == 0 { continue }
                if rename(source, target) == 0 { return target }
                throw LabError(.intakeMoveFailed, "cannot move the file: \(errnoText())", locator: Locator(uri: source))
            default:
                throw LabError(.intakeMoveFailed, "cannot move the file: \(errnoText())", locator: Locator(uri: source))
            }
        }
        throw LabError(.intakeMoveFailed, "no free name for the file", locator: Locator(uri: source))
    }

    /// Copies `source` next to its destination as a hidden temporary file and flushes it to disk.
    private static func stageCopy(_ source: String, in directory: String) throws(LabError) -> String {
        let temp = (directory as NSString).appendingPathComponent(".labingest-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw LabError(.intakeMoveFailed, "cannot open the file: \(errnoText())", locator: Locator(uri: source)) }
        defer { close(input) }
        let output = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw LabError(.intakeMoveFailed, "cannot create a copy: \(errnoText())", locator: Locator(uri: temp)) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var ok = true
        while ok {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 { if errno == EINTR { continue }; ok = false; break }
            var written = 0
            while written < n {
                let w = buffer.withUnsafeBytes { write(output, $0.baseAddress! + written, n - written) }
                if w < 0 { if errno == EINTR { continue }; ok = false; break }
                written += w
            }
        }
        let synced = fsync(output) == 0
        close(output)
        guard ok && synced else {
            unlink(temp)
            throw LabError(.intakeMoveFailed, "cannot copy the file across file systems", locator: Locator(uri: source))
        }
        return temp
    }

    /// Runs `body` up to `attempts` times, waiting a little longer each time; returns the last error if all fail.
    static func retrying<T>(attempts: Int = 3, delays: [Double] = [0.2, 1.0], _ body: () throws(LabError) -> T) -> Result<T, LabError> {
        var last = LabError(.intakeMoveFailed, "not attempted")
        for i in 0..<max(1, attempts) {
            do throws(LabError) { return .success(try body()) } catch { last = error }
            if i < attempts - 1 { Thread.sleep(forTimeInterval: delays.isEmpty ? 0.2 : delays[min(i, delays.count - 1)]) }
        }
        return .failure(last)
    }

    /// fnmatch(3), case-insensitive (instruments write `.CSV` as often as `.csv`).
    static func matches(_ pattern: String, _ text: String, pathname: Bool = false) -> Bool {
        // FNM_CASEFOLD is a GNU extension Swift's Glibc module does not export; its value is fixed (1 << 4).
        let caseFold: Int32 = 1 << 4
        return fnmatch(pattern, text, caseFold | (pathname ? FNM_PATHNAME : 0)) == 0
    }
}
