/// What the peer reported, from its last STATS frame: about the bytes it received from us, and about
/// its own sender, which carries the data this end receives.
public struct PeerReport: Sendable, Equatable {
    public var deliveredBytes: UInt64
    public var verifiedBytes: UInt64
    public var corruptBytes: UInt64
    public var deliveryOrderViolations: UInt64
    public var duplicatesDropped: UInt64
    public var orderingViolations: UInt64
    /// The scheduler the peer's sender uses, as it last said.
    public var scheduler: SchedulerKind?
    /// This end's receive window as the peer's sender uses it, in packets.
    public var peerWindowPackets: UInt64
    /// Seconds the peer's sender had data and a path with room but waited for this end's window.
    public var windowLimitedSeconds: Double
    /// The peer's sending model of each path it named, by ascending id.
    public var paths: [Path]

    public struct Path: Sendable, Equatable {
        public var id: Int
        public var sending: SendingModel

        public init(id: Int, sending: SendingModel) {
            self.id = id
            self.sending = sending
        }
    }

    public init(
        deliveredBytes: UInt64, verifiedBytes: UInt64, corruptBytes: UInt64,
        deliveryOrderViolations: UInt64, duplicatesDropped: UInt64, orderingViolations: UInt64,
        scheduler: SchedulerKind? = nil, peerWindowPackets: UInt64 = 0, windowLimitedSeconds: Double = 0,
        paths: [Path] = []
    ) {
        self.deliveredBytes = deliveredBytes
        self.verifiedBytes = verifiedBytes
        self.corruptBytes = corruptBytes
        self.deliveryOrderViolations = deliveryOrderViolations
        self.duplicatesDropped = duplicatesDropped
        self.orderingViolations = orderingViolations
        self.scheduler = scheduler
        self.peerWindowPackets = peerWindowPackets
        self.windowLimitedSeconds = windowLimitedSeconds
        self.paths = paths
    }
}
