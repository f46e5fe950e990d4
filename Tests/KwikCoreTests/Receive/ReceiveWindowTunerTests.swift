@testable import KwikCore
import Testing

@Suite struct ReceiveWindowTunerTests {
    static let ms: UInt64 = 1_000_000

    /// A peer that fills whatever window it is allowed while its deliveries follow `rate` (packets per
    /// second for a window): a link the window limits delivers more with more window, a receiver short
    /// of CPU does not. Steps of 10 ms.
    struct Peer {
        var tuner: ReceiveWindowTuner
        var now = ms
        var cumulative: UInt64 = 0
        private var carried = 0.0

        init(initial: Int, budget: Int) { tuner = ReceiveWindowTuner(initial: initial, budget: budget) }

        /// The window advertised after each step.
        mutating func run(seconds: Double, rate: (Int) -> Double) -> [Int] {
            var windows: [Int] = []
            for _ in 0..<Int(seconds * 100) {
                now += 10 * ms
                carried += rate(tuner.window) / 100
                let delivered = UInt64(carried)
                carried -= Double(delivered)
                cumulative += delivered
                let allowed = max(tuner.edge, cumulative + UInt64(tuner.initial))
                let accepted = tuner.received(allowed - 1, cumulative: cumulative)
                #expect(accepted)
                windows.append(tuner.advertise(cumulative: cumulative, now: now))
            }
            return windows
        }
    }

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

    @Test func growsToTheBudgetWhileTheWindowLimitsDelivery() {
        var peer = Peer(initial: 8, budget: 64)
        // 100 ms of round trip: a window of w packets delivers 10 w per second.
        let windows = peer.run(seconds: 4) { Double($0) * 10 }
        #expect(peer.tuner.window == 64)
        #expect(windows.allSatisfy { $0 <= 64 })
        #expect(windows.prefix(100).allSatisfy { $0 == 8 }, "no trial before a second of rates to judge it by")
    }

    @Test func givesBackGrowthThatDeliveryDoesNotFollow() {
        var peer = Peer(initial: 16, budget: 1024)
        // The receiver's CPU caps delivery at 1000 packets per second whatever the window.
        let windows = peer.run(seconds: 20) { min(Double($0) * 100, 1000) }
        #expect(windows.max() == 32, "each trial doubles once")
        #expect(peer.tuner.window == 16)
        // Trials at about 1 s, then 1, 2, 4 and 8 s after each failure.
        var trials = 0
        for (before, after) in zip(windows, windows.dropFirst()) where after > before { trials += 1 }
        #expect(trials == 5)
    }

    @Test func keepsATrialThatRaisedDelivery() {
        var peer = Peer(initial: 16, budget: 1024)
        // The window limits delivery up to 36 packets, then the link does.
        _ = peer.run(seconds: 9) { min(Double($0), 36) * 100 }
        #expect(peer.tuner.window == 32, "16 → 32 paid, 32 → 64 did not by a quarter")
    }

    @Test func coversTwiceWhatIsDeliveredOverTheLargestBaseRTT() {
        var tuner = ReceiveWindowTuner(initial: 8, budget: 10_000)
        tuner.largestBaseRTT = 100_000
        // A queue's delay is not a reason to hold more.
        tuner.largestRTT = 900_000
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
        var peer = Peer(initial: 8, budget: 64)
        _ = peer.run(seconds: 4) { Double($0) * 10 }
        var tuner = peer.tuner
        let edge = tuner.edge
        #expect(tuner.window == 64)
        // Nothing more arrives, and only one packet is delivered.
        let cumulative = peer.cumulative + 1
        var now = peer.now
        for _ in 0..<4 {
            now += 1000 * Self.ms
            let advertised = tuner.advertise(cumulative: cumulative, now: now)
            #expect(UInt64(advertised) + cumulative >= edge, "the old edge stays allowed")
        }
        #expect(tuner.window == 8)
        #expect(tuner.edge >= edge)
    }
}
