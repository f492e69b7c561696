import Foundation
import LabCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A file taken from a drop folder: moved into this process's work folder, remembered by where it came from.
public struct ClaimedFile: Sendable, Equatable {
    /// Where it is now (inside the work folder).
    public var workPath: String
    /// Where it was, relative to the drop folder.
    public var relativePath: String
    public var size: Int64
    public var mtimeNanos: Int64
}

/// This process's private folder inside a drop folder (`<drop>/.labingest/work/<owner>/`), where files are
/// claimed by an atomic rename — on the same file system, so a second LabIngest polling the same folder
/// either gets the file or ENOENT, never both.
///
/// The owner holds an flock on `<owner>.lock` for its lifetime. A work folder whose lock nobody holds
/// belonged to a process that died (even by SIGKILL): `adoptOrphans()` claims its files again, so a crash
/// between claim and archive loses nothing (the store's duplicate check makes the second pass a no-op if the
/// unit had committed).
public final class WorkFolder: @unchecked Sendable {
    // @unchecked: immutable after init except `counter` and `released`, both in Mutexes.
    public let dropFolder: String
    public let root: String
    public let owner: String
    public let directory: String
    private let lockFD: Int32
    private let counter = Atomic<Int>(0)
    private let released = Mutex(false)

    public init(dropFolder: String) throws(LabError) {
        self.dropFolder = dropFolder
        root = ((dropFolder as NSString).appendingPathComponent(".labingest") as NSString).appendingPathComponent("work")
        try FileOps.makeDirectories(root)
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        owner = "\(host)-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        directory = (root as NSString).appendingPathComponent(owner)
        // Lock first, folder second: a folder without a held lock is always an orphan.
        let lockPath = directory + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0, flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            if fd >= 0 { close(fd) }
            throw LabError(.intakeMoveFailed, "cannot create the work folder's lock: \(FileOps.errnoText())", locator: Locator(uri: lockPath))
        }
        lockFD = fd
        try FileOps.makeDirectories(directory)
    }

    deinit { release() }

    private func nextName(for relativePath: String) -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        let encoded = relativePath.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "/", with: "%2F")
        return "\(n)-\(encoded)"
    }

    static func relativePath(ofWorkName name: String) -> String {
        let body = name.firstIndex(of: "-").map { String(name[name.index(after: $0)...]) } ?? name
        return body.replacingOccurrences(of: "%2F", with: "/").replacingOccurrences(of: "%25", with: "%")
    }

    /// Claims `snapshot`'s file by renaming it into the work folder.
    /// - Returns: nil when the file is gone (another process claimed it first).
    public func claim(_ snapshot: FileSnapshot) throws(LabError) -> ClaimedFile? {
        let source = (dropFolder as NSString).appendingPathComponent(snapshot.relativePath)
        let target = (directory as NSString).appendingPathComponent(nextName(for: snapshot.relativePath))
        if rename(source, target) != 0 {
            if errno == ENOENT { return nil }
            throw LabError(.intakeMoveFailed, "cannot claim the file: \(FileOps.errnoText())", locator: Locator(uri: source))
        }
        // Stat again after the rename: the size and mtime are those of the bytes we now own.
        let now = FileOps.snapshot(target, relativePath: snapshot.relativePath) ?? snapshot
        return ClaimedFile(workPath: target, relativePath: snapshot.relativePath, size: now.size, mtimeNanos: now.mtimeNanos)
    }

    /// Claims the files of work folders whose owners died, oldest first by name.
    public func adoptOrphans() -> [ClaimedFile] {
        let fm = FileManager.default
        var adopted: [ClaimedFile] = []
        let entries = ((try? fm.contentsOfDirectory(atPath: root)) ?? []).sorted()
        for entry in entries where entry != owner && !entry.hasSuffix(".lock") && !entry.hasPrefix(".") {
            let dir = (root as NSString).appendingPathComponent(entry)
            guard FileOps.isDirectory(dir) else { continue }
            let lockPath = dir + ".lock"
            let fd = open(lockPath, O_RDWR | O_CLOEXEC)
            if fd >= 0 {
                if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                    close(fd)   // its owner is alive
                    continue
                }
            } else if errno != ENOENT {
                continue
            }
            defer { if fd >= 0 { close(fd) } }
            let names = ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).sorted {
                (Int($0.prefix { $0.isNumber }) ?? 0, $0) < (Int($1.prefix { $0.isNumber }) ?? 0, $1)
            }
            for name in names {
                let path = (dir as NSString).appendingPathComponent(name)
                let rel = WorkFolder.relativePath(ofWorkName: name)
                let target = (directory as NSString).appendingPathComponent(nextName(for: rel))
                guard rename(path, target) == 0, let s = FileOps.snapshot(target, relativePath: rel) else { continue }
                adopted.append(ClaimedFile(workPath: target, relativePath: rel, size: s.size, mtimeNanos: s.mtimeNanos))
            }
            if rmdir(dir) == 0 || errno == ENOENT { unlink(lockPath) }
        }
        // A process killed between creating its lock and its folder leaves a lock file alone: remove it once
        // nobody holds it.
        for entry in entries where entry.hasSuffix(".lock") && entry != owner + ".lock" {
            let lockPath = (root as NSString).appendingPathComponent(entry)
            guard !FileOps.isDirectory(String(lockPath.dropLast(".lock".count))) else { continue }
            let fd = open(lockPath, O_RDWR | O_CLOEXEC)
            guard fd >= 0 else { continue }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { unlink(lockPath) }
            close(fd)
        }
        return adopted
    }

    /// Files still in this process's work folder (claimed and not yet finished).
    public var remaining: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    /// Removes the work folder if it is empty and gives up the lock (left files are adopted by the next process).
    public func release() {
        let first = released.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        if rmdir(directory) == 0 { unlink(directory + ".lock") }
        close(lockFD)
    }
}
