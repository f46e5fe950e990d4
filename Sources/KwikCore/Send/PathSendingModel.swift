/// A path's sending model, after BBR: it estimates the path's delivery rate and minimum RTT and keeps
/// what the path holds in flight near their product, the bandwidth-delay product (BDP), so the path
/// never builds a queue of its own. Behind a deep queue the head of the stream would wait on the path,
/// and its RTT, and with it the time to notice a black hole, would grow.
///
/// Pure: times are nanoseconds from the caller's clock, RTTs microseconds, rates bytes per second.
struct PathSendingModel {
    /// Headroom over the BDP while the rate is known: it covers estimation error and lets the target
    /// grow by this factor per sample when the path turns out to carry more.
    static let gain = 1.25
    /// Ack aggregation is covered up to this long at the path's rate (seconds): bursts of a busy host
    /// that reads in batches, not a queue kept at a bottleneck, which would add its length to the RTT.
    static let hostSlack = 0.001
    /// While the rate still grows quickly, the target doubles per sample (as a slow start would).
    static let startupGain = 2.0
    /// How long a minimum RTT stands before a newer one replaces it, so a longer route is noticed.
    static let minRTTWindow: UInt64 = 10_000_000_000
    /// Rate samples (each at least `minimumInterval`, and one RTT) the delivery-rate max filter spans.
    static let rateFilterLength = 10
    static let minimumInterval: UInt64 = 50_000_000
    /// What a path holds while it drains its queue to measure its bare RTT (BBR's ProbeRTT).
    static let probeTarget: UInt64 = 2
    /// A probe that sees no clean sample in this long past its drain gives up.
    static let probeTimeout: UInt64 = 1_000_000_000

    let packetSize: Double
    /// The in-flight limit (`--inflight`): the target never exceeds it.
    let limit: UInt64
    /// Packets the path may hold before its first estimate (`EngineConfiguration.initialInFlight`).
    let initialTarget: UInt64

    private(set) var deliveryRate: Double = 0
    private(set) var minRTT: Double?
    private var minRTTStamp: UInt64 = 0
    /// While probing, the path holds `probeTarget` packets; a PING sent once the queue had `drain`
    /// nanoseconds to empty measures the bare RTT. `renew`: the old minimum expired, so the probe's
    /// sample replaces it even when higher (the route got longer).
    private var probe: (start: UInt64, drain: UInt64, renew: Bool)?
    private(set) var smoothedRTT: Double?

    private var rateSamples: [Double] = []
    private var intervalStart: UInt64 = 0
    private var intervalBytes: UInt64 = 0
    /// The path was held back by its target or its socket during the current interval: the sample
    /// shows what the path can carry, not only what it was given.
    var limitedDuringInterval = false
    private var inStartup = true
    private var startupPlateau: (rate: Double, count: Int) = (0, 0)

    /// Bytes acknowledged in bursts beyond what the rate explains (ack aggregation: a receiver or a
    /// host that reads in batches); the target keeps this much more so the path does not idle between
    /// bursts.
    private(set) var extraAcknowledged: Double = 0
    /// The largest excess in the previous and the current span of `aggregationSpan`: a burst counts
    /// for a few round trips (BBR keeps it for ten), not for ever.
    private var extraBuckets: (previous: Double, current: Double, start: UInt64) = (0, 0, 0)
    private var epochStart: UInt64 = 0
    private var epochBytes: Double = 0

    /// Until this time the target is halved: the path held up the head of the stream.
    private var penaltyUntil: UInt64 = 0

    init(packetSize: Int, limit: UInt64, initialTarget: UInt64 = EngineConfiguration().initialInFlight) {
        self.packetSize = Double(max(packetSize, 1))
        self.limit = limit
        self.initialTarget = initialTarget
    }

    /// The bandwidth-delay product in packets; nil until both are known.
    var bandwidthDelayPackets: Double? {
        guard deliveryRate > 0, let minRTT else { return nil }
        return deliveryRate * minRTT / 1e6 / packetSize
    }

    /// Packets the path may hold in flight now.
    func target(now: UInt64) -> UInt64 {
        if probe != nil { return min(Self.probeTarget, limit) }
        var packets = Double(initialTarget)
        if let bdp = bandwidthDelayPackets {
            // One packet always rides on top: a path whose BDP is a fraction of a packet still needs
            // one in the queue to stay busy while the previous acknowledgement travels.
            let slack = min(extraAcknowledged, deliveryRate * Self.hostSlack)
            packets = (inStartup ? Self.startupGain : Self.gain) * bdp + max(slack / packetSize, 1)
        }
        if now < penaltyUntil { packets /= 2 }
        return min(max(UInt64(packets.rounded(.up)), 2), limit)
    }

