@testable import KwikCore
import Testing

@Suite struct ReceiveWindowTunerTests {
    static let ms: UInt64 = 1_000_000

    @Test func refusesWhatNoAdvertisementAllowed() {
        var tuner = ReceiveWindowTuner(initial: 8, budget: 64)
        let inside = tuner.received(7, cumulative: 0)
        let beyond = tuner.received(8, cumulative: 0)
        #expect(inside && !beyond)
        let advertised = tuner.advertise(cumulative: 4, now: Self.ms)
        #expect(advertised >= 8)
        let moved = tuner.received(11, cumulative: 4)
        #expect(moved, "the edge moved with the cumulative acknowledgement")
    }

    @Test func doublesWhileThePeerFillsItUpToTheBudget() {
        var tuner = ReceiveWindowTuner(initial: 8, budget: 40)
        var now = Self.ms
        var cumulative: UInt64 = 0
        var windows: [Int] = []
        for _ in 0..<5 {
            now += 20 * Self.ms
            let edge = tuner.edge
            let accepted = tuner.received(edge - 1, cumulative: cumulative)
            #expect(accepted)
            cumulative = edge - 1
            windows.append(tuner.advertise(cumulative: cumulative, now: now))
        }
        #expect(windows.map { min($0, 40) } == [16, 32, 40, 40, 40])
        #expect(windows.allSatisfy { $0 <= 40 })
    }

    @Test func coversTwiceWhatIsDeliveredOverTheLargestRTT() {
        var tuner = ReceiveWindowTuner(initial: 8, budget: 10_000)
        tuner.largestRTT = 100_000
        var now = Self.ms
        var cumulative: UInt64 = 0
        _ = tuner.advertise(cumulative: cumulative, now: now)
        // 1000 packets per second delivered, never filling the window.
        for _ in 0..<20 {
            now += 10 * Self.ms
            cumulative += 10
            _ = tuner.advertise(cumulative: cumulative, now: now)
        }
        #expect(tuner.window == 200, "2 × 1000 packets/s × 100 ms")
    }

    @Test func shrinksBackWhenIdleButNeverTakesBackTheEdge() {
        var tuner = ReceiveWindowTuner(initial: 8, budget: 64)
        var now = Self.ms
        _ = tuner.advertise(cumulative: 0, now: now)
        for _ in 0..<3 {
            now += 20 * Self.ms
            _ = tuner.received(tuner.edge - 1, cumulative: 0)
            _ = tuner.advertise(cumulative: 0, now: now)
        }
        let grown = tuner.window
        let edge = tuner.edge
        #expect(grown == 64)
        for _ in 0..<4 {
            now += 1000 * Self.ms
            let advertised = tuner.advertise(cumulative: 1, now: now)
            #expect(advertised >= Int(edge - 1), "the old edge stays allowed")
        }
        #expect(tuner.window == 8)
        #expect(tuner.edge >= edge)
    }
}
