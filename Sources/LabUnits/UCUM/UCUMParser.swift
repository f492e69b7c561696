import Foundation
import LabCore

/// The UCUM c/s grammar (UCUM § 2.2 / Annex "Syntax"):
///
/// ```
/// mainTerm    := '/' term | term
/// term        := component (('.' | '/') component)*
/// component   := annotatable annotation? | annotation | factor annotation? | '(' term ')'
/// annotatable := simpleUnit exponent?          simpleUnit := prefix? atom
/// exponent    := ('+' | '-')? digits           factor     := digits
/// annotation  := '{' ASCII 33–126 except braces '}'
/// ```
/// Symbols are case-sensitive. Square-bracketed parts of an atom (`[in_i]`, `B[10.nV]`) may contain
/// `.`, `/` and parentheses. Errors carry the 1-based character position and never the text itself.
struct UCUMParser {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private let registry: UCUMRegistry.Atoms

    init(_ text: String, atoms: UCUMRegistry.Atoms) {
        self.scalars = Array(text.unicodeScalars)
        self.registry = atoms
    }

    static func parse(_ text: String, atoms: UCUMRegistry.Atoms) throws(LabError) -> UCUMExpression {
        var parser = UCUMParser(text, atoms: atoms)
        return try parser.parseMain()
    }

    // MARK: - Grammar

    private mutating func parseMain() throws(LabError) -> UCUMExpression {
        if scalars.isEmpty { throw invalid("empty unit expression", at: 0) }
        let expression = try parseTerm()
        if index < scalars.count {
            let c = scalars[index]
            throw invalid(c == ")" ? "unbalanced ')'" : "unexpected character", at: index)
        }
        return expression
    }

    private mutating func parseTerm() throws(LabError) -> UCUMExpression {
        var components: [(component: UCUMExpression.Component, inverted: Bool)] = []
        var inverted = false
        if peek == "/" {
            index += 1
            inverted = true
        }
        components.append((try parseComponent(), inverted))
        while let c = peek, c == "." || c == "/" {
            index += 1
            components.append((try parseComponent(), c == "/"))
        }
        return UCUMExpression(components: components)
    }

    private mutating func parseComponent() throws(LabError) -> UCUMExpression.Component {
        guard let c = peek else { throw invalid("expected a unit after an operator", at: index) }
        switch c {
        case "(":
            let open = index
            index += 1
            let inner = try parseTerm()
            guard peek == ")" else { throw invalid("missing ')' for '(' at position \(open + 1)", at: index) }
            index += 1
            if let next = peek, next != ".", next != "/", next != ")" {
                throw invalid("a parenthesised term must be followed by '.', '/' or ')'", at: index)
            }
            return .group(inner)
        case "{":
            let annotation = try parseAnnotation()
            try expectComponentEnd()
            return .annotation(annotation)
        case ".", "/", ")":
            throw invalid("expected a unit", at: index)
        default:
            return try parseAnnotatable()
        }
    }

    private mutating func parseAnnotatable() throws(LabError) -> UCUMExpression.Component {
        let start = index
        var bracketDepth = 0
        while let c = peek {
            if !c.isASCII || c.value <= 32 || c.value == 127 {
                throw invalid(c == " " ? "spaces are not allowed" : "character not allowed in a unit", at: index)
            }
            if c == "[" { bracketDepth += 1 }
            else if c == "]" {
                if bracketDepth == 0 { throw invalid("unbalanced ']'", at: index) }
                bracketDepth -= 1
            } else if bracketDepth == 0, c == "." || c == "/" || c == "(" || c == ")" || c == "{" || c == "}" {
                break
            }
            index += 1
        }
        if bracketDepth > 0 { throw invalid("missing ']'", at: index) }
        let symbol = String(String.UnicodeScalarView(scalars[start..<index]))
        if symbol.isEmpty { throw invalid("expected a unit", at: start) }

        // A pure number is a factor; it takes no exponent, but may be annotated (`1{c}`, `10*3{rbc}`).
        if symbol.allSatisfy({ $0.isASCII && $0.isNumber }) {
            var annotation: String?
            if peek == "{" { annotation = try parseAnnotation() }
            try expectComponentEnd()
            guard symbol.count <= 30, let value = Decimal(string: symbol) else { throw invalid("number too long", at: start) }
            return .factor(value, annotation: annotation)
        }

        // Split a trailing exponent: digits, optionally signed, after a non-digit.
        var body = symbol
        var exponent = 1
        let chars = Array(symbol)
        var cut = chars.count
        while cut > 0, chars[cut - 1].isASCII, chars[cut - 1].isNumber { cut -= 1 }
        if cut < chars.count, cut > 0 {
            var signCut = cut
            if chars[cut - 1] == "+" || chars[cut - 1] == "-" { signCut = cut - 1 }
            let head = String(chars[0..<signCut])
            if head.isEmpty { throw invalid("expected a unit before the exponent", at: start) }
            if head.allSatisfy({ $0.isASCII && $0.isNumber }) {
                throw invalid("a number cannot carry an exponent (write 10*n for powers of ten)", at: start + signCut)
            }
            body = head
            let digits = String(chars[cut...])
            // UCUM sets no bound; ±99 keeps every canonical factor inside Decimal's range.
            guard digits.count <= 2, let n = Int(digits) else { throw invalid("exponent out of range (at most 2 digits)", at: start + cut) }
            exponent = chars[signCut] == "-" ? -n : n
        } else if cut == 0 {
            // unreachable: all-digit symbols were handled above
        }

        guard let (prefix, atom) = registry.resolve(body) else {
            if let first = body.first, first.isASCII, first.isNumber {
                throw invalid("a number must be separated from a unit by '.'", at: start)
            }
            throw LabError(.unitUnknown, "unknown unit symbol at position \(start + 1) (\(body.count) characters)", field: "unit")
        }
        var annotation: String?
        if peek == "{" { annotation = try parseAnnotation() }
        try expectComponentEnd()
        return .unit(prefix: prefix, atom: atom, exponent: exponent, annotation: annotation)
    }

    private mutating func parseAnnotation() throws(LabError) -> String {
        let open = index
        index += 1
        var text = ""
        while let c = peek, c != "}" {
            if c == "{" { throw invalid("nested '{' in an annotation", at: index) }
            guard c.isASCII, c.value >= 33, c.value <= 126 else {
                throw invalid("annotations may only contain printable ASCII characters", at: index)
            }
            text.unicodeScalars.append(c)
            index += 1
        }
        guard peek == "}" else { throw invalid("missing '}' for '{' at position \(open + 1)", at: index) }
        index += 1
        return text
    }

    /// After a component only an operator, a closing parenthesis or the end may follow.
    private func expectComponentEnd() throws(LabError) {
        if let c = peek, c != ".", c != "/", c != ")" {
            throw invalid(c == "{" ? "only one annotation per component" : "expected '.', '/' or the end", at: index)
        }
    }

    // MARK: - Helpers

    private var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func invalid(_ message: String, at position: Int) -> LabError {
        LabError(.unitInvalid, "invalid unit: \(message) at position \(position + 1)", field: "unit")
    }
}
