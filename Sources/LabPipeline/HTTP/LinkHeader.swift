import Foundation

/// RFC 8288 `Link` header fields: finds the `rel="next"` target used for pagination.
///
/// For example, `<https://lis.example.org/r?page=2>; rel="next", <…?page=9>; rel="last"` gives the page-2 URL.
/// Targets may be relative (resolved against the URL that sent them); `rel` may hold several relation types.
public enum LinkHeader {
    /// The absolute `next` URL among every `Link` value, or nil.
    public static func next(in values: [String], base: String) -> String? {
        for value in values {
            for link in split(value) where link.rels.contains("next") {
                if let url = HTTPClient.resolve(link.target, against: base) { return url }
            }
        }
        return nil
    }

    /// The links of one field value, in order: target and lower-cased relation types.
    static func split(_ value: String) -> [(target: String, rels: [String])] {
        var links: [(String, [String])] = []
        var i = value.startIndex
        while let open = value[i...].firstIndex(of: "<") {
            guard let close = value[open...].firstIndex(of: ">") else { break }
            let target = String(value[value.index(after: open)..<close])
            // Parameters run to the next "<" that is not inside quotes.
            var j = value.index(after: close), inQuotes = false
            while j < value.endIndex {
                let c = value[j]
                if c == "\"" { inQuotes.toggle() } else if c == "<" && !inQuotes { break }
                j = value.index(after: j)
            }
            links.append((target, rels(in: value[value.index(after: close)..<j])))
            i = j
        }
        return links
    }

    private static func rels(in params: Substring) -> [String] {
        for param in params.split(separator: ";") {
            let parts = param.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "rel" else { continue }
            var v = parts[1].trimmingCharacters(in: .whitespaces)
            while v.hasSuffix(",") { v.removeLast() }
            v = v.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            return v.lowercased().split(separator: " ").map(String.init)
        }
        return []
    }
}
