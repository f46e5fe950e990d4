import Foundation

/// The NDJSON form of a snapshot, as `--headless` prints it: snake_case keys, rates in bit/s, RTTs
/// in microseconds, times in seconds since the session started.
public enum SnapshotJSON {
    /// `goodput_bps` is always the run's goodput so far (``SessionSnapshot/runGoodputBps``);
    /// `recent_goodput_bps` is the goodput of `recent`.
    /// - Parameters:
    ///   - rates: the per-path rates to print beside the snapshot's counters (from a ``ThroughputHistory``).
    ///   - recent: the rates over the last averaging window; `rates` when not given.
    /// - Throws: `EncodingError` when a value cannot be written as JSON.
    public static func line(
        _ snapshot: SessionSnapshot, rates: ThroughputRates, recent: ThroughputRates? = nil, final: Bool = false
    ) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let record = Record(snapshot, rates: rates, recentGoodputBps: (recent ?? rates).goodputBps, final: final)
        let data = try encoder.encode(record)
        return String(decoding: data, as: UTF8.self)
    }

    struct Record: Encodable {
        var final: Bool
        var time: Double
        var session: String
        var role: String
        var state: String
        var failureReason: String?
        var scheduler: String
        var encryption: String
        var workload: String
        var totalBytes: UInt64?
        var packetSize: Int
        /// The application's rate per direction; absent: unpaced.
        var workloadRateBps: Double?
        /// Delivered bytes over `run_seconds`: the run's result on the final line.
        var goodputBps: Double
        var recentGoodputBps: Double
        var runSeconds: Double
        var deliveredBytes: UInt64
        var verifiedBytes: UInt64
        var corruptBytes: UInt64
        var sentBytes: UInt64
        var deliveryOrderViolations: UInt64
        var duplicatesDropped: UInt64
        var reorderDepth: Int
        var reorderDepthBytes: Int
        var reorderHighWater: Int
        var reorderEvents: UInt64
        var headOfLineStallMs: Double
        var receiveWindowPackets, receiveWindowBudgetPackets: Int
        var receiveWindowBytes, receiveWindowBudgetBytes: UInt64
        /// This end's sender: the peer's window as it uses it, and the time that window held it back.
        var peerWindowPackets: UInt64
        var windowLimitedMs: Double
        var paths: [Path]
        var failovers: [Failover]
        var failoversTotal: UInt64
        var failoverCounts: [FailoverTally]
        var peer: Peer?
        /// Keyed by the limits' snake_case names.
        var limitHits: [String: UInt64]

        init(_ s: SessionSnapshot, rates: ThroughputRates, recentGoodputBps: Double, final: Bool) {
            self.final = final
            time = s.uptime
            session = s.sessionID
            role = s.role.rawValue
            state = s.state.rawValue
            failureReason = s.failureReason
            scheduler = s.scheduler.rawValue
            encryption = s.encryption.rawValue
            workload = s.workload.direction.rawValue
            totalBytes = s.workload.totalBytes
            packetSize = s.workload.packetSize
            workloadRateBps = s.workload.rateBps
            goodputBps = s.runGoodputBps
            self.recentGoodputBps = recentGoodputBps
            runSeconds = s.runSeconds
            deliveredBytes = s.deliveredBytes
            verifiedBytes = s.verifiedBytes
            corruptBytes = s.corruptBytes
            sentBytes = s.sentBytes
            deliveryOrderViolations = s.deliveryOrderViolations
            duplicatesDropped = s.duplicatesDropped
            reorderDepth = s.reorderDepth
            reorderDepthBytes = s.reorderDepthBytes
            reorderHighWater = s.reorderHighWater
            reorderEvents = s.reorderEvents
            headOfLineStallMs = s.headOfLineStallSeconds * 1000
            receiveWindowPackets = s.receiveWindow.advertisedPackets
            receiveWindowBudgetPackets = s.receiveWindow.budgetPackets
            receiveWindowBytes = s.bytes(packets: s.receiveWindow.advertisedPackets)
            receiveWindowBudgetBytes = s.bytes(packets: s.receiveWindow.budgetPackets)
            peerWindowPackets = s.peerWindowPackets
            windowLimitedMs = s.windowLimitedSeconds * 1000
            paths = s.paths.map { Path($0, rates: rates[path: $0.id]) }
            failovers = s.failovers.map(Failover.init)
            failoversTotal = s.failoverTotal
            failoverCounts = s.failoverCounts.map(FailoverTally.init)
            peer = s.peer.map(Peer.init)
            limitHits = Dictionary(uniqueKeysWithValues: Limit.perSession.map { ($0.rawValue, s.limitHits[$0]) })
        }
    }

    struct Path: Encodable {
        var id: Int
        var endpoint: String
        var state: String
        var blackholed: Bool
        var rxBytes, txBytes, rxPackets, txPackets, deliveredBytes: UInt64
        var rxBps, txBps, share: Double
        var srttUs, rttvarUs, minRttUs, maxRttUs, rttP50Us, rttP99Us: Double?
        var bytesInFlight: UInt64
        var poolGets, poolHits, poolMisses, poolReturns, poolDropped: UInt64
        var poolHitRate: Double
        var poolOutstanding, poolHighWater: Int
        var allocFreePackets, orderingViolations, reinjectedPackets, reinjectedBytes, duplicates, flaps: UInt64
        var peerReinjectedPackets, peerReinjectedBytes: UInt64
        var lastRxAgeMs: Double?
        /// This end's sending model of the path (the peer's is in `peer.paths`).
        var inflightTargetBytes: UInt64
        var deliveryRateBps: Double
        var modelMinRttUs, modelSrttUs, queueingDelayUs: Double?
        var holBlockingMs: Double
        var opportunisticReinjections: UInt64
        var localAddress, interface: String?
        var reconnect: Reconnect?

        struct Reconnect: Encodable {
            var attempt: Int
            var nextInS: Double?
            var lastError: String?
            var summary: String
        }

        init(_ p: PathSnapshot, rates: ThroughputRates.Path) {
            id = p.id
            endpoint = p.endpoint
            state = p.state.rawValue
            blackholed = p.isBlackholed
            rxBytes = p.rxBytes
            txBytes = p.txBytes
            rxPackets = p.rxPackets
            txPackets = p.txPackets
            deliveredBytes = p.deliveredBytes
            rxBps = rates.rxBps
            txBps = rates.txBps
            share = rates.deliveredShare
            srttUs = p.rtt?.smoothed
            rttvarUs = p.rtt?.variance
            minRttUs = p.rtt?.min
            maxRttUs = p.rtt?.max
            rttP50Us = p.rtt?.p50
            rttP99Us = p.rtt?.p99
            bytesInFlight = p.bytesInFlight
            poolGets = p.pool.gets
            poolHits = p.pool.hits
            poolMisses = p.pool.misses
            poolReturns = p.pool.returns
            poolDropped = p.pool.dropped
            poolHitRate = p.pool.hitRate
            poolOutstanding = p.pool.outstanding
            poolHighWater = p.pool.highWater
            allocFreePackets = p.allocationFreePackets
            orderingViolations = p.orderingViolations
            reinjectedPackets = p.reinjectedPackets
            reinjectedBytes = p.reinjectedBytes
            peerReinjectedPackets = p.peerReinjectedPackets
            peerReinjectedBytes = p.peerReinjectedBytes
            duplicates = p.duplicates
            flaps = p.flaps
            lastRxAgeMs = p.lastReceiveAge.map { $0 * 1000 }
            inflightTargetBytes = p.sending.inFlightTargetBytes
            deliveryRateBps = p.sending.deliveryRateBps
            modelMinRttUs = p.sending.minRTT
            modelSrttUs = p.sending.smoothedRTT
            queueingDelayUs = p.sending.queueingDelay
            holBlockingMs = p.sending.headOfLineSeconds * 1000
            opportunisticReinjections = p.sending.opportunisticReinjections
            localAddress = p.binding?.local
            interface = p.binding?.interface
            reconnect = p.reconnect.map {
                Reconnect(attempt: $0.attempt, nextInS: $0.nextIn, lastError: $0.lastError, summary: $0.summary)
            }
        }
    }

    struct Failover: Encodable {
        var path: Int
        var cause: String
        var detectedAt: Double
        var firstReinjectionAt: Double?
        var resumedAt: Double?
        var resumeMs: Double?
        var reinjectedPackets, reinjectedBytes: UInt64

        init(_ f: FailoverEvent) {
            path = f.path
            cause = f.cause.rawValue
            detectedAt = f.detectedAt
            firstReinjectionAt = f.firstReinjectionAt
            resumedAt = f.resumedAt
            resumeMs = f.resumeMilliseconds
            reinjectedPackets = f.reinjectedPackets
            reinjectedBytes = f.reinjectedBytes
        }
    }

    struct FailoverTally: Encodable {
        var path: Int
        var cause: String
        var events: UInt64

        init(_ c: FailoverCount) {
            path = c.path
            cause = c.cause.rawValue
            events = c.events
        }
    }
}
