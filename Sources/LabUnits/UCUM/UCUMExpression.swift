import Foundation

/// A parsed UCUM expression: components joined by `.` and `/`, evaluated strictly left to right
/// (`s/m/mg` is `s.m-1.mg-1`; a leading `/` inverts the first component).
public struct UCUMExpression: Sendable, Hashable {
    public enum Component: Sendable, Hashable {
        /// A unit atom with an optional prefix, an integer exponent and an optional annotation.
        case unit(prefix: String?, atom: String, exponent: Int, annotation: String?)
        /// A positive integer factor (`24` in `mg/(24.h)`), optionally annotated (`1{c}`).
        case factor(Decimal, annotation: String?)
        /// An annotation standing alone (`{cells}`): the unit 1.
        case annotation(String)
        /// A parenthesised term.
        case group(UCUMExpression)
    }

    /// Each component with `inverted` true when it follows a `/` (or a leading `/`).
    public var components: [(component: Component, inverted: Bool)]

    public static func == (a: UCUMExpression, b: UCUMExpression) -> Bool {
        a.components.count == b.components.count
            && zip(a.components, b.components).allSatisfy { $0.component == $1.component && $0.inverted == $1.inverted }
    }

    public func hash(into hasher: inout Hasher) {
        for (component, inverted) in components {
            hasher.combine(component)
            hasher.combine(inverted)
        }
    }

    /// The expression written back in UCUM c/s syntax with preferred atom spellings
    /// (`l` → `L`, `10^` → `10*`), keeping annotations and structure: `mg/dl` → `mg/dL`.
    public var canonicalText: String {
        var text = ""
        for (index, item) in components.enumerated() {
            if item.inverted { text += "/" } else if index > 0 { text += "." }
            text += Self.text(of: item.component)
        }
        return text
    }

    /// Every annotation in the expression, without braces.
    public var annotations: [String] {
        components.flatMap { item -> [String] in
            switch item.component {
            case .unit(_, _, _, let a): return a.map { [$0] } ?? []
            case .annotation(let a): return [a]
            case .factor(_, let a): return a.map { [$0] } ?? []
            case .group(let inner): return inner.annotations
            }
        }
    }

    private static func text(of component: Component) -> String {
        switch component {
        case let .unit(prefix, atom, exponent, annotation):
            let preferred = atom == "l" ? "L" : (atom == "10^" ? "10*" : atom)
            var text = (prefix ?? "") + preferred
            if exponent != 1 { text += String(exponent) }
            if let annotation { text += "{\(annotation)}" }
            return text
        case let .factor(value, annotation): return "\(value)" + (annotation.map { "{\($0)}" } ?? "")
        case .annotation(let a): return "{\(a)}"
        case .group(let inner): return "(\(inner.canonicalText))"
        }
    }
}
