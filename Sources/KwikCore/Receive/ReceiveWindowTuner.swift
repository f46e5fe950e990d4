/// The receive window a session advertises, tuned the way Linux right-sizes a receive buffer: large
/// enough for twice what is delivered over the session's largest base RTT (a multipath stream's head
/// waits on its slowest path), always between the initial window and the budget (`--max-window-bytes`
/// over the packet size), halved while it goes unused.
///
/// A window the peer fills is doubled on trial: the growth is kept only when delivery rises with it,
/// and otherwise given back, with the next trial further off. A window that limits delivery pays
/// back its growth; one that only feeds a queue (a receiver short of CPU, a full bottleneck) does not,
/// and holding it would only keep more bytes in flight, far from any cache. The base RTT, not the
/// smoothed one, sizes the window for the same reason: a queue's delay grows with the window.
///
/// The right edge it advertised never moves back: a peer may always send what it was once allowed.
/// Pure: times are nanoseconds from the caller's clock, all counts in packets.
struct ReceiveWindowTuner {
    static let sampleInterval: UInt64 = 100_000_000
    /// Rate samples the delivery-rate max filter spans (one second).
    static let rateFilterLength = 10
    /// How often an unused window is halved.
    static let reviewInterval: UInt64 = 1_000_000_000
    /// Rate samples a trial is judged on.
    static let trialSamples = 3
    /// A trial's growth is kept when the delivery rate rose by at least this fraction above the best
    /// sample of the second before it (not their mean: noise or a rate still rising by itself must not
    /// pass for a gain).
    static let trialGain = 0.25
    /// How long after a failed trial the next one may start, doubling with each failure up to the cap.
    static let firstTrialBackoff: UInt64 = 1_000_000_000
    static let trialBackoffCap: UInt64 = 16_000_000_000

    let initial: Int
    let budget: Int
    private(set) var window: Int
    /// Every sequence below this one was allowed by some advertisement.
    private(set) var edge: UInt64
    /// The largest smoothed RTT among the session's paths, microseconds: how long a trial lasts at least.
    var largestRTT: Double = 0
    /// The largest of the paths' minimum RTTs, microseconds: the delay the window covers.
    var largestBaseRTT: Double = 0

    private var rateSamples: [Double] = []
    /// Rate samples taken since the start.
    private var sampleCount = 0
    private var sampleStart: UInt64 = 0
    private var sampleCumulative: UInt64 = 0
    private var highestReceived: UInt64 = 0
    private var filled = false
    private var reviewStart: UInt64 = 0
    private var peakUse = 0
    private var trial: Trial?
    private var nextTrial: UInt64 = 0
    private var trialBackoff = Self.firstTrialBackoff

    /// A doubling on trial.
    private struct Trial {
        var previousWindow: Int
        /// The best delivery rate of the second before the doubling, packets per second.
        var baseline: Double
        /// `sampleCount` when the window doubled.
        var startSample: Int
        var judgedAfter: UInt64
    }

    init(initial: Int, budget: Int) {
        self.initial = max(initial, 1)
        self.budget = max(budget, self.initial)
        window = self.initial
        edge = UInt64(self.initial)
    }

    /// A DATA packet carried `sequence`; false when no advertisement allowed it. The initial window
    /// beyond what was delivered is always allowed: no advertisement is ever smaller.
    mutating func received(_ sequence: UInt64, cumulative: UInt64) -> Bool {
        let allowed = max(edge, cumulative &+ UInt64(initial))
        guard sequence < allowed else { return false }
        highestReceived = max(highestReceived, sequence)
        let use = Int(min(highestReceived &- cumulative &+ 1, UInt64(budget)))
        peakUse = max(peakUse, use)
        // The peer reached the last eighth of the window: the window may be what limits it.
        if sequence + UInt64(max(window / 8, 1)) >= allowed { filled = true }
        return true
    }

    /// The window to advertise now that everything below `cumulative` was delivered.
    mutating func advertise(cumulative: UInt64, now: UInt64) -> Int {
        measure(cumulative: cumulative, now: now)
        judgeTrial(now: now)
        // The first trial waits for a full rate filter: the paths' own start is over by then.
        if filled && trial == nil && now >= nextTrial && window < budget && rateSamples.count >= Self.rateFilterLength {
            startTrial(now: now)
        }
        filled = false
        if now &- reviewStart >= Self.reviewInterval {
            if peakUse < window / 4 && trial == nil { window = max(initial, window / 2) }
            reviewStart = now
            peakUse = 0
        }
        let rate = rateSamples.max() ?? 0
        let rightSized = Int(min(2 * rate * largestBaseRTT / 1e6, Double(budget)))
        window = min(budget, max(window, rightSized, initial))
        // Never take back what was allowed: the advertised window reaches at least the old edge.
        let advertised = max(window, edge > cumulative ? Int(min(edge - cumulative, UInt64(budget))) : 0)
        edge = max(edge, cumulative + UInt64(advertised))
        return advertised
    }

    private mutating func startTrial(now: UInt64) {
        // Long enough for the peer to fill the larger window and for its deliveries to be sampled.
        let duration = max(UInt64(Self.trialSamples + 1) * Self.sampleInterval, UInt64(4 * largestRTT * 1000))
        trial = Trial(
            previousWindow: window, baseline: rateSamples.max() ?? 0, startSample: sampleCount,
            judgedAfter: now &+ duration)
        window = min(budget, window * 2)
    }

    private mutating func judgeTrial(now: UInt64) {
        // Samples wholly after the doubling: the first one after it began before.
        guard let trial, now >= trial.judgedAfter, sampleCount - trial.startSample > Self.trialSamples else { return }
        self.trial = nil
        let during = rateSamples.suffix(Self.trialSamples)
        if during.reduce(0, +) / Double(during.count) >= trial.baseline * (1 + Self.trialGain) {
            trialBackoff = Self.firstTrialBackoff
            nextTrial = now
            return
        }
        window = trial.previousWindow
        nextTrial = now &+ trialBackoff
        trialBackoff = min(trialBackoff * 2, Self.trialBackoffCap)
    }

    private mutating func measure(cumulative: UInt64, now: UInt64) {
        guard sampleStart != 0 else {
            sampleStart = now
            sampleCumulative = cumulative
            reviewStart = now
            return
        }
        let elapsed = now &- sampleStart
        guard elapsed >= Self.sampleInterval else { return }
        rateSamples.append(Double(cumulative &- sampleCumulative) / (Double(elapsed) / 1e9))
        if rateSamples.count > Self.rateFilterLength { rateSamples.removeFirst() }
        sampleCount += 1
        sampleStart = now
        sampleCumulative = cumulative
    }
}
