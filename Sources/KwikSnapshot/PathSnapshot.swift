/// One path's cumulative counters and state at one instant (see ``SessionSnapshot`` for units).
public struct PathSnapshot: Sendable, Equatable {
    public var id: Int
    public var endpoint: String
    public var state: PathState

    public var rxBytes: UInt64
    public var txBytes: UInt64
    public var rxPackets: UInt64
    public var txPackets: UInt64
    /// Bytes delivered in order that arrived on this path (its share of the stream).
    public var deliveredBytes: UInt64
    /// Black-holed from this end: the connection stays open but drops everything (`restore` ends it).
    public var isBlackholed: Bool

    public var rtt: RTTSummary?
    public var bytesInFlight: UInt64

    public var pool: PoolCounters
    /// DATA packets whose buffer came from the pool's free list, with no heap allocation.
    public var allocationFreePackets: UInt64
    /// DATA packets whose path sequence was not the path's previous one + 1.
    public var orderingViolations: UInt64
    public var reinjectedPackets: UInt64
    public var reinjectedBytes: UInt64
    /// What the peer re-injected of what was in flight to this end on this path (its FAILOVER notices).
    public var peerReinjectedPackets: UInt64
    public var peerReinjectedBytes: UInt64
    /// Packets received on this path that the session had already delivered or buffered.
    public var duplicates: UInt64
    /// Seconds since the last frame arrived on this path; nil before the first one.
    public var lastReceiveAge: Double?
    /// Times the path went stale and recovered: a path that flaps re-injects its window each time.
    public var flaps: UInt64
    /// This end's sending model of the path (zeros when it sends nothing on it).
    public var sending: SendingModel
    /// The local end of the path's connection; nil before it connects.
    public var binding: PathBinding?
    /// Set while the client works to bring the path back.
    public var reconnect: ReconnectStatus?

    public init(
        id: Int, endpoint: String, state: PathState, rxBytes: UInt64 = 0, txBytes: UInt64 = 0,
        rxPackets: UInt64 = 0, txPackets: UInt64 = 0, deliveredBytes: UInt64 = 0, isBlackholed: Bool = false,
        rtt: RTTSummary? = nil, bytesInFlight: UInt64 = 0,
        pool: PoolCounters = PoolCounters(), allocationFreePackets: UInt64 = 0, orderingViolations: UInt64 = 0,
        reinjectedPackets: UInt64 = 0, reinjectedBytes: UInt64 = 0, peerReinjectedPackets: UInt64 = 0,
        peerReinjectedBytes: UInt64 = 0, duplicates: UInt64 = 0,
        lastReceiveAge: Double? = nil, flaps: UInt64 = 0, sending: SendingModel = SendingModel(),
        binding: PathBinding? = nil, reconnect: ReconnectStatus? = nil
    ) {
        self.id = id
        self.endpoint = endpoint
        self.state = state
        self.rxBytes = rxBytes
        self.txBytes = txBytes
        self.rxPackets = rxPackets
        self.txPackets = txPackets
        self.deliveredBytes = deliveredBytes
        self.isBlackholed = isBlackholed
        self.rtt = rtt
        self.bytesInFlight = bytesInFlight
        self.pool = pool
        self.allocationFreePackets = allocationFreePackets
        self.orderingViolations = orderingViolations
        self.reinjectedPackets = reinjectedPackets
        self.reinjectedBytes = reinjectedBytes
        self.peerReinjectedPackets = peerReinjectedPackets
        self.peerReinjectedBytes = peerReinjectedBytes
        self.duplicates = duplicates
        self.lastReceiveAge = lastReceiveAge
        self.flaps = flaps
        self.sending = sending
        self.binding = binding
        self.reconnect = reconnect
    }
}

/// Round-trip time statistics from PING/PONG, in microseconds.
public struct RTTSummary: Sendable, Equatable {
    public var smoothed: Double
    public var variance: Double
    public var min: Double
    public var max: Double
    public var p50: Double
    public var p99: Double
    public var samples: UInt64

    public init(smoothed: Double, variance: Double, min: Double, max: Double, p50: Double, p99: Double, samples: UInt64)
    {
        self.smoothed = smoothed
        self.variance = variance
        self.min = min
        self.max = max
        self.p50 = p50
        self.p99 = p99
        self.samples = samples
    }
}

/// A path buffer pool's counters. A miss is a real heap allocation.
public struct PoolCounters: Sendable, Equatable {
    public var gets: UInt64
    public var hits: UInt64
    public var misses: UInt64
    public var returns: UInt64
    /// Returned buffers released because the free list already held its maximum.
    public var dropped: UInt64
    public var outstanding: Int
    public var highWater: Int

    public init(
        gets: UInt64 = 0, hits: UInt64 = 0, misses: UInt64 = 0, returns: UInt64 = 0, dropped: UInt64 = 0,
        outstanding: Int = 0,
        highWater: Int = 0
    ) {
        self.gets = gets
        self.hits = hits
        self.misses = misses
        self.returns = returns
        self.dropped = dropped
        self.outstanding = outstanding
        self.highWater = highWater
    }

    /// Hits over gets, in 0...1; 1 when nothing was asked yet.
    public var hitRate: Double { gets == 0 ? 1 : Double(hits) / Double(gets) }
}
