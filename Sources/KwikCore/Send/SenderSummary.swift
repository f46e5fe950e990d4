import KwikSnapshot

/// The sender's counters, read together.
public struct SenderSummary: Sendable {
    public var nextSequence: UInt64
    public var cumulative: UInt64
    public var queued: Int
    public var sentBytes: UInt64
    public var sourceExhausted: Bool
    public var paths: [Path]

    public struct Path: Sendable {
        public var id: Int
        public var state: PathState
        public var inFlightPackets: UInt64
        public var reinjectedPackets: UInt64
        public var reinjectedBytes: UInt64
    }
}
