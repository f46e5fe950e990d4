/// Each path's figures over time for the path detail view, one sample per `step` seconds of the
/// session's own clock: the span it covers (`step × capacity`) is the same at every refresh rate.
/// A value that is not known at a sample (no RTT yet, no pool gets in the step) is nil.
public struct PathTimeline: Equatable, Sendable {
    public enum Series: Int, CaseIterable, Sendable {
        /// Bit/s received and sent on the path.
        case rx, tx
        /// Microseconds: the path's smoothed RTT, and the sending model's minimum RTT and queueing delay.
        case srtt, minRTT, queueing
        /// Bytes the sender has in flight on the path (known only at the end that sends), and its target.
        case inFlight, inFlightTarget
        /// Pool gets per second, and the fraction of them served without allocating.
        case poolGets, poolHitRate
        /// Ordering violations per second, and milliseconds per second the path held the window's head.
        case orderingViolations, headOfLine
    }

    /// What the view remembers of a path's reconnects once the path is back.
    public struct Reconnects: Equatable, Sendable {
        /// Times the path began to reconnect.
        public var episodes: Int
        /// The most recent error a reconnect reported.
        public var lastError: String?

        public init(episodes: Int = 0, lastError: String? = nil) {
            self.episodes = episodes
            self.lastError = lastError
        }
    }

    public let step: Double
    public let capacity: Int
    /// Samples taken, capped at `capacity`; every path has this many in each series.
    public private(set) var sampleCount = 0
    private var series: [Int: [RingBuffer<Double?>]] = [:]
    private var reconnects: [Int: Reconnects] = [:]
    private var reconnecting: Set<Int> = []
    private var base: Counters?
    /// The session time the series reach: a whole number of steps, so readings at any pace add no drift.
    private var seriesTime = 0.0

    /// The cumulative counters rates are taken from, at the time of the previous sample.
    private struct Counters: Equatable, Sendable {
        struct Path: Equatable, Sendable {
            var rx: UInt64 = 0
            var tx: UInt64 = 0
            var poolGets: UInt64 = 0
            var poolHits: UInt64 = 0
            var violations: UInt64 = 0
            var headOfLine: Double = 0
        }
        var time: Double
        var paths: [Int: Path]
    }

    public init(step: Double = 0.25, capacity: Int = 240) {
        self.step = step
        self.capacity = max(1, capacity)
    }

    /// Seconds the series cover when full.
    public var span: Double { step * Double(capacity) }

    /// The series of one path, oldest first; nil for a path never seen.
    public func series(_ kind: Series, path id: Int) -> RingBuffer<Double?>? { series[id]?[kind.rawValue] }

    public func reconnects(path id: Int) -> Reconnects { reconnects[id] ?? Reconnects() }

    /// Takes one reading. Each whole `step` since the previous sample adds a sample, holding the rates
    /// over that time, so a slow refresh does not stretch the time axis.
    public mutating func record(_ snapshot: SessionSnapshot) {
        noteReconnects(snapshot)
        let now = counters(snapshot)
        // A clock going back means another session's snapshot or a restart: start over from it.
        guard let base, now.time >= base.time else {
            self.base = now
            seriesTime = now.time
            return
        }
        let steps = Int((now.time - seriesTime) / step)
        guard steps > 0, now.time > base.time else { return }
        let values = sample(snapshot, now: now, since: base, seconds: now.time - base.time)
        for (id, pathValues) in values {
            var rings =
                series[id]
                ?? Series.allCases.map { _ in
                    var ring = RingBuffer<Double?>(capacity: capacity)
                    for _ in 0..<sampleCount { ring.append(nil) }
                    return ring
                }
            for _ in 0..<min(steps, capacity) {
                for kind in Series.allCases { rings[kind.rawValue].append(pathValues[kind.rawValue]) }
            }
            series[id] = rings
        }
        // A path gone from the snapshot keeps its place in time.
        for id in series.keys where values[id] == nil {
            for _ in 0..<min(steps, capacity) {
                for kind in Series.allCases { series[id]?[kind.rawValue].append(nil) }
            }
        }
        sampleCount = min(capacity, sampleCount + steps)
        self.base = now
        seriesTime += Double(steps) * step
    }

    private mutating func noteReconnects(_ snapshot: SessionSnapshot) {
        for path in snapshot.paths {
            guard let status = path.reconnect else {
                reconnecting.remove(path.id)
                continue
            }
            if reconnecting.insert(path.id).inserted { reconnects[path.id, default: Reconnects()].episodes += 1 }
            if let error = status.lastError { reconnects[path.id, default: Reconnects()].lastError = error }
        }
    }

    private func counters(_ snapshot: SessionSnapshot) -> Counters {
        let direction = Self.modelDirection(snapshot)
        var paths: [Int: Counters.Path] = [:]
        for path in snapshot.paths {
            paths[path.id] = Counters.Path(
                rx: path.rxBytes, tx: path.txBytes, poolGets: path.pool.gets, poolHits: path.pool.hits,
                violations: path.orderingViolations,
                headOfLine: snapshot.sendingModel(direction, path: path.id)?.headOfLineSeconds ?? 0)
        }
        return Counters(time: snapshot.uptime, paths: paths)
    }

    /// The sending model the view follows: this end's when it sends, else the peer's.
    public static func modelDirection(_ snapshot: SessionSnapshot) -> DataDirection {
        snapshot.dataDirections.contains(.send) ? .send : .receive
    }

    private func sample(
        _ snapshot: SessionSnapshot, now: Counters, since base: Counters, seconds: Double
    )
        -> [Int: [Double?]]
    {
        let direction = Self.modelDirection(snapshot)
        // A counter below its earlier value was reset in between.
        func grown(_ now: UInt64, _ then: UInt64) -> Double { Double(now >= then ? now - then : now) }
        var result: [Int: [Double?]] = [:]
        for path in snapshot.paths {
            guard let current = now.paths[path.id] else { continue }
            let then = base.paths[path.id] ?? Counters.Path()
            let model = snapshot.sendingModel(direction, path: path.id)
            let gets = grown(current.poolGets, then.poolGets)
            var values = [Double?](repeating: nil, count: Series.allCases.count)
            values[Series.rx.rawValue] = grown(current.rx, then.rx) * 8 / seconds
            values[Series.tx.rawValue] = grown(current.tx, then.tx) * 8 / seconds
            values[Series.srtt.rawValue] = path.rtt?.smoothed
            values[Series.minRTT.rawValue] = model?.minRTT
            values[Series.queueing.rawValue] = model?.queueingDelay
            values[Series.inFlight.rawValue] = direction == .send ? Double(path.bytesInFlight) : nil
            values[Series.inFlightTarget.rawValue] = model.map { Double($0.inFlightTargetBytes) }
            values[Series.poolGets.rawValue] = gets / seconds
            values[Series.poolHitRate.rawValue] = gets > 0 ? grown(current.poolHits, then.poolHits) / gets : nil
            values[Series.orderingViolations.rawValue] = grown(current.violations, then.violations) / seconds
            values[Series.headOfLine.rawValue] = max(0, current.headOfLine - then.headOfLine) * 1000 / seconds
            result[path.id] = values
        }
        return result
    }
}
