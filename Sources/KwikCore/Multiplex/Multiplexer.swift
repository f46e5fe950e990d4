import NIOConcurrencyHelpers
import NIOCore
import Synchronization

/// Consumer of the in-order stream.
public protocol DeliverySink: AnyObject, Sendable {
    /// Work on one packet that needs no order, done by the receiving path on its own event loop before
    /// the hand-off, outside the multiplexer's lock, so paths do it in parallel. The result travels
    /// with the packet to `deliver`; -1 means nothing was examined.
    func examine(_ payload: ByteBuffer, header: DataHeader) -> Int

    /// Called in global order with the multiplexer's lock held, on whichever path's event loop
    /// completed the sequence: it must be quick and must not call back into the multiplexer.
    func deliver(_ payload: ByteBuffer, header: DataHeader, pathID: Int, examination: Int)
}

extension DeliverySink {
    public func examine(_ payload: ByteBuffer, header: DataHeader) -> Int { -1 }
}

/// The session's receive side: every path's reader pushes its packets here synchronously, on the
/// path's own event loop, and the multiplexer hands them to the sink in global order.
public final class Multiplexer: Sendable {
    private let state: NIOLockedValueBox<State>
    private let nextExpectedValue = Atomic<UInt64>(0)
    public let window: Int
    /// Most payload bytes of out-of-order packets held at once.
    public let maximumBufferedBytes: Int
    public let sink: any DeliverySink

    private struct State {
        var buffer: ReorderBuffer
    }

    public init(window: Int, maximumPathID: Int, sink: any DeliverySink, maximumBufferedBytes: Int = .max) {
        self.window = window
        self.maximumBufferedBytes = maximumBufferedBytes
        self.sink = sink
        self.state = NIOLockedValueBox(State(buffer: ReorderBuffer(
            capacity: window, maximumPathID: maximumPathID, maximumBufferedBytes: maximumBufferedBytes)))
    }

    /// Takes ownership of `packet`. Returns `.outsideWindow` or `.overByteLimit` when the peer broke
    /// the protocol.
    public func push(_ packet: Packet) -> ReorderBufferOutcome {
        state.withLockedValue { state in
            // Read under the lock: stall times from different loops must be in order.
            let now = NIODeadline.now().uptimeNanoseconds
            let sink = self.sink
            let outcome = state.buffer.push(packet, now: now) { delivered in
                sink.deliver(delivered.payload, header: delivered.header, pathID: delivered.pathID, examination: delivered.examination)
                delivered.release()
            }
            nextExpectedValue.store(state.buffer.nextExpected, ordering: .releasing)
            return outcome
        }
    }

    /// Every global sequence below this one has been delivered (what DATA_ACK carries).
    public var nextExpected: UInt64 { nextExpectedValue.load(ordering: .acquiring) }

    public func resetPathSequence(_ path: Int) {
        state.withLockedValue { $0.buffer.resetPathSequence(path) }
    }

    public func resetCounters() {
        state.withLockedValue { $0.buffer.resetCounters() }
    }

    public func summary() -> MultiplexerSummary {
        let now = NIODeadline.now().uptimeNanoseconds
        return state.withLockedValue { state in
            let b = state.buffer
            return MultiplexerSummary(
                nextExpected: b.nextExpected, depth: b.depth, bufferedBytes: b.bufferedBytes, highWater: b.highWater,
                duplicates: b.duplicates,
                reorderEvents: b.reorderEvents, deliveryOrderViolations: b.deliveryOrderViolations,
                deliveredBytes: b.deliveredBytes, deliveredPackets: b.deliveredPackets,
                stallNanos: b.stallNanos(now: now),
                perPath: b.perPath.map {
                    .init(orderingViolations: $0.orderingViolations, duplicates: $0.duplicates, deliveredBytes: $0.deliveredBytes)
                })
        }
    }
}

public enum ReorderBufferOutcome: Sendable, Equatable {
    case accepted
    case duplicate
    /// Beyond the advertised window: the peer broke the protocol.
    case outsideWindow
    /// Out of order, and the buffered bytes would exceed their maximum: no correct peer gets here.
    case overByteLimit
}

public struct MultiplexerSummary: Sendable {
    public var nextExpected: UInt64
    public var depth: Int
    /// Payload bytes of the packets waiting in the reorder buffer.
    public var bufferedBytes: Int
    public var highWater: Int
    public var duplicates: UInt64
    public var reorderEvents: UInt64
    public var deliveryOrderViolations: UInt64
    public var deliveredBytes: UInt64
    public var deliveredPackets: UInt64
    public var stallNanos: UInt64
    /// Indexed by path id.
    public var perPath: [PathOrder]

    public struct PathOrder: Sendable {
        public var orderingViolations: UInt64
        public var duplicates: UInt64
        public var deliveredBytes: UInt64
    }
}
