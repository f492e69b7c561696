import Foundation
import Synchronization

/// The bookkeeping of one fetch of one source: how many units it produced, whether every one committed, and
/// what the cursors should become. Cursors move exactly once, when the downloads are over and the last unit
/// has ended, and only if nothing failed: a fetch that lost a page leaves them where they were, so the next
/// fetch asks for the same window again (idempotent event ids make the repeat harmless).
final class HTTPFetchRun: Sendable {
    struct Validators: Sendable, Equatable {
        var etag: String?
        var lastModified: String?
    }

    private struct State {
        var started = 0
        var ended = 0
        var failed = false
        var downloadsDone = false
        var fired = false
        var candidates: [String] = []
        var validators: Validators?
    }

    private let state = Mutex(State())

    func unitStarted() { state.withLock { $0.started += 1 } }

    func setValidators(_ v: Validators) { state.withLock { $0.validators = v } }

    /// - Returns: true when this call completes the fetch and the cursors should be written now.
    func unitEnded(committed: Bool, candidate: String?) -> Bool {
        state.withLock { s in
            s.ended += 1
            if !committed { s.failed = true }
            if let candidate { s.candidates.append(candidate) }
            return Self.due(&s)
        }
    }

    /// - Returns: true when this call completes the fetch and the cursors should be written now.
    func downloadsFinished(ok: Bool) -> Bool {
        state.withLock { s in
            s.downloadsDone = true
            if !ok { s.failed = true }
            return Self.due(&s)
        }
    }

    var outcome: (candidates: [String], validators: Validators?) {
        state.withLock { ($0.candidates, $0.validators) }
    }

    private static func due(_ s: inout State) -> Bool {
        guard s.downloadsDone, !s.failed, !s.fired, s.started > 0, s.ended == s.started else { return false }
        s.fired = true
        return true
    }
}
