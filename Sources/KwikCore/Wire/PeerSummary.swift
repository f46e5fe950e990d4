import KwikSnapshot

/// The payload of a STATS frame: what an end says about the bytes it received from its peer, and
/// about its own sender (the scheduler, the window it is given and each path's sending model), so
/// the end that receives the data can show how it was sent.
public struct PeerSummary: Sendable, Equatable {
    public var deliveredBytes: UInt64
    public var verifiedBytes: UInt64
    public var corruptBytes: UInt64
    public var deliveryOrderViolations: UInt64
    public var duplicatesDropped: UInt64
    public var orderingViolations: UInt64
    public var scheduler: SchedulerKind
    /// The receiver's window as the sender uses it, in packets.
    public var peerWindow: UInt64
    /// Time the sender had data and a path with room but waited for the window.
    public var windowLimitedNanos: UInt64
    /// At most one per path id, each in 1...`Sender.highestPathID`.
    public var paths: [PathSending]

    /// The most path entries a STATS frame holds: one per path id a sender can have.
    public static let maximumPaths = Sender.highestPathID
    /// An RTT on the wire that stands for "no sample yet".
    static let noRTT = UInt64.max

    /// One path's sending model, in the sender's units.
    public struct PathSending: Sendable, Equatable {
        public var pathID: UInt16
        /// Packets.
        public var inFlightTarget: UInt64
        /// Bytes per second.
        public var deliveryRate: UInt64
        /// Nanoseconds; nil before the first sample (`UInt64.max` on the wire).
        public var minRTTNanos: UInt64?
        public var smoothedRTTNanos: UInt64?
        public var headOfLineNanos: UInt64
        public var opportunisticReinjections: UInt64

        public init(
            pathID: UInt16, inFlightTarget: UInt64 = 0, deliveryRate: UInt64 = 0, minRTTNanos: UInt64? = nil,
            smoothedRTTNanos: UInt64? = nil, headOfLineNanos: UInt64 = 0, opportunisticReinjections: UInt64 = 0
        ) {
            self.pathID = pathID
            self.inFlightTarget = inFlightTarget
            self.deliveryRate = deliveryRate
            self.minRTTNanos = minRTTNanos
            self.smoothedRTTNanos = smoothedRTTNanos
            self.headOfLineNanos = headOfLineNanos
            self.opportunisticReinjections = opportunisticReinjections
        }
    }

    public init(
        deliveredBytes: UInt64, verifiedBytes: UInt64, corruptBytes: UInt64,
        deliveryOrderViolations: UInt64, duplicatesDropped: UInt64, orderingViolations: UInt64,
        scheduler: SchedulerKind = .ecf, peerWindow: UInt64 = 0, windowLimitedNanos: UInt64 = 0,
        paths: [PathSending] = []
    ) {
        self.deliveredBytes = deliveredBytes
        self.verifiedBytes = verifiedBytes
        self.corruptBytes = corruptBytes
        self.deliveryOrderViolations = deliveryOrderViolations
        self.duplicatesDropped = duplicatesDropped
        self.orderingViolations = orderingViolations
        self.scheduler = scheduler
        self.peerWindow = peerWindow
        self.windowLimitedNanos = windowLimitedNanos
        self.paths = paths
    }
}
