import Foundation

extension DirectorySource {
    /// The files of the drop folder that the pipeline may take, in name order: regular files matching
    /// `patterns`, not `exclude`d, not hidden or partial (`alwaysSkipped`), outside the archive, errors and
    /// work folders; in subfolders too when `recursive`.
    public func scan() -> [FileSnapshot] {
        let fm = FileManager.default
        let skipFolders = Set([archive, errors].map { ($0 as NSString).standardizingPath })
        var out: [FileSnapshot] = []
        func walk(_ relative: String, depth: Int) {
            let dir = relative.isEmpty ? path : (path as NSString).appendingPathComponent(relative)
            guard depth < 32, let names = try? fm.contentsOfDirectory(atPath: dir) else { return }
            for name in names.sorted() {
                if DirectorySource.alwaysSkipped.contains(where: { FileOps.matches($0, name) }) { continue }
                let rel = relative.isEmpty ? name : relative + "/" + name
                let full = (path as NSString).appendingPathComponent(rel)
                if FileOps.isDirectory(full) {
                    if recursive && !skipFolders.contains((full as NSString).standardizingPath) { walk(rel, depth: depth + 1) }
                    continue
                }
                guard takes(rel), let s = FileOps.snapshot(full, relativePath: rel) else { continue }
                out.append(s)
            }
        }
        walk("", depth: 0)
        return out
    }

    /// Does a file at `relativePath` match the patterns and escape the excludes? A pattern with a `/` is
    /// matched against the relative path, any other against the file name.
    public func takes(_ relativePath: String) -> Bool {
        let name = (relativePath as NSString).lastPathComponent
        func hit(_ p: String) -> Bool { p.contains("/") ? FileOps.matches(p, relativePath, pathname: true) : FileOps.matches(p, name) }
        if DirectorySource.alwaysSkipped.contains(where: { FileOps.matches($0, name) }) { return false }
        if name.hasSuffix(".reason.txt") { return false }
        return patterns.contains(where: hit) && !exclude.contains(where: hit)
    }
}
