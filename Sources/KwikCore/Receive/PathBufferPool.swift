import KwikSnapshot
import NIOConcurrencyHelpers
import NIOCore

/// A path's own bounded free list of packet buffers. Buffers are taken on the path's event loop and
/// come back from wherever the consumer finished with them; the mutex makes that safe, and a miss is
/// counted only where a buffer is really allocated. Both what it keeps and what it hands out are
/// bounded, so a path's buffers never take more than `maximumFree + maximumOutstanding` of them.
/// What it keeps follows the receive window (`setMaximumFree`), so a window that shrinks gives its
/// memory back.
public final class PathBufferPool: Sendable {
    public let bufferCapacity: Int
    public let maximumOutstanding: Int
    private let allocator = ByteBufferAllocator()
    private let state: NIOLockedValueBox<State>

    private struct State {
        var free: [ByteBuffer]
        var maximumFree: Int
        var counters = PoolCounters()
    }

    /// - Parameters:
    ///   - maximumOutstanding: buffers handed out and not yet back beyond which `get()` refuses.
    ///   - prefill: buffers allocated now, so that a known working set never allocates later.
    public init(bufferCapacity: Int, maximumFree: Int, maximumOutstanding: Int = .max, prefill: Int = 0) {
        self.bufferCapacity = bufferCapacity
        self.maximumOutstanding = maximumOutstanding
        var free: [ByteBuffer] = []
        free.reserveCapacity(maximumFree)
        for _ in 0..<min(prefill, maximumFree) {
            free.append(allocator.buffer(capacity: bufferCapacity))
        }
        self.state = NIOLockedValueBox(State(free: free, maximumFree: maximumFree))
    }

    public var maximumFree: Int { state.withLockedValue { $0.maximumFree } }

    /// Keeps at most `maximum` free buffers from now on, releasing those beyond it.
    public func setMaximumFree(_ maximum: Int) {
        state.withLockedValue { state in
            state.maximumFree = max(maximum, 0)
            if state.free.count > state.maximumFree { state.free.removeLast(state.free.count - state.maximumFree) }
        }
    }

    /// An empty buffer with at least `bufferCapacity` bytes of room; nil when `maximumOutstanding`
    /// buffers are out already.
    public func get() -> ByteBuffer? {
        let taken: Taken = state.withLockedValue { state in
            guard state.counters.outstanding < maximumOutstanding else { return .refused }
            state.counters.gets += 1
            state.counters.outstanding += 1
            state.counters.highWater = max(state.counters.highWater, state.counters.outstanding)
            guard let buffer = state.free.popLast() else {
                state.counters.misses += 1
                return .fresh
            }
            state.counters.hits += 1
            return .reused(buffer)
        }
        switch taken {
        case .reused(let buffer): return buffer
        case .fresh: return allocator.buffer(capacity: bufferCapacity)
        case .refused: return nil
        }
    }

    private enum Taken {
        case reused(ByteBuffer)
        /// A miss: allocated outside the lock.
        case fresh
        case refused
    }

    /// Gives a buffer back once its consumer is done; beyond `maximumFree` it is released (and counted
    /// as dropped).
    public func put(_ buffer: ByteBuffer) {
        state.withLockedValue { keep(buffer, in: &$0) }
    }

    /// Gives back the payloads of packets taken from this pool, in one turn of the lock.
    public func put(_ packets: ArraySlice<Packet>) {
        state.withLockedValue { state in
            for packet in packets { keep(packet.payload, in: &state) }
        }
    }

    private func keep(_ buffer: ByteBuffer, in state: inout State) {
        state.counters.returns += 1
        state.counters.outstanding -= 1
        guard buffer.capacity >= bufferCapacity else { return }
        guard state.free.count < state.maximumFree else {
            state.counters.dropped += 1
            return
        }
        var buffer = buffer
        // Moving the indices, unlike clear(), never copies: the caller may still hold a reference.
        buffer.moveReaderIndex(to: 0)
        buffer.moveWriterIndex(to: 0)
        state.free.append(buffer)
    }

    public var counters: PoolCounters { state.withLockedValue { $0.counters } }

    /// Zeroes the counters except those describing buffers still out.
    public func resetCounters() {
        state.withLockedValue { state in
            state.counters = PoolCounters(
                outstanding: state.counters.outstanding, highWater: state.counters.outstanding)
        }
    }
}
