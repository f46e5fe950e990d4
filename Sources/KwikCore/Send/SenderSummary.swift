import KwikSnapshot

/// The sender's counters, read together.
public struct SenderSummary: Sendable {
    public var nextSequence: UInt64
    public var cumulative: UInt64
    public var queued: Int
    public var sentBytes: UInt64
    public var sourceExhausted: Bool
    /// The peer's receive window as this end uses it (after the `maximumWindow` clamp), in packets.
    public var peerWindow: UInt64
    /// Time this end had data to send and a path with room, but the peer's window held it back.
    public var windowLimitedNanos: UInt64
    public var paths: [Path]

    public struct Path: Sendable {
        public var id: Int
        public var state: PathState
        public var inFlightPackets: UInt64
        public var reinjectedPackets: UInt64
        public var reinjectedBytes: UInt64
        /// What the path's sending model lets it hold in flight now, in packets (never above the
        /// in-flight limit).
        public var inFlightTarget: UInt64
        /// Estimated delivery rate, bytes per second; 0 before the first estimate.
        public var deliveryRate: Double
        /// The sending model's minimum RTT (windowed), microseconds; nil before the first sample.
        public var minRTT: Double?
        /// Smoothed RTT, microseconds; nil before the first sample.
        public var smoothedRTT: Double?
        /// Time the window was full while its head was a packet this path carried.
        public var headOfLineNanos: UInt64
        /// Packets this path held at the head of a full window that were sent again on a faster path.
        public var opportunisticReinjections: UInt64

        /// Smoothed minus minimum RTT, microseconds: the queue the path holds.
        public var queueingDelay: Double? {
            guard let smoothedRTT, let minRTT else { return nil }
            return max(0, smoothedRTT - minRTT)
        }
    }
}
