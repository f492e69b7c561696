import CLibZ
import LabCore

/// Decompresses a gzip stream (one or more members) as it is read, so a compressed file streams like any
/// other. The reader's own size cap then applies to the *decompressed* bytes, which is what stops a
/// compression bomb.
public final class GunzipByteSource: ByteSource {
    private let base: ByteSource
    private var stream = z_stream()
    private var input = [UInt8](repeating: 0, count: 64 * 1024)
    /// Bytes of `input` filled by the last read, and how far inflate has consumed them.
    private var pending = 0
    private var offset = 0
    private var inputEnd = false
    private var finished = false
    /// True between two gzip members: the input may end cleanly here.
    private var betweenMembers = false
    private let uri: String?

    public init(_ base: ByteSource, uri: String? = nil) throws(LabError) {
        self.base = base
        self.uri = uri
        // 15 window bits + 16: expect a gzip header and trailer (not raw deflate or zlib).
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw LabError(.ioUnreadable, "cannot start gzip decompression", locator: Locator(uri: uri))
        }
    }

    deinit { inflateEnd(&stream) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(LabError) -> Int {
        guard let out = buffer.baseAddress, buffer.count > 0, !finished else { return 0 }
        return try inflateSome(into: out, capacity: buffer.count)
    }

    /// Inflates into `out` until some bytes come out, the input ends, or an error.
    private func inflateSome(into out: UnsafeMutableRawPointer, capacity: Int) throws(LabError) -> Int {
        while true {
            if pending - offset == 0 && !inputEnd {
                let n = try base.read(into: &input, count: input.count)
                if n == 0 {
                    inputEnd = true
                } else {
                    pending = n
                    offset = 0
                }
            }
            if pending - offset == 0 && inputEnd && betweenMembers {
                finished = true  // the last member ended exactly at the end of the input
                return 0
            }
            let available = pending - offset
            var status: Int32 = Z_OK
            var written = 0
            input.withUnsafeMutableBufferPointer { inBuf in
                stream.next_in = inBuf.baseAddress! + offset
                stream.avail_in = UInt32(available)
                stream.next_out = out.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(capacity)
                status = inflate(&stream, Z_NO_FLUSH)
                offset = pending - Int(stream.avail_in)
                written = capacity - Int(stream.avail_out)
            }
            if available > 0 && offset > pending - available { betweenMembers = false }
            switch status {
            case Z_STREAM_END:
                // Another member may follow: concatenated gzip files are one stream.
                inflateReset(&stream)
                betweenMembers = true
                if written > 0 { return written }
            case Z_OK, Z_BUF_ERROR:
                if written > 0 { return written }
                if inputEnd && pending - offset == 0 {
                    throw LabError(.ioUnreadable, "the gzip stream ends early (a truncated file?)", locator: Locator(uri: uri))
                }
            default:
                throw LabError(.ioUnreadable, "the gzip data is corrupt", locator: Locator(uri: uri))
            }
        }
    }
}
