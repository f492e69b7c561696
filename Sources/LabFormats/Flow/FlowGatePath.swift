/// Gate paths as FlowJo and FACSDiva write them, normalized for matching only.
///
/// A path is split on `/` only: gate names keep their spaces, `+`, `-`, `:` and commas
/// (`Lymphocytes/Q1: IL-17A-, IFNg+`). For matching, each segment is trimmed, runs of whitespace become one
/// space, and the dash look-alikes that exports use as a minus (hyphen U+2010/U+2011, figure dash U+2012,
/// en dash U+2013 — Mac-Roman 0xD0 —, em dash U+2014, minus sign U+2212, small and full-width hyphen-minus)
/// become `-`. The original text is always kept alongside.
public enum FlowGatePath {
    /// The dash look-alikes read as `-` when matching.
    static let dashes: Set<Unicode.Scalar> = ["\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}",
                                               "\u{FE63}", "\u{FF0D}"]

    /// One gate name (or any header text) normalized for matching: dashes unified, whitespace collapsed, trimmed.
    public static func normalizeName(_ name: some StringProtocol) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in name.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(dashes.contains(scalar) ? "-" : scalar)
        }
        return String(out)
    }

    /// The segments of a path (split on `/` only), each normalized.
    public static func segments(_ path: some StringProtocol) -> [String] {
        guard !path.isEmpty else { return [] }
        return path.split(separator: "/", omittingEmptySubsequences: false).map { normalizeName($0) }
    }

    /// A whole path normalized for matching and for `FLOW-GATE` codes.
    public static func normalize(_ path: some StringProtocol) -> String {
        segments(path).joined(separator: "/")
    }

    /// The parent gate of a path as written (`A/B/C` → `B`), nil for a top-level gate.
    static func parentName(of path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count >= 2 ? String(parts[parts.count - 2]) : nil
    }
}

/// A gate path pattern from the pipeline (`*/CD3+/CAR+`).
///
/// Rules (case-insensitive, on normalized paths, so an en dash in the file matches a hyphen in the pattern):
/// - The pattern is split on `/` like a path.
/// - A segment that is exactly `*` matches any run of whole path segments, including none:
///   `*/CD3+/CAR+` matches `CD3+/CAR+` and `Lymphocytes/Single Cells/CD3+/CAR+`.
/// - Inside any other segment, `*` matches any run of characters within that one segment (never a `/`):
///   `CD3*/CAR+` matches `CD3+/CAR+` and `CD3 T cells/CAR+`.
/// - Every other character matches itself; there is no escape for a literal `*` (gate names do not use it).
/// - A pattern without a leading `*` segment is anchored at the top of the gating tree.
public struct FlowGatePattern: Sendable, Equatable, CustomStringConvertible {
    public let text: String
    private let parts: [String]

    public init(_ text: String) {
        self.text = text
        self.parts = FlowGatePath.segments(text).map { $0.lowercased() }
    }

    public var description: String { text }

    /// True when the normalized path `path` matches.
    public func matches(normalizedPath path: String) -> Bool {
        let segs = path.isEmpty ? [] : path.split(separator: "/", omittingEmptySubsequences: false).map { $0.lowercased() }
        return Self.match(parts[...], segs[...])
    }

    private static func match(_ p: ArraySlice<String>, _ s: ArraySlice<String>) -> Bool {
        guard let first = p.first else { return s.isEmpty }
        if first == "*" {
            // Zero or more whole segments.
            var rest = s
            while true {
                if match(p.dropFirst(), rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        }
        guard let head = s.first, segmentMatches(Array(first), Array(head)) else { return false }
        return match(p.dropFirst(), s.dropFirst())
    }

    /// `*` within a segment: any run of characters.
    static func segmentMatches(_ p: [Character], _ s: [Character]) -> Bool {
        // Classic two-pointer wildcard match with backtracking to the last star.
        var pi = 0, si = 0
        var star = -1, mark = 0
        while si < s.count {
            if pi < p.count, p[pi] != "*", p[pi] == s[si] {
                pi += 1; si += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi; mark = si; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; si = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
