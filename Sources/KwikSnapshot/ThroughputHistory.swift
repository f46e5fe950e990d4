/// The one throughput history: fed with snapshots, it answers rates over any window from their raw
/// counters, and keeps each path's rx rate per sample, all paths sampled at the same instants so the
/// series can be stacked.
public struct ThroughputHistory: Equatable, Sendable {
    public let capacity: Int
    private var samples: RingBuffer<CounterSample>
    /// Path ids in first-seen order, parallel to `series`.
    public private(set) var pathIDs: [Int] = []
    /// Each path's rate between one sample and the one before it: rx, or tx at an end that only
    /// sends (see ``seriesDirection``).
    private var series: [RingBuffer<Double>] = []
    /// What the series measure: what arrives, or at an end that only sends, what leaves.
    public private(set) var seriesDirection = DataDirection.receive
    /// Number of samples in each series, capped at `capacity`.
    public private(set) var sampleCount = 0

    public init(capacity: Int = 512) {
        self.capacity = capacity
        // One more slot for the session's start, until newer samples push it out.
        samples = RingBuffer(capacity: capacity + 1)
    }

    /// Takes one reading; one not newer than the last is ignored, as it measures no time.
    public mutating func record(_ snapshot: SessionSnapshot) {
        let sample = CounterSample(snapshot)
        if samples.count == 0 && sample.time > 0 { samples.append(.origin) }
        if let last = samples.last, last.time >= sample.time { return }
        let step = samples.last.map { sample.rates(since: $0) } ?? ThroughputRates()
        samples.append(sample)
        seriesDirection = snapshot.dataDirections.contains(.receive) ? .receive : .send
        for path in snapshot.paths where !pathIDs.contains(path.id) {
            var ring = RingBuffer<Double>(capacity: capacity)
            for _ in 0..<sampleCount { ring.append(0) }
            pathIDs.append(path.id)
            series.append(ring)
        }
        for index in pathIDs.indices {
            let rates = step[path: pathIDs[index]]
            series[index].append(seriesDirection == .receive ? rates.rxBps : rates.txBps)
        }
        sampleCount = min(capacity, sampleCount + 1)
    }

    /// Rates over the last `window` seconds up to the newest sample: from the oldest sample kept in
    /// the window, or from the one just before it when the window holds only the newest.
    public func rates(over window: Double) -> ThroughputRates {
        guard let latest = samples.last, samples.count > 1 else { return ThroughputRates() }
        let horizon = latest.time - window
        var base = samples.count - 2
        while base > 0 && samples[base - 1].time >= horizon { base -= 1 }
        return latest.rates(since: samples[base])
    }

    /// Rates over the whole session so far: its counters over its uptime.
    public var sessionRates: ThroughputRates {
        samples.last.map { $0.rates(since: .origin) } ?? ThroughputRates()
    }

    /// The series rate of `pathID` at sample `index` (0 = oldest kept).
    public func rate(pathID: Int, sample index: Int) -> Double {
        guard let slot = pathIDs.firstIndex(of: pathID), index >= 0, index < sampleCount else { return 0 }
        return series[slot][index]
    }

    /// The series of one path, if it was ever seen.
    public func ring(pathID: Int) -> RingBuffer<Double>? {
        pathIDs.firstIndex(of: pathID).map { series[$0] }
    }

    /// Sum of all paths' series rates at sample `index`.
    public func total(sample index: Int) -> Double {
        series.reduce(0) { $0 + $1[index] }
    }
}
