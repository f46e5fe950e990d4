@testable import KwikCore
import Testing

@Suite struct PathSendingModelTests {
    static let ms: UInt64 = 1_000_000

    /// A path that delivers `rate` bytes per second with a `rtt`-microsecond RTT, acknowledged every
    /// millisecond for `duration` milliseconds from `start`; returns the time it ends.
    @discardableResult
    static func drive(
        _ model: inout PathSendingModel, rate: Double, rtt: Double, from start: UInt64, for duration: UInt64,
        limited: Bool = true
    ) -> UInt64 {
        var now = start
        for _ in 0..<duration {
            now += ms
            model.limitedDuringInterval = limited
            model.rttSample(rtt, smoothed: rtt, now: now)
            model.delivered(UInt64(rate / 1000), now: now)
        }
        return now
    }

    @Test func startsSmallAndNeverAboveTheLimit() {
        #expect(PathSendingModel(packetSize: 1000, limit: 64).target(now: 0) == PathSendingModel.initialTarget)
        #expect(PathSendingModel(packetSize: 1000, limit: 4).target(now: 0) == 4)
    }

    @Test func settlesAtTheBandwidthDelayProductWithHeadroom() {
        // 1 MB/s over 20 ms: a BDP of 20 packets of 1000 bytes.
        var model = PathSendingModel(packetSize: 1000, limit: 1000)
        let end = Self.drive(&model, rate: 1e6, rtt: 20_000, from: Self.ms, for: 2000)
        #expect(abs(model.deliveryRate - 1e6) < 1e4)
        #expect(model.minRTT == 20_000)
        let bdp = 20.0
        let target = Double(model.target(now: end))
        #expect(target >= bdp * PathSendingModel.gain)
        #expect(target <= bdp * PathSendingModel.gain + 3, "no more than the headroom: the path queues nothing more")
    }

    @Test func growsDuringStartupWhileTheRateGrows() {
        var model = PathSendingModel(packetSize: 1000, limit: 1000)
        var now = Self.drive(&model, rate: 1e5, rtt: 20_000, from: Self.ms, for: 100)
        let early = model.target(now: now)
        now = Self.drive(&model, rate: 4e5, rtt: 20_000, from: now, for: 100)
        #expect(model.target(now: now) > early)
    }

    @Test func samplesOfAPathGivenLittleNeverLowerTheRate() {
        var model = PathSendingModel(packetSize: 1000, limit: 1000)
        var now = Self.drive(&model, rate: 1e6, rtt: 20_000, from: Self.ms, for: 500)
        let measured = model.deliveryRate
        now = Self.drive(&model, rate: 1e5, rtt: 20_000, from: now, for: 2000, limited: false)
        #expect(model.deliveryRate == measured)
        Self.drive(&model, rate: 1e5, rtt: 20_000, from: now, for: 2000, limited: true)
        #expect(model.deliveryRate < measured / 2, "a path held back by its target shows what it carries")
    }

    @Test func aHigherMinimumRTTTakesOverOnlyWhenTheWindowEnds() {
        var model = PathSendingModel(packetSize: 1000, limit: 1000)
        model.rttSample(10_000, smoothed: 10_000, now: Self.ms)
        model.rttSample(30_000, smoothed: 12_000, now: 2 * Self.ms)
        #expect(model.minRTT == 10_000)
        model.rttSample(25_000, smoothed: 14_000, now: 3 * Self.ms)
        model.rttSample(40_000, smoothed: 20_000, now: Self.ms + PathSendingModel.minRTTWindow)
        #expect(model.minRTT == 25_000, "the lowest sample of the window that ended")
    }

    @Test func aPenaltyHalvesTheTargetForOneRTT() {
        var model = PathSendingModel(packetSize: 1000, limit: 1000)
        let now = Self.drive(&model, rate: 1e6, rtt: 20_000, from: Self.ms, for: 2000)
        let target = model.target(now: now)
        model.penalize(now: now)
        #expect(model.target(now: now) <= (target + 1) / 2)
        #expect(model.target(now: now + 21 * Self.ms) == target)
    }

    @Test func packetsBeyondTheBDPDelayTheArrivalEstimate() {
        var model = PathSendingModel(packetSize: 1000, limit: 1000)
        Self.drive(&model, rate: 1e6, rtt: 20_000, from: Self.ms, for: 2000)
        let idle = model.arrivalEstimate(inFlight: 0) ?? 0
        #expect(abs(idle - 11_000) < 200, "half the RTT plus one packet's time (1 ms)")
        let queued = model.arrivalEstimate(inFlight: 30) ?? 0
        #expect(abs(queued - idle - 10_000) < 300, "ten packets beyond the BDP wait 10 ms")
    }

    @Test func burstsOfAcknowledgementsRaiseTheTarget() {
        var smooth = PathSendingModel(packetSize: 1000, limit: 1000)
        var bursty = PathSendingModel(packetSize: 1000, limit: 1000)
        let start = Self.ms
        let end = Self.drive(&smooth, rate: 1e6, rtt: 20_000, from: start, for: 2000)
        var now = start
        // The same rate, acknowledged in one burst every 10 ms.
        for step in 1...2000 {
            now += Self.ms
            bursty.limitedDuringInterval = true
            bursty.rttSample(20_000, smoothed: 20_000, now: now)
            if step % 10 == 0 { bursty.delivered(10_000, now: now) }
        }
        #expect(bursty.extraAcknowledged >= 5000)
        #expect(bursty.target(now: now) > smooth.target(now: end))
    }
}
