/// One consistent reading of a session's metrics: what the dashboard draws, what `--headless` prints
/// as NDJSON and what the exporters publish. Times are seconds since the session started; RTTs are
/// microseconds. Counters are cumulative: consumers derive rates over their own window with
/// ``ThroughputHistory``.
public struct SessionSnapshot: Sendable, Equatable {
    public var sessionID: String
    public var role: Role
    public var state: SessionState
    /// Why the session ended badly, when it did.
    public var failureReason: String?
    public var uptime: Double
    /// Seconds since the session started when it ended (completed or failed); nil while it runs.
    public var endedAt: Double?
    public var scheduler: SchedulerKind
    public var encryption: Encryption
    public var workload: Workload

    public var deliveredBytes: UInt64
    public var verifiedBytes: UInt64
    public var corruptBytes: UInt64
    public var sentBytes: UInt64
    public var reorderDepth: Int
    /// Out-of-order payload bytes the reorder buffer holds now.
    public var reorderDepthBytes: Int
    public var reorderHighWater: Int
    public var headOfLineStallSeconds: Double
    public var deliveryOrderViolations: UInt64
    public var duplicatesDropped: UInt64
    public var reorderEvents: UInt64
    /// This end's receive window: what it advertises now and the most it may grow to.
    public var receiveWindow: ReceiveWindow
    /// The peer's receive window as this end's sender uses it, in packets.
    public var peerWindowPackets: UInt64
    /// Seconds this end had data and a path with room but waited for the peer's window.
    public var windowLimitedSeconds: Double

    public var paths: [PathSnapshot]
    /// The most recent failover events, oldest first.
    public var failovers: [FailoverEvent]
    /// Every failover event since the session started, by path and cause.
    public var failoverCounts: [FailoverCount]
    /// The peer's receive-side summary, from its last STATS frame.
    public var peer: PeerReport?
    /// What this session refused because a peer went beyond a limit.
    public var limitHits: LimitHits

    /// Failover events since the session started, including those no longer in `failovers`.
    public var failoverTotal: UInt64 { failoverCounts.reduce(0) { $0 + $1.events } }

    /// The run's time: from the session's start to its end, or to this reading while it runs.
    public var runSeconds: Double { endedAt ?? uptime }

    /// `packets` full packets of this session, in bytes (saturating: a peer's count is untrusted).
    public func bytes(packets: some BinaryInteger) -> UInt64 {
        let (product, overflow) = UInt64(clamping: packets).multipliedReportingOverflow(
            by: UInt64(clamping: workload.packetSize))
        return overflow ? .max : product
    }

    /// The run's goodput: bytes delivered in order over ``runSeconds``, in bit/s.
    public var runGoodputBps: Double { runSeconds > 0 ? Double(deliveredBytes) * 8 / runSeconds : 0 }

    public enum Role: String, Sendable, Codable { case client, server }

    public enum SessionState: String, Sendable, Codable, CaseIterable {
        case connecting
        case running
        /// No path can carry data: the transfer waits for one to come back.
        case stalled
        case completed
        case failed
    }

    public struct Workload: Sendable, Equatable, Codable {
        public enum Direction: String, Sendable, Codable, CaseIterable { case download, upload, both }
        public var direction: Direction
        /// Bytes per direction; nil when the run is bounded by time instead.
        public var totalBytes: UInt64?
        public var packetSize: Int
        /// The application's rate per direction (bits per second); nil: unpaced.
        public var rateBps: Double?

        /// A receive window in packets; bytes follow from the session's packet size.
        public struct ReceiveWindow: Sendable, Equatable {
            /// Advertised now, packets beyond the last in-order one.
            public var advertisedPackets: Int
            /// The most the window may grow to (the session's memory budget over the packet size).
            public var budgetPackets: Int

            public init(advertisedPackets: Int = 0, budgetPackets: Int = 0) {
                self.advertisedPackets = advertisedPackets
                self.budgetPackets = budgetPackets
            }
        }

        public init(direction: Direction, totalBytes: UInt64?, packetSize: Int, rateBps: Double? = nil) {
            self.direction = direction
            self.totalBytes = totalBytes
            self.packetSize = packetSize
            self.rateBps = rateBps
        }
    }

    /// A receive window in packets; bytes follow from the session's packet size.
    public struct ReceiveWindow: Sendable, Equatable {
        /// Advertised now, packets beyond the last in-order one.
        public var advertisedPackets: Int
        /// The most the window may grow to (the session's memory budget over the packet size).
        public var budgetPackets: Int

        public init(advertisedPackets: Int = 0, budgetPackets: Int = 0) {
            self.advertisedPackets = advertisedPackets
            self.budgetPackets = budgetPackets
        }
    }

    public init(
        sessionID: String, role: Role, state: SessionState, failureReason: String? = nil, uptime: Double,
        scheduler: SchedulerKind, workload: Workload, deliveredBytes: UInt64, verifiedBytes: UInt64,
        corruptBytes: UInt64, sentBytes: UInt64, reorderDepth: Int, reorderHighWater: Int,
        headOfLineStallSeconds: Double,
        deliveryOrderViolations: UInt64, duplicatesDropped: UInt64, reorderEvents: UInt64,
        paths: [PathSnapshot], failovers: [FailoverEvent], peer: PeerReport? = nil,
        reorderDepthBytes: Int = 0, failoverCounts: [FailoverCount]? = nil, limitHits: LimitHits = LimitHits(),
        encryption: Encryption = .plaintext, endedAt: Double? = nil, receiveWindow: ReceiveWindow = ReceiveWindow(),
        peerWindowPackets: UInt64 = 0, windowLimitedSeconds: Double = 0
    ) {
        self.sessionID = sessionID
        self.role = role
        self.state = state
        self.failureReason = failureReason
        self.uptime = uptime
        self.scheduler = scheduler
        self.encryption = encryption
        self.workload = workload
        self.deliveredBytes = deliveredBytes
        self.verifiedBytes = verifiedBytes
        self.corruptBytes = corruptBytes
        self.sentBytes = sentBytes
        self.reorderDepth = reorderDepth
        self.reorderDepthBytes = reorderDepthBytes
        self.reorderHighWater = reorderHighWater
        self.headOfLineStallSeconds = headOfLineStallSeconds
        self.deliveryOrderViolations = deliveryOrderViolations
        self.duplicatesDropped = duplicatesDropped
        self.reorderEvents = reorderEvents
        self.paths = paths
        self.failovers = failovers
        self.failoverCounts = failoverCounts ?? FailoverCount.tally(failovers)
        self.peer = peer
        self.limitHits = limitHits
        self.endedAt = endedAt
        self.receiveWindow = receiveWindow
        self.peerWindowPackets = peerWindowPackets
        self.windowLimitedSeconds = windowLimitedSeconds
    }
}
