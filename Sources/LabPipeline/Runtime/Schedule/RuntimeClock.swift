import Dispatch
import Foundation
import Synchronization

/// A one-shot timer that can be cancelled.
public protocol ScheduledTimer: Sendable {
    func cancel()
}

/// The time source of `serve`: the system clock with DispatchSourceTimers, or a `ManualClock` in tests.
public protocol RuntimeClock: Sendable {
    func now() -> Date
    /// Calls `handler` on `queue` once, at (or just after) `deadline`.
    func schedule(at deadline: Date, queue: DispatchQueue, _ handler: @escaping @Sendable () -> Void) -> any ScheduledTimer
}

/// Wall-clock time; timers are DispatchSourceTimers on wall deadlines (so a clock change or a suspended
/// machine is noticed when it wakes, and the schedule is recomputed from the real time).
public struct SystemClock: RuntimeClock {
    public init() {}

    public func now() -> Date { Date() }

    public func schedule(at deadline: Date, queue: DispatchQueue, _ handler: @escaping @Sendable () -> Void) -> any ScheduledTimer {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let delay = max(0, deadline.timeIntervalSinceNow)
        timer.schedule(wallDeadline: .now() + delay, leeway: .milliseconds(20))
        timer.setEventHandler { @Sendable in handler() }
        timer.resume()
        return DispatchTimer(timer)
    }

    final class DispatchTimer: ScheduledTimer, @unchecked Sendable {
        // @unchecked: DispatchSourceTimer is thread-safe; it is only cancelled.
        let source: any DispatchSourceTimer
        init(_ source: any DispatchSourceTimer) { self.source = source }
        func cancel() { source.cancel() }
    }
}

/// A clock tests move by hand: `advance(to:)` runs every timer that falls due, in deadline order, on its queue,
/// before returning. Nothing sleeps.
public final class ManualClock: RuntimeClock {
    private struct Pending: Sendable {
        let id: Int
        let deadline: Date
        let queue: DispatchQueue
        let handler: @Sendable () -> Void
    }
    private struct State {
        var now: Date
        var pending: [Pending] = []
        var nextID = 0
    }
    private let state: Mutex<State>

    public init(now: Date) { state = Mutex(State(now: now)) }

    public func now() -> Date { state.withLock { $0.now } }

    public func schedule(at deadline: Date, queue: DispatchQueue, _ handler: @escaping @Sendable () -> Void) -> any ScheduledTimer {
        let id = state.withLock { s in
            s.nextID += 1
            s.pending.append(Pending(id: s.nextID, deadline: deadline, queue: queue, handler: handler))
            return s.nextID
        }
        return Handle(clock: self, id: id)
    }

    /// Timers armed and not yet fired.
    public var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Moves time forward to `target`, firing due timers one by one (each may arm new ones).
    public func advance(to target: Date) {
        while true {
            let next: Pending? = state.withLock { s in
                guard let i = s.pending.indices.min(by: { s.pending[$0].deadline < s.pending[$1].deadline }),
                      s.pending[i].deadline <= target else { return nil }
                let p = s.pending.remove(at: i)
                s.now = max(s.now, p.deadline)
                return p
            }
            guard let next else { break }
            next.queue.sync { next.handler() }
        }
        state.withLock { $0.now = max($0.now, target) }
    }

    public func advance(by seconds: Double) { advance(to: now().addingTimeInterval(seconds)) }

    fileprivate func cancel(_ id: Int) { state.withLock { $0.pending.removeAll { $0.id == id } } }

    struct Handle: ScheduledTimer {
        let clock: ManualClock
        let id: Int
        func cancel() { clock.cancel(id) }
    }
}
