import Foundation

/// Picks a format for a response body when the source says `format: auto`: from a Content-Type that names
/// one unambiguously (HL7's media types), else nil and the body is sniffed like a file.
enum ContentTypeFormat {
    static func format(for contentType: String?) -> String? {
        guard let raw = contentType else { return nil }
        let type = raw.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch type {
        case "application/hl7-v2+xml", "application/x-hl7-v2+xml":
            return "hl7-xml"
        case "application/hl7-v2", "x-application/hl7-v2+er7", "application/hl7-v2+er7", "application/edi-hl7",
             "application/x-hl7", "x-application/hl7-v2":
            return "hl7-er7"
        default:
            return nil   // text/csv, application/xml… could be several formats: sniff
        }
    }
}
