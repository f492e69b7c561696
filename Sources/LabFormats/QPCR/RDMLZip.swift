import Foundation
import LabCore
import ZIPFoundation

/// Opens a zipped RDML file (the usual `.rdml`): spools the bytes to a private temporary file (memory stays
/// bounded), picks the XML entry (`rdml_data.xml`, else the first `.xml` entry: any inner name is allowed) and
/// inflates it to a second temporary file with a size cap (zip-bomb guard), then streams it.
enum RDMLZip {
    static let maxInflatedBytes: UInt64 = 1 << 30

    /// Calls `body` with a byte source of the RDML XML inside the ZIP; temporary files are removed afterwards.
    static func withXML<T>(_ source: ByteSource, uri: String, _ body: (ByteSource) throws(LabError) -> T) throws(LabError) -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labingest-rdml-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw LabError(.ioUnreadable, "cannot create a temporary folder for the RDML zip", locator: Locator(uri: uri))
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        let zipURL = dir.appendingPathComponent("input.zip")
        let xmlURL = dir.appendingPathComponent("rdml.xml")
        try spool(source, to: zipURL, uri: uri)

        let archive: Archive
        do { archive = try Archive(url: zipURL, accessMode: .read) } catch {
            throw LabError(.qpcrZipInvalid, "the RDML file is not a readable ZIP", locator: Locator(uri: uri))
        }
        let entries = archive.filter { $0.type == .file }
        guard let entry = entries.first(where: { ($0.path as NSString).lastPathComponent.lowercased() == "rdml_data.xml" })
                ?? entries.first(where: { $0.path.lowercased().hasSuffix(".xml") }) ?? (entries.count == 1 ? entries.first : nil) else {
            throw LabError(.qpcrZipInvalid, "the ZIP holds no RDML XML entry", locator: Locator(uri: uri))
        }
        guard FileManager.default.createFile(atPath: xmlURL.path, contents: nil), let out = FileHandle(forWritingAtPath: xmlURL.path) else {
            throw LabError(.ioUnreadable, "cannot write a temporary file for the RDML zip", locator: Locator(uri: uri))
        }
        var written: UInt64 = 0
        do {
            _ = try archive.extract(entry, skipCRC32: false) { data in
                written += UInt64(data.count)
                if written > maxInflatedBytes { throw CocoaError(.fileWriteOutOfSpace) }
                try out.write(contentsOf: data)
            }
            try out.close()
        } catch {
            try? out.close()
            throw LabError(.qpcrZipInvalid, written > maxInflatedBytes ? "the RDML XML inflates beyond the size cap" : "the RDML entry cannot be inflated",
                           locator: Locator(uri: uri, path: entry.path))
        }
        let xml = try FileByteSource(path: xmlURL.path)
        return try body(xml)
    }

    private static func spool(_ source: ByteSource, to url: URL, uri: String) throws(LabError) {
        guard FileManager.default.createFile(atPath: url.path, contents: nil), let out = FileHandle(forWritingAtPath: url.path) else {
            throw LabError(.ioUnreadable, "cannot write a temporary file for the RDML zip", locator: Locator(uri: uri))
        }
        defer { try? out.close() }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var total: UInt64 = 0
        while true {
            let n = try source.read(into: &buffer, count: buffer.count)
            if n == 0 { break }
            total += UInt64(n)
            if total > maxInflatedBytes { throw LabError(.qpcrZipInvalid, "the RDML zip is larger than the size cap", locator: Locator(uri: uri)) }
            do { try out.write(contentsOf: Data(buffer[0..<n])) } catch {
                throw LabError(.ioUnreadable, "cannot write a temporary file for the RDML zip", locator: Locator(uri: uri))
            }
        }
    }
}
