import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Expands the `paths` of a files source: plain paths, directories (their regular files, sorted), and
/// shell globs (`*`, `?`, `[…]`). The result is sorted by name and has no duplicates, so runs are repeatable.
public enum PathExpansion {
    public static func expand(_ patterns: [String]) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        for pattern in patterns {
            for path in expandOne(pattern) where seen.insert(path).inserted { out.append(path) }
        }
        return out
    }

    static func expandOne(_ pattern: String) -> [String] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: pattern, isDirectory: &isDirectory) {
            if !isDirectory.boolValue { return [pattern] }
            let names = (try? fm.contentsOfDirectory(atPath: pattern)) ?? []
            return names.sorted().filter { !$0.hasPrefix(".") }.map { (pattern as NSString).appendingPathComponent($0) }
                .filter { var d: ObjCBool = false; return fm.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue }
        }
        guard pattern.contains(where: { "*?[".contains($0) }) else { return [] }
        var g = glob_t()
        defer { globfree(&g) }
        guard glob(pattern, 0, nil, &g) == 0 else { return [] }
        var paths: [String] = []
        for i in 0..<Int(g.gl_pathc) {
            if let p = g.gl_pathv[i] { paths.append(String(cString: p)) }
        }
        return paths.sorted().filter { var d: ObjCBool = false; return fm.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue }
    }
}
