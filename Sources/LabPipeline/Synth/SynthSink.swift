import Foundation
import LabCore

/// Buffered, append-only file output for the generator: text goes to disk in 1 MB writes, so a
/// multi-gigabyte batch is written with flat memory.
final class SynthSink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private(set) var bytesWritten: Int64 = 0
    let path: String

    init(path: String) throws(LabError) {
        self.path = path
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            throw LabError(.ioUnreadable, "cannot create the output folder", locator: Locator(uri: path))
        }
        guard fm.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            throw LabError(.ioUnreadable, "cannot create the output file", locator: Locator(uri: path))
        }
        handle = h
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ text: String) throws(LabError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(LabError) {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw LabError(.ioUnreadable, "cannot write the output file", locator: Locator(uri: path))
        }
        bytesWritten += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Bytes written so far, including what is still buffered.
    var size: Int64 { bytesWritten + Int64(buffer.count) }

    func close() throws(LabError) {
        try flush()
        try? handle.close()
    }

    /// Writes a whole small file at once.
    static func write(_ text: String, to path: String) throws(LabError) {
        let sink = try SynthSink(path: path)
        try sink.write(text)
        try sink.close()
    }
}
