import KwikSnapshot
import NIOCore

extension Session {
    /// One consistent reading of every counter, with rates over `averagingWindow` seconds.
    public func snapshot(averagingWindow: Double = 1) -> SessionSnapshot {
        let mux = multiplexer.summary()
        let send = sender.summary()
        let counts = verifier.current
        let all = paths.all
        let life = lifecycle.reading
        let (state, reason, peer) = (life.phase, life.failureReason, life.peerReport)
        let (events, failoverCounts) = failovers.reading
        let measured = rateHistory.withLockedValue { $0.rates(window: averagingWindow) }
        let nowNanos = NIODeadline.now().uptimeNanoseconds
        // A run shorter than one sampling period is measured over its whole length.
        let rates = measured ?? RateHistory.Rates(
            delivered: Double(counts.delivered) * 8 / max(clock.seconds(nowNanos), 1e-3), rx: [:], tx: [:], deliveredByPath: [:])
        /// Share of what was delivered over the averaging window (over the whole run before one exists).
        func share(_ pathID: Int, _ order: MultiplexerSummary.PathOrder?) -> Double {
            if measured != nil {
                return rates.delivered > 0 ? (rates.deliveredByPath[pathID] ?? 0) / rates.delivered : 0
            }
            return mux.deliveredBytes == 0 ? 0 : Double(order?.deliveredBytes ?? 0) / Double(mux.deliveredBytes)
        }
        let packetSize = UInt64(parameters.packetSize)
        let paths = all.map { record -> PathSnapshot in
            let sent = send.paths.first { $0.id == record.id }
            let order = record.id < mux.perPath.count ? mux.perPath[record.id] : nil
            let pool = record.pool.counters
            let last = record.counters.lastReceiveNanos.load(ordering: .relaxed)
            return PathSnapshot(
                id: record.id, endpoint: record.endpoint, state: sent?.state ?? .connecting,
                rxBytes: record.counters.rxBytes.load(ordering: .relaxed),
                txBytes: record.counters.txBytes.load(ordering: .relaxed),
                rxPackets: record.counters.rxPackets.load(ordering: .relaxed),
                txPackets: record.counters.txPackets.load(ordering: .relaxed),
                rxRateBps: rates.rx[record.id] ?? 0, txRateBps: rates.tx[record.id] ?? 0,
                deliveredShare: share(record.id, order),
                rtt: record.rtt, bytesInFlight: (sent?.inFlightPackets ?? 0) * packetSize,
                pool: pool, allocationFreePackets: pool.hits,
                orderingViolations: order?.orderingViolations ?? 0,
                reinjectedPackets: sent?.reinjectedPackets ?? 0, reinjectedBytes: sent?.reinjectedBytes ?? 0,
                duplicates: order?.duplicates ?? 0,
                lastReceiveAge: last == 0 ? nil : Double(nowNanos > last ? nowNanos - last : 0) / 1e9)
        }
        var sessionState = state
        if state == .running && !paths.contains(where: { $0.state.carriesData }) {
            sessionState = .stalled
        }
        return SessionSnapshot(
            sessionID: id.description, role: role, state: sessionState, failureReason: reason,
            uptime: clock.seconds(nowNanos), scheduler: sender.scheduler,
            workload: .init(
                direction: SessionSnapshot.Workload.Direction(parameters.direction),
                totalBytes: parameters.totalBytes == 0 ? nil : parameters.totalBytes, packetSize: Int(parameters.packetSize)),
            averagingWindow: averagingWindow, goodputBps: rates.delivered,
            deliveredBytes: counts.delivered, verifiedBytes: counts.verified, corruptBytes: counts.corrupt,
            sentBytes: send.sentBytes, reorderDepth: mux.depth, reorderHighWater: mux.highWater,
            headOfLineStallSeconds: Double(mux.stallNanos) / 1e9, deliveryOrderViolations: mux.deliveryOrderViolations,
            duplicatesDropped: mux.duplicates, reorderEvents: mux.reorderEvents, paths: paths, failovers: events,
            peer: peer, reorderDepthBytes: mux.bufferedBytes, failoverCounts: failoverCounts, limitHits: limits.current,
            encryption: encryption)
    }
}

extension SessionSnapshot.Workload.Direction {
    init(_ direction: SessionParameters.Direction) {
        switch direction {
        case .download: self = .download
        case .upload: self = .upload
        case .both: self = .both
        }
    }
}
