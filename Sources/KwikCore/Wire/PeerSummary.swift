import KwikSnapshot

/// The payload of a STATS frame: what an end says about the bytes it received from its peer, and the
/// scheduler its own sender uses.
public struct PeerSummary: Sendable, Equatable {
    public var deliveredBytes: UInt64
    public var verifiedBytes: UInt64
    public var corruptBytes: UInt64
    public var deliveryOrderViolations: UInt64
    public var duplicatesDropped: UInt64
    public var orderingViolations: UInt64
    public var scheduler: SchedulerKind

    public init(
        deliveredBytes: UInt64, verifiedBytes: UInt64, corruptBytes: UInt64,
        deliveryOrderViolations: UInt64, duplicatesDropped: UInt64, orderingViolations: UInt64,
        scheduler: SchedulerKind = .ecf
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
