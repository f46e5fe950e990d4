import KwikSnapshot

/// Recent rx rates per path, all rings sampled at the same instants so they can be stacked.
public struct ThroughputHistory: Equatable, Sendable {
    public let capacity: Int
    /// Path ids in first-seen order, parallel to `rings`.
    public private(set) var pathIDs: [Int] = []
    private var rings: [RingBuffer<Double>] = []
    /// Number of samples taken so far, capped at `capacity`.
    public private(set) var sampleCount = 0

    public init(capacity: Int = 512) { self.capacity = capacity }

    /// Takes one sample of every path's rx rate; paths seen for the first time get zeros before it.
    public mutating func record(_ snapshot: SessionSnapshot) {
        for path in snapshot.paths where !pathIDs.contains(path.id) {
            var ring = RingBuffer<Double>(capacity: capacity)
            for _ in 0..<sampleCount { ring.append(0) }
            pathIDs.append(path.id)
            rings.append(ring)
        }
        for index in pathIDs.indices {
            let rate = snapshot.paths.first { $0.id == pathIDs[index] }?.rxRateBps ?? 0
            rings[index].append(rate.isFinite ? max(0, rate) : 0)
        }
        sampleCount = min(capacity, sampleCount + 1)
    }

    /// The rx rate of `pathID` at sample `index` (0 = oldest kept).
    public func rate(pathID: Int, sample index: Int) -> Double {
        guard let slot = pathIDs.firstIndex(of: pathID), index >= 0, index < sampleCount else { return 0 }
        return rings[slot][index]
    }

    /// The ring of one path, if it was ever seen.
    public func ring(pathID: Int) -> RingBuffer<Double>? {
        pathIDs.firstIndex(of: pathID).map { rings[$0] }
    }

    /// Sum of all paths' rates at sample `index`.
    public func total(sample index: Int) -> Double {
        rings.reduce(0) { $0 + $1[index] }
    }
}
