import CCurl
import CurlShim
import Foundation
import LabCore

/// One libcurl easy handle, owned by the one thread that runs its transfer (libcurl handles are not
/// thread-safe, so this type is deliberately not `Sendable`). Option setters throw instead of returning codes,
/// and strings/lists handed to libcurl live exactly as long as the handle.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    /// `CURLOPT_ERRORBUFFER`: heap-allocated because libcurl writes into it during `perform`, after any
    /// `withUnsafe…` scope would have ended.
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var lists: [UnsafeMutablePointer<curl_slist>] = []

    init() throws(LabError) {
        guard CurlGlobal.ready, let h = curl_easy_init() else {
            throw LabError(.httpFailed, "libcurl could not be initialised")
        }
        handle = h
        let size = Int(curlshim_error_size())
        errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        // Threads: no SIGALRM-based DNS timeouts (libcurl would otherwise use signals, which crash threaded apps).
        try set(CURLOPT_NOSIGNAL, 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        for l in lists { curl_slist_free_all(l) }
        errorBuffer.deallocate()
    }

    // MARK: - Options

    func set(_ option: CURLoption, _ value: Int) throws(LabError) {
        try check(curlshim_setopt_long(handle, option, value), option)
    }

    func set(_ option: CURLoption, offset value: Int64) throws(LabError) {
        try check(curlshim_setopt_off(handle, option, curl_off_t(value)), option)
    }

    /// libcurl copies string options (except `CURLOPT_POSTFIELDS`: use `CURLOPT_COPYPOSTFIELDS`).
    func set(_ option: CURLoption, _ value: String) throws(LabError) {
        try check(value.withCString { curlshim_setopt_string(handle, option, $0) }, option)
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(LabError) {
        try check(curlshim_setopt_ptr(handle, option, value), option)
    }

    /// A header list (`CURLOPT_HTTPHEADER`); freed with the handle.
    func set(_ option: CURLoption, list: [String]) throws(LabError) {
        var head: UnsafeMutablePointer<curl_slist>?
        for item in list {
            guard let next = curl_slist_append(head, item) else {
                if let head { curl_slist_free_all(head) }
                throw LabError(.httpFailed, "libcurl could not allocate a header list")
            }
            head = next
        }
        guard let head else { return }
        lists.append(head)
        try check(curlshim_setopt_slist(handle, option, head), option)
    }

    func setWriteCallback(_ cb: curlshim_data_cb) throws(LabError) {
        try check(curlshim_setopt_write_cb(handle, cb), CURLOPT_WRITEFUNCTION)
    }

    func setHeaderCallback(_ cb: curlshim_data_cb) throws(LabError) {
        try check(curlshim_setopt_header_cb(handle, cb), CURLOPT_HEADERFUNCTION)
    }

    func setProgressCallback(_ cb: curlshim_xferinfo_cb) throws(LabError) {
        try check(curlshim_setopt_xferinfo_cb(handle, cb), CURLOPT_XFERINFOFUNCTION)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(LabError) {
        guard code == CURLE_OK else {
            throw LabError(.httpFailed, "libcurl refused option \(option.rawValue): \(String(cString: curl_easy_strerror(code)))")
        }
    }

    // MARK: - Transfer

    /// Runs the transfer; returns libcurl's code and its error text (the error buffer, else `curl_easy_strerror`).
    func perform() -> (code: CURLcode, message: String) {
        errorBuffer[0] = 0
        let code = curl_easy_perform(handle)
        let detail = String(cString: errorBuffer)
        return (code, detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)
    }

    func info(long info: CURLINFO) -> Int {
        var v = 0
        _ = curlshim_getinfo_long(handle, info, &v)
        return v
    }

    func info(offset info: CURLINFO) -> Int64 {
        var v: curl_off_t = 0
        _ = curlshim_getinfo_off(handle, info, &v)
        return Int64(v)
    }

    func info(string info: CURLINFO) -> String? {
        var p: UnsafePointer<CChar>?
        guard curlshim_getinfo_string(handle, info, &p) == CURLE_OK, let p else { return nil }
        return String(cString: p)
    }
}
