import Foundation
import Testing
@testable import LabPipeline

@Suite struct FlowControlTests {
    @Test func pausesAtHighAndResumesAtLow() {
        var f = FlowControl(low: 1, high: 4)
        #expect([f.didProduce(), f.didProduce(), f.didProduce()] == [.none, .none, .none])
        #expect(f.didProduce() == .pauseProducer)
        #expect(!f.mayProduce)
        // Producing past the mark (a last message) does not pause twice.
        #expect(f.didProduce() == .none)
        #expect(f.depth == 5)
        #expect([f.didConsume(), f.didConsume(), f.didConsume()] == [.none, .none, .none])
        #expect(f.didConsume() == .resumeProducer)
        #expect(f.mayProduce && f.depth == 1)
        #expect(f.didConsume() == .none)
    }

    @Test func hysteresisDoesNotFlapOnEveryItem() {
        var f = FlowControl(low: 2, high: 6)
        var actions: [FlowControl.Action] = []
        for _ in 0..<6 { actions.append(f.didProduce()) }
        for _ in 0..<2 { actions.append(f.didConsume()) }   // depth 4: still paused
        for _ in 0..<2 { actions.append(f.didProduce()) }   // depth 6: already paused, no new action
        for _ in 0..<4 { actions.append(f.didConsume()) }   // depth 2: resume once
        #expect(actions.filter { $0 == .pauseProducer }.count == 1)
        #expect(actions.filter { $0 == .resumeProducer }.count == 1)
        #expect(actions.last == .resumeProducer)
    }

    /// The unit channel never holds more than the high watermark while its producer is blocked, whatever the
    /// producer's speed; the consumer receives everything in order.
    @Test func channelBoundsItsBuffer() async {
        let channel = UnitChannel(low: 1, high: 3)
        let peak = PeakBox()
        let producer = Thread {
            for i in 0..<200 {
                var b = UnitBatch()
                b.read = i
                try? channel.send(.batch(b))
                peak.see(channel.depth)
            }
            channel.close(with: .end(.init()))
        }
        producer.start()
        var got: [Int] = []
        while let m = channel.receive() {
            if case .batch(let b) = m { got.append(b.read) } else { break }
            if got.count % 17 == 0 { usleep(2000) }   // a slow writer now and then
        }
        #expect(got == Array(0..<200))
        #expect(peak.value <= 3)
    }

    @Test func cancelWakesABlockedProducer() {
        let channel = UnitChannel(low: 0, high: 1)
        let done = DispatchSemaphore(value: 0)
        let result = PeakBox()
        Thread {
            do throws(LabError) {
                try channel.send(.batch(UnitBatch()))   // fills the buffer: blocks
            } catch {
                result.see(error.code == .runCancelled ? 1 : 2)
            }
            done.signal()
        }.start()
        usleep(50_000)
        channel.cancel()
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(result.value == 1)
        #expect(channel.receive() == nil)
    }
}

import LabCore

final class PeakBox: @unchecked Sendable {
    private let lock = NSLock()
    private var v = 0
    func see(_ x: Int) { lock.lock(); v = max(v, x); lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return v }
}
