import KwikCore
import KwikSnapshot
import Testing

struct TestPath: SchedulablePath {
    var id: Int
    var smoothedRTT: Double?
    var deliveryRate: Double = 0
}

func mask(_ indices: Int...) -> UInt64 {
    indices.reduce(0) { $0 | (1 << UInt64($1)) }
}

@Suite struct SchedulerTests {
    let paths = [
        TestPath(id: 1, smoothedRTT: 500),
        TestPath(id: 2, smoothedRTT: 100),
        TestPath(id: 3, smoothedRTT: nil),
        TestPath(id: 4, smoothedRTT: 300),
    ]

    @Test func minrttPicksTheLowestSmoothedRTT() {
        var scheduler = Scheduler(kind: .minrtt)
        #expect(scheduler.pick(paths, eligible: mask(0, 1, 2, 3)) == 1)
        #expect(scheduler.pick(paths, eligible: mask(0, 2, 3)) == 3)
        #expect(scheduler.pick(paths, eligible: mask(0, 2)) == 0, "a path without RTT comes last")
        #expect(scheduler.pick(paths, eligible: mask(2)) == 2)
        let unknown = [TestPath(id: 1, smoothedRTT: nil), TestPath(id: 2, smoothedRTT: nil)]
        #expect(scheduler.pick(unknown, eligible: mask(1)) == 1)
        #expect(scheduler.pick(unknown, eligible: mask(0, 1)) == 0)
    }

    @Test func roundrobinCyclesByIDSkippingIneligible() {
        var scheduler = Scheduler(kind: .roundrobin)
        let all = mask(0, 1, 2, 3)
        #expect((0..<9).map { _ in scheduler.pick(paths, eligible: all)! } == [0, 1, 2, 3, 0, 1, 2, 3, 0])
        var skipping = Scheduler(kind: .roundrobin)
        #expect((0..<6).map { _ in skipping.pick(paths, eligible: mask(0, 2, 3))! } == [0, 2, 3, 0, 2, 3])
        // Sparse ids: the order follows the ids.
        let sparse = [
            TestPath(id: 3, smoothedRTT: nil), TestPath(id: 5, smoothedRTT: nil), TestPath(id: 9, smoothedRTT: nil),
        ]
        var byID = Scheduler(kind: .roundrobin)
        #expect((0..<4).map { _ in byID.pick(sparse, eligible: mask(0, 1, 2))! } == [0, 1, 2, 0])
        // A path dropping out mid-cycle does not reset the cycle.
        var mid = Scheduler(kind: .roundrobin)
        #expect(mid.pick(paths, eligible: all) == 0)
        #expect(mid.pick(paths, eligible: mask(0, 2, 3)) == 2)
        #expect(mid.pick(paths, eligible: all) == 3)
    }

    @Test func weightedSharesFollowTheDeliveryRates() {
        var scheduler = Scheduler(kind: .weighted)
        let paths = [
            TestPath(id: 1, smoothedRTT: 10, deliveryRate: 100),
            TestPath(id: 2, smoothedRTT: 900, deliveryRate: 600),
            TestPath(id: 3, smoothedRTT: 10, deliveryRate: 300),
        ]
        var picks = [0, 0, 0]
        for _ in 0..<1000 { picks[scheduler.pick(paths, eligible: mask(0, 1, 2))!] += 1 }
        #expect(picks == [100, 600, 300])
        // Only what is eligible shares.
        var pair = [0, 0, 0]
        for _ in 0..<400 { pair[scheduler.pick(paths, eligible: mask(0, 2))!] += 1 }
        #expect(pair[1] == 0)
        #expect(abs(pair[0] - 100) <= 1 && abs(pair[2] - 300) <= 1)
    }

    @Test func weightedTreatsAnUnmeasuredPathAsAverage() {
        var scheduler = Scheduler(kind: .weighted)
        let paths = [TestPath(id: 1, smoothedRTT: nil, deliveryRate: 500), TestPath(id: 2, smoothedRTT: nil)]
        var picks = [0, 0]
        for _ in 0..<100 { picks[scheduler.pick(paths, eligible: mask(0, 1))!] += 1 }
        #expect(picks == [50, 50])
        let fresh = [TestPath(id: 1, smoothedRTT: nil), TestPath(id: 2, smoothedRTT: nil)]
        var even = [0, 0]
        for _ in 0..<10 { even[scheduler.pick(fresh, eligible: mask(0, 1))!] += 1 }
        #expect(even == [5, 5])
    }

    @Test func redundantPicksOnePath() {
        var scheduler = Scheduler(kind: .redundant)
        #expect(scheduler.pick(paths, eligible: mask(0, 1, 2, 3)) == 1)
        #expect(scheduler.pick(paths, eligible: mask(2, 3)) == 3)
    }

    @Test(arguments: SchedulerKind.allCases)
    func nothingEligibleGivesNil(_ kind: SchedulerKind) {
        var scheduler = Scheduler(kind: kind)
        #expect(scheduler.pick(paths, eligible: 0) == nil)
        #expect(scheduler.pick([TestPath](), eligible: 0) == nil)
        #expect(scheduler.pick(paths, eligible: mask(2)) == 2)
    }
}