    /// One-way time, in microseconds, until a packet sent now behind `queued` others would arrive.
    func arrivalEstimate(inFlight: UInt64, queued: UInt64 = 0) -> Double? {
        guard let rtt = minRTT ?? smoothedRTT else { return nil }
        guard deliveryRate > 0, let bdp = bandwidthDelayPackets else { return rtt / 2 }
        let ahead = max(Double(inFlight + queued) - bdp, 0) + 1
        return ahead * packetSize / deliveryRate * 1e6 + rtt / 2
    }

    // MARK: Inputs

    mutating func rttSample(_ sample: Double, smoothed: Double, now: UInt64) {
        smoothedRTT = smoothed
        if let probe {
            let sentAt = now &- UInt64(sample * 1000)
            if sentAt >= probe.start &+ probe.drain {
                minRTT = probe.renew ? sample : min(minRTT ?? sample, sample)
                minRTTStamp = now
                self.probe = nil
            } else if now &- probe.start > probe.drain &+ Self.probeTimeout {
                minRTTStamp = now
                self.probe = nil
            }
            return
        }
        if sample <= minRTT ?? .infinity {
            minRTT = sample
            minRTTStamp = now
        } else if now &- minRTTStamp >= Self.minRTTWindow {
            startProbe(now: now, renew: true)
        }
    }

    private mutating func startProbe(now: UInt64, renew: Bool) {
        let queueing = max(0, (smoothedRTT ?? 0) - (minRTT ?? 0))
        probe = (now, UInt64(queueing * 1000), renew)
    }

    /// `bytes` were newly acknowledged at `now`.
    mutating func delivered(_ bytes: UInt64, now: UInt64) {
        trackAggregation(Double(bytes), now: now)
        guard intervalStart != 0 else {
            intervalStart = now
            return
        }
        intervalBytes += bytes
        let interval = max(Self.minimumInterval, UInt64((minRTT ?? 0) * 1000))
        let probing = probe != nil
        let elapsed = now > intervalStart ? now - intervalStart : 0
        guard elapsed >= interval else { return }
        let rate = Double(intervalBytes) / (Double(elapsed) / 1e9)
        // A path given less than it could carry shows only what it got: such a sample may raise the
        // estimate, never lower it (BBR's application-limited samples).
        // A probe holds the path back on purpose: like a path given little, it shows only what it got.
        if (limitedDuringInterval && !probing) || rate > deliveryRate {
            rateSamples.append(rate)
            if rateSamples.count > Self.rateFilterLength { rateSamples.removeFirst() }
            deliveryRate = rateSamples.max() ?? rate
            leaveStartupOnPlateau(now: now)
        }
        limitedDuringInterval = false
        intervalStart = now
        intervalBytes = 0
    }

    /// The head of the stream waited on this path: it keeps half its target for one RTT.
    mutating func penalize(now: UInt64) {
        guard now >= penaltyUntil else { return }
        penaltyUntil = now + UInt64((smoothedRTT ?? minRTT ?? 0) * 1000)
    }

    /// Startup ends once three samples in a row grew the rate by less than a quarter; the queue it
    /// built then drains in a probe that also measures the bare RTT, which startup's queue hid.
    private mutating func leaveStartupOnPlateau(now: UInt64) {
        guard inStartup else { return }
        if deliveryRate >= startupPlateau.rate * 1.25 {
            startupPlateau = (deliveryRate, 0)
        } else {
            startupPlateau.count += 1
            if startupPlateau.count >= 3 {
                inStartup = false
                startProbe(now: now, renew: false)
            }
        }
    }

    /// BBR's extra-acked estimate: the most that one burst of acknowledgements exceeded what the
    /// delivery rate would have acknowledged since the burst began.
    private mutating func trackAggregation(_ bytes: Double, now: UInt64) {
        guard deliveryRate > 0 else { return }
        let expected = deliveryRate * Double(now &- epochStart) / 1e9
        if epochStart == 0 || epochBytes <= expected || now &- epochStart > 1_000_000_000 {
            epochStart = now
            epochBytes = 0
        }
        epochBytes += bytes
        let span = max(5 * UInt64((minRTT ?? 0) * 1000), 10_000_000)
        if now &- extraBuckets.start >= span {
            extraBuckets = (extraBuckets.current, 0, now)
        }
        extraBuckets.current = max(extraBuckets.current, epochBytes - deliveryRate * Double(now - epochStart) / 1e9)
        extraAcknowledged = min(max(extraBuckets.previous, extraBuckets.current), Double(limit) * packetSize)
    }
}
