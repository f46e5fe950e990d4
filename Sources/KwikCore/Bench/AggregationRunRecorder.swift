import KwikSnapshot
import NIOCore

/// A client's session counters at one instant.
struct AggregationReading {
    let time: NIODeadline
    let snapshot: SessionSnapshot

    init(_ session: Session) {
        snapshot = session.snapshot()
        time = .now()
    }
}

/// Turns the readings of one aggregation run into its result.
struct AggregationRunRecorder {
    let testCase: AggregationCase
    let position: AggregationPosition
    let packetSize: Int
    /// What a byte-bounded run must deliver.
    let expectedBytes: UInt64?

    /// The case's path positions the run's session carries, path id N being the Nth of them.
    var positions: [Int] { testCase.positions(of: position.subset) }

    /// A run that never got to carry data.
    func failed(_ reason: String) -> AggregationRun {
        AggregationRun(
            caseName: testCase.name, scheduler: position.scheduler, subset: position.subset, seconds: 0,
            expectedBytes: expectedBytes, deliveredBytes: 0, verifiedBytes: 0, corruptBytes: 0, goodputBps: 0,
            duplicatesDropped: 0, deliveryOrderViolations: 0, reorderHighWaterPackets: 0, reorderHighWaterBytes: 0,
            paths: [], failure: reason)
    }

    /// The run from `since` to `after`. Cumulative counters are read as differences from `before`
    /// (nil: from the session's start); those `resetCounters()` zeroed at `before` (duplicates,
    /// reorder high-water) as they are.
    func run(from before: AggregationReading?, since: NIODeadline, to after: AggregationReading) -> AggregationRun {
        let end = after.snapshot
        let start = before?.snapshot
        let seconds = Double((after.time - since).nanoseconds) / 1e9
        let delivered = end.deliveredBytes - (start?.deliveredBytes ?? 0)
        let perPath = positions.indices.map { index -> (position: Int, delivered: UInt64, rtt: RTTSummary?) in
            let id = index + 1
            let last = end.paths.first { $0.id == id }
            let first = start?.paths.first { $0.id == id }
            let bytes = (last?.deliveredBytes ?? 0) - min(first?.deliveredBytes ?? 0, last?.deliveredBytes ?? 0)
            return (positions[index], bytes, last?.rtt)
        }
        let carried = perPath.reduce(0) { $0 + $1.delivered }
        var failure: String?
        if end.state == .failed { failure = end.failureReason ?? "session failed" }
        return AggregationRun(
            caseName: testCase.name, scheduler: position.scheduler, subset: position.subset, seconds: seconds,
            expectedBytes: expectedBytes, deliveredBytes: delivered,
            verifiedBytes: end.verifiedBytes - (start?.verifiedBytes ?? 0),
            corruptBytes: end.corruptBytes - (start?.corruptBytes ?? 0),
            goodputBps: seconds > 0 ? Double(delivered) * 8 / seconds : 0, duplicatesDropped: end.duplicatesDropped,
            deliveryOrderViolations: end.deliveryOrderViolations, reorderHighWaterPackets: end.reorderHighWater,
            reorderHighWaterBytes: UInt64(max(0, end.reorderHighWater)) * UInt64(packetSize),
            paths: perPath.map {
                AggregationPathResult(
                    position: $0.position, smoothedRttMicros: $0.rtt?.smoothed, minRttMicros: $0.rtt?.min,
                    deliveredBytes: $0.delivered, share: carried == 0 ? 0 : Double($0.delivered) / Double(carried))
            },
            failure: failure)
    }
}
