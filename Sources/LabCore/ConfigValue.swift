/// A configuration value as read from a pipeline file (YAML), with the line it came from, so format
/// options can be validated with errors that name the file, line and key path.
public indirect enum ConfigValue: Sendable, Equatable {
    case string(String, line: Int?)
    case list([ConfigValue], line: Int?)
    case map([(key: String, value: ConfigValue)], line: Int?)
    case null(line: Int?)

    public static func == (a: ConfigValue, b: ConfigValue) -> Bool {
        switch (a, b) {
        case (.string(let x, _), .string(let y, _)): return x == y
        case (.list(let x, _), .list(let y, _)): return x == y
        case (.map(let x, _), .map(let y, _)): return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.null, .null): return true
        default: return false
        }
    }

    public var line: Int? {
        switch self {
        case .string(_, let l), .list(_, let l), .map(_, let l), .null(let l): return l
        }
    }

    public var string: String? { if case .string(let s, _) = self { return s } else { return nil } }
    public var list: [ConfigValue]? { if case .list(let l, _) = self { return l } else { return nil } }
    public var map: [(key: String, value: ConfigValue)]? { if case .map(let m, _) = self { return m } else { return nil } }

    public subscript(key: String) -> ConfigValue? {
        map?.first { $0.key == key }?.value
    }
}

/// Reads typed options out of a `ConfigValue` map and reports unknown keys; errors carry the key path.
public struct OptionReader {
    public let value: ConfigValue
    public let path: String
    public let file: String?
    private var used: Set<String> = []

    public init(_ value: ConfigValue?, path: String, file: String? = nil) {
        self.value = value ?? .map([], line: nil)
        self.path = path
        self.file = file
    }

    private func fail(_ key: String, _ message: String, _ at: ConfigValue?) -> LabError {
        LabError(.pipelineInvalid, "\(path.isEmpty ? key : path + "." + key): \(message)",
                 locator: Locator(uri: file, line: at?.line ?? value.line), field: path.isEmpty ? key : path + "." + key)
    }

    public mutating func string(_ key: String) throws(LabError) -> String? {
        used.insert(key)
        guard let v = value[key] else { return nil }
        if case .null = v { return nil }
        guard let s = v.string else { throw fail(key, "expected a text value", v) }
        return s
    }

    public mutating func decimal(_ key: String) throws(LabError) -> Decimal? {
        guard let s = try string(key) else { return nil }
        guard let d = DecimalText.parse(s) else { throw fail(key, "expected a number, found '\(s)'", value[key]) }
        return d
    }

    /// `decimal-mark: point|comma`: the decimal separator a source's files use, when the lab states it.
    public mutating func decimalMark(_ key: String = "decimal-mark") throws(LabError) -> DecimalMark? {
        guard let s = try string(key) else { return nil }
        guard let mark = DecimalMark(rawValue: s.lowercased()) else { throw fail(key, "expected point or comma, found '\(s)'", value[key]) }
        return mark
    }

    public mutating func bool(_ key: String) throws(LabError) -> Bool? {
        guard let s = try string(key) else { return nil }
        switch s.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail(key, "expected true or false, found '\(s)'", value[key])
        }
    }

    public mutating func raw(_ key: String) -> ConfigValue? {
        used.insert(key)
        return value[key]
    }

    public mutating func stringMap(_ key: String) throws(LabError) -> [(String, String)] {
        used.insert(key)
        guard let v = value[key] else { return [] }
        guard let m = v.map else { throw fail(key, "expected a mapping", v) }
        var out: [(String, String)] = []
        for (k, item) in m {
            guard let s = item.string else { throw fail(key + "." + k, "expected a text value", item) }
            out.append((k, s))
        }
        return out
    }

    /// Throws for the first key that no accessor asked for.
    public func finish() throws(LabError) {
        for (key, v) in value.map ?? [] where !used.contains(key) {
            throw fail(key, "unknown key", v)
        }
    }
}
import Foundation
