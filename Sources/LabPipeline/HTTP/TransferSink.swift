import Foundation

/// The state libcurl's C callbacks reach through `CURLOPT_WRITEDATA` / `HEADERDATA` / `XFERINFODATA`: the body
/// file (written as bytes arrive, so memory does not grow with the body), the byte cap, and the header fields
/// of the latest response. Used by one transfer on one thread.
final class TransferSink {
    let fd: Int32
    let cap: Int64
    let isCancelled: @Sendable () -> Bool
    private(set) var written: Int64 = 0
    private(set) var overCap = false
    private(set) var writeErrno: Int32?
    private(set) var headers = HTTPHeaders()

    init(fd: Int32, cap: Int64, isCancelled: @escaping @Sendable () -> Bool) {
        self.fd = fd
        self.cap = cap
        self.isCancelled = isCancelled
    }

    /// Appends a body chunk; returns the count taken (anything else makes libcurl stop with a write error).
    func write(_ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        if written + Int64(count) > cap {
            overCap = true
            return 0
        }
        var offset = 0
        while offset < count {
            let n = Foundation.write(fd, bytes + offset, count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                writeErrno = errno
                return 0
            }
            offset += n
        }
        written += Int64(count)
        return count
    }

    /// Takes one raw header line. A status line starts a new response (an interim `100 Continue`, a proxy's
    /// `CONNECT` answer), so only the last response's fields are kept.
    func header(_ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        let line = String(decoding: UnsafeRawBufferPointer(start: bytes, count: count), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers = HTTPHeaders()
        } else if let field = HTTPHeaders.parseLine(line) {
            headers.add(name: field.name, value: field.value)
        }
        return count
    }
}
