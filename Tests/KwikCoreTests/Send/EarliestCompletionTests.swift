import KwikCore
import Testing

/// A path whose arrival estimate is given.
struct TimedPath: SchedulablePath {
    var id: Int
    var arrival: Double?
    var deliveryRate: Double
    var smoothedRTT: Double? { arrival.map { $0 * 2 } }
    func arrivalEstimate(queued: UInt64) -> Double? { arrival }
}

@Suite struct EarliestCompletionTests {
    /// A fast path (1 ms away, 10 MB/s) and a slow one (100 ms away, 1 MB/s).
    let paths = [
        TimedPath(id: 1, arrival: 1000, deliveryRate: 10e6),
        TimedPath(id: 2, arrival: 100_000, deliveryRate: 1e6),
    ]

    @Test func theFastestPathWithRoomTakesThePacket() {
        var scheduler = Scheduler(kind: .ecf)
        #expect(scheduler.pick(paths, eligible: mask(0, 1), usable: mask(0, 1), backlogBytes: 0) == 0)
    }

    @Test func waitsForTheFastPathWhenItWouldDeliverTheBacklogSooner() {
        var scheduler = Scheduler(kind: .ecf)
        // 100 kB drain through the fast path in 10 ms: far sooner than the slow path's 100 ms.
        #expect(scheduler.pick(paths, eligible: mask(1), usable: mask(0, 1), backlogBytes: 100_000) == nil)
    }

    @Test func usesTheSlowPathWhenTheBacklogWouldTakeTheFastOneLonger() {
        var scheduler = Scheduler(kind: .ecf)
        // 2 MB take the fast path 200 ms: the slow path's packet arrives first.
        #expect(scheduler.pick(paths, eligible: mask(1), usable: mask(0, 1), backlogBytes: 2_000_000) == 1)
    }

    @Test func skipsTheSlowPathWhenTheFastOneWouldFillTheLargestWindowMeanwhile() {
        var scheduler = Scheduler(kind: .ecf)
        // While the slow path's packet waits 200 ms for its acknowledgement, the fast one sends 2 MB.
        let pick = { (cap: Double) in
            scheduler.pick(paths, eligible: mask(1), usable: mask(0, 1), backlogBytes: 2_000_000, windowCapBytes: cap)
        }
        #expect(pick(1_000_000) == nil)
        #expect(pick(3_000_000) == 1)
    }

    @Test func aPathWithoutSamplesGetsPacketsOnlyWhileTheMeasuredOnesAreFull() {
        var scheduler = Scheduler(kind: .ecf)
        let withNew = paths + [TimedPath(id: 3, arrival: nil, deliveryRate: 0)]
        #expect(scheduler.pick(withNew, eligible: mask(0, 2), usable: mask(0, 1, 2), backlogBytes: 0) == 0)
        #expect(scheduler.pick(withNew, eligible: mask(2), usable: mask(0, 1, 2), backlogBytes: 0) == 2)
    }

    @Test func withoutAFasterFullPathTheBestEligibleOneIsUsed() {
        var scheduler = Scheduler(kind: .ecf)
        #expect(scheduler.pick(paths, eligible: mask(1), usable: mask(1), backlogBytes: 0) == 1)
    }
}
