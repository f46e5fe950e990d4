/// Rates over one span of a session, derived from its cumulative counters by ``ThroughputHistory``.
public struct ThroughputRates: Sendable, Equatable {
    public struct Path: Sendable, Equatable {
        public var rxBps: Double
        public var txBps: Double
        /// Fraction (0...1) of the bytes delivered over the span that arrived on this path.
        public var deliveredShare: Double

        public init(rxBps: Double = 0, txBps: Double = 0, deliveredShare: Double = 0) {
            self.rxBps = rxBps
            self.txBps = txBps
            self.deliveredShare = deliveredShare
        }
    }

    /// Verified in-order bytes delivered, in bit/s.
    public var goodputBps: Double
    /// What the peer delivered of this end's data, in bit/s, as its STATS tell (they come a few times
    /// a second, so this rate moves in steps over short windows).
    public var peerGoodputBps: Double
    /// By path id; a path not in it had nothing to measure.
    public var paths: [Int: Path]

    public init(goodputBps: Double = 0, peerGoodputBps: Double = 0, paths: [Int: Path] = [:]) {
        self.goodputBps = goodputBps
        self.peerGoodputBps = peerGoodputBps
        self.paths = paths
    }

    public subscript(path id: Int) -> Path { paths[id] ?? Path() }
}
