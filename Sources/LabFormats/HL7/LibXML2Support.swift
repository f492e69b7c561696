import Foundation
import CLibXML2
import LabCore

/// Process-wide libxml2 setup, done once and thread-safely (a Swift `static let` initializer runs once):
/// `xmlInitParser()` and an external-entity loader that refuses everything (no file, no network, ever).
/// Parsers and readers themselves are per parse and per thread.
enum LibXML2Support {
    static let ready: Bool = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
        return true
    }()

    /// Per-thread: libxml2's error globals are thread-local; a structured handler that drops messages keeps
    /// anything not tied to a reader off stderr.
    static func silenceThreadErrors() {
        _ = ready
        xmlSetStructuredErrorFunc(nil) { _, _ in }
    }

    /// The only parser option: no network. Never NOENT, DTDLOAD, XINCLUDE, HUGE or RECOVER.
    static let options = Int32(XML_PARSE_NONET.rawValue)
}

/// Collects a reader's errors (never printed): the first error or fatal error wins.
final class XMLErrorBox {
    struct Captured {
        var message: String
        var line: Int
        var code: Int32
    }
    var first: Captured?

    func record(_ error: UnsafePointer<xmlError>) {
        let e = error.pointee
        guard e.level.rawValue >= XML_ERR_ERROR.rawValue, first == nil else { return }
        var message = e.message.map { String(cString: $0) } ?? "unknown error"
        message = message.trimmingCharacters(in: .whitespacesAndNewlines)
        if message.count > 160 { message = String(message.prefix(160)) + "…" }
        first = Captured(message: message, line: Int(e.line), code: e.code)
    }
}
