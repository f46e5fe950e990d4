/// The cumulative byte counters of one snapshot, at the snapshot's time: what every rate derives from.
struct CounterSample: Sendable, Equatable {
    struct Path: Sendable, Equatable {
        var rx: UInt64 = 0
        var tx: UInt64 = 0
        var delivered: UInt64 = 0
    }

    /// Seconds since the session started.
    var time: Double
    var delivered: UInt64
    /// What the peer said it delivered of this end's data.
    var peerDelivered: UInt64
    var paths: [Int: Path]

    /// Every counter of a session is zero when it starts.
    static let origin = CounterSample(time: 0, delivered: 0, paths: [:])

    init(time: Double, delivered: UInt64, peerDelivered: UInt64 = 0, paths: [Int: Path]) {
        self.time = time
        self.delivered = delivered
        self.peerDelivered = peerDelivered
        self.paths = paths
    }

    init(_ snapshot: SessionSnapshot) {
        time = snapshot.uptime
        delivered = snapshot.deliveredBytes
        peerDelivered = snapshot.peer?.deliveredBytes ?? 0
        paths = Dictionary(
            snapshot.paths.map { ($0.id, Path(rx: $0.rxBytes, tx: $0.txBytes, delivered: $0.deliveredBytes)) },
            uniquingKeysWith: { _, last in last })
    }

    /// Bit rates from `base` (an earlier sample) to this one. A counter below its earlier value was
    /// reset in between, so what it holds now is what it counted since.
    func rates(since base: CounterSample) -> ThroughputRates {
        let seconds = time - base.time
        guard seconds > 0 else { return ThroughputRates() }
        func grown(_ now: UInt64, _ then: UInt64) -> UInt64 { now >= then ? now - then : now }
        func bps(_ bytes: UInt64) -> Double { Double(bytes) * 8 / seconds }
        var deliveredOnPaths: [Int: UInt64] = [:]
        for (id, path) in paths { deliveredOnPaths[id] = grown(path.delivered, base.paths[id]?.delivered ?? 0) }
        let deliveredTotal = deliveredOnPaths.values.reduce(0, +)
        var result = ThroughputRates(
            goodputBps: bps(grown(delivered, base.delivered)),
            peerGoodputBps: bps(grown(peerDelivered, base.peerDelivered)))
        for (id, path) in paths {
            let then = base.paths[id] ?? Path()
            let share = deliveredTotal == 0 ? 0 : Double(deliveredOnPaths[id] ?? 0) / Double(deliveredTotal)
            result.paths[id] = ThroughputRates.Path(
                rxBps: bps(grown(path.rx, then.rx)), txBps: bps(grown(path.tx, then.tx)), deliveredShare: share)
        }
        return result
    }
}
