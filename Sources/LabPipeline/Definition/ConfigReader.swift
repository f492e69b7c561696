import Foundation
import LabCore

/// Collects every problem of a pipeline file instead of stopping at the first, so `labingest validate`
/// can list them all. Each problem is a `pipeline.invalid` error naming the file, line and key path.
final class ConfigProblems {
    let file: String
    private(set) var errors: [LabError] = []

    init(file: String) { self.file = file }

    func add(_ keyPath: String, _ message: String, line: Int?) {
        errors.append(LabError(.pipelineInvalid, keyPath.isEmpty ? message : "\(keyPath): \(message)",
                               locator: Locator(uri: file, line: line), field: keyPath.isEmpty ? nil : keyPath))
    }

    /// Problems in file order (line, then the order they were found).
    var sorted: [LabError] {
        errors.enumerated().sorted { a, b in
            let la = a.element.locator?.line ?? 0, lb = b.element.locator?.line ?? 0
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
    }
}

/// Reads one mapping of a pipeline file. Every accessor marks its key as known and records (rather than
/// throws) a problem when the value has the wrong shape; `finish()` records every key nobody asked for.
struct ConfigReader {
    let node: ConfigValue
    let path: String
    let problems: ConfigProblems
    private var used: Set<String> = []

    init(_ node: ConfigValue, path: String, problems: ConfigProblems) {
        self.node = node
        self.path = path
        self.problems = problems
        if node.map == nil, case .null = node {} else if node.map == nil {
            problems.add(path, "expected a mapping", line: node.line)
        }
    }

    var line: Int? { node.line }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Records a problem about `key` at its line (or this mapping's line when the key is absent).
    func fail(_ key: String, _ message: String) {
        problems.add(keyPath(key), message, line: node[key]?.line ?? node.line)
    }

    func has(_ key: String) -> Bool {
        guard let v = node[key] else { return false }
        if case .null = v { return false }
        return true
    }

    mutating func raw(_ key: String) -> ConfigValue? {
        used.insert(key)
        guard let v = node[key] else { return nil }
        if case .null = v { return nil }
        return v
    }

    mutating func string(_ key: String, required: Bool = false) -> String? {
        guard let v = raw(key) else {
            if required { fail(key, "required") }
            return nil
        }
        guard let s = v.string else { fail(key, "expected a text value"); return nil }
        if required && s.trimmingCharacters(in: .whitespaces).isEmpty { fail(key, "must not be empty"); return nil }
        return s
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let s = string(key) else { return nil }
        switch s.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: fail(key, "expected true or false, found '\(s)'"); return nil
        }
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let s = string(key) else { return nil }
        guard let n = Int(s.trimmingCharacters(in: .whitespaces)), range.contains(n) else {
            fail(key, "expected a whole number from \(range.lowerBound) to \(range.upperBound), found '\(s)'")
            return nil
        }
        return n
    }

    /// A duration (`500ms`, `30s`, `5m`, `2h`, `1d`; a bare number is seconds), in seconds.
    mutating func duration(_ key: String, in range: ClosedRange<Double> = 0...(366 * 86_400)) -> Double? {
        guard let s = string(key) else { return nil }
        guard let d = ConfigQuantity.seconds(s), range.contains(d) else {
            fail(key, "expected a duration such as 500ms, 30s, 5m or 2h (from \(ConfigQuantity.describe(range.lowerBound)) to \(ConfigQuantity.describe(range.upperBound))), found '\(s)'")
            return nil
        }
        return d
    }

    /// A byte count (`512KB`, `200MB`, `1GiB`; a bare number is bytes).
    mutating func byteCount(_ key: String) -> Int64? {
        guard let s = string(key) else { return nil }
        guard let n = ConfigQuantity.bytes(s), n > 0 else {
            fail(key, "expected a size such as 512KB, 200MB or 1GiB, found '\(s)'")
            return nil
        }
        return n
    }

    /// A list of text values; a single text value is taken as a list of one.
    mutating func stringList(_ key: String) -> [String]? {
        guard let v = raw(key) else { return nil }
        if let s = v.string { return [s] }
        guard let items = v.list else { fail(key, "expected a list of text values"); return nil }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard let s = item.string else {
                problems.add("\(keyPath(key))[\(i)]", "expected a text value", line: item.line ?? v.line)
                continue
            }
            out.append(s)
        }
        return out
    }

    mutating func stringMap(_ key: String) -> [(String, String)] {
        guard let v = raw(key) else { return [] }
        guard let m = v.map else { fail(key, "expected a mapping"); return [] }
        var out: [(String, String)] = []
        for (k, item) in m {
            guard let s = item.string else {
                problems.add("\(keyPath(key)).\(k)", "expected a text value", line: item.line ?? v.line)
                continue
            }
            out.append((k, s))
        }
        return out
    }

    /// A nested mapping, read with its own reader (call `finish()` on it).
    mutating func mapping(_ key: String) -> ConfigReader? {
        guard let v = raw(key) else { return nil }
        guard v.map != nil else { fail(key, "expected a mapping"); return nil }
        return ConfigReader(v, path: keyPath(key), problems: problems)
    }

    /// Records every key of this mapping that no accessor asked for.
    func finish() {
        for (key, v) in node.map ?? [] where !used.contains(key) {
            problems.add(keyPath(key), "unknown key", line: v.line ?? node.line)
        }
    }
}

/// Durations and sizes as written in pipeline files.
public enum ConfigQuantity {
    /// `500ms`, `30s`, `5m`, `2h`, `1d`, or a bare number of seconds.
    public static func seconds(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("sec", 1), ("m", 60), ("min", 60), ("h", 3600), ("d", 86_400)]
        let (number, suffix) = split(t)
        guard let n = Double(number), n >= 0, n.isFinite else { return nil }
        if suffix.isEmpty { return n }
        guard let factor = units.first(where: { $0.0 == suffix })?.1 else { return nil }
        return n * factor
    }

    /// `512KB`, `200MB`, `1GiB`, or a bare number of bytes. KB/MB/GB are decimal, KiB/MiB/GiB binary.
    public static func bytes(_ text: String) -> Int64? {
        let (number, suffix) = split(text.trimmingCharacters(in: .whitespaces))
        guard let n = Double(number), n >= 0, n.isFinite else { return nil }
        let factors: [String: Double] = ["": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824]
        guard let f = factors[suffix.lowercased()] else { return nil }
        let v = n * f
        guard v < 9e18 else { return nil }
        return Int64(v.rounded())
    }

    static func describe(_ seconds: Double) -> String {
        if seconds == 0 { return "0s" }
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds.truncatingRemainder(dividingBy: 86_400) == 0 { return "\(Int(seconds / 86_400))d" }
        if seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600))h" }
        if seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60))m" }
        return "\(seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds))s"
    }

    private static func split(_ t: String) -> (String, String) {
        let i = t.firstIndex { !($0.isNumber || $0 == ".") } ?? t.endIndex
        return (String(t[..<i]), t[i...].trimmingCharacters(in: .whitespaces))
    }
}
