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
        #expect(PathSendingModel(packetSize: 1000, limit: 64, initialTarget: 4).target(now: 0) == 4)
        #expect(PathSendingModel(packetSize: 1000, limit: 3, initialTarget: 4).target(now: 0) == 3)
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

    @Test func anExpiredMinimumRTTIsMeasuredAgainInADrainProbe() {
        var model = PathSendingModel(packetSize: 1000, limit: 1000)
        model.rttSample(10_000, smoothed: 10_000, now: Self.ms)
        model.rttSample(30_000, smoothed: 20_000, now: 2 * Self.ms)
        #expect(model.minRTT == 10_000, "a higher sample does not replace a standing minimum")
        // The window ends: the path drains to the probe's target and waits for a PING sent after its
        // 10 ms of queue (srtt - min) had time to empty.
        let start = Self.ms + PathSendingModel.minRTTWindow
        model.rttSample(40_000, smoothed: 20_000, now: start)
        #expect(model.target(now: start) == PathSendingModel.probeTarget)
        model.rttSample(25_000, smoothed: 20_000, now: start + 20 * Self.ms)
        #expect(model.target(now: start + 20 * Self.ms) == PathSendingModel.probeTarget, "sent before the drain")
        model.rttSample(25_000, smoothed: 20_000, now: start + 100 * Self.ms)
        #expect(model.minRTT == 25_000, "the route got longer: the probe's sample replaces the minimum")
        #expect(model.target(now: start + 100 * Self.ms) > PathSendingModel.probeTarget)
    }

    @Test func startupEndsWithADrainProbeThatFindsTheBareRTT() {
        var model = PathSendingModel(packetSize: 1000, limit: 1000)
        var now = Self.ms
        var probed = false
        // Startup's queue shows as 30 ms on a 20 ms path; while the probe holds the path back, the
        // queue drains and PINGs see 20 ms.
        for _ in 0..<1000 {
            now += Self.ms
            let probing = model.target(now: now) == PathSendingModel.probeTarget
            probed = probed || probing
            model.limitedDuringInterval = true
            model.rttSample(probing ? 20_000 : 30_000, smoothed: 30_000, now: now)
            model.delivered(1000, now: now)
        }
        #expect(probed, "the plateau ends startup with a probe")
        #expect(model.minRTT == 20_000)
        #expect(model.target(now: now) > PathSendingModel.probeTarget)
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

    @Test func burstsOfAcknowledgementsRaiseTheTargetUpToTheHostSlack() {
        // 100 MB/s over 1 ms: a BDP of 10 packets of 10 kB.
        var smooth = PathSendingModel(packetSize: 10_000, limit: 1000)
        var bursty = PathSendingModel(packetSize: 10_000, limit: 1000)
        var now = Self.ms
        // The same rate, acknowledged a packet every 100 µs, or in one burst every 10 ms.
        for step in 1...20_000 {
            now += Self.ms / 10
            smooth.limitedDuringInterval = true
            bursty.limitedDuringInterval = true
            smooth.rttSample(1000, smoothed: 1000, now: now)
            bursty.rttSample(1000, smoothed: 1000, now: now)
            smooth.delivered(10_000, now: now)
            if step % 100 == 0 { bursty.delivered(1_000_000, now: now) }
        }
        let end = now
        #expect(bursty.extraAcknowledged >= 500_000)
        let slack = UInt64(1e8 * PathSendingModel.hostSlack / 10_000)
        #expect(bursty.target(now: now) > smooth.target(now: end))
        #expect(bursty.target(now: now) <= smooth.target(now: end) + slack, "bursts count up to the host slack")
    }
}
