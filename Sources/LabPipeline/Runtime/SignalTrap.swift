import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGINT/SIGTERM into calls on a Dispatch queue (instead of killing the process), counting them:
/// the first asks for a graceful stop, a second one for a faster one. Keep the trap alive while it matters.
public final class SignalTrap: @unchecked Sendable {
    // @unchecked: the sources are only created in init and cancelled in deinit.
    private let sources: [any DispatchSourceSignal]

    public init(signals: [Int32] = [SIGINT, SIGTERM], onSignal: @escaping @Sendable (_ signal: Int32, _ count: Int) -> Void) {
        let queue = DispatchQueue(label: "labingest.signals")
        let count = Counter()
        sources = signals.map { sig in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { @Sendable in onSignal(sig, count.next()) }
            source.resume()
            return source
        }
    }

    deinit {
        for s in sources { s.cancel() }
    }

    private final class Counter: @unchecked Sendable {
        // @unchecked: only touched on the trap's serial queue.
        private var n = 0
        func next() -> Int {
            n += 1
            return n
        }
    }
}
