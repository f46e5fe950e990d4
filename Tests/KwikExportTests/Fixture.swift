import KwikExport
import KwikSnapshot

/// A client session with two paths, an RTT, one resolved and one open failover, and one limit hit.
func fixtureSnapshot(
    id: String = "00ab", rxBytes: UInt64 = 1_000_000, delivered: UInt64 = 2_000_000, failovers: [FailoverEvent]? = nil,
    failoverCounts: [FailoverCount]? = nil
) -> SessionSnapshot {
    let rtt = RTTSummary(smoothed: 2500, variance: 500, min: 1000, max: 9000, p50: 2400, p99: 8000, samples: 10)
    let paths = [
        PathSnapshot(
            id: 1, endpoint: "127.0.0.1:4433", state: .active, rxBytes: rxBytes, txBytes: 300, rxPackets: 61,
            txPackets: 7,
            deliveredBytes: delivered, rtt: rtt, bytesInFlight: 4096,
            pool: PoolCounters(gets: 61, hits: 60, misses: 1, dropped: 4), allocationFreePackets: 60,
            orderingViolations: 0, reinjectedPackets: 0, duplicates: 0, lastReceiveAge: 0.25),
        PathSnapshot(
            id: 2, endpoint: "127.0.0.1:4434", state: .disabled, rxBytes: 5000, reinjectedPackets: 3,
            reinjectedBytes: 49152),
    ]
    return SessionSnapshot(
        sessionID: id, role: .client, state: .running, uptime: 4.5, scheduler: .minrtt,
        workload: .init(direction: .download, totalBytes: nil, packetSize: 16384), deliveredBytes: delivered,
        verifiedBytes: delivered, corruptBytes: 0, sentBytes: 100,
        reorderDepth: 3, reorderHighWater: 9, headOfLineStallSeconds: 0.125, deliveryOrderViolations: 0,
        duplicatesDropped: 2, reorderEvents: 40, paths: paths,
        failovers: failovers ?? [
            FailoverEvent(
                path: 2, cause: .disabled, detectedAt: 1.0, resumedAt: 1.004, reinjectedPackets: 3,
                reinjectedBytes: 49152),
            FailoverEvent(path: 2, cause: .killed, detectedAt: 3.0),
        ],
        peer: PeerReport(
            deliveredBytes: 0, verifiedBytes: 0, corruptBytes: 0, deliveryOrderViolations: 0, duplicatesDropped: 0,
            orderingViolations: 0, peerWindowPackets: 64, windowLimitedSeconds: 0.5,
            paths: [
                .init(
                    id: 1,
                    sending: SendingModel(
                        inFlightTargetBytes: 65536, deliveryRateBps: 8e8, minRTT: 1000, smoothedRTT: 2500,
                        headOfLineSeconds: 0.25, opportunisticReinjections: 3))
            ]),
        reorderDepthBytes: 49152, failoverCounts: failoverCounts, limitHits: LimitHits([.payloadSize: 1]),
        receiveWindow: .init(advertisedPackets: 128, budgetPackets: 1024), windowLimitedSeconds: 9)
}

/// The samples of one exposition: `name{labels}` → value.
func samples(_ exporter: PrometheusExporter) -> [String: Double] {
    var result: [String: Double] = [:]
    for line in String(decoding: exporter.scrape(), as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
        guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
            continue
        }
        result[String(line[..<space])] = value
    }
    return result
}
