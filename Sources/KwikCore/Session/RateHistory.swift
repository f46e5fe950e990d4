/// Periodic samples of cumulative byte counters, from which rates over any averaging window (up to
/// the history length) are derived.
struct RateHistory {
    struct Sample {
        var time: UInt64
        var delivered: UInt64
        var rx: [Int: UInt64]
        var tx: [Int: UInt64]
        /// Bytes delivered in order that arrived on each path.
        var deliveredByPath: [Int: UInt64]
    }

    struct Rates {
        var delivered: Double
        var rx: [Int: Double]
        var tx: [Int: Double]
        var deliveredByPath: [Int: Double]
    }

    private var samples: [Sample] = []
    private let capacity: Int

    init(capacity: Int = 128) {
        self.capacity = capacity
    }

    mutating func record(_ sample: Sample) {
        if samples.count == capacity { samples.removeFirst() }
        samples.append(sample)
    }

    /// Bits per second of each counter between the latest sample and the one `window` seconds before;
    /// nil until two samples exist.
    func rates(window: Double) -> Rates? {
        guard let latest = samples.last else { return nil }
        let span = UInt64(window * 1e9)
        let horizon = latest.time > span ? latest.time - span : 0
        guard let base = samples.first(where: { $0.time >= horizon }), base.time < latest.time else { return nil }
        let seconds = Double(latest.time - base.time) / 1e9
        func bps(_ now: UInt64, _ then: UInt64) -> Double { Double(now &- min(now, then)) * 8 / seconds }
        func each(_ now: [Int: UInt64], _ then: [Int: UInt64]) -> [Int: Double] {
            now.reduce(into: [:]) { $0[$1.key] = bps($1.value, then[$1.key] ?? 0) }
        }
        return Rates(
            delivered: bps(latest.delivered, base.delivered), rx: each(latest.rx, base.rx), tx: each(latest.tx, base.tx),
            deliveredByPath: each(latest.deliveredByPath, base.deliveredByPath))
    }
}
