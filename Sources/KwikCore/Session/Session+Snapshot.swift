import KwikSnapshot
import NIOCore

extension Session {
    /// Every counter, cumulative since the session started, each part read once under its own lock
    /// (parts may be microseconds apart); reading changes nothing. Consumers derive rates over their
    /// own window (see `ThroughputHistory`).
    public func snapshot() -> SessionSnapshot {
        let mux = multiplexer.summary()
        let send = sender.summary()
        let counts = verifier.current
        let all = paths.all
        let life = lifecycle.reading
        let (events, failoverCounts) = failovers.reading
        let peerReinjections = failovers.peerReinjections
        let nowNanos = NIODeadline.now().uptimeNanoseconds
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
                deliveredBytes: order?.deliveredBytes ?? 0, isBlackholed: record.isBlackholed,
                rtt: record.rtt, bytesInFlight: (sent?.inFlightPackets ?? 0) * packetSize,
                pool: pool, allocationFreePackets: pool.hits,
                orderingViolations: order?.orderingViolations ?? 0,
                reinjectedPackets: sent?.reinjectedPackets ?? 0, reinjectedBytes: sent?.reinjectedBytes ?? 0,
                peerReinjectedPackets: peerReinjections[record.id]?.packets ?? 0,
                peerReinjectedBytes: peerReinjections[record.id]?.bytes ?? 0,
                duplicates: order?.duplicates ?? 0,
                lastReceiveAge: last == 0 ? nil : Double(nowNanos > last ? nowNanos - last : 0) / 1e9,
                flaps: record.counters.flaps.load(ordering: .relaxed),
                sending: sent.map { SendingModel($0, packetSize: packetSize) } ?? SendingModel(),
                binding: record.binding, reconnect: record.reconnectStatus(at: .uptimeNanoseconds(nowNanos)))
        }
        // What the peer says of a path this end does not have describes nothing it can show.
        var peer = life.peerReport.map { PeerReport($0, packetSize: packetSize) }
        peer?.paths.removeAll { sent in !all.contains { $0.id == sent.id } }
        var sessionState = life.phase
        if sessionState == .running && !paths.contains(where: { $0.state.carriesData }) {
            sessionState = .stalled
        }
        return SessionSnapshot(
            sessionID: id.description, role: role, state: sessionState, failureReason: life.failureReason,
            uptime: clock.seconds(nowNanos), scheduler: sender.scheduler,
            workload: .init(
                direction: SessionSnapshot.Workload.Direction(parameters.direction),
                totalBytes: parameters.totalBytes == 0 ? nil : parameters.totalBytes,
                packetSize: Int(parameters.packetSize),
                rateBps: parameters.rate == 0 ? nil : Double(parameters.rate) * 8),
            deliveredBytes: counts.delivered, verifiedBytes: counts.verified, corruptBytes: counts.corrupt,
            sentBytes: send.sentBytes, reorderDepth: mux.depth, reorderHighWater: mux.highWater,
            headOfLineStallSeconds: Double(mux.stallNanos) / 1e9, deliveryOrderViolations: mux.deliveryOrderViolations,
            duplicatesDropped: mux.duplicates, reorderEvents: mux.reorderEvents, paths: paths, failovers: events,
            peer: peer, reorderDepthBytes: mux.bufferedBytes,
            failoverCounts: failoverCounts, limitHits: limits.current, encryption: encryption,
            endedAt: life.endedNanos.map(clock.seconds),
            receiveWindow: .init(advertisedPackets: mux.advertisedWindow, budgetPackets: mux.windowBudget),
            peerWindowPackets: send.peerWindow, windowLimitedSeconds: Double(send.windowLimitedNanos) / 1e9)
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
