import Foundation
import Synchronization

/// Lets a signal handler (or a test) stop a run: `stop()` takes no new units and lets those in flight finish;
/// `cancelInFlight()` also rolls back the units in flight. Waits inside a run (`run`'s settle look) end early.
public final class RunControl: Sendable {
    private struct State {
        var stopped = false
        var runtimes: [StageRuntime] = []
    }
    private let state = Mutex(State())
    // NSCondition is thread-safe; it only wakes `sleep`.
    private let wake = NSCondition()

    public init() {}

    public var isStopped: Bool { state.withLock { $0.stopped } }

    public func stop() {
        let runtimes = state.withLock { s in
            s.stopped = true
            return s.runtimes
        }
        for r in runtimes { r.stop() }
        wake.lock()
        wake.broadcast()
        wake.unlock()
    }

    public func cancelInFlight() {
        stop()
        for r in state.withLock({ $0.runtimes }) { r.cancelInFlight() }
    }

    func attach(_ runtime: StageRuntime) {
        let stopped = state.withLock { s in
            s.runtimes.append(runtime)
            return s.stopped
        }
        if stopped { runtime.stop() }
    }

    /// Sleeps up to `seconds`; returns false when the run was stopped meanwhile.
    func sleep(_ seconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        wake.lock()
        defer { wake.unlock() }
        while !isStopped && Date() < deadline { _ = wake.wait(until: deadline) }
        return !isStopped
    }
}

/// A blocking FIFO handing runtime reports to the thread that started the run (whose callbacks need not be
/// Sendable).
final class ReportQueue<Element: Sendable>: @unchecked Sendable {
    // @unchecked: `items`, `head` and `closed` are only touched with `condition` locked.
    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private var closed = false

    func put(_ item: Element) {
        condition.lock()
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, waiting for one; nil once closed and drained.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head > 256 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return item
    }
}
