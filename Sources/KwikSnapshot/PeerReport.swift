/// What the peer reported about the bytes it received from us, from its last STATS frame.
public struct PeerReport: Sendable, Equatable {
    public var deliveredBytes: UInt64
    public var verifiedBytes: UInt64
    public var corruptBytes: UInt64
    public var deliveryOrderViolations: UInt64
    public var duplicatesDropped: UInt64
    public var orderingViolations: UInt64
    /// The scheduler the peer's sender uses, as it last said.
    public var scheduler: SchedulerKind?

    public init(
        deliveredBytes: UInt64, verifiedBytes: UInt64, corruptBytes: UInt64,
        deliveryOrderViolations: UInt64, duplicatesDropped: UInt64, orderingViolations: UInt64,
        scheduler: SchedulerKind? = nil
    ) {
        self.deliveredBytes = deliveredBytes
        self.verifiedBytes = verifiedBytes
        self.corruptBytes = corruptBytes
        self.deliveryOrderViolations = deliveryOrderViolations
        self.duplicatesDropped = duplicatesDropped
        self.orderingViolations = orderingViolations
        self.scheduler = scheduler
    }
}
