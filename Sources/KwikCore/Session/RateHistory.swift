/// Periodic samples of cumulative byte counters, from which rates over any averaging window (up to
/// the history length) are derived.
struct RateHistory {
    struct Sample {
        var time: UInt64
        var delivered: UInt64
        var rx: [Int: UInt64]
        var tx: [Int: UInt64]
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

    mutating func reset() { samples.removeAll() }

    /// Bits per second of each counter between the latest sample and the one `window` seconds before;
    /// nil until two samples exist.
    func rates(window: Double) -> (delivered: Double, rx: [Int: Double], tx: [Int: Double])? {
        guard let latest = samples.last else { return nil }
        let span = UInt64(window * 1e9)
        let horizon = latest.time > span ? latest.time - span : 0
        guard let base = samples.first(where: { $0.time >= horizon }), base.time < latest.time else { return nil }
        let seconds = Double(latest.time - base.time) / 1e9
        func bps(_ now: UInt64, _ then: UInt64) -> Double { Double(now &- min(now, then)) * 8 / seconds }
        return (
            bps(latest.delivered, base.delivered),
            latest.rx.reduce(into: [:]) { $0[$1.key] = bps($1.value, base.rx[$1.key] ?? 0) },
            latest.tx.reduce(into: [:]) { $0[$1.key] = bps($1.value, base.tx[$1.key] ?? 0) }
        )
    }
}
