/// Demand-driven flow control between a producer and a consumer with a bounded buffer and high/low
/// watermarks (the shape of swift-nio's `HighLowWatermark` back-pressure strategy). A pure value: it decides,
/// the caller acts. The producer stops once the buffer reaches `high` items and may go on once the consumer
/// has drained it to `low`, so the two do not flip on every item.
///
/// For example, with low 1 and high 4: four `didProduce()` calls return `.none, .none, .none, .pauseProducer`;
/// then `didConsume()` returns `.none, .none, .resumeProducer` as the depth falls 3, 2, 1.
public struct FlowControl: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case none
        /// The buffer is full: the producer must wait.
        case pauseProducer
        /// The consumer drained the buffer to the low watermark: wake the producer.
        case resumeProducer
    }

    public let low: Int
    public let high: Int
    /// Items in the buffer.
    public private(set) var depth = 0
    public private(set) var producerPaused = false

    /// - Precondition: `0 <= low < high`.
    public init(low: Int, high: Int) {
        precondition(low >= 0 && low < high, "flow control needs 0 <= low < high")
        self.low = low
        self.high = high
    }

    /// The producer put one item into the buffer.
    public mutating func didProduce() -> Action {
        depth += 1
        if !producerPaused && depth >= high {
            producerPaused = true
            return .pauseProducer
        }
        return .none
    }

    /// The consumer took one item out of the buffer.
    public mutating func didConsume() -> Action {
        precondition(depth > 0, "consumed from an empty buffer")
        depth -= 1
        if producerPaused && depth <= low {
            producerPaused = false
            return .resumeProducer
        }
        return .none
    }

    /// May the producer put another item in now?
    public var mayProduce: Bool { !producerPaused }
}
