/// How a path hands received packets to the multiplexer: the design comparison `kwiktop bench` replays.
public enum ReaderMode: String, Sendable, CaseIterable, Codable {
    /// One reader and one buffer pool per path, synchronous in-order hand-off (the design).
    case perPath = "per-path"
    /// Readers hand packets to one shared worker pool that pushes into the multiplexer (breaks per-path order).
    case globalPool = "global-pool"
    /// No pool: a fresh allocation per packet, and small unbuffered reads.
    case naive
}

/// What one reader mode achieved over a measured interval of `kwiktop bench`.
public struct BenchResult: Sendable, Equatable, Codable {
    public var mode: ReaderMode
    public var seconds: Double
    public var goodputBps: Double
    public var packets: UInt64
    public var verifiedBytes: UInt64
    public var corruptBytes: UInt64
    public var deliveryOrderViolations: UInt64
    /// Packet buffers that had to be allocated (pool misses, or one per packet without a pool), per packet.
    public var bufferAllocationsPerPacket: Double
    /// Every heap allocation of the process during the interval (from the allocator), per packet;
    /// nil where the allocator's counts cannot be had.
    public var processAllocationsPerPacket: Double?
    public var poolHitRate: Double
    /// Send timestamp to in-order delivery, microseconds.
    public var latencyP50Micros: Double
    public var latencyP99Micros: Double
    public var orderingViolations: UInt64
    public var reorderHighWater: Int
    /// Process CPU time (user + system) per GiB delivered.
    public var cpuSecondsPerGibibyte: Double
    /// Runs the figures are the means of (`bench --runs`).
    public var runs = 1
    /// The goodput's sample standard deviation across `runs`; nil for a single run.
    public var goodputDeviationBps: Double?

    public init(
        mode: ReaderMode, seconds: Double, goodputBps: Double, packets: UInt64, verifiedBytes: UInt64,
        corruptBytes: UInt64,
        deliveryOrderViolations: UInt64, bufferAllocationsPerPacket: Double, processAllocationsPerPacket: Double?,
        poolHitRate: Double, latencyP50Micros: Double, latencyP99Micros: Double, orderingViolations: UInt64,
        reorderHighWater: Int, cpuSecondsPerGibibyte: Double
    ) {
        self.mode = mode
        self.seconds = seconds
        self.goodputBps = goodputBps
        self.packets = packets
        self.verifiedBytes = verifiedBytes
        self.corruptBytes = corruptBytes
        self.deliveryOrderViolations = deliveryOrderViolations
        self.bufferAllocationsPerPacket = bufferAllocationsPerPacket
        self.processAllocationsPerPacket = processAllocationsPerPacket
        self.poolHitRate = poolHitRate
        self.latencyP50Micros = latencyP50Micros
        self.latencyP99Micros = latencyP99Micros
        self.orderingViolations = orderingViolations
        self.reorderHighWater = reorderHighWater
        self.cpuSecondsPerGibibyte = cpuSecondsPerGibibyte
    }
}

/// Where a running `kwiktop bench` stands, for the live view.
public struct BenchProgress: Sendable, Equatable {
    public enum Phase: String, Sendable, Codable {
        case warmup
        case measuring
        case finished
    }

    /// The modes in the order they run.
    public var modes: [ReaderMode]
    public var current: ReaderMode?
    public var phase: Phase
    /// Progress of the current mode's warm-up plus measurement, 0...1.
    public var fraction: Double
    /// Results of the modes done so far, in run order.
    public var results: [BenchResult]
    /// The running mode's live session.
    public var session: SessionSnapshot?
    /// Warm-up plus measurement of one mode, all its runs, seconds; 0 when not known.
    public var secondsPerMode: Double
    /// The running mode's run (1-based) of `runs`.
    public var run = 1
    public var runs = 1

    public init(
        modes: [ReaderMode], current: ReaderMode?, phase: Phase, fraction: Double, results: [BenchResult],
        session: SessionSnapshot?, secondsPerMode: Double = 0
    ) {
        self.secondsPerMode = secondsPerMode
        self.modes = modes
        self.current = current
        self.phase = phase
        self.fraction = fraction
        self.results = results
        self.session = session
    }

    /// `value` of a result relative to the same figure of `per-path`, when both exist.
    public func ratio(_ result: BenchResult, _ value: (BenchResult) -> Double) -> Double? {
        guard let base = results.first(where: { $0.mode == .perPath }), value(base) != 0 else { return nil }
        return value(result) / value(base)
    }
}
