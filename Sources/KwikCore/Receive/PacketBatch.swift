/// A read's DATA packets on their way to the multiplexer, which takes them in one turn of its lock
/// (`Multiplexer.push(_:)`), and the packets that completed the order on their way back to their
/// pools, one turn of each pool's lock per run of packets from it. The reader keeps one and reuses
/// its storage, so a read allocates nothing.
public struct PacketBatch: Sendable {
    public internal(set) var packets: [Packet] = []
    /// Delivered by the last push, not yet back in their pools.
    var delivered: [Packet] = []

    public init(capacity: Int = 64) {
        packets.reserveCapacity(capacity)
        delivered.reserveCapacity(capacity)
    }

    public var isEmpty: Bool { packets.isEmpty }

    public mutating func append(_ packet: Packet) {
        packets.append(packet)
    }

    /// Hands every delivered payload back to its pool.
    mutating func releaseDelivered() {
        var start = delivered.startIndex
        while start < delivered.endIndex {
            let pool = delivered[start].pool
            var end = start + 1
            while end < delivered.endIndex && delivered[end].pool === pool { end += 1 }
            pool?.put(delivered[start..<end])
            start = end
        }
        delivered.removeAll(keepingCapacity: true)
    }
}
