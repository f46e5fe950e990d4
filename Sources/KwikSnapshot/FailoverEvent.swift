/// One failover: a path stopped carrying data and its unacknowledged packets moved to other paths.
/// Times are seconds since the session started.
public struct FailoverEvent: Sendable, Equatable {
    public var path: Int
    public var cause: FailoverCause
    public var detectedAt: Double
    public var firstReinjectionAt: Double?
    /// When the data that was in flight on the path had all been delivered again; nil while pending.
    public var resumedAt: Double?
    public var reinjectedPackets: UInt64
    public var reinjectedBytes: UInt64

    public init(
        path: Int, cause: FailoverCause, detectedAt: Double, firstReinjectionAt: Double? = nil,
        resumedAt: Double? = nil, reinjectedPackets: UInt64 = 0, reinjectedBytes: UInt64 = 0
    ) {
        self.path = path
        self.cause = cause
        self.detectedAt = detectedAt
        self.firstReinjectionAt = firstReinjectionAt
        self.resumedAt = resumedAt
        self.reinjectedPackets = reinjectedPackets
        self.reinjectedBytes = reinjectedBytes
    }

    /// Milliseconds from detection to resumed delivery.
    public var resumeMilliseconds: Double? { resumedAt.map { ($0 - detectedAt) * 1000 } }
}
