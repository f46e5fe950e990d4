import KwikSnapshot

/// Realistic, deterministic sessions: one snapshot per step of a quarter second, with cumulative
/// counters that grow at each path's rate (a slow wave, so sparklines and stacked graphs have shape).
public enum SnapshotFixtures {
    /// Seconds between two steps.
    public static let stepSeconds = 0.25
    /// Uptime at step 0: long enough for the header to show minutes.
    public static let firstUptime = 724.5

    static let states: [PathState] = [
        .active, .active, .standby, .disabled, .stale, .failed, .reconnecting, .connecting,
    ]

    public static func state(ofPath id: Int, of count: Int) -> PathState {
        count == 1 ? .active : states[(id - 1) % states.count]
    }

    /// The rx rate (bit/s) of path `id` during `step`; step 0 stands for the whole time before it.
    public static func rxRate(ofPath id: Int, of count: Int, step: Int) -> Double {
        let state = state(ofPath: id, of: count)
        let base = state == .active ? 1_200_000_000.0 / Double(id) : state == .standby ? 4_000_000 : 0
        let wave = step == 0 ? 1 : 1 + 0.5 * Double((step * (id + 2)) % 17) / 17
        return base * wave
    }

    public static func uptime(step: Int) -> Double { firstUptime + Double(step) * stepSeconds }

    /// Bytes path `id` received from the start up to `step`.
    public static func rxBytes(ofPath id: Int, of count: Int, step: Int) -> UInt64 {
        var bits = rxRate(ofPath: id, of: count, step: 0) * firstUptime
        if step > 0 {
            for k in 1...step { bits += rxRate(ofPath: id, of: count, step: k) * stepSeconds }
        }
        return UInt64(bits / 8)
    }

    public static func path(_ id: Int, of count: Int, step: Int) -> PathSnapshot {
        let state = state(ofPath: id, of: count)
        let rxBytes = rxBytes(ofPath: id, of: count, step: step)
        return PathSnapshot(
            id: id, endpoint: "10.0.\(id).2:4433", state: state,
            rxBytes: rxBytes, txBytes: rxBytes / 50, rxPackets: rxBytes / 1200, txPackets: rxBytes / 60_000,
            deliveredBytes: rxBytes, isBlackholed: state == .stale,
            rtt: state == .failed
                ? nil
                : RTTSummary(
                    smoothed: 400 + Double(id) * 4_350, variance: 120, min: 380, max: 9_000, p50: 410, p99: 8_000,
                    samples: 500),
            bytesInFlight: 64_000,
            pool: PoolCounters(
                gets: 100_000 * UInt64(id), hits: 100_000 * UInt64(id) - UInt64(id * id), misses: UInt64(id * id),
                returns: 99_000, outstanding: 40, highWater: 256),
            allocationFreePackets: 99_000 * UInt64(id), orderingViolations: id == 3 ? 2 : 0,
            reinjectedPackets: state == .stale ? 412 : 0, reinjectedBytes: state == .stale ? 494_400 : 0,
            duplicates: 0, lastReceiveAge: 0.01)
    }

    public static func snapshot(paths count: Int, step: Int = 0) -> SessionSnapshot {
        let paths = (1...count).map { path($0, of: count, step: step) }
        let failovers: [FailoverEvent] =
            count < 4
            ? []
            : [
                FailoverEvent(
                    path: 4, cause: .disabled, detectedAt: 12.5, firstReinjectionAt: 12.51, resumedAt: 12.5184,
                    reinjectedPackets: 20, reinjectedBytes: 24_000),
                FailoverEvent(
                    path: 5, cause: .stale, detectedAt: 31.25, firstReinjectionAt: 31.3,
                    reinjectedPackets: 412, reinjectedBytes: 494_400),
            ]
        let delivered = paths.reduce(0) { $0 + $1.deliveredBytes }
        // A download: the client's own sender has nothing to model; the server's comes in its STATS.
        let peer = PeerReport(
            deliveredBytes: 1_000_000, verifiedBytes: 1_000_000, corruptBytes: 0, deliveryOrderViolations: 0,
            duplicatesDropped: 0, orderingViolations: 0, scheduler: .minrtt, peerWindowPackets: 512,
            windowLimitedSeconds: 1.25, paths: paths.filter { $0.state.carriesData }.map { peerSending(of: $0) })
        return SessionSnapshot(
            sessionID: "7f3a9c21", role: .client, state: .running, uptime: uptime(step: step), scheduler: .minrtt,
            workload: .init(direction: .download, totalBytes: nil, packetSize: 1200), deliveredBytes: delivered,
            verifiedBytes: delivered, corruptBytes: 0, sentBytes: 1_000_000, reorderDepth: 12, reorderHighWater: 340,
            headOfLineStallSeconds: 0.2, deliveryOrderViolations: 0, duplicatesDropped: 3, reorderEvents: 77,
            paths: paths, failovers: failovers, peer: peer,
            receiveWindow: .init(advertisedPackets: 512, budgetPackets: 2048))
    }

    /// The server's sending model of a path: a queue of a few ms above a 380 µs floor on path 1,
    /// growing with the id; the first path has not been blocking anything.
    static func peerSending(of path: PathSnapshot) -> PeerReport.Path {
        let rate = rxRate(ofPath: path.id, of: 2, step: 0)
        return PeerReport.Path(
            id: path.id,
            sending: SendingModel(
                inFlightTargetBytes: UInt64(rate / 8 * 380e-6) + 12_000 * UInt64(path.id), deliveryRateBps: rate,
                minRTT: 380, smoothedRTT: path.rtt?.smoothed, headOfLineSeconds: 0.002 * Double(path.id - 1),
                opportunisticReinjections: UInt64(path.id - 1) * 7))
    }
}
