import Crypto
import LabCore
import LabFormats

/// Passes bytes through while hashing them, so a unit's sha256 comes from exactly the bytes that were parsed.
final class HashingByteSource: ByteSource {
    private let base: ByteSource
    private var hasher = SHA256()
    private(set) var byteCount: Int64 = 0

    init(_ base: ByteSource) { self.base = base }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LabError) -> Int {
        let n = try base.read(into: buffer)
        if n > 0 {
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            byteCount += Int64(n)
        }
        return n
    }

    /// Reads whatever the parser left unread (so the digest covers the whole input), then returns it.
    func finish() throws(LabError) -> String {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while try read(into: &chunk, count: chunk.count) > 0 {}
        return EventIdentity.hexString(hasher.finalize(), prefix: "sha256:")
    }

    /// The sha256 of a whole file, streamed.
    static func digest(path: String) throws(LabError) -> (sha256: String, size: Int64) {
        let h = HashingByteSource(try FileByteSource(path: path))
        let digest = try h.finish()
        return (digest, h.byteCount)
    }
}

import Foundation
