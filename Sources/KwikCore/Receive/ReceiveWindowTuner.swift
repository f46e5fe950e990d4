/// The receive window a session advertises, tuned the way Linux right-sizes a receive buffer: large
/// enough for twice what is delivered over the session's largest RTT (a multipath stream's head waits
/// on its slowest path), doubled while the peer fills it, halved while it goes unused, always between
/// the initial window and the budget (`--max-window-bytes` over the packet size).
///
/// The right edge it advertised never moves back: a peer may always send what it was once allowed.
/// Pure: times are nanoseconds from the caller's clock, all counts in packets.
struct ReceiveWindowTuner {
    static let sampleInterval: UInt64 = 100_000_000
    /// Rate samples the delivery-rate max filter spans (one second).
    static let rateFilterLength = 10
    /// How often an unused window is halved.
    static let reviewInterval: UInt64 = 1_000_000_000

    let initial: Int
    let budget: Int
    private(set) var window: Int
    /// Every sequence below this one was allowed by some advertisement.
    private(set) var edge: UInt64
    /// The largest smoothed RTT among the session's paths, microseconds.
    var largestRTT: Double = 0

    private var rateSamples: [Double] = []
    private var sampleStart: UInt64 = 0
    private var sampleCumulative: UInt64 = 0
    private var highestReceived: UInt64 = 0
    private var filled = false
    private var lastGrowth: UInt64 = 0
    private var reviewStart: UInt64 = 0
    private var peakUse = 0

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
        // The peer reached the last eighth of the window: the window, not the paths, limits it.
        if sequence + UInt64(max(window / 8, 1)) >= allowed { filled = true }
        return true
    }

    /// The window to advertise now that everything below `cumulative` was delivered.
    mutating func advertise(cumulative: UInt64, now: UInt64) -> Int {
        measure(cumulative: cumulative, now: now)
        let rtt = UInt64(largestRTT * 1000)
        if filled && now &- lastGrowth >= max(rtt, 10_000_000) {
            window = min(budget, window * 2)
            lastGrowth = now
        }
        filled = false
        if now &- reviewStart >= Self.reviewInterval {
            if peakUse < window / 4 { window = max(initial, window / 2) }
            reviewStart = now
            peakUse = 0
        }
        let rate = rateSamples.max() ?? 0
        let rightSized = Int(min(2 * rate * largestRTT / 1e6, Double(budget)))
        window = min(budget, max(window, rightSized, initial))
        // Never take back what was allowed: the advertised window reaches at least the old edge.
        let advertised = max(window, edge > cumulative ? Int(min(edge - cumulative, UInt64(budget))) : 0)
        edge = max(edge, cumulative + UInt64(advertised))
        return advertised
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
        sampleStart = now
        sampleCumulative = cumulative
    }
}
