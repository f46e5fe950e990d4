import KwikSnapshot

/// Writes one session's and its paths' series: counters and instant values only (rates are for
/// `rate()`). Snapshot units are converted to base units: RTTs from microseconds to seconds.
extension SeriesStore {
    /// `SessionState` is not `CaseIterable` (KwikSnapshot is not this target's to change).
    private static let sessionStates = SessionSnapshot.SessionState.allCases

    static func labels(_ snapshot: SessionSnapshot) -> Labels {
        [("session", snapshot.sessionID), ("role", snapshot.role.rawValue)]
    }

    mutating func write(_ snapshot: SessionSnapshot) {
        let session = Self.labels(snapshot)
        set(
            Families.sessionInfo,
            session + [
                ("scheduler", snapshot.scheduler.rawValue), ("workload", snapshot.workload.direction.rawValue),
                ("encryption", snapshot.encryption.rawValue),
            ], 1)
        for state in Self.sessionStates {
            set(Families.sessionState, session + [("state", state.rawValue)], state == snapshot.state ? 1 : 0)
        }
        set(Families.sessionUptime, session, snapshot.uptime)
        count(Families.sessionDeliveredBytes, session, total: snapshot.deliveredBytes)
        count(Families.sessionVerifiedBytes, session, total: snapshot.verifiedBytes)
        count(Families.sessionCorruptBytes, session, total: snapshot.corruptBytes)
        count(Families.sessionSentBytes, session, total: snapshot.sentBytes)
        count(Families.sessionDeliveryOrderViolations, session, total: snapshot.deliveryOrderViolations)
        count(Families.sessionDuplicatesDropped, session, total: snapshot.duplicatesDropped)
        count(Families.sessionReorderEvents, session, total: snapshot.reorderEvents)
        count(Families.sessionStall, session, total: snapshot.headOfLineStallSeconds)
        set(Families.sessionReorderDepth, session, Double(snapshot.reorderDepth))
        set(Families.sessionReorderDepthBytes, session, Double(snapshot.reorderDepthBytes))
        set(Families.sessionReorderHighWater, session, Double(snapshot.reorderHighWater))
        writeWindowsAndSending(snapshot, session: session)
        for limit in Limit.perSession {
            count(Families.sessionLimitHits, session + [("limit", limit.rawValue)], total: snapshot.limitHits[limit])
        }
        for path in snapshot.paths {
            write(path, labels: session + [("path", String(path.id))])
        }
    }

    private mutating func write(_ path: PathSnapshot, labels: Labels) {
        set(Families.pathInfo, labels + [("endpoint", path.endpoint)], 1)
        for state in PathState.allCases {
            set(Families.pathState, labels + [("state", state.rawValue)], state == path.state ? 1 : 0)
        }
        count(Families.pathRxBytes, labels, total: path.rxBytes)
        count(Families.pathDeliveredBytes, labels, total: path.deliveredBytes)
        count(Families.pathTxBytes, labels, total: path.txBytes)
        count(Families.pathRxPackets, labels, total: path.rxPackets)
        count(Families.pathTxPackets, labels, total: path.txPackets)
        if let rtt = path.rtt {
            set(Families.pathSRTT, labels, rtt.smoothed / 1e6)
            set(Families.pathRTTVariance, labels, rtt.variance / 1e6)
        }
        set(Families.pathBytesInFlight, labels, Double(path.bytesInFlight))
        count(Families.pathPoolHits, labels, total: path.pool.hits)
        count(Families.pathPoolMisses, labels, total: path.pool.misses)
        count(Families.pathPoolDropped, labels, total: path.pool.dropped)
        count(Families.pathAllocationFreePackets, labels, total: path.allocationFreePackets)
        count(Families.pathOrderingViolations, labels, total: path.orderingViolations)
        count(Families.pathReinjectedPackets, labels, total: path.reinjectedPackets)
        count(Families.pathReinjectedBytes, labels, total: path.reinjectedBytes)
        count(Families.pathDuplicates, labels, total: path.duplicates)
        count(Families.pathFlaps, labels, total: path.flaps)
        if let age = path.lastReceiveAge {
            set(Families.pathLastReceiveAge, labels, age)
        }
    }
}
