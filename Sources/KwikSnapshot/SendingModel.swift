/// What the sender of a path's data models of that path: how much it lets the path hold in flight,
/// how fast the path delivers and the queue it builds. These are the figures of whichever end sends:
/// ``SessionSnapshot/sendingModel(_:path:)`` picks ours or the peer's.
public struct SendingModel: Sendable, Equatable {
    /// Bytes the model lets the path hold in flight now (near its bandwidth-delay product).
    public var inFlightTargetBytes: UInt64
    /// Delivery-rate estimate, bit/s; 0 before the first estimate.
    public var deliveryRateBps: Double
    /// The model's windowed minimum RTT, microseconds; nil before the first sample.
    public var minRTT: Double?
    /// Smoothed RTT as the sender measures it, microseconds; nil before the first sample.
    public var smoothedRTT: Double?
    /// Seconds the window was full while its head was a packet this path carried.
    public var headOfLineSeconds: Double
    /// Packets this path held at the head of a full window that were sent again on a faster path.
    public var opportunisticReinjections: UInt64

    public init(
        inFlightTargetBytes: UInt64 = 0, deliveryRateBps: Double = 0, minRTT: Double? = nil,
        smoothedRTT: Double? = nil, headOfLineSeconds: Double = 0, opportunisticReinjections: UInt64 = 0
    ) {
        self.inFlightTargetBytes = inFlightTargetBytes
        self.deliveryRateBps = deliveryRateBps
        self.minRTT = minRTT
        self.smoothedRTT = smoothedRTT
        self.headOfLineSeconds = headOfLineSeconds
        self.opportunisticReinjections = opportunisticReinjections
    }

    /// Smoothed minus minimum RTT, microseconds: the queue the path holds; nil until both are known.
    public var queueingDelay: Double? {
        guard let smoothedRTT, let minRTT else { return nil }
        return max(0, smoothedRTT - minRTT)
    }
}

/// Which way data flows on a path, seen from this end: what it sends (its own sender's figures) or
/// what it receives (the peer's sender's figures, from its STATS).
public enum DataDirection: String, Sendable, CaseIterable {
    case send, receive
}

extension SessionSnapshot {
    /// The directions the workload carries data in, seen from this end, sending first.
    public var dataDirections: [DataDirection] {
        switch (workload.direction, role) {
        case (.both, _): [.send, .receive]
        case (.download, .server), (.upload, .client): [.send]
        case (.download, .client), (.upload, .server): [.receive]
        }
    }

    /// The sending model of the data that flows `direction` on path `id`: this end's for `send`,
    /// the peer's for `receive` (nil until its STATS name the path).
    public func sendingModel(_ direction: DataDirection, path id: Int) -> SendingModel? {
        switch direction {
        case .send: paths.first { $0.id == id }?.sending
        case .receive: peer?.paths.first { $0.id == id }?.sending
        }
    }
}
