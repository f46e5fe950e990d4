/// The one throughput history: fed with snapshots, it answers rates over any window from their raw
/// counters, and keeps each path's rate as a series of one sample per `step` seconds of the session's
/// own clock, all paths at the same instants so the series can be stacked. A series covers the same
/// time at every refresh rate.
public struct ThroughputHistory: Equatable, Sendable {
    /// Series samples kept per path.
    public let capacity: Int
    /// Seconds of session time per series sample.
    public let step: Double
    private var samples: RingBuffer<CounterSample>
    /// Path ids in first-seen order, parallel to `series`.
    public private(set) var pathIDs: [Int] = []
    /// Each path's rate per step: rx, or tx at an end that only sends (see ``seriesDirection``).
    private var series: [RingBuffer<Double>] = []
    /// What the series measure: what arrives, or at an end that only sends, what leaves.
    public private(set) var seriesDirection = DataDirection.receive
    /// Number of samples in each series, capped at `capacity`.
    public private(set) var sampleCount = 0
    /// The counters the next series sample's rates start from, and the session time the series
    /// reach (a whole number of steps, so that readings at any pace add no drift).
    private var seriesBase: CounterSample?
    private var seriesTime = 0.0

    /// Counter readings kept for ``rates(over:)``: the longest window at the fastest refresh, and more.
    static let readingsKept = 256

    public init(capacity: Int = 512, step: Double = 0.25) {
        self.capacity = max(1, capacity)
        self.step = step
        // One more slot for the session's start, until newer samples push it out.
        samples = RingBuffer(capacity: Self.readingsKept + 1)
    }

    /// Seconds the series cover when full.
    public var span: Double { step * Double(capacity) }

    /// Takes one reading; one not newer than the last is ignored, as it measures no time.
    public mutating func record(_ snapshot: SessionSnapshot) {
        let sample = CounterSample(snapshot)
        if samples.count == 0 && sample.time > 0 { samples.append(.origin) }
        if let last = samples.last, last.time >= sample.time { return }
        samples.append(sample)
        seriesDirection = snapshot.dataDirections.contains(.receive) ? .receive : .send
        for path in snapshot.paths where !pathIDs.contains(path.id) {
            var ring = RingBuffer<Double>(capacity: capacity)
            for _ in 0..<sampleCount { ring.append(0) }
            pathIDs.append(path.id)
            series.append(ring)
        }
        // The first reading only starts the series: what came before it has no shape to show.
        guard let base = seriesBase else {
            seriesBase = sample
            seriesTime = sample.time
            return
        }
        let steps = Int((sample.time - seriesTime) / step)
        guard steps > 0 else { return }
        let rates = sample.rates(since: base)
        for index in pathIDs.indices {
            let rate = rates[path: pathIDs[index]]
            let value = seriesDirection == .receive ? rate.rxBps : rate.txBps
            for _ in 0..<min(steps, capacity) { series[index].append(value) }
        }
        sampleCount = min(capacity, sampleCount + steps)
        seriesBase = sample
        seriesTime += Double(steps) * step
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
