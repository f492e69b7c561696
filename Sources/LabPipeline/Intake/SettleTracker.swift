/// What a look at a drop folder saw of one file.
public struct FileSnapshot: Sendable, Equatable {
    /// Path relative to the drop folder (`run1.csv`, `plate-7/run1.csv`).
    public var relativePath: String
    public var size: Int64
    /// Modification time in nanoseconds since 1970.
    public var mtimeNanos: Int64
    public var inode: UInt64

    public init(relativePath: String, size: Int64, mtimeNanos: Int64, inode: UInt64 = 0) {
        self.relativePath = relativePath
        self.size = size
        self.mtimeNanos = mtimeNanos
        self.inode = inode
    }

    /// Same file, same size, same mtime.
    func unchanged(from other: FileSnapshot) -> Bool {
        size == other.size && mtimeNanos == other.mtimeNanos && inode == other.inode
    }
}

/// Decides when a file in a drop folder is complete: once its size and mtime have not changed for `settle`
/// seconds across looks. A pure value fed with snapshots and times, so it is tested without a file system
/// or a clock. (Age heuristics on mtime alone fail: SFTP and `cp -p` set an old mtime on a file still
/// being written.)
public struct SettleTracker: Sendable {
    public let settle: Double
    private var seen: [String: (snapshot: FileSnapshot, since: Double)] = [:]

    public init(settle: Double) { self.settle = settle }

    /// Records one look at the folder (`now` in seconds) and returns the files that have settled, in name order.
    /// Files that disappeared are forgotten.
    public mutating func observe(_ snapshots: [FileSnapshot], now: Double) -> [FileSnapshot] {
        var next: [String: (snapshot: FileSnapshot, since: Double)] = [:]
        var ready: [FileSnapshot] = []
        for s in snapshots {
            var since = now
            if let previous = seen[s.relativePath], previous.snapshot.unchanged(from: s) { since = previous.since }
            next[s.relativePath] = (s, since)
            if now - since >= settle { ready.append(s) }
        }
        seen = next
        return ready.sorted { $0.relativePath < $1.relativePath }
    }

    /// Files seen but not settled yet.
    public var pending: Int { seen.count }

    /// Forgets a file (it was claimed, or is known and should be looked at afresh).
    public mutating func forget(_ relativePath: String) {
        seen.removeValue(forKey: relativePath)
    }
}
