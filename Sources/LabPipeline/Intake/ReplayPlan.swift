import Foundation
import LabCore

/// What `replay` reads: the files under the given paths, in name order (never mtime order: a copied archive
/// has new mtimes, an SFTP upload old ones), optionally only those archived on or after a date, each with the
/// pipeline source it belongs to.
public struct ReplayPlan: Sendable {
    public struct Item: Sendable {
        public var path: String
        public var source: SourceDefinition
    }

    public var items: [Item]
    /// Files skipped by `--since` because their path carries no date.
    public var undated: Int
    /// Files no source of the pipeline claims (read with the fallback format).
    public var unmatched: Int

    /// - Parameters:
    ///   - paths: files or folders (walked recursively; hidden and partial files and `*.reason.txt` skipped).
    ///   - since: keep files whose archive date (a `YYYY-MM-DD` or `YYYY/MM/DD` folder, else a date in the file
    ///     name) is on or after this day.
    ///   - definition: maps each file to the source whose archive, errors or drop folder (or `paths`) holds it.
    ///   - format: overrides every source's format.
    public static func make(paths: [String], since: DateComponents?, definition: PipelineDefinition?, format: String?) throws(LabError) -> ReplayPlan {
        var files: [String] = []
        var seen = Set<String>()
        for p in paths {
            let absolute = ((p.hasPrefix("/") ? p : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(p)) as NSString).standardizingPath
            guard FileManager.default.fileExists(atPath: absolute) else {
                throw LabError(.ioUnreadable, "no such file or folder", locator: Locator(uri: p))
            }
            for f in expand(absolute) where seen.insert(f).inserted { files.append(f) }
        }
        files.sort()
        var plan = ReplayPlan(items: [], undated: 0, unmatched: 0)
        for f in files {
            if let since {
                guard let day = archiveDay(of: f) else { plan.undated += 1; continue }
                let wanted = (since.year ?? 0, since.month ?? 0, since.day ?? 0)
                if (day.year, day.month, day.day) < wanted { continue }
            }
            var source = definition.flatMap { sourceFor(f, in: $0) }
            if source == nil {
                plan.unmatched += definition == nil ? 0 : 1
                source = SourceDefinition(name: "replay", kind: .files(paths: [f]), format: format ?? "auto")
            }
            if let format { source!.format = format }
            plan.items.append(Item(path: f, source: source!))
        }
        return plan
    }

    static func expand(_ path: String) -> [String] {
        guard FileOps.isDirectory(path) else { return [path] }
        var out: [String] = []
        let e = FileManager.default.enumerator(atPath: path)
        while let rel = e?.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            if rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            if DirectorySource.alwaysSkipped.contains(where: { FileOps.matches($0, name) }) || name.hasSuffix(".reason.txt") { continue }
            let full = (path as NSString).appendingPathComponent(rel)
            if FileOps.snapshot(full, relativePath: rel) != nil { out.append(full) }
        }
        return out
    }

    /// The day a file was archived, read from its path: a `YYYY-MM-DD` folder, `YYYY/MM/DD` folders, or a
    /// `YYYY-MM-DD` / `YYYYMMDD` date in the file name.
    public static func archiveDay(of path: String) -> (year: Int, month: Int, day: Int)? {
        let parts = path.split(separator: "/").map(String.init)
        func valid(_ y: Int, _ m: Int, _ d: Int) -> Bool { (1900...2999).contains(y) && (1...12).contains(m) && (1...31).contains(d) }
        for part in parts.dropLast().reversed() {
            let f = part.split(separator: "-").compactMap { Int($0) }
            if part.count == 10, f.count == 3, valid(f[0], f[1], f[2]) { return (f[0], f[1], f[2]) }
        }
        if parts.count >= 4 {
            let n = parts.count
            if let y = Int(parts[n - 4]), let m = Int(parts[n - 3]), let d = Int(parts[n - 2]), parts[n - 4].count == 4, valid(y, m, d) {
                return (y, m, d)
            }
        }
        let name = parts.last ?? ""
        if let r = name.range(of: #"(19|20)\d{2}-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])"#, options: .regularExpression) {
            let digits = name[r].filter(\.isNumber)
            let y = Int(digits.prefix(4))!, m = Int(digits.dropFirst(4).prefix(2))!, d = Int(digits.suffix(2))!
            return (y, m, d)
        }
        return nil
    }

    static func sourceFor(_ file: String, in definition: PipelineDefinition) -> SourceDefinition? {
        func inside(_ dir: String) -> Bool {
            let d = (dir as NSString).standardizingPath
            return file.hasPrefix(d.hasSuffix("/") ? d : d + "/")
        }
        let directories = definition.sources.compactMap { s in s.directory.map { (s, $0) } }
        if let hit = directories.first(where: { inside($0.1.archive) }) ?? directories.first(where: { inside($0.1.errors) })
            ?? directories.first(where: { inside($0.1.path) }) {
            return hit.0
        }
        for s in definition.sources {
            if case .files(let patterns) = s.kind,
               patterns.contains(where: { FileOps.matches((($0 as NSString).standardizingPath), file, pathname: true) }) {
                return s
            }
        }
        return nil
    }
}
