import Foundation
import LabCore
import LabFormats
import LabStore

/// The bounded buffer between one unit's parser and the writer. The parser `send`s; once `FlowControl` says
/// the buffer is full it blocks until the writer has drained it to the low watermark. The writer `receive`s,
/// blocking until something arrives. Either side can `cancel`; a blocked parser then wakes up and its `send`
/// throws `run.cancelled`.
final class UnitChannel: @unchecked Sendable {
    // All mutable state is guarded by `condition` (an NSCondition is a mutex with a wait queue).
    enum Message: Sendable {
        /// The unit was hashed and its parser chosen; batches follow.
        case opened(SourceInfo)
        case batch(UnitBatch)
        case end(ParseSummary)
        case failed(LabError)
        /// Finished before parsing (a duplicate, or a failure while hashing/sniffing).
        case finished(UnitReport)
    }

    private let condition = NSCondition()
    private var buffer: [Message] = []
    private var head = 0
    private var flow: FlowControl
    private var cancelled = false

    init(low: Int, high: Int) {
        flow = FlowControl(low: low, high: high)
    }

    /// Puts a message in; blocks while the buffer is over its high watermark.
    /// - Throws: `run.cancelled` once the channel is cancelled (the message is dropped).
    func send(_ message: Message) throws(LabError) {
        condition.lock()
        defer { condition.unlock() }
        guard !cancelled else { throw UnitChannel.cancellation }
        buffer.append(message)
        _ = flow.didProduce()
        condition.broadcast()
        while !flow.mayProduce && !cancelled { condition.wait() }
        if cancelled { throw UnitChannel.cancellation }
    }

    /// Puts a last message in without waiting (the parser is done either way).
    func close(with message: Message) {
        condition.lock()
        defer { condition.unlock() }
        guard !cancelled else { return }
        buffer.append(message)
        _ = flow.didProduce()
        condition.broadcast()
    }

    /// Takes the next message, waiting for one; nil once cancelled.
    func receive() -> Message? {
        condition.lock()
        defer { condition.unlock() }
        while head == buffer.count && !cancelled { condition.wait() }
        if cancelled { return nil }
        let m = buffer[head]
        head += 1
        if head > 64 && head * 2 > buffer.count {  // keep the array from growing: drop the consumed prefix
            buffer.removeFirst(head)
            head = 0
        }
        if flow.didConsume() == .resumeProducer { condition.broadcast() }
        return m
    }

    func cancel() {
        condition.lock()
        cancelled = true
        buffer.removeAll()
        head = 0
        condition.broadcast()
        condition.unlock()
    }

    /// Peak number of buffered messages, for tests of the bound.
    var depth: Int {
        condition.lock()
        defer { condition.unlock() }
        return flow.depth
    }

    static let cancellation = LabError(.runCancelled, "the run was interrupted; the unit was rolled back")
}
