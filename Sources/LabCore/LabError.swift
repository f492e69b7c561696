/// The one error type of LabIngest: a stable reason code, a message for people, where it happened, and why.
///
/// `description` renders the CLI contract `error[reason.code]: message (file:line)`. Messages never carry
/// raw record values (a lab value or subject id may be personal data); raw text travels separately, and
/// only into the quarantine, after PHI fields have been blanked.
public struct LabError: Error, Sendable, CustomStringConvertible {
    public var code: ReasonCode
    public var message: String
    public var locator: Locator?
    /// The field or key the problem is about (`unit`, `sources[2].path`), when there is one.
    public var field: String?
    public var cause: (any Error & Sendable)?

    public init(_ code: ReasonCode, _ message: String, locator: Locator? = nil, field: String? = nil,
                cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.locator = locator
        self.field = field
        self.cause = cause
    }

    public var description: String {
        var text = "error[\(code)]: \(message)"
        if let place = locator?.fileAndLine { text += " (\(place))" }
        return text
    }

    /// The description followed by the chain of causes, one per line.
    public func detailedDescription() -> String {
        var lines = [description]
        var next = cause
        var depth = 1
        while let current = next {
            lines.append(String(repeating: "  ", count: depth) + "caused by: \(current)")
            next = (current as? LabError)?.cause
            depth += 1
        }
        return lines.joined(separator: "\n")
    }

    /// The same error placed at `locator` (keeping a more precise one it already has).
    public func at(_ locator: Locator) -> LabError {
        var copy = self
        if copy.locator == nil {
            copy.locator = locator
        } else {
            if copy.locator?.uri == nil { copy.locator?.uri = locator.uri }
            if copy.locator?.line == nil { copy.locator?.line = locator.line }
            if copy.locator?.path == nil { copy.locator?.path = locator.path }
        }
        return copy
    }
}
