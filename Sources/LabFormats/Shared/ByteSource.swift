import Foundation
import LabCore

/// A stream of bytes a format reads from: a file, a fetched body, or memory in tests. Formats pull chunks
/// and never need the whole input in memory.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`; returns the number read, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LabError) -> Int
}

/// Reads a file in chunks through a POSIX file descriptor.
public final class FileByteSource: ByteSource {
    private let handle: FileHandle
    public let path: String

    public init(path: String) throws(LabError) {
        self.path = path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LabError(.ioUnreadable, "cannot open file", locator: Locator(uri: path))
        }
        self.handle = handle
    }

    deinit { try? handle.close() }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(LabError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = Foundation.read(handle.fileDescriptor, base, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw LabError(.ioUnreadable, "read failed: \(String(cString: strerror(errno)))", locator: Locator(uri: path))
        }
    }
}

/// Serves bytes from memory, optionally in fixed-size chunks (tests replay inputs at chunk sizes 1, 2, 7…).
public final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private let chunk: Int
    private var offset = 0

    public init(_ bytes: [UInt8], chunkSize: Int = .max) {
        self.bytes = bytes
        self.chunk = max(1, chunkSize)
    }

    public convenience init(_ text: String, chunkSize: Int = .max) {
        self.init(Array(text.utf8), chunkSize: chunkSize)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(LabError) -> Int {
        let n = min(buffer.count, chunk, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { src in
            buffer.baseAddress!.copyMemory(from: src.baseAddress! + offset, byteCount: n)
        }
        offset += n
        return n
    }
}

/// Reads the first bytes of a source for sniffing, then serves them again followed by the rest.
public final class PeekableByteSource: ByteSource {
    private let base: ByteSource
    private var head: [UInt8] = []
    private var headOffset = 0

    public init(_ base: ByteSource) { self.base = base }

    /// Up to `count` leading bytes (fewer at the end of input). Does not consume them.
    public func peek(_ count: Int) throws(LabError) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while head.count - headOffset < count {
            let want = min(chunk.count, count - (head.count - headOffset))
            let n = try base.read(into: &chunk, count: want)
            if n == 0 { break }
            head.append(contentsOf: chunk[0..<n])
        }
        return Array(head[headOffset..<min(head.count, headOffset + count)])
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(LabError) -> Int {
        if headOffset < head.count {
            let n = min(buffer.count, head.count - headOffset)
            head.withUnsafeBytes { src in
                buffer.baseAddress!.copyMemory(from: src.baseAddress! + headOffset, byteCount: n)
            }
            headOffset += n
            if headOffset == head.count { head = []; headOffset = 0 }
            return n
        }
        return try base.read(into: buffer)
    }
}

extension ByteSource {
    /// Reads up to `count` bytes into the start of `array` (which must be at least that long).
    public func read(into array: inout [UInt8], count: Int) throws(LabError) -> Int {
        var result: Result<Int, LabError> = .success(0)
        array.withUnsafeMutableBytes { bytes in
            do throws(LabError) {
                result = .success(try self.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[0..<min(count, bytes.count)])))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }
}
