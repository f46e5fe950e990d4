import NIOCore
import Synchronization

/// Counters of one path that its event loop updates and any thread may read for a snapshot. Bytes are
/// DATA payload bytes, so a path that carries only heartbeats shows a rate of 0.
public final class PathCounters: Sendable {
    public let rxBytes = Atomic<UInt64>(0)
    public let rxPackets = Atomic<UInt64>(0)
    public let txBytes = Atomic<UInt64>(0)
    public let txPackets = Atomic<UInt64>(0)
    /// Uptime nanoseconds of the last frame received; 0 before the first.
    public let lastReceiveNanos = Atomic<UInt64>(0)
    /// Times the path went stale and recovered, over all its connections.
    public let flaps = Atomic<UInt64>(0)

    public init() {}

    func received(bytes: Int) {
        rxBytes.add(UInt64(bytes), ordering: .relaxed)
        rxPackets.add(1, ordering: .relaxed)
    }

    /// Anything at all arrived.
    func heard() {
        lastReceiveNanos.store(NIODeadline.now().uptimeNanoseconds, ordering: .relaxed)
    }

    func sent(bytes: Int) {
        txBytes.add(UInt64(bytes), ordering: .relaxed)
        txPackets.add(1, ordering: .relaxed)
    }
}
